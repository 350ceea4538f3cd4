"""The mobile team on a phone-sized screen (issue 15): the member's day with address and warning, the
lone-worker check-in, a visit with a note where the client was not reached, the note signed, and the escalation
on the caseworker's adult case page. Every page is checked with axe."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from skutan.adults.tests.fixtures import adult_case, adult_staff, adult_units  # noqa: F401
from skutan.cases.models import JournalEntry
from skutan.mobile import services
from skutan.mobile.models import Escalation

pytestmark = pytest.mark.browser


def test_member_day_visit_note_and_escalation(page, live_server, login, logout, assert_accessible,  # noqa: F811
                                              adult_case, adult_staff, adult_units):  # noqa: F811
    today = timezone.localdate()
    assignment, _ = services.assignment_create(
        actor=adult_staff["worker"], case=adult_case, team=adult_units["mobil"], purpose="supervision",
        visits_per_week=3, starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=30),
        instructions="Ring på två gånger.")
    planned = timezone.now() + timedelta(minutes=30)
    services.visit_plan(actor=adult_staff["member"], assignment=assignment, planned_at=planned, minutes=45)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/konto/logga-in/", timeout=60_000)  # the live server's first answer is slow on a loaded machine
    login(page, live_server, adult_staff["member"])
    page.goto("/mobila-teamet/")
    card = page.get_by_role("region", name="Anna Svensson")
    expect(card).to_contain_text("Storgatan 1")
    expect(card).to_contain_text("Ring på två gånger.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    assert_accessible(page, "mobila teamets dag")
    card.get_by_role("button", name="Checka in hos Anna").click()
    expect(page.get_by_role("button", name="Checka ut")).to_be_visible()
    page.goto("/mobila-teamet/")
    card = page.get_by_role("region", name="Anna Svensson")
    card.get_by_label("Nådde inte klienten").check()
    card.get_by_label("Kort anteckning").fill("Ingen öppnade, posten låg kvar.")
    card.get_by_role("button", name="Spara besöket").click()
    expect(page.get_by_text("Handläggaren ser att klienten inte nåddes")).to_be_visible()
    page.get_by_role("button", name="Signera anteckningen").click()
    expect(page.get_by_text("Anteckningen är signerad")).to_be_visible()
    entry = JournalEntry.objects.get(case=adult_case)
    assert entry.is_signed and "posten låg kvar" in entry.text and entry.author == adult_staff["member"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "dagen efter besöket")
    logout(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, adult_staff["worker"])
    page.goto(f"/vuxen/arende/{adult_case.pk}/")
    alert = page.get_by_role("alert").filter(has_text="Mobila teamet nådde inte klienten")
    expect(alert).to_contain_text("posten låg kvar")
    assert_accessible(page, "vuxenärendet")
    alert.get_by_label("Vad gör du?").fill("Ringer hyresvärden i dag.")
    alert.get_by_role("button", name="Kvittera").click()
    expect(page.get_by_text("Eskaleringen är kvitterad.")).to_be_visible()
    assert Escalation.objects.get().acknowledged_by == adult_staff["worker"]
    page.goto("/vuxen/")
    assert_accessible(page, "vuxentavlan")


def test_out_of_hours_page_names_socialjouren(page, live_server, login, assert_accessible, adult_staff,  # noqa: F811
                                              settings):
    settings.SKUTAN_MOBILE_OPENING_HOURS = {"weekdays": ["00:00", "00:01"], "saturday": None}
    settings.SKUTAN_SOCIALJOUREN = "Socialjouren Värmland 054-00 00 00 (demo)"
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, adult_staff["member"])
    page.goto("/mobila-teamet/")
    expect(page.get_by_role("note")).to_contain_text("Socialjouren Värmland 054-00 00 00 (demo)")
    assert_accessible(page, "utanför arbetstid")


def test_person_overview_other_unit_line_and_board_are_accessible(page, live_server, login, assert_accessible,
                                                                  adult_case, adult_staff, eb_case,  # noqa: F811
                                                                  person):
    from skutan.adults import services as adults

    adults.sip_create(actor=adult_staff["worker"], case=adult_case, title="SIP med psykiatrin",
                      consent_on=timezone.localdate(), consent_scope="Vuxen, EB och psykiatrin",
                      participants=[{"organisation": "Ekonomiskt bistånd", "unit": eb_case.unit,
                                     "responsibility": "Hyran"},
                                    {"organisation": "Region Värmland", "responsibility": "Medicinering"}])
    page.goto("/konto/logga-in/", timeout=60_000)
    login(page, live_server, adult_staff["eb_worker"])
    page.goto(f"/personer/{person.pk}/")
    expect(page.get_by_text("Personen har kontakt med en annan enhet")).to_be_visible()
    expect(page.get_by_role("table", name="Deltagare och ansvar i SIP med psykiatrin")).to_be_visible()
    assert_accessible(page, "personöversikt med annan enhet")
    page.get_by_text("Begär samordningsmöte med den andra enheten").click()
    page.get_by_label("Personens samtycke (datum)").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Skicka begäran").click()
    expect(page.get_by_text("Begäran om samordningsmöte är skickad")).to_be_visible()
    page.goto("/mobila-teamet/uppdrag/")
    assert_accessible(page, "teamets uppdrag (tom)")
