"""The dashboard page, CSV exports and API: access, unit scope, format and the access log."""

import pytest

from skutan.accounts.models import UnitKind
from skutan.accounts.services import unit_create
from skutan.audit.models import AccessLog
from skutan.payments.tests.factories import make_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions(staff, units, eb_case, new_person, new_case):
    """eb_case in EB: 6000 kr for this month; another EB unit's case: 1000 kr the same month."""
    from django.utils import timezone

    from skutan.accounts.services import membership_add

    month = timezone.localdate().replace(day=1)
    other = unit_create(name="Ekonomiskt bistånd Norr", kind=UnitKind.FINANCIAL_ASSISTANCE)
    membership_add(actor=None, user=staff["eb_worker"], unit=other, role="caseworker")
    make_decision(case=eb_case, decided_by=staff["eb_manager"], month=month, amount="6000")
    make_decision(case=new_case(person=new_person(1), unit=other), decided_by=staff["eb_manager"], month=month,
                  amount="1000")
    return month


def test_caseworker_gets_403_everywhere(login, staff, api):
    client = login(staff["eb_worker"])
    assert client.get("/uppfoljning/").status_code == 403
    assert client.get("/uppfoljning/eb-kostnad.csv").status_code == 403
    response = api(staff["eb_worker"]).get("/followup/eb-kostnad")
    assert response.status_code == 403 and "ledningen" in response.json()["detail"]


def test_dashboard_for_management_shows_all_units_and_logs_once(login, management, decisions):
    before = AccessLog.objects.count()
    response = login(management).get("/uppfoljning/")
    assert response.status_code == 200
    html = response.content.decode()
    # This month: (6000 + 1000) / 2 households = 3500 kr per household, total 7000 kr
    assert "3\u00a0500\u00a0kr" in html and "7\u00a0000\u00a0kr" in html
    for title in ("kostnad per hushåll", "Långvarigt", "från orosanmälan", "frister", "Arbetsbelastning"):
        assert title in html
    assert "<caption>" in html and "<svg role=\"img\"" in html and "<title>" in html
    log = AccessLog.objects.order_by("-id")[: AccessLog.objects.count() - before]
    assert [(r.action, r.object_type, r.person_id) for r in log] == [("list", "followup", None)]


def test_unit_manager_sees_only_own_units(login, staff, decisions):
    html = login(staff["eb_manager"]).get("/uppfoljning/").content.decode()
    # Only the EB unit: 6000 kr for one household
    assert "6\u00a0000\u00a0kr" in html and "3\u00a0500\u00a0kr" not in html and "7\u00a0000\u00a0kr" not in html


def test_empty_states(login, management):
    html = login(management).get("/uppfoljning/").content.decode()
    assert "Inga uppgifter att visa för perioden ännu." in html


def test_csv_export_for_swedish_excel(login, management, decisions):
    response = login(management).get("/uppfoljning/eb-kostnad.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="uppfoljning-eb-kostnad.csv"' in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Månad;Hushåll;Totalt beviljat;Per hushåll"
    assert f"{decisions:%Y-%m};2;7000,00;3500,00" in lines
    assert len([line for line in lines if line]) == 25  # header + 24 months
    assert AccessLog.objects.filter(object_type="followup", object_id="eb-kostnad", action="export").count() == 1


def test_csv_unknown_measure_is_404(login, management):
    assert login(management).get("/uppfoljning/okant.csv").status_code == 404


def test_api_measure(api, management, staff, decisions):
    response = api(management).get("/followup/eb-kostnad")
    assert response.status_code == 200
    data = response.json()
    row = next(r for r in data["rows"] if r["month"] == f"{decisions:%Y-%m}")
    assert (row["households"], row["total"], row["per_household"]) == (2, "7000.00", "3500.00")
    assert [c["key"] for c in data["columns"]] == ["month", "households", "total", "per_household"]
    scoped = api(staff["eb_manager"]).get("/followup/eb-kostnad").json()
    assert next(r for r in scoped["rows"] if r["month"] == f"{decisions:%Y-%m}")["total"] == "6000.00"
    assert api(management).get("/followup/okant").status_code == 404
    assert AccessLog.objects.filter(object_type="followup", channel="api").count() == 2


def test_api_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/followup/{measure}" in paths


def test_nav_item_for_management_and_unit_manager(management, staff):
    from skutan.accounts.navigation import nav_items_for

    assert "Uppföljning" in [i["label"] for i in nav_items_for(management)]
    assert "Uppföljning" in [i["label"] for i in nav_items_for(staff["eb_manager"])]
    assert "Uppföljning" not in [i["label"] for i in nav_items_for(staff["eb_worker"])]


def test_dashboard_query_count_does_not_grow_with_data(login, management, staff, units, decisions, new_person,
                                                      new_case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(management)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/uppfoljning/").status_code == 200
        return len(ctx.captured_queries)

    client.get("/uppfoljning/")  # warm the session
    small = count()
    for n in range(2, 7):
        case = new_case(person=new_person(n), unit=units["eb"], assign_to=staff["eb_worker2"])
        make_decision(case=case, decided_by=staff["eb_manager"], month=decisions, amount="4000")
    assert count() == small
