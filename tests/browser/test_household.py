"""The household section of the person page in Chromium: create a household, add a child, check axe."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from skutan.conftest import make_pnr
from skutan.people.models import HouseholdMember
from skutan.people.services import person_create

pytestmark = pytest.mark.browser


def test_create_household_with_a_child(page, live_server, login, assert_accessible, staff, person, eb_case):
    today = timezone.localdate()
    child = person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(date(today.year - 3, 2, 2), 468), first_name="Lilla",
        last_name="Svensson",
    )
    login(page, live_server, staff["eb_worker"])
    page.goto(f"/personer/{person.pk}/")
    section = page.locator("#hushall")
    expect(section).to_contain_text("Personen ingår inte i något registrerat hushåll.")

    # keyboard only: Enter on the button; after the swap the focus is on the confirmation, not lost
    section.get_by_role("button", name="Skapa hushåll").focus()
    page.keyboard.press("Enter")
    expect(section.get_by_role("status")).to_have_text("Hushållet är skapat.")
    expect(section.get_by_role("status")).to_be_focused()

    section.get_by_label("Personnummer").fill(child.identity_number)
    section.get_by_label("Roll").select_option("child")
    section.get_by_label("Lunch på vardagar (barn 0–6 år)").select_option("0")
    section.get_by_role("button", name="Lägg till i hushållet").click()
    expect(section.get_by_role("status")).to_have_text("Lilla Svensson är tillagd i hushållet.")

    member = HouseholdMember.objects.get(person=child)
    row = page.locator(f"#medlem-{member.pk}")
    expect(row).to_contain_text("Barn")
    expect(row).to_contain_text("På förskola")
    assert member.lunch_at_home is False and member.household.members.count() == 2
    assert_accessible(page, "personöversikten med hushåll")
