"""The journal on the case page: paged newest first, searchable, corrections that change something and a visible
"rättad" on the original, templates per unit and kind of event, and the history in words."""

from datetime import date, timedelta

import pytest

from skutan.cases.events import case_event_phrase, case_history
from skutan.cases.models import CaseEvent, JournalEntry, JournalTemplate
from skutan.cases.services import (
    CORRECTION_UNCHANGED,
    case_allocate,
    journal_entry_create,
    journal_entry_sign,
    journal_template_save,
)
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError


def _signed(staff, case, text, day):
    entry = journal_entry_create(actor=staff["eb_worker"], case=case, text=text, event_date=day)
    return journal_entry_sign(actor=staff["eb_worker"], entry=entry)


def test_journal_is_paged_newest_first(login, staff, eb_case):
    start = date(2026, 1, 1)
    for i in range(25):
        _signed(staff, eb_case, f"Anteckning nummer {i:02d}", start + timedelta(days=i))
    client = login(staff["eb_worker"])
    first = client.get(f"/arenden/{eb_case.pk}/").content.decode()
    assert "Anteckning nummer 24" in first and "Anteckning nummer 05" in first and "Anteckning nummer 04" not in first
    assert first.index("nummer 24") < first.index("nummer 23")
    assert "Sida 1 av 2" in first and 'rel="next"' in first
    second = client.get(f"/arenden/{eb_case.pk}/?sida=2").content.decode()
    assert "Anteckning nummer 04" in second and "Anteckning nummer 05" not in second


def test_journal_search_within_the_case(login, staff, eb_case):
    _signed(staff, eb_case, "Hembesök hos familjen.", date(2026, 1, 2))
    _signed(staff, eb_case, "Telefonsamtal med hyresvärden.", date(2026, 1, 3))
    html = login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/?jq=hyresvärd").content.decode()
    assert "Telefonsamtal med hyresvärden." in html and "Hembesök hos familjen." not in html
    assert "Journal (1 av 2)" in html


def test_identical_correction_is_refused(staff, eb_case, signed_entry):
    with pytest.raises(ApplicationError) as exc:
        journal_entry_create(actor=staff["eb_worker"], case=eb_case, text=f"  {signed_entry.text} ",
                             event_date=signed_entry.event_date, corrects=signed_entry)
    assert exc.value.message == CORRECTION_UNCHANGED and exc.value.field == "text"
    # A changed date alone is a correction.
    journal_entry_create(actor=staff["eb_worker"], case=eb_case, text=signed_entry.text,
                         event_date=signed_entry.event_date - timedelta(days=1), corrects=signed_entry)


def test_identical_correction_through_the_form_is_400(login, staff, eb_case, signed_entry):
    response = login(staff["eb_worker"]).post(
        f"/arenden/{eb_case.pk}/journal/{signed_entry.pk}/ratta/",
        {"event_date": signed_entry.event_date.isoformat(), "text": signed_entry.text},
    )
    assert response.status_code == 400 and "likadan som originalet" in response.content.decode()
    assert JournalEntry.objects.filter(corrects=signed_entry).count() == 0


def test_corrected_original_is_marked_with_a_link(login, staff, eb_case, signed_entry):
    correction = journal_entry_create(actor=staff["eb_worker"], case=eb_case, text="Rättad text om besöket.",
                                      event_date=signed_entry.event_date, corrects=signed_entry)
    journal_entry_sign(actor=staff["eb_worker"], entry=correction)
    html = login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/").content.decode()
    assert f'entry-corrected" id="entry-{signed_entry.pk}"' in html
    assert f'href="?visa={correction.pk}#entry-{correction.pk}">rättelse' in html
    assert f'href="?visa={signed_entry.pk}#entry-{signed_entry.pk}">Visa originalet' in html


def test_visa_opens_the_page_holding_the_entry(login, staff, eb_case):
    first = _signed(staff, eb_case, "Äldsta anteckningen", date(2025, 1, 1))
    for i in range(21):
        _signed(staff, eb_case, f"Senare {i}", date(2026, 1, 1) + timedelta(days=i))
    html = login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/?visa={first.pk}").content.decode()
    assert "Äldsta anteckningen" in html and "Sida 2 av 2" in html


def test_history_in_words_never_codes_or_usernames(login, staff, eb_case, signed_entry):
    case_allocate(actor=staff["eb_manager"], case=eb_case, assignee=staff["eb_worker2"])
    CaseEvent.objects.create(case=eb_case, event_type="assistance_decided", user_id=staff["eb_manager"].pk,
                             username="eb.chef", data={"month": "2026-12-01"})
    CaseEvent.objects.create(case=eb_case, event_type="something_new", user_id=None, data={})
    history = case_history(case=eb_case)
    whats = [h["what"] for h in history]
    assert "Beslut om ekonomiskt bistånd fattades för 2026-12" in whats
    assert "Ärendet fördelades till Erik Lind" in whats and "En journalanteckning signerades" in whats
    assert "Händelse i ärendet" in whats  # unknown code: words, never the code
    html = login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/").content.decode()
    section = html[html.index('id="historik-h"'):]
    for code in ("assistance_decided", "allocated", "journal_signed", "something_new", "eb.chef", "eb.handlaggare"):
        assert code not in section
    assert "Maria Holm" in section and "Systemet" in section


def test_registered_children_labels_are_phrases():
    event = CaseEvent(event_type="preliminary_decided", data={})
    assert case_event_phrase(event) == "Förhandsbedömning beslutades"


def test_templates_only_by_the_unit_manager(staff, units):
    template = journal_template_save(actor=staff["eb_manager"], unit=units["eb"], event_kind="Hembesök",
                                     text="Närvarande:\nIntryck:")
    with pytest.raises(AccessDeniedError):
        journal_template_save(actor=staff["eb_worker"], unit=units["eb"], event_kind="Telefonsamtal", text="Vem:")
    with pytest.raises(ConflictError):
        journal_template_save(actor=staff["eb_manager"], unit=units["eb"], event_kind="hembesök", text="Igen")
    with pytest.raises(ConflictError):  # a stale version
        journal_template_save(actor=staff["eb_manager"], unit=units["eb"], event_kind="Hembesök", text="Ny",
                              template=template, expected_version=template.version + 5)
    changed = journal_template_save(actor=staff["eb_manager"], unit=units["eb"], event_kind="Hembesök", text="Ny",
                                    template=template, expected_version=template.version)
    assert changed.text == "Ny" and changed.version == 2


def test_template_pages_and_the_case_form(login, staff, units, eb_case):
    client = login(staff["eb_manager"])
    response = client.post("/arenden/journalmallar/", {"unit": units["eb"].pk, "event_kind": "Nätverksmöte",
                                                        "text": "Deltagare:\nBeslut:", "active": "on"})
    assert response.status_code == 302
    template = JournalTemplate.objects.get()
    assert client.get(f"/arenden/journalmallar/{template.pk}/").status_code == 200
    assert login(staff["eb_worker"]).get("/arenden/journalmallar/").status_code == 403
    assert login(staff["bou_worker"]).get(f"/arenden/journalmallar/{template.pk}/").status_code in (403, 404)
    html = login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/").content.decode()
    assert f'<option value="{template.pk}" data-text="Deltagare:\nBeslut:">Nätverksmöte</option>' in html
    # Retired templates are not offered.
    client.post(f"/arenden/journalmallar/{template.pk}/", {"unit": units["eb"].pk, "event_kind": "Nätverksmöte",
                                                           "text": "Deltagare:", "version": template.version})
    assert "Nätverksmöte</option>" not in login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/").content.decode()
