"""Decisions beyond the month in the browser: a late appeal around midsommar is registered and shows on the EB
deadline board, and the pages pass axe."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.browser


def test_register_a_late_appeal_and_see_it_on_the_board(page, live_server, login, assert_accessible, staff, eb_case):
    from skutan.accounts.models import Delegation
    from skutan.payments.tests.factories import make_decision

    Delegation.objects.create(user=staff["eb_worker"], decision_kind="ekonomiskt_bistand", max_amount=20000,
                              point="Delegationsordning 3.1.1", valid_from=date(2020, 1, 1))
    make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 6, 1), amount="0",
                  outcome="rejected", decided_at=datetime.combine(date(2025, 5, 30), time(10),
                                                                  ZoneInfo("Europe/Stockholm")))
    login(page, live_server, staff["eb_worker"])
    page.goto(f"/bistand/arenden/{eb_case.pk}/beslut/")
    page.get_by_role("heading", name=f"Beslut, överklaganden och återkrav · {eb_case.reference}").wait_for()
    assert_accessible(page, "ärendets beslut")
    page.get_by_text("Registrera överklagande").first.click()
    page.get_by_label("Överklagandet kom in (ÅÅÅÅ-MM-DD)").first.fill("2025-06-24")
    page.get_by_label("Hur vet vi när den enskilde fick del av beslutet?").first.select_option("handed_over")
    page.get_by_label("Dagen den enskilde fick del av beslutet (ÅÅÅÅ-MM-DD)").first.fill("2025-05-30")
    page.get_by_role("button", name="Registrera och rättidspröva").first.click()
    page.get_by_text("sista dag 2025-06-23").wait_for()
    assert "För sent." in page.content()
    assert_accessible(page, "överklagande registrerat")
    page.goto("/bistand/frister/")
    page.get_by_role("link", name="Avvisa överklagande som kommit in för sent").wait_for()
    assert_accessible(page, "frister EB")
