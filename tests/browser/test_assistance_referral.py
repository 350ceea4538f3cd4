"""Issue 9: a caseworker decides a month above her delegation, forwards it, the manager decides, the letter is
downloaded — in the browser, with the pages checked by axe."""

import re
from datetime import date

import pytest

from skutan.accounts.models import Delegation
from skutan.assistance.models import Decision

pytestmark = pytest.mark.browser


@pytest.fixture
def capped_case(person, staff, units):
    from skutan.cases.services import case_open

    case = case_open(actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="financial_assistance",
                     opening_kind="application", assign_to=staff["eb_worker"])
    Delegation.objects.create(user=staff["eb_worker"], decision_kind="ekonomiskt_bistand", max_amount=5000,
                              point="Delegationsordning 3.1.1", valid_from=date(2020, 1, 1))
    Delegation.objects.create(user=staff["eb_manager"], decision_kind="ekonomiskt_bistand", max_amount=None,
                              point="Delegationsordning 3.1.2", valid_from=date(2020, 1, 1))
    return case


def test_above_delegation_forward_manager_decides_letter(page, live_server, login, logout, assert_accessible, staff,
                                                         capped_case, tmp_path):
    login(page, live_server, staff["eb_worker"])
    page.goto(f"/bistand/arenden/{capped_case.pk}/")
    page.get_by_label("Månad (ÅÅÅÅ-MM)").fill("2025-05")
    page.get_by_role("button", name="Registrera ansökan").click()
    page.get_by_role("heading", name=re.compile("maj 2025")).wait_for()
    page.get_by_label("Kostnadstyp, rad 1").select_option("rent")
    page.get_by_label("Kostnad belopp, rad 1").fill("8 200")
    page.get_by_label("Försörjningshinder, rad 1").select_option("111")
    page.get_by_label("Beslut", exact=True).select_option("granted")
    page.get_by_label("Motivering").fill("Styrkt behov av hyra.")
    page.get_by_role("button", name="Spara och fatta beslut").click()
    # refused: the amount is above her 5 000 kr, and nothing is decided
    page.get_by_test_id("refer-block").wait_for()
    assert Decision.objects.count() == 0
    assert_accessible(page, "ansökan över delegation")
    page.get_by_label("Skicka till").select_option(str(staff["eb_manager"].pk))
    page.get_by_label("Meddelande (valfritt)").fill("Hyran är över min delegation.")
    page.get_by_role("button", name="Skicka beslutsunderlaget för beslut").click()
    page.get_by_test_id("referral-pending").wait_for()
    assert Decision.objects.count() == 0

    logout(page)
    login(page, live_server, staff["eb_manager"])
    page.get_by_role("link", name="Beslut att fatta").first.click()
    queue = page.get_by_test_id("to-decide")
    queue.get_by_text("Hyran är över min delegation.").wait_for()
    assert_accessible(page, "beslut att fatta")
    queue.get_by_role("link", name=re.compile(capped_case.reference)).click()
    page.get_by_test_id("referral-received").wait_for()
    assert page.get_by_label("Motivering").input_value() == "Styrkt behov av hyra."  # the prepared decision
    page.get_by_role("button", name="Spara och fatta beslut").click()
    page.get_by_role("heading", name=re.compile("Beslut: Bifall")).wait_for()
    decision = Decision.objects.get()
    assert decision.decided_by == staff["eb_manager"] and decision.delegation.point == "Delegationsordning 3.1.2"
    assert decision.amount > 5000

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner beslutsbrev (PDF)").click()
    path = tmp_path / "brev.pdf"
    download_info.value.save_as(path)
    from skutan.assistance.tests.test_letters_decisions import pdf_text

    text = pdf_text(path.read_bytes())
    assert staff["eb_manager"].display_name in text and "Delegationsordning 3.1.2" in text
