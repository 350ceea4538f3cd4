"""The /ledning/ pages: minutes that save as the secretary types, approval, PDF, board and routines."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from skutan.governance import services
from skutan.governance.models import AgendaItem, Assignment

pytestmark = pytest.mark.django_db


def test_secretary_autosaves_minutes_and_the_chair_approves(login, meeting, item, leadership):
    sec = login(leadership["secretary"])
    response = sec.post(f"/ledning/punkter/{item.pk}/anteckning/", {"discussion": "Diskussion", "version": item.version})
    assert response.status_code == 200 and "Sparat" in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).discussion == "Diskussion"
    stale = sec.post(f"/ledning/punkter/{item.pk}/anteckning/", {"discussion": "Gammal", "version": item.version})
    assert stale.status_code == 409
    meeting.refresh_from_db()
    assert login(leadership["secretary"]).post(f"/ledning/moten/{meeting.pk}/approve/",
                                               {"approve-version": meeting.version}).status_code == 400
    chair = login(leadership["director"])
    assert chair.post(f"/ledning/moten/{meeting.pk}/approve/", {"approve-version": meeting.version}).status_code == 302
    item.refresh_from_db()
    frozen = sec.post(f"/ledning/punkter/{item.pk}/anteckning/", {"discussion": "Efteråt", "version": item.version})
    assert frozen.status_code == 409 and "justerat" in frozen.content.decode()


def test_decision_and_assignment_from_an_item_and_the_pdf(login, meeting, item, leadership):
    sec = login(leadership["secretary"])
    sec.post(f"/ledning/punkter/{item.pk}/beslut/", {f"d{item.pk}-text": "Prognosen godkänns",
                                                      f"d{item.pk}-follow_up_on": "2027-01-12",
                                                      f"d{item.pk}-follow_up_question": "Höll prognosen?"})
    sec.post(f"/ledning/punkter/{item.pk}/uppdrag/", {f"a{item.pk}-title": "Ta fram prognos",
                                                       f"a{item.pk}-owner": leadership["controller"].pk,
                                                       f"a{item.pk}-due_on": "2026-12-15",
                                                       f"a{item.pk}-expected_report": "presentation"})
    assert Assignment.objects.get().meeting == meeting
    pdf = sec.get(f"/ledning/moten/{meeting.pk}/protokoll.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Prognosen godkänns" in text and "Ta fram prognos" in text and "Carl Kontroll" in text


def test_a_personnummer_in_an_item_gives_a_warning(login, meeting, leadership):
    from skutan.people.identity import luhn_check_digit

    pnr = f"860211-123{luhn_check_digit('860211123')}"
    response = login(leadership["controller"]).post(f"/ledning/moten/{meeting.pk}/item/", {
        "item-title": f"Ärende {pnr}", "item-background": "", "item-fact": ""}, follow=True)
    assert "verkar innehålla ett personnummer" in response.content.decode()


def test_board_shows_overdue_assignments_to_owner_and_secretary(login, group, leadership):
    services.assignment_create(actor=leadership["secretary"], title="Försenad rapport", owner=leadership["controller"],
                               due_on=timezone.localdate() - timedelta(days=10), group=group)
    for user in (leadership["controller"], leadership["secretary"]):
        html = login(user).get("/ledning/").content.decode()
        assert "Försenade uppdrag" in html and "Försenad rapport" in html


def test_board_is_refused_to_caseworkers(login, staff):
    assert login(staff["eb_worker"]).get("/ledning/").status_code == 403


def test_item_can_link_a_followup_measure_and_shows_the_figure(login, meeting, leadership):
    services.agenda_item_propose(actor=leadership["controller"], meeting=meeting, title="Kostnaden",
                                 fact_kind="followup_measure", fact_ref="eb-kostnad")
    html = login(leadership["director"]).get(f"/ledning/moten/{meeting.pk}/").content.decode()
    assert "Aktuell siffra:" in html


def test_routine_pages(login, leadership):
    c = login(leadership["secretary"])
    response = c.post("/ledning/rutiner/", {"title": "Rutin för hembesök", "kind": "routine",
                                            "owner": leadership["secretary"].pk, "decided_on": "2025-01-01",
                                            "revise_by": "2026-01-01", "decided_by": "SN § 4",
                                            "summary": "Två vid besök", "used_for": ""})
    assert response.status_code == 302
    html = c.get(response["Location"]).content.decode()
    assert "Revideringsdatumet har passerat" in html and "Version 1" in html
    assert "Rutin för hembesök" in c.get("/ledning/").content.decode()  # past revision: on the board


def test_meeting_pages_are_for_members(login, meeting, staff):
    assert login(staff["eb_worker"]).get(f"/ledning/moten/{meeting.pk}/").status_code == 404
    assert login(staff["eb_manager"]).get(f"/ledning/moten/{meeting.pk}/").status_code == 200  # a member
    assert date(2026, 11, 24) == meeting.held_on
