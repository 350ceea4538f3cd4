"""Who may read what: the confidential reporter, secrecy between units, and the access log."""

from datetime import date, timedelta

import pytest

from skutan.audit.models import AccessLog
from skutan.children.models import ChildReport
from skutan.children.services import intervention_decide, preliminary_assessment_decide
from skutan.children.tests.conftest import GOAL, ready_for_decision

SECRET_NAME = "Granne Gunnel Hemlig"
SECRET_CONTACT = "070-111 22 33"


@pytest.fixture
def confidential(register):
    return register(reporter_category="private_person", reporter_name=SECRET_NAME, reporter_contact=SECRET_CONTACT,
                    reporter_confidential=True)


def test_confidential_reporter_hidden_in_page_without_the_right(login, staff, confidential):
    page = login(staff["bou_worker"]).get(f"/barn/orosanmalningar/{confidential.pk}/").content.decode()
    assert SECRET_NAME not in page and SECRET_CONTACT not in page
    assert "Sekretessbelagd" in page and "Privatperson" in page


def test_confidential_reporter_shown_with_the_right(login, reporter_viewer, confidential):
    page = login(reporter_viewer).get(f"/barn/orosanmalningar/{confidential.pk}/").content.decode()
    assert SECRET_NAME in page and SECRET_CONTACT in page


def test_confidential_reporter_hidden_in_api_without_the_right(api, staff, reporter_viewer, confidential):
    body = api(staff["bou_worker"]).get(f"/child-reports/{confidential.pk}").json()
    assert body["reporter_name"] is None and body["reporter_contact"] is None
    assert body["reporter_identity_hidden"] is True and body["reporter_confidential"] is True
    assert SECRET_NAME not in str(body)
    allowed = api(reporter_viewer).get(f"/child-reports/{confidential.pk}").json()
    assert (allowed["reporter_name"], allowed["reporter_contact"]) == (SECRET_NAME, SECRET_CONTACT)


def test_the_creator_without_the_right_does_not_get_the_name_back(api, staff, child):
    body = api(staff["bou_worker"]).post("/child-reports", {
        "child": child.pk, "received_at": "2025-03-03T10:00:00+01:00", "reporter_category": "private_person",
        "reporter_name": SECRET_NAME, "reporter_confidential": True,
    }).json()
    assert body["reporter_name"] is None and body["reporter_identity_hidden"] is True
    assert ChildReport.objects.get().reporter_name == SECRET_NAME  # stored, only withheld


def test_open_reporter_is_visible_to_colleagues(api, staff, register):
    report = register()
    assert api(staff["bou_worker"]).get(f"/child-reports/{report.pk}").json()["reporter_name"] == "Rektor Berit Lund"


def test_other_units_cannot_read_reports_investigations_or_interventions(login, api, staff, other_worker, register):
    report = register()
    unidentified = register(child=None, child_description="Okänd flicka")
    investigation = preliminary_assessment_decide(
        actor=staff["bou_worker"], report=report, outcome="open_investigation", decided_on=date(2025, 3, 12)
    ).investigation
    ready_for_decision(investigation, staff["bou_worker"])
    intervention = intervention_decide(actor=staff["bou_worker"], investigation=investigation, kind="contact_person",
                                       decided_on=date(2025, 5, 1), starts_on=date(2025, 5, 5), provider="KP", **GOAL)
    web, client = login(other_worker), api(other_worker)
    for url in (f"/barn/orosanmalningar/{report.pk}/", f"/barn/orosanmalningar/{unidentified.pk}/",
                f"/barn/orosanmalningar/{report.pk}/skyddsbedomning/", f"/barn/utredningar/{investigation.pk}/",
                f"/barn/insatser/{intervention.pk}/", f"/barn/arende/{report.case_id}/"):
        assert web.get(url).status_code == 404, url
    for url in (f"/child-reports/{report.pk}", f"/child-reports/{unidentified.pk}",
                f"/investigations/{investigation.pk}", f"/interventions/{intervention.pk}"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/investigations/{investigation.pk}/extensions",
                           {"new_due": "2025-09-01", "reason": "x", "decided_on": "2025-07-01"})
    assert response.status_code == 404
    investigation.refresh_from_db()
    assert investigation.due == date(2025, 7, 14)
    # and the other unit's board does not list them
    board = web.get("/barn/frister/").content.decode()
    assert "Elsa" not in board


def test_eb_worker_cannot_register_through_the_api(api, staff, units, child):
    response = api(staff["eb_worker"]).post("/child-reports", {
        "child": child.pk, "unit": units["bou"].pk, "received_at": "2025-03-03T10:00:00+01:00",
        "reporter_category": "school",
    })
    assert response.status_code == 403
    assert ChildReport.objects.count() == 0


def test_related_reports_only_from_visible_units(register, family, sibling, other_unit, other_worker, staff):
    mine = register()
    register(child=sibling, actor=other_worker, unit=other_unit, received_at=mine.received_at)
    from skutan.children.selectors import child_report_related

    assert child_report_related(user=staff["bou_worker"], report=mine) == []


def test_every_read_is_access_logged(login, api, staff, register):
    report = register()
    before = AccessLog.objects.count()
    login(staff["bou_worker"]).get(f"/barn/orosanmalningar/{report.pk}/")
    row = AccessLog.objects.order_by("-id").first()
    assert AccessLog.objects.count() > before
    assert (row.case_id, row.person_id, row.channel) == (report.case_id, report.child_id, "web")
    api(staff["bou_worker"]).get(f"/child-reports/{report.pk}")
    assert AccessLog.objects.order_by("-id").first().channel == "api"


def test_export_withholds_confidential_reporter_without_the_right(login, bou_manager, confidential, register):
    register(received_at=confidential.received_at, reporter_name="Rektor Öppen Namnsson")
    response = login(bou_manager).get("/barn/orosanmalningar/export.csv?fran=2025-01-01&till=2025-12-31")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert SECRET_NAME not in body and SECRET_CONTACT not in body
    assert "Sekretessbelagd anmälare" in body and "Rektor Öppen Namnsson" in body
    assert len(body.strip().splitlines()) == 3  # header + two reports
    exported = AccessLog.objects.filter(action="export", user_id=bou_manager.pk)
    assert list(exported.values_list("person_id", flat=True)) == [confidential.child_id]


def test_export_shows_confidential_reporter_with_the_right(login, bou_manager, confidential):
    from skutan.accounts.models import SpecialRightKind
    from skutan.administration.services import special_right_grant

    special_right_grant(
        actor=None, user=bou_manager, unit=confidential.unit, kind=SpecialRightKind.REPORTER_IDENTITY,
        valid_to=date.today() + timedelta(days=1), reason="Granskar anmälningar",
    )
    body = login(bou_manager).get("/barn/orosanmalningar/export.csv?fran=2025-01-01").content.decode("utf-8-sig")
    assert SECRET_NAME in body and SECRET_CONTACT in body


def test_export_is_for_children_unit_managers_and_their_units(login, staff, other_unit, other_worker,
                                                               with_manager_role, confidential):
    assert login(staff["bou_worker"]).get("/barn/orosanmalningar/export.csv").status_code == 403
    elsewhere = with_manager_role(other_worker, other_unit)
    body = login(elsewhere).get("/barn/orosanmalningar/export.csv?fran=2025-01-01").content.decode("utf-8-sig")
    assert len(body.strip().splitlines()) == 1  # header only: another unit's reports are not exported
