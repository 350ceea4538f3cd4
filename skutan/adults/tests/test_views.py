"""The adults pages: opening a case, the case page's actions (insats within and beyond delegation, LVM, boplan,
drug test), and that another unit gets nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from skutan.adults.models import AdultInsats, Boplan, DrugTest, LvmMatter
from skutan.cases.models import Case

pytestmark = pytest.mark.django_db


def test_open_an_adult_case_from_the_person_page(client, person, adult_staff, adult_units):
    client.force_login(adult_staff["worker"])
    response = client.post(f"/vuxen/ny/{person.pk}/", {"area": "addiction", "source": "report_police",
                                                       "received_on": timezone.localdate().isoformat(),
                                                       "reporter": "Polisen, LOB", "reporter_contact": "",
                                                       "text": "Omhändertagen enligt LOB."})
    case = Case.objects.get(case_type="adults")
    assert response.status_code == 302 and response.url == f"/vuxen/arende/{case.pk}/"
    assert case.adult_opening.source == "report_police"
    page = client.get(response.url).content.decode()
    assert "Anmälan från polisen" in page and "Polisen, LOB" in page


def test_opening_without_reporter_is_a_400(client, person, adult_staff):
    client.force_login(adult_staff["worker"])
    response = client.post(f"/vuxen/ny/{person.pk}/", {"area": "addiction", "source": "relative",
                                                       "received_on": timezone.localdate().isoformat()})
    assert response.status_code == 400 and not Case.objects.filter(case_type="adults").exists()


def _propose(client, case, cost):
    today = timezone.localdate()
    return client.post(f"/vuxen/arende/{case.pk}/insats/", {
        "ins-kind": "treatment_home", "ins-legal_ground": "sol_living", "ins-goal": "Drogfrihet",
        "ins-starts_on": today.isoformat(), "ins-ends_on": (today + timedelta(days=90)).isoformat(),
        "ins-provider": "Tallgården", "ins-monthly_cost": cost})


def test_case_page_offers_to_send_beyond_delegation_to_the_manager(client, adult_case, adult_staff):
    client.force_login(adult_staff["worker"])
    _propose(client, adult_case, "42 000")
    insats = AdultInsats.objects.get()
    page = client.get(f"/vuxen/arende/{adult_case.pk}/").content.decode()
    assert "Din delegation räcker inte" in page and "Maria Wid (enhetschef)" in page
    assert "Bevilja insatsen" not in page
    client.post(f"/vuxen/arende/{adult_case.pk}/insats-skicka/",
                {"insats": insats.pk, "to_user": adult_staff["manager"].pk, "message": "Brådskande"})
    client.force_login(adult_staff["manager"])
    assert "Behandlingshem" in client.get("/beslut-att-fatta/").content.decode()
    page = client.get(f"/vuxen/arende/{adult_case.pk}/").content.decode()
    assert "Bevilja insatsen" in page
    client.post(f"/vuxen/arende/{adult_case.pk}/insats-besluta/", {"insats": insats.pk, "version": insats.version})
    insats.refresh_from_db()
    assert insats.status == "decided" and insats.decided_by == adult_staff["manager"]


def test_lvm_boplan_and_flagged_test_through_the_page(client, adult_case, adult_staff):
    client.force_login(adult_staff["worker"])
    today = timezone.localdate()
    client.post(f"/vuxen/arende/{adult_case.pk}/lvm/", {"lvm-received_on": today.isoformat(),
                                                        "lvm-reporter": "health_care", "lvm-text": "Intoxikation"})
    assert LvmMatter.objects.get().limit_confirmed is False
    client.post(f"/vuxen/arende/{adult_case.pk}/boplan/", {
        "bp-test_place": "bore", "bp-tests_per_month": "8", "bp-visits_per_week": "3", "bp-landlord": "KBAB",
        "bp-landlord_contact": "Varannan vecka", "bp-signed_on": (today - timedelta(days=20)).isoformat(),
        "s0-planned_on": (today + timedelta(days=30)).isoformat(), "s0-tests_per_month": "4",
        "s0-visits_per_week": "2"})
    plan = Boplan.objects.get()
    assert plan.steps.count() == 1
    client.post(f"/vuxen/arende/{adult_case.pk}/drogtest/", {"boplan": plan.pk, "dt-taken_on": today.isoformat(),
                                                             "dt-place": "bore", "dt-result": "missed"})
    assert DrugTest.objects.get().flagged
    page = client.get(f"/vuxen/arende/{adult_case.pk}/").content.decode()
    assert "Flaggat:" in page and "frist obekräftad" in page
    assert "1 flaggade drogtester" in client.get("/").content.decode()  # the start page panel


def test_another_unit_gets_404_on_the_adult_case(client, adult_case, adult_staff):
    client.force_login(adult_staff["eb_worker"])
    assert client.get(f"/vuxen/arende/{adult_case.pk}/").status_code == 404
    assert client.post(f"/vuxen/arende/{adult_case.pk}/utredning/").status_code == 404
    client.force_login(adult_staff["member"])  # the mobile team neither
    assert client.get(f"/vuxen/arende/{adult_case.pk}/").status_code == 404


def test_an_eb_case_is_not_an_adult_case_page(client, eb_case, staff):
    client.force_login(staff["eb_worker"])
    assert client.get(f"/vuxen/arende/{eb_case.pk}/").status_code == 404
