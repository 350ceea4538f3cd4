"""A systemförvaltare sets up a unit, a user and a delegation; the new user logs in and decides an EB month
within it."""

import re
from datetime import date
from types import SimpleNamespace

import pytest

from skutan.accounts.models import Delegation, Role, Unit, User
from skutan.accounts.services import user_create
from skutan.assistance.models import Decision

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Vera-ny-losen-2026"


def test_system_admin_sets_up_and_the_new_user_decides(page, live_server, login, logout, assert_accessible, units):
    admin = user_create(username="systemforvaltare", password="Skutan-demo-2026", first_name="Sam",
                        last_name="Förvaltare", memberships=[(units["logg"], Role.SYSTEM_ADMIN)])
    login(page, live_server, admin)
    page.get_by_role("link", name="Systemförvaltning").first.click()
    page.get_by_role("heading", name="Systemförvaltning").wait_for()
    assert_accessible(page, "systemförvaltningens översikt")

    # a unit
    page.get_by_role("link", name="Enheter").first.click()
    page.locator("#id_name").fill("Ekonomiskt bistånd Väst")
    page.locator("#id_kind").select_option("financial_assistance")
    page.get_by_role("button", name="Skapa enhet").click()
    page.get_by_role("heading", name="Ekonomiskt bistånd Väst").wait_for()
    assert_accessible(page, "enhetens sida")
    unit = Unit.objects.get(name="Ekonomiskt bistånd Väst")

    # a user with a role in it
    page.get_by_role("link", name="Användare", exact=True).click()
    page.locator("#id_username").fill("vera.ny")
    page.locator("#id_first_name").fill("Vera")
    page.locator("#id_last_name").fill("Ny")
    page.locator("#id_employed_since").fill("2026-01-07")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Skapa användare").click()
    page.get_by_role("heading", name=re.compile("Vera Ny")).wait_for()
    page.locator("#id_unit").select_option(str(unit.pk))
    page.locator("#id_role").select_option(Role.CASEWORKER)
    page.get_by_role("button", name="Lägg till roll").click()
    page.get_by_text("Handläggare i Ekonomiskt bistånd Väst").wait_for()
    assert_accessible(page, "användarens sida")
    vera = User.objects.get(username="vera.ny")

    # a point of the delegationsordning for her
    page.get_by_role("link", name="Delegationsordning").click()
    page.locator("#id_decision_kind").select_option("ekonomiskt_bistand")
    page.locator("#id_point").fill("4.1.1 Försörjningsstöd enligt riksnorm")
    page.locator("#id_legal_ground").fill("4 kap. 1 § SoL")
    page.locator("#id_max_amount").fill("20 000")
    page.locator("#id_user").select_option(str(vera.pk))
    page.locator("#id_valid_from").fill("2026-01-01")
    page.locator("#id_source_body").fill("Socialnämnden")
    page.locator("#id_source_date").fill("2025-12-10")
    page.locator("#id_source_paragraph").fill("§ 98")
    page.get_by_role("button", name="Lägg till punkten").click()
    page.get_by_test_id("delegations").get_by_role("cell", name="4.1.1 Försörjningsstöd enligt riksnorm", exact=True).wait_for()
    assert_accessible(page, "delegationsordningen")
    page.get_by_role("link", name="Vem får besluta vad").click()
    page.get_by_test_id("delegation-report").get_by_text("Vera Ny").wait_for()
    assert_accessible(page, "vem får besluta vad")
    point = Delegation.objects.get()
    logout(page)

    # a client in her unit (registered through the services; the browser test is about the setup)
    from skutan.cases.services import case_open
    from skutan.conftest import make_pnr
    from skutan.people.services import person_create

    client = person_create(actor=vera, identity_number=make_pnr(date(1979, 4, 2), 421), first_name="Kim",
                           last_name="Klient", street_address="Kyrkogatan 2", postal_code="68230", city="Filipstad")
    case = case_open(actor=vera, person=client, unit=unit, case_type="financial_assistance",
                     opening_kind="application", assign_to=vera)

    login(page, live_server, SimpleNamespace(username="vera.ny"), password=NEW_PASSWORD)
    page.goto(f"/bistand/arenden/{case.pk}/")
    page.get_by_label("Månad (ÅÅÅÅ-MM)").fill("2025-05")
    page.get_by_role("button", name="Registrera ansökan").click()
    page.get_by_role("heading", name=re.compile("maj 2025")).wait_for()
    page.get_by_label("Kostnadstyp, rad 1").select_option("rent")
    page.get_by_label("Kostnad belopp, rad 1").fill("6 500")
    page.get_by_label("Försörjningshinder, rad 1").select_option("111")  # required before bifall (HSLF-FS 2015:30)
    page.get_by_test_id("delegation-note").filter(has_text="inom din delegation").wait_for()
    assert "4.1.1 Försörjningsstöd enligt riksnorm (Socialnämnden 2025-12-10 § 98)" in (
        page.get_by_test_id("delegation-note").inner_text()
    )
    page.get_by_label("Beslut", exact=True).select_option("granted")
    page.get_by_role("button", name="Spara och fatta beslut").click()
    page.get_by_role("heading", name=re.compile("Beslut: Bifall")).wait_for()
    assert_accessible(page, "beslutad månad")
    decision = Decision.objects.get()
    assert decision.decided_by == vera and decision.delegation == point
    assert decision.amount <= 20000
