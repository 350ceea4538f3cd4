"""The dashboard page, its filters in the URL, the CSV and XLSX exports and the statistics API."""

import io
from datetime import date

import pytest
from django.utils import timezone

from skutan.accounts.models import Role
from skutan.accounts.services import user_create
from skutan.audit.models import AccessLog, AuditEvent
from skutan.payments.tests.factories import make_decision

pytestmark = pytest.mark.django_db


def test_caseworker_gets_403_everywhere(login, staff, api):
    client = login(staff["eb_worker"])
    assert client.get("/uppfoljning/").status_code == 403
    assert client.get("/uppfoljning/eb-kostnad.csv").status_code == 403
    assert client.get("/uppfoljning/kohorter/").status_code == 403
    response = api(staff["eb_worker"]).get("/statistics/assistance?from=2026-01&to=2026-02")
    assert response.status_code == 403 and "ledningen" in response.json()["detail"]


def test_dashboard_for_management_and_logs_once(login, management, decisions):
    before = AccessLog.objects.count()
    response = login(management).get("/uppfoljning/")
    assert response.status_code == 200
    html = response.content.decode()
    # Last month, all units: 6 households, (5 × 6000 + 1000) / 6 = 5167 kr per household, 31 000 kr granted.
    assert "5\u00a0167\u00a0kr" in html and "31\u00a0000\u00a0kr" in html
    for title in ("Ekonomiskt bistånd per månad", "prognos", "Långvarigt", "per invånare", "från orosanmälan",
                  "frister som hålls", "Arbetsbelastning och anställningstid"):
        assert title in html
    assert "(pågår)" in html and "DOMAIN" not in html and "seed 0" not in html
    assert "<caption>" in html and 'role="img"' in html and "Riket 2018" in html
    log = AccessLog.objects.order_by("-id")[: AccessLog.objects.count() - before]
    assert [(r.action, r.object_type, r.person_id) for r in log] == [("list", "followup", None)]


def test_the_unit_filter_stays_in_the_url_and_a_manager_sees_only_own_units(login, management, staff, decisions):
    other = decisions["other"]
    html = login(management).get(f"/uppfoljning/?unit={other.pk}").content.decode()
    assert f'<option value="{other.pk}" selected>' in html
    assert f"unit={other.pk}" in html  # the export links keep the choice
    # A unit manager of EB: only EB, and another unit is not theirs to choose.
    manager = login(staff["eb_manager"])
    mine = manager.get("/uppfoljning/").content.decode()
    assert "6\u00a0000\u00a0kr" in mine and "5\u00a0167\u00a0kr" not in mine
    assert manager.get(f"/uppfoljning/?unit={other.pk}").status_code == 404


def test_period_choices(login, management, decisions):
    client = login(management)
    month = decisions["month"]
    html = client.get(f"/uppfoljning/?period=month&value={month:%Y-%m}").content.decode()
    assert f"Vald period: {month:%Y-%m}." in html
    html = client.get("/uppfoljning/?period=quarter&value=2025-K2").content.decode()
    assert "Vald period: 2025 kvartal 2." in html
    html = client.get("/uppfoljning/?period=year&value=2025").content.decode()
    assert "Vald period: 2025." in html
    html = client.get("/uppfoljning/?period=range&from=2025-03&to=2025-01").content.decode()
    assert "ligger efter" in html  # a clear message, and the default period instead


