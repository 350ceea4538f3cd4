"""The follow-up dashboard in a real browser: change the period and the unit, download the XLSX and read a
number back with openpyxl; the dashboard and a cohort programme pass axe (WCAG 2.1 AA)."""

from datetime import date

import pytest
from django.utils import timezone

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import membership_add, unit_create, user_create
from skutan.cases.services import case_open
from skutan.conftest import make_pnr
from skutan.followup.months import month_add
from skutan.followup.summaries import statistics_refresh
from skutan.payments.tests.factories import make_decision
from skutan.people.services import person_create

pytestmark = pytest.mark.browser


@pytest.fixture
def director(units):
    return user_create(
        username="socialchef", password="Skutan-demo-2026", first_name="Sofia", last_name="Chef",
        memberships=[(unit_create(name="Förvaltningsledning", kind=UnitKind.MANAGEMENT), Role.MANAGEMENT)],
    )


@pytest.fixture
def two_units(staff, units):
    """Last year's March: six households in EB at 6000 kr, five in EB Norr at 2000 kr."""
    north = unit_create(name="Ekonomiskt bistånd Norr", kind=UnitKind.FINANCIAL_ASSISTANCE)
    membership_add(actor=None, user=staff["eb_worker"], unit=north, role=Role.CASEWORKER)
    month = date(timezone.localdate().year - 1, 3, 1)
    for n in range(1, 12):
        person = person_create(actor=staff["eb_worker"], identity_number=make_pnr(date(1980, 1, 1), 400 + n),
                               first_name=f"P{n}", last_name="Testsson")
        unit = units["eb"] if n <= 6 else north
        case = case_open(actor=staff["eb_worker"], person=person, unit=unit, case_type="financial_assistance",
                         opening_kind="application")
        make_decision(case=case, decided_by=staff["eb_manager"], month=month, amount="6000" if n <= 6 else "2000")
    make_decision(case=case, decided_by=staff["eb_manager"], month=month_add(timezone.localdate().replace(day=1), 0),
                  amount="3000")
    statistics_refresh()
    return {"north": north, "month": month}


def test_director_changes_period_and_unit_and_downloads_xlsx(page, live_server, login, assert_accessible, director,
                                                             two_units, tmp_path):
    from openpyxl import load_workbook

    page.goto(f"{live_server.url}/konto/logga-in/", timeout=60_000)  # the first page of a run warms the server
    login(page, live_server, director)
    page.get_by_role("link", name="Uppföljning", exact=True).click()
    page.get_by_role("heading", name="Uppföljning", level=1).wait_for()
    assert page.get_by_role("img", name="Kostnad per hushåll och månad. Samma siffror finns i tabellen nedan.").count() == 1
    assert page.get_by_role("table", name="Arbetsbelastning och anställningstid").count() == 1
    assert_accessible(page, "uppföljning")

    # The period: last year's March; then the unit EB Norr. The choice is in the URL.
    month = two_units["month"]
    page.get_by_label("Period", exact=True).select_option("month")
    page.get_by_label("Månad, kvartal eller år", exact=True).fill(f"{month:%Y-%m}")
    page.get_by_role("button", name="Visa").click()
    page.get_by_text(f"Vald period: {month:%Y-%m}.").wait_for()
    table = page.get_by_role("table", name="Ekonomiskt bistånd per månad")
    assert "4\u00a0182\u00a0kr" in table.inner_text()  # all units: (6 × 6000 + 5 × 2000) / 11 = 4182
    page.get_by_label("Enhet", exact=True).select_option(label="Ekonomiskt bistånd Norr")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url(f"**unit={two_units['north'].pk}**")
    assert f"value={month:%Y-%m}" in page.url
    assert "2\u00a0000\u00a0kr" in page.get_by_role("table", name="Ekonomiskt bistånd per månad").inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("region", name="Ekonomiskt bistånd per månad").get_by_role("link", name="Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == "uppfoljning-eb-kostnad.xlsx"
    path = tmp_path / "tabell.xlsx"
    download.save_as(path)
    sheet = load_workbook(path)["Tabell"]
    header = [c.value for c in sheet[4]]
    row = [c.value for c in sheet[5]]
    assert row[0] == f"{month:%Y-%m}"
    assert row[header.index("Hushåll")] == 5 and row[header.index("Per hushåll")] == 2000
    assert_accessible(page, "uppföljning, en enhet och en månad")


def test_cohort_programme_page_is_accessible(page, live_server, login, assert_accessible, director, two_units):
    from skutan.followup.services import cohort_freeze, cohort_programme_create

    programme = cohort_programme_create(actor=director, name="Projekt 200", starts_on=month_add(two_units["month"], 1),
                                        goal_share=90, goal_text="90 % till egen försörjning", rule_months=1,
                                        rule_window=1)
    cohort_freeze(actor=director, programme=programme)
    login(page, live_server, director)
    page.goto(f"{live_server.url}/uppfoljning/kohorter/{programme.pk}/")
    page.get_by_role("heading", name="Projekt 200", level=1).wait_for()
    assert page.get_by_role("table", name="Projekt 200: utveckling mot målet").count() == 1
    assert_accessible(page, "kohortprogram")


def test_director_exports_the_whole_dashboard_in_the_background(page, live_server, login, assert_accessible, director,
                                                                two_units, tmp_path, task_worker):
    """Exportera → the background worker makes the file while the page shows its progress → download, read a
    number back."""
    from openpyxl import load_workbook

    month = two_units["month"]
    page.goto(f"{live_server.url}/konto/logga-in/", timeout=60_000)  # the first page of a run warms the server
    login(page, live_server, director)
    page.goto(f"{live_server.url}/uppfoljning/?period=month&value={month:%Y-%m}", timeout=60_000)
    page.get_by_role("button", name="Exportera till Excel").click()
    page.wait_for_url("**uppgift=**")
    assert f"value={month:%Y-%m}" in page.url
    status = page.get_by_test_id("task-status")
    status.wait_for()
    link = page.get_by_test_id("task-download")
    link.wait_for(timeout=60_000)  # the fragment polls itself until the worker has made the file
    assert "Klar" in status.inner_text() and "100 %" in status.inner_text()
    assert_accessible(page, "uppföljningen med färdig export")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("uppfoljning-") and download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "hela.xlsx"
    download.save_as(path)
    sheet = load_workbook(path)["eb-kostnad"]
    header = [c.value for c in sheet[4]]
    row = next(r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0] == f"{month:%Y-%m}")
    assert row[header.index("Hushåll")] == 11 and row[header.index("Per hushåll")] == 4182
