"""One month of ekonomiskt bistånd in the browser: application, live calculation, decision, letter, payment run."""

import re
from datetime import date

import pytest

from skutan.accounts.models import Delegation
from skutan.assistance.models import Decision
from skutan.payments.pain001 import validation_errors

pytestmark = pytest.mark.browser


@pytest.fixture
def family_case(person, staff, units):
    from skutan.cases.services import case_open
    from skutan.conftest import make_pnr
    from skutan.people.services import household_create, person_create

    child = person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(date(2016, 1, 20), 345), first_name="Olle",
        last_name="Svensson",
    )
    household = household_create(
        actor=staff["eb_worker"], members=[(person, "adult"), (child, "child")], cohabiting=False,
        since=date(2020, 1, 1),
    )
    case = case_open(
        actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="financial_assistance",
        opening_kind="application", assign_to=staff["eb_worker"],
    )
    case.household = household
    case.save(update_fields=["household"])
    Delegation.objects.create(
        user=staff["eb_worker"], decision_kind="ekonomiskt_bistand", max_amount=20000,
        point="Delegationsordning 3.1.1", valid_from=date(2020, 1, 1),
    )
    from skutan.payments.services import payee_account_register, payee_account_verify

    account = payee_account_register(
        actor=staff["eb_worker"], person=person, clearing_number="8327-9", account_number="000123455"
    )
    payee_account_verify(actor=staff["eb_worker2"], account=account)
    return case


def test_a_whole_month(page, live_server, login, logout, assert_accessible, staff, family_case, tmp_path,
                       task_worker):  # the payment run at the end runs on the background worker
    login(page, live_server, staff["eb_worker"])
    page.goto(f"/arenden/{family_case.pk}/")
    page.locator(".case-head").get_by_role("link", name="Ekonomiskt bistånd").click()
    page.get_by_role("heading", name=re.compile("Ekonomiskt bistånd ·")).wait_for()
    assert_accessible(page, "månadslistan")

    page.get_by_label("Månad (ÅÅÅÅ-MM)").fill("2025-05")
    page.get_by_role("button", name="Registrera ansökan").click()
    page.get_by_role("heading", name=re.compile("maj 2025")).wait_for()
    panel = page.locator("#calculation-panel")
    # the household is there, and the norm is already explained line by line
    assert "Personliga kostnader: ensamstående vuxen" in panel.inner_text()
    assert_accessible(page, "ansökan med beräkning")

    # the calculation follows the typing: 2025 norm 3 910 + 3 790 + 1 400, rent 8 200, child allowance 1 250
    page.get_by_label("Kostnadstyp, rad 1").select_option("rent")
    page.get_by_label("Kostnad belopp, rad 1").fill("8 200")
    page.get_by_label("Inkomsttyp, rad 1").select_option("child_allowance")
    page.get_by_label("Inkomst belopp, rad 1").fill("1250")
    page.locator("[data-testid=assistance]", has_text="16\u00a0050").wait_for()
    text = panel.inner_text()
    assert "Hyra" in text and "SoL (2001:453) 4 kap. 3 §" in text and "Barnbidrag" in text
    assert "Socialtjänstförordningen (2001:937) 2 kap. 1 §" in text
    assert_accessible(page, "ansökan efter live-beräkning")

    # the register needs the adult's försörjningshinder before a month is granted; the hushållstyp is derived
    assert "Hushållstyp" in page.get_by_test_id("household-type").inner_text()
    page.get_by_label("Försörjningshinder, rad 1").select_option("111")
    page.get_by_label("Beslut", exact=True).select_option("granted")
    page.get_by_role("button", name="Spara och fatta beslut").click()
    page.get_by_role("heading", name=re.compile("Beslut: Bifall")).wait_for()
    decision = Decision.objects.get()
    assert decision.amount == 16050 and decision.calculation["costs_total"] == 8200
    assert_accessible(page, "beslutad månad")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner beslutsbrev (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / "brev.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")

    # The unit manager pays the decided month out in a payment run.
    logout(page)
    login(page, live_server, staff["eb_manager"])
    page.get_by_role("link", name="Utbetalningar").click()
    page.get_by_role("button", name="Skapa utbetalningskörning").click()
    page.get_by_test_id("run-percent").filter(has_text="100 %").wait_for(timeout=20_000)
    with page.expect_download() as file_info:
        page.get_by_role("link", name=re.compile("Ladda ner betalfilen")).click()
    xml = file_info.value.path().read_bytes()
    assert validation_errors(xml) == []
    assert b"<NbOfTxs>1</NbOfTxs>" in xml and b"<CtrlSum>16050.00</CtrlSum>" in xml
    assert decision.payments.get().status == "included"


def test_norm_tables_and_guidelines_pages_are_accessible(page, live_server, login, assert_accessible, units):
    from skutan.accounts.models import Role
    from skutan.accounts.services import user_create

    admin = user_create(
        username="systemforvaltare", password="Skutan-demo-2026", first_name="Sigrid", last_name="System",
        memberships=[(units["logg"], Role.SYSTEM_ADMIN)],
    )
    login(page, live_server, admin)
    page.goto("/bistand/riksnorm/?ar=2026")
    page.get_by_role("heading", name="Riksnorm 2026").wait_for()
    assert_accessible(page, "riksnorm 2026")
    row = page.locator("#row-child_lunch_0")
    row.get_by_text("Ändra").click()
    row.get_by_label("Belopp (kr)").fill("2740")
    row.get_by_role("button", name="Spara belopp").click()
    page.get_by_text("obekräftat (⚠)").first.wait_for()
    assert "2\u00a0740\u00a0kr" in page.locator("#row-child_lunch_0").inner_text()
    page.goto("/bistand/riktlinjer/")
    assert_accessible(page, "riktlinjer")
