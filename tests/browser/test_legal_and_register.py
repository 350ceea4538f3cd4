"""The systemförvaltare confirms a legal reference; the unit manager reads the register check. Both pages pass axe."""

import pytest

from skutan.accounts.models import Role
from skutan.accounts.services import user_create

pytestmark = pytest.mark.browser


def test_confirm_a_reference_and_read_the_register(page, live_server, login, logout, assert_accessible, staff, units):
    admin = user_create(username="sysadm", password="Skutan-demo-2026", first_name="Sigrid", last_name="System",
                        memberships=[(units["logg"], Role.SYSTEM_ADMIN)])
    login(page, live_server, admin)
    page.goto("/lagrum/")
    page.get_by_role("heading", name="Lagrum").wait_for()
    assert_accessible(page, "lagrum")
    row = page.locator("#ref-sol\\.income-20250701")
    row.get_by_text("Bekräfta eller rätta").click()
    row.get_by_label("Kapitel").fill("9")
    row.get_by_label("Paragraf").fill("2")
    row.get_by_label("Källa (t.ex. SFS 2025:400, riksdagen.se)").fill("Testkälla")
    row.get_by_label("Bekräftad mot författningen").check()
    row.get_by_role("button", name="Spara").click()
    page.get_by_text("Lagrummet är sparat.").wait_for()
    assert "SoL (2025:400) 9 kap. 2 §" in page.locator("#ref-sol\\.income-20250701").inner_text()
    logout(page)
    login(page, live_server, staff["eb_manager"])
    page.goto("/bistand/register/?manad=2025-05")
    page.get_by_role("heading", name="Registret över ekonomiskt bistånd").wait_for()
    assert "Inget saknas" in page.content()
    assert_accessible(page, "registret")
