"""Barn och unga, issue 10, in real Chromium: a report of concern → an investigation with conversations with
the child (one alone, one not, with the reason), the child's views, BBIC notes and barnets bästa → a decision
to place the child in an HVB → the six-monthly övervägande (SoL 6 kap. 8 §) on the unit manager's deadline
board. The investigation, the decision form, the case overview and the board are checked with axe."""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from skutan.accounts.models import Role
from skutan.accounts.services import user_create
from skutan.children.deadlines import care_review_deadline
from skutan.children.models import CareReview, Placement
from skutan.conftest import make_pnr
from skutan.people.services import person_create

pytestmark = pytest.mark.browser


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\s*\*?$"))


@pytest.fixture
def child(staff):
    return person_create(
        actor=staff["bou_worker"], identity_number=make_pnr(date(2011, 10, 3), 473), first_name="Noah",
        last_name="Berg", street_address="Åsvägen 7", postal_code="68230", city="Filipstad",
    )


@pytest.fixture
def bou_manager(units, staff):
    return user_create(username="bou.chef", password="Skutan-demo-2026", first_name="Karin", last_name="Chef",
                       memberships=[(units["bou"], Role.UNIT_MANAGER)])


def test_report_investigation_placement_and_the_six_monthly_consideration(
    page, live_server, login, logout, assert_accessible, staff, units, child, bou_manager
):
    from skutan.children.tests.conftest import grant_delegations

    worker = grant_delegations(staff["bou_worker"])
    today = timezone.localdate()
    login(page, live_server, worker)

    # --- The report, and the förhandsbedömning that opens an investigation.
    page.goto(f"/barn/orosanmalningar/ny/{child.pk}/")
    field(page, "Anmälan kom in").fill(f"{today.isoformat()}T00:00")  # never in the future, whatever the hour
    field(page, "Anmälare").select_option("police")
    page.get_by_label("Barnets eget beteende").check()
    field(page, "Anmälan").fill("Noah greps för stöld i natt; vårdnadshavarna gick inte att nå.")
    page.get_by_role("button", name="Registrera orosanmälan").click()
    expect(page).to_have_url(re.compile(r"/barn/orosanmalningar/\d+/$"))
    page.get_by_role("link", name="Besluta förhandsbedömning").click()
    page.get_by_label("Utredning inleds", exact=True).check()
    page.get_by_role("button", name="Besluta").click()
    expect(page).to_have_url(re.compile(r"/barn/utredningar/\d+/$"))

    # --- Empty BBIC areas are shown as empty, and do not stop the user.
    expect(page.get_by_role("status").filter(has_text="Områden utan anteckning (20)")).to_be_visible()
    expect(page.get_by_role("navigation", name="BBIC-faser")).to_contain_text("Utreda")

    # --- Two conversations with Noah: one alone, one with his mother present and why.
    page.get_by_text("Dokumentera samtal med barnet").click()
    field(page, "Anteckning").first.fill("Noah berättade om kompisarna och nätterna ute.")
    page.get_by_role("button", name="Spara samtalet").click()
    expect(page.get_by_text("Samtalet med barnet är dokumenterat.")).to_be_visible()
    page.get_by_text("Dokumentera samtal med barnet").click()
    page.get_by_label("Barnet var ensamt (utan vårdnadshavare)").uncheck()
    page.get_by_role("button", name="Spara samtalet").click()
    expect(page.get_by_text("Skriv varför samtalet inte hölls med barnet ensamt.")).to_be_visible()
    page.get_by_label("Barnet var ensamt (utan vårdnadshavare)").uncheck()
    field(page, "Om inte ensamt: varför").fill("Noah ville ha mamma med.")
    field(page, "Närvarande utöver barnet").fill("Mamma")
    page.get_by_role("button", name="Spara samtalet").click()
    table = page.get_by_role("table", name="Samtal med barnet")
    expect(table).to_contain_text("Ja, enskilt samtal")
    expect(table).to_contain_text("Nej: Noah ville ha mamma med.")

    page.get_by_text("Skriv barnets synpunkter").click()
    field(page, "Barnets egna synpunkter").fill("Noah vill inte flytta men förstår att det inte fungerar hemma.")
    page.get_by_role("button", name="Spara synpunkterna").click()
    expect(page.get_by_text("Barnets synpunkter är sparade.")).to_be_visible()

    page.get_by_label("Känslo- och beteendemässig utveckling").fill("Allvarliga beteendeproblem, brott.")
    page.get_by_label("Vägledning och gränssättning").fill("Föräldrarna når inte fram till Noah.")
    page.get_by_role("button", name="Spara BBIC-anteckningar").click()
    expect(page.get_by_text("BBIC-anteckningarna är sparade.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Områden utan anteckning (18)")).to_be_visible()

    page.get_by_text("Dokumentera bedömning av barnets bästa").click()
    field(page, "Bedömning av barnets bästa").fill("Noahs behov av struktur och skydd väger tyngst; HVB.")
    page.get_by_role("button", name="Spara bedömningen").click()
    expect(page.get_by_text("Bedömningen av barnets bästa är dokumenterad.")).to_be_visible()
    assert_accessible(page, "utredningen med barnets röst")

    # --- The placement decision.
    page.get_by_role("link", name="Besluta om insats").click()
    field(page, "Insats").select_option("hvb")
    field(page, "Placeringsställe (familjehem, HVB eller stödboende)").fill("HVB Ekbacken")
    field(page, "Mål: vad ska förändras för barnet?").fill("Noah ska sluta begå brott och gå i skolan.")
    field(page, "Skäl för beslutet").fill("Öppna insatser har prövats utan resultat.")
    page.get_by_label("Beslutet går emot barnet eller vårdnadshavarna").check()
    field(page, "Startdatum").fill(today.isoformat())
    field(page, "Utförare").fill("HVB Ekbacken")
    assert_accessible(page, "beslut om placering")
    page.get_by_role("button", name="Besluta insats").click()
    expect(page).to_have_url(re.compile(r"/barn/insatser/\d+/$"))
    placement = Placement.objects.get()
    review = CareReview.objects.get()
    assert (placement.kind, placement.place_name, placement.starts_on) == ("hvb", "HVB Ekbacken", today)
    assert review.due_on == care_review_deadline("placement_consideration", today).due

    page.goto(f"/barn/arende/{placement.case_id}/")
    expect(page.get_by_role("table", name="Övervägande och omprövning")).to_contain_text(review.due_on.isoformat())
    assert_accessible(page, "ärendeöversikt med placering")
    logout(page)

    # --- The six-monthly övervägande is a dated clock on the unit manager's board.
    login(page, live_server, bou_manager)
    page.goto("/barn/frister/")
    rows = page.get_by_role("table", name="Öppna frister sorterade efter sista dag").get_by_role(
        "row", name=re.compile("Övervägande av placering"))
    expect(rows).to_contain_text(review.due_on.isoformat())
    expect(rows).to_contain_text("Noah Berg")
    assert_accessible(page, "fristbevakningen med övervägande")
