"""A payment run in the browser: create it, watch the progress bar reach 100 % while the background worker
(a real db_worker process) carries it out, download the pain.001 file."""

import re
from datetime import date

import pytest

from skutan.payments.bank_accounts import luhn_complete
from skutan.payments.pain001 import validation_errors

pytestmark = pytest.mark.browser


@pytest.fixture
def payable_months(staff, units, eb_case, protected_person):
    from skutan.cases.services import case_open
    from skutan.payments.services import payee_account_register, payee_account_verify
    from skutan.payments.tests.factories import make_decision

    protected_case = case_open(
        actor=staff["eb_worker"], person=protected_person, unit=units["eb"], case_type="financial_assistance",
        opening_kind="application", assign_to=staff["eb_worker"],
    )
    for case, amount in ((eb_case, "5180"), (protected_case, "7310.50")):
        account = payee_account_register(
            actor=staff["eb_worker"], person=case.person, clearing_number="8327-9", account_number=luhn_complete(f"{case.pk:09d}")
        )
        payee_account_verify(actor=staff["eb_worker2"], account=account)
        make_decision(case=case, decided_by=staff["eb_manager"], month=date.today().replace(day=1), amount=amount)
    return [eb_case, protected_case]


def test_a_payment_run_reaches_100_percent_and_the_file_downloads(
    page, live_server, login, assert_accessible, staff, payable_months, tmp_path, task_worker
):
    login(page, live_server, staff["eb_manager"])
    page.get_by_role("link", name="Utbetalningar").click()
    page.get_by_role("heading", name="Utbetalningar", level=1).wait_for()
    assert_accessible(page, "utbetalningar")

    page.get_by_role("button", name="Skapa utbetalningskörning").click()
    page.get_by_role("heading", name=re.compile("^Utbetalningskörning SK")).wait_for()
    bar = page.locator("progress#run-progress-bar")
    # The background worker carries out the run; the page polls its progress every second.
    page.get_by_test_id("run-percent").filter(has_text="100 %").wait_for(timeout=20_000)
    assert page.locator("progress#run-progress-bar").get_attribute("value") == "100"
    assert bar.get_attribute("max") == "100"
    assert page.get_by_text("Körningen är klar: 2 betalningar").is_visible()
    assert_accessible(page, "utbetalningskörningen, klar")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Ladda ner betalfilen")).click()
    download = download_info.value
    assert re.fullmatch(r"pain001-SK1782-\d{8}-[0-9A-F]{12}\.xml", download.suggested_filename)
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    xml = target.read_bytes()
    assert validation_errors(xml) == []
    assert b"<NbOfTxs>2</NbOfTxs>" in xml and b"<CtrlSum>12490.50</CtrlSum>" in xml
    assert b"Hemliga" not in xml  # the protected person's address never leaves the system

    page.get_by_role("button", name="Markera betalfilen som skickad till banken").click()
    page.get_by_text("Betalfilen är markerad som skickad till banken.").wait_for()


def test_the_rule_simulator_page_is_accessible(page, live_server, login, assert_accessible, staff, payable_months):
    login(page, live_server, staff["eb_manager"])
    page.get_by_role("link", name="Regelsimulering").click()
    page.get_by_label("Uppräkning av riksnormen (%)").fill("2,5")
    page.get_by_label("Bidragstak, kr per hushåll och månad (hypotetiskt)").fill("6 000")
    page.get_by_role("button", name="Simulera").click()
    page.get_by_role("heading", name=re.compile("^Resultat:")).wait_for()
    assert page.get_by_role("table", name="Fördelning av förändringen per hushåll och månad").is_visible()
    assert_accessible(page, "regelsimuleringen med resultat")
