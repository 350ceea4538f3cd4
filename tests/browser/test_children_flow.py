"""Barn och unga in real Chromium (issue 3 part 9): a report of concern is registered, assessed for
protection the same day, decided in the förhandsbedömning, investigated with BBIC notes and a samråd, and
ends in an intervention with a follow-up; the unit manager then sees it on the deadline board and
reallocates the case in one click. The report page and the deadline board are checked with axe."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from skutan.accounts.models import Role
from skutan.accounts.services import user_create
from skutan.cases.models import CaseAssignment
from skutan.children.models import ChildReport, Intervention, Investigation
from skutan.conftest import make_pnr
from skutan.people.services import person_create

pytestmark = pytest.mark.browser


def field(page, label: str):
    """The form field labelled exactly ``label`` (a required field's label ends in an aria-hidden "*")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\s*\*?$"))


@pytest.fixture
def child(staff):
    return person_create(
        actor=staff["bou_worker"],
        identity_number=make_pnr(date(2016, 4, 9), 467),
        first_name="Ida",
        last_name="Lind",
        street_address="Ängsvägen 2",
        postal_code="68230",
        city="Filipstad",
    )


@pytest.fixture
def bou_manager(units, staff):
    return user_create(
        username="bou.chef",
        password="Skutan-demo-2026",
        first_name="Karin",
        last_name="Chef",
        memberships=[(units["bou"], Role.UNIT_MANAGER)],
    )


@pytest.fixture
def bou_worker2(units, staff):
    return user_create(
        username="bou.handlaggare2",
        password="Skutan-demo-2026",
        first_name="Sofia",
        last_name="Strand",
        memberships=[(units["bou"], Role.CASEWORKER)],
    )


def test_report_to_intervention_and_the_deadline_board(
    page, live_server, login, logout, assert_accessible, staff, units, child, bou_manager, bou_worker2
):
    from skutan.children.tests.conftest import grant_delegations

    worker = grant_delegations(staff["bou_worker"])
    today = timezone.localdate()

    # --- The social worker registers a report that came in early this morning.
    login(page, live_server, worker)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ny orosanmälan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny orosanmälan")
    page.get_by_label("Barnets personnummer").fill(child.identity_number)
    field(page, "Anmälan kom in").fill(f"{today.isoformat()}T00:00")
    field(page, "Anmälare").select_option("preschool")
    page.get_by_label("Anmälarens namn").fill("Förskolläraren Maja")
    page.get_by_label("Våld", exact=True).check()
    page.get_by_label("Brister i omsorgen").check()
    field(page, "Anmälan").fill(
        "Ida har blåmärken på armarna och säger att pappa blev arg."
    )
    page.get_by_label("Tilldela mig ärendet").check()
    page.get_by_role("button", name="Registrera orosanmälan").click()

    expect(page).to_have_url(re.compile(r"/barn/orosanmalningar/\d+/$"))
    report = ChildReport.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ida Lind")
    deadlines = page.get_by_role("table", name="Frister för anmälan")
    expect(deadlines.get_by_role("row", name=re.compile("Skyddsbedömning"))).to_contain_text(
        "Sista dagen idag"
    )
    expect(deadlines).to_contain_text(report.preliminary_due.isoformat())
    assert_accessible(page, "orosanmälan")

    # --- Skyddsbedömning, the same day.
    page.get_by_role("link", name="Dokumentera skyddsbedömning").click()
    page.get_by_label("Nej").check()
    field(page, "Skyddsbedömning").fill(
        "Ida är på förskolan; pappan bor inte hemma. Inget akut skydd."
    )
    page.get_by_role("button", name="Dokumentera skyddsbedömning").click()
    expect(page.get_by_text("Inget behov av omedelbart skydd")).to_be_visible()

    # --- Förhandsbedömning: an investigation is opened.
    page.get_by_role("link", name="Besluta förhandsbedömning").click()
    page.get_by_label("Utredning inleds", exact=True).check()
    page.get_by_role("button", name="Besluta").click()
    expect(page).to_have_url(re.compile(r"/barn/utredningar/\d+/$"))
    investigation = Investigation.objects.get()
    expect(page.get_by_text(investigation.due.isoformat()).first).to_be_visible()
    expect(page.get_by_role("group", name="Barnets utveckling")).to_be_visible()

    # --- BBIC notes and a samråd at Barnahus.
    page.get_by_label("Hälsa").fill("Frisk, följer BVC-programmet.")
    page.get_by_label("Grundläggande omsorg").fill("Mamma sköter mat och sömn väl.")
    page.get_by_role("button", name="Spara BBIC-anteckningar").click()
    expect(page.get_by_text("BBIC-anteckningarna är sparade.")).to_be_visible()
    expect(page.get_by_label("Hälsa")).to_have_value("Frisk, följer BVC-programmet.")
    page.get_by_text("Dokumentera samråd").click()
    field(page, "Myndighet").select_option("barnahus")
    field(page, "Deltagare").fill("Polis, åklagare, barnläkare, socialsekreterare")
    page.get_by_role("button", name="Spara samråd").click()
    expect(page.get_by_role("table", name="Samråd i utredningen")).to_contain_text("Barnahus")

    # --- The child's voice and barnets bästa, which the decision must refer to.
    page.get_by_text("Dokumentera samtal med barnet").click()
    page.get_by_role("button", name="Spara samtalet").click()
    expect(page.get_by_text("Samtalet med barnet är dokumenterat.")).to_be_visible()
    page.get_by_text("Dokumentera bedömning av barnets bästa").click()
    field(page, "Bedömning av barnets bästa").fill("Föräldrastöd i hemmet är bäst för Ida.")
    page.get_by_role("button", name="Spara bedömningen").click()
    expect(page.get_by_text("Bedömningen av barnets bästa är dokumenterad.")).to_be_visible()

    # --- The investigation ends in an intervention with a follow-up in five days.
    page.get_by_role("link", name="Besluta om insats").click()
    field(page, "Insats").select_option("parenting_support")
    field(page, "Mål: vad ska förändras för barnet?").fill("Pappan ska hantera sin ilska utan våld.")
    field(page, "Skäl för beslutet").fill("Utredningen visar behov av föräldrastöd.")
    field(page, "Startdatum").fill(today.isoformat())
    field(page, "Utförare").fill("Familjecentralen")
    page.get_by_label("Första uppföljning").fill((today + timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Besluta insats").click()
    expect(page).to_have_url(re.compile(r"/barn/insatser/\d+/$"))
    expect(page.get_by_role("heading", level=2)).to_contain_text("Föräldrastöd")
    assert Intervention.objects.get().follow_ups.count() == 1
    logout(page)

    # --- The unit manager's deadline board: the follow-up is forecast; one click reallocates.
    login(page, live_server, bou_manager)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Frister").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Frister – Barn och unga")
    expect(page.get_by_role("heading", name=re.compile("Löper ut inom 7 dagar"))).to_contain_text("(1)")
    expect(page.get_by_text("5 dagar kvar").first).to_be_visible()
    assert_accessible(page, "fristbevakningen")
    table = page.get_by_role("table", name="Öppna frister sorterade efter sista dag")
    table.get_by_label(re.compile("Fördela .* till")).select_option(str(bou_worker2.pk))
    table.get_by_role("button", name="Fördela").click()
    expect(table.get_by_text("Fördelat till Sofia Strand")).to_be_visible()
    assignment = CaseAssignment.objects.get(case_id=report.case_id, ended_at__isnull=True)
    assert assignment.user == bou_worker2
    assert_accessible(page, "fristbevakningen efter fördelning")