def test_csv_export_for_swedish_excel_with_its_definition(login, management, decisions):
    month = decisions["month"]
    response = login(management).get(f"/uppfoljning/eb-kostnad.csv?period=month&value={month:%Y-%m}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="uppfoljning-eb-kostnad.csv"' in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Ekonomiskt bistånd per månad"
    assert any(line.startswith("Definition;") for line in lines)
    row = next(line for line in lines if line.startswith(f"{month:%Y-%m};"))
    assert row.split(";")[1:6] == ["6", "6", "31000", "0", "5167"]
    assert AccessLog.objects.filter(object_type="followup", object_id="eb-kostnad", action="export").count() == 1


def test_xlsx_export_has_numbers_and_the_definition(login, management, decisions):
    from openpyxl import load_workbook

    month = decisions["month"]
    response = login(management).get(f"/uppfoljning/eb-kostnad.xlsx?period=month&value={month:%Y-%m}")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    book = load_workbook(io.BytesIO(response.content))
    table = book["Tabell"]
    header = [c.value for c in table[4]]
    values = [c.value for c in table[5]]
    assert values[header.index("Per hushåll")] == 5167 and values[header.index("Hushåll")] == 6
    assert any("Definition" == row[0].value for row in book["Definition"].iter_rows())


def test_suppressed_cells_are_marked_in_the_page_and_the_csv(login, staff, decisions):
    # The EB Norr unit's manager: one household last month -> "<5".
    manager = user_create(username="norr.chef", password=None, first_name="N", last_name="C",
                          memberships=[(decisions["other"], Role.UNIT_MANAGER)])
    client = login(manager)
    month = decisions["month"]
    assert "&lt;5" in client.get(f"/uppfoljning/?period=month&value={month:%Y-%m}").content.decode()
    csv_text = client.get(f"/uppfoljning/eb-kostnad.csv?period=month&value={month:%Y-%m}").content.decode("utf-8-sig")
    row = next(line for line in csv_text.split("\r\n") if line.startswith(f"{month:%Y-%m};"))
    assert row.split(";")[1:6] == ["<5"] * 5


def test_unknown_measure_is_404(login, management):
    assert login(management).get("/uppfoljning/okant.csv").status_code == 404


# --- GET /api/v1/statistics/assistance -------------------------------------------------------------------------


def test_statistics_api_months(api, management, staff, units, eb_case, new_person, new_case, refreshed, settings):
    settings.SKUTAN_STATISTICS_SUPPRESSION_THRESHOLD = 1
    manager = staff["eb_manager"]
    # Decided in March for February: counted in February (the month the assistance is for).
    make_decision(case=eb_case, decided_by=manager, month=date(2026, 2, 1), amount="1000",
                  decided_at=timezone.make_aware(timezone.datetime(2026, 3, 3, 10)))
    make_decision(case=new_case(person=new_person(1), unit=units["eb"]), decided_by=manager, month=date(2026, 2, 1),
                  amount="1001")
    refreshed()
    response = api(management).get("/statistics/assistance?from=2026-01&to=2026-03")
    assert response.status_code == 200
    data = response.json()
    assert [m["month"] for m in data["months"]] == ["2026-01", "2026-02", "2026-03"]
    assert data["months"][0] == {"month": "2026-01", "households": 0, "persons": 0, "granted": 0, "paid": 0,
                                 "cost_per_household": 0}
    # (1000 + 1001) / 2 = 1000.5 -> 1001 (half up)
    feb = data["months"][1]
    assert (feb["households"], feb["granted"], feb["cost_per_household"]) == (2, 2001, 1001)
    assert data["long_term"] == [{"year": 2026, "households": 0, "share": 0.0}]
    assert data["suppressed"] == []
    scoped = api(management).get(f"/statistics/assistance?from=2026-02&to=2026-02&unit={units['eb'].pk}").json()
    assert scoped["months"][0]["households"] == 2


def test_statistics_api_suppresses_small_counts(api, management, staff, eb_case, refreshed):
    make_decision(case=eb_case, decided_by=staff["eb_manager"], month=date(2026, 2, 1), amount="5000")
    refreshed()
    data = api(management).get("/statistics/assistance?from=2026-02&to=2026-02").json()
    assert data["months"][0] == {"month": "2026-02", "households": None, "persons": None, "granted": None,
                                 "paid": None, "cost_per_household": None}
    assert "months[0].households" in data["suppressed"] and "months[0].cost_per_household" in data["suppressed"]
    assert data["long_term"][0]["households"] == 0  # zero long-term households: 0 is shown
    assert data["long_term"][0]["share"] is None and "long_term[0].share" in data["suppressed"]


@pytest.mark.parametrize(("query", "field"), [
    ("from=2026-03&to=2026-01", "from"),
    ("from=2026-13&to=2026-12", "from"),
    ("from=2026-01&to=26-02", "to"),
    ("to=2026-02", "from"),
    ("from=2010-01&to=2020-01", "to"),  # 121 months
    ("from=2026-01&to=2026-02&unit=abc", "unit"),
])
def test_statistics_api_bad_input_names_the_parameter(api, management, query, field):
    response = api(management).get(f"/statistics/assistance?{query}")
    assert response.status_code == 400
    assert response.json()["field"] == field and response.json()["detail"]


def test_statistics_api_120_months_is_allowed_and_unit_outside_scope_is_404(api, management, staff, decisions):
    assert api(management).get("/statistics/assistance?from=2016-01&to=2025-12").status_code == 200
    response = api(staff["eb_manager"]).get(f"/statistics/assistance?from=2026-01&to=2026-02&unit={decisions['other'].pk}")
    assert response.status_code == 404


def test_api_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    names = [p["name"] for p in paths["/api/v1/statistics/assistance"]["get"]["parameters"]]
    assert {"from", "to", "unit"} <= set(names)


def test_nav_item_for_management_and_unit_manager(management, staff):
    from skutan.accounts.navigation import nav_items_for

    assert "Uppföljning" in [i["label"] for i in nav_items_for(management)]
    assert "Uppföljning" in [i["label"] for i in nav_items_for(staff["eb_manager"])]
    assert "Uppföljning" not in [i["label"] for i in nav_items_for(staff["eb_worker"])]


# --- population, the systemförvaltare's setting ------------------------------------------------------------------


def test_population_is_an_audited_setting_for_the_system_admin(login, management, units):
    admin = user_create(username="sysadm", password=None, first_name="S", last_name="F",
                        memberships=[(units["logg"], Role.SYSTEM_ADMIN)])
    assert login(management).get("/uppfoljning/folkmangd/").status_code == 403
    client = login(admin)
    assert client.get("/uppfoljning/folkmangd/").status_code == 200
    response = client.post("/uppfoljning/folkmangd/", {"year": 2025, "inhabitants": 10500,
                                                       "source": "SCB, folkmängd 31 december 2024"})
    assert response.status_code == 302
    client.post("/uppfoljning/folkmangd/", {"year": 2025, "inhabitants": 10600, "source": "SCB, reviderad"})
    events = list(AuditEvent.objects.filter(event_type=930).order_by("id").values_list("data", flat=True))
    assert [(e["inhabitants"], e["before"]) for e in events] == [(10500, None), (10600, 10500)]
    bad = client.post("/uppfoljning/folkmangd/", {"year": 2025, "inhabitants": 0, "source": ""})
    assert bad.status_code == 200 and AuditEvent.objects.filter(event_type=930).count() == 2


def test_dashboard_query_count_does_not_grow_with_data(login, management, staff, units, decisions, new_person,
                                                      new_case, refreshed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(management)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/uppfoljning/").status_code == 200
        return len(ctx.captured_queries)

    client.get("/uppfoljning/")  # warm the session
    small = count()
    for n in range(20, 26):
        case = new_case(person=new_person(n), unit=units["eb"], assign_to=staff["eb_worker2"])
        make_decision(case=case, decided_by=staff["eb_manager"], month=decisions["month"], amount="4000")
    refreshed()
    assert count() == small


def test_drill_down_to_long_term_households_goes_through_access_control(login, management, staff, eb_case, refreshed):
    for month in range(1, 11):
        make_decision(case=eb_case, decided_by=staff["eb_manager"], month=date(2025, month, 1), amount="5000")
    refreshed()
    manager = login(staff["eb_manager"])
    html = manager.get("/uppfoljning/langvariga/2025/").content.decode()
    assert eb_case.reference in html
    assert AccessLog.objects.filter(object_type="followup_long_term", person_id=eb_case.person_id,
                                    user_id=staff["eb_manager"].pk).count() == 1
    # Management has no case access: the figure, but not the names.
    html = login(management).get("/uppfoljning/langvariga/2025/").content.decode()
    assert eb_case.reference not in html and "1 hushåll visas inte för dig" in html
