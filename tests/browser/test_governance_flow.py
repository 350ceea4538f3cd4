"""Ledningsgruppen in real Chromium (issue 16): the secretary writes the minutes of a meeting with a decision
and an assignment, the chair approves them, the PDF is downloaded, and the overdue assignment is on the board."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import unit_create, user_create
from skutan.governance import services
from skutan.governance.models import AgendaItem, Assignment

pytestmark = pytest.mark.browser


def test_minutes_decision_assignment_approval_pdf_and_overdue(page, live_server, login, logout, assert_accessible):
    unit = unit_create(name="Förvaltningsledning", kind=UnitKind.MANAGEMENT)

    def make(username, first, last):
        return user_create(username=username, password="Skutan-demo-2026", first_name=first, last_name=last,
                           memberships=[(unit, Role.MANAGEMENT)])

    director, secretary, controller = make("direktor", "Monica", "Persson"), make("sekreterare", "Christina",
                                                                                   "Ericsson"), make("ctrl", "Carl", "Kontroll")
    group = services.group_create(actor=director, name="Ledningsgruppen IFO", chair=director, secretary=secretary,
                                  members=[controller])
    held_on = timezone.localdate() - timedelta(days=14)
    meeting = services.meeting_create(actor=secretary, group=group, held_on=held_on)
    item, _ = services.agenda_item_propose(actor=controller, meeting=meeting, title="Prognos för försörjningsstöd")

    # --- The secretary writes the minutes; they save as she types.
    login(page, live_server, secretary)
    page.get_by_role("link", name="Ledningsgruppen").first.click()
    assert_accessible(page, "ledningsgruppens översikt")
    page.get_by_role("link", name=f"Ledningsgruppen IFO {held_on:%Y-%m-%d}").click()
    page.get_by_label("Diskussion").fill("Prognosen ligger 11,5 procent under förra året.")
    expect(page.locator(f"#punkt-{item.pk} .save-status")).to_contain_text("Sparat")
    assert AgendaItem.objects.get(pk=item.pk).discussion.startswith("Prognosen ligger")
    assert_accessible(page, "mötet")
    page.get_by_text("Protokollför beslut", exact=True).click()
    page.get_by_label("Beslut", exact=True).fill("Prognosen godkänns och följs upp i januari.")
    page.get_by_role("button", name="Spara beslut").click()
    page.get_by_text("Ge uppdrag", exact=True).click()
    page.get_by_label("Uppdrag", exact=True).fill("Ta fram en prognos per månad")
    page.get_by_label("Ansvarig").select_option(str(controller.pk))
    page.get_by_label("Klart senast").fill(str(held_on + timedelta(days=7)))  # already past: overdue
    page.get_by_role("button", name="Ge uppdraget").click()
    expect(page.get_by_role("link", name="Ta fram en prognos per månad")).to_be_visible()
    logout(page)

    # --- The chair approves; the minutes are frozen and go out as a PDF.
    login(page, live_server, director)
    page.goto(f"/ledning/moten/{meeting.pk}/")
    page.get_by_role("button", name="Justera protokollet").click()
    expect(page.get_by_text("Protokollet justerades")).to_be_visible()
    expect(page.get_by_label("Diskussion")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="Protokoll som PDF").click()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages)
    assert "Prognosen godkänns" in text and "Ta fram en prognos per månad" in text and "Justerat" in text
    logout(page)

    # --- The overdue assignment is on the owner's board.
    assert Assignment.objects.get().owner == controller
    login(page, live_server, controller)
    page.get_by_role("link", name="Ledningsgruppen").first.click()
    expect(page.get_by_role("heading", name="Försenade uppdrag")).to_be_visible()
    expect(page.get_by_role("table", name="Dina försenade uppdrag")).to_contain_text("Ta fram en prognos per månad")
    assert_accessible(page, "översikt med försenat uppdrag")
