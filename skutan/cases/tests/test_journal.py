"""Journal rules: drafts change, signed entries never do (SOSFS 2014:5), corrections are new entries."""

from datetime import date, timedelta

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.cases.models import CaseEvent, JournalEntry
from skutan.cases.services import (
    case_close,
    journal_entry_create,
    journal_entry_delete_draft,
    journal_entry_sign,
    journal_entry_update,
)
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError


def test_create_draft(eb_case, staff):
    entry = journal_entry_create(actor=staff["eb_worker"], case=eb_case, text="Telefonsamtal.")
    assert (entry.event_date, entry.signed_at, entry.version, entry.author) == (
        timezone.localdate(), None, 1, staff["eb_worker"]
    )
    audit = AuditEvent.objects.get(event_type=EventType.JOURNAL_DRAFT_SAVED)
    assert (audit.case_id, audit.person_id, audit.object_id) == (eb_case.pk, eb_case.person_id, str(entry.pk))


@pytest.mark.parametrize(
    "kw, field",
    [({"text": "   "}, "text"), ({"text": "Text", "event_date": "tomorrow"}, "event_date")],
)
def test_create_refuses_empty_text_and_future_date(eb_case, staff, kw, field):
    if kw.get("event_date") == "tomorrow":
        kw["event_date"] = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ApplicationError) as exc:
        journal_entry_create(actor=staff["eb_worker"], case=eb_case, **kw)
    assert exc.value.field == field
    assert not JournalEntry.objects.exists()


def test_closed_case_takes_only_corrections(eb_case, signed_entry, staff):
    case = case_close(actor=staff["eb_worker"], case=eb_case, reason="Klart", expected_version=1)
    with pytest.raises(ConflictError):
        journal_entry_create(actor=staff["eb_worker"], case=case, text="Ny")
    correction = journal_entry_create(actor=staff["eb_worker"], case=case, text="Rättelse", corrects=signed_entry)
    assert correction.corrects == signed_entry


def test_correction_must_point_at_signed_entry_of_same_case(eb_case, draft_entry, signed_entry, staff, person, units):
    with pytest.raises(ApplicationError) as exc:
        journal_entry_create(actor=staff["eb_worker"], case=eb_case, text="Rättelse", corrects=draft_entry)
    assert exc.value.field == "corrects"
    from skutan.cases.services import case_open

    other = case_open(actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="adults",
                      opening_kind="other")
    with pytest.raises(ApplicationError):
        journal_entry_create(actor=staff["eb_worker"], case=other, text="Rättelse", corrects=signed_entry)
    assert JournalEntry.objects.count() == 2


def test_update_draft_bumps_version(draft_entry, staff):
    entry = journal_entry_update(actor=staff["eb_worker"], entry=draft_entry, text="Ändrad", event_date=None,
                                 expected_version=1)
    row = JournalEntry.objects.get(pk=draft_entry.pk)
    assert (row.text, row.version, row.event_date) == ("Ändrad", 2, date(2026, 1, 5))
    assert entry.version == 2


def test_update_stale_version_refused_and_row_unchanged(draft_entry, staff):
    journal_entry_update(actor=staff["eb_worker"], entry=draft_entry, text="Första", event_date=None, expected_version=1)
    with pytest.raises(ConflictError):
        journal_entry_update(actor=staff["eb_worker"], entry=draft_entry, text="Andra", event_date=None,
                             expected_version=1)
    assert JournalEntry.objects.get(pk=draft_entry.pk).text == "Första"


def test_update_by_other_user_refused(draft_entry, staff):
    with pytest.raises(AccessDeniedError):
        journal_entry_update(actor=staff["eb_worker2"], entry=draft_entry, text="Kapat", event_date=None,
                             expected_version=1)
    assert JournalEntry.objects.get(pk=draft_entry.pk).text == "Utkast om hembesök."


def test_update_signed_refused(signed_entry, staff):
    with pytest.raises(ConflictError) as exc:
        journal_entry_update(actor=staff["eb_worker"], entry=signed_entry, text="Ändrad", event_date=None,
                             expected_version=signed_entry.version)
    assert "signerad" in exc.value.message
    assert JournalEntry.objects.get(pk=signed_entry.pk).text == "Signerad anteckning om besök."


def test_autosave_racing_a_signature_gets_conflict_not_database_error(draft_entry, staff):
    """Another tab signs while this one still holds the draft: the autosave must be a clean 409."""
    stale = JournalEntry.objects.get(pk=draft_entry.pk)
    journal_entry_sign(actor=staff["eb_worker"], entry=draft_entry)
    with pytest.raises(ConflictError):
        journal_entry_update(actor=staff["eb_worker"], entry=stale, text="Sent", event_date=None,
                             expected_version=stale.version)
    assert JournalEntry.objects.get(pk=draft_entry.pk).text == "Utkast om hembesök."


def test_sign(draft_entry, staff, eb_case):
    entry = journal_entry_sign(actor=staff["eb_worker"], entry=draft_entry)
    assert entry.is_signed and entry.signed_by == staff["eb_worker"]
    event = CaseEvent.objects.get(case=eb_case, event_type="journal_signed")
    assert event.data == {"entry_id": entry.pk, "corrects_id": None}
    assert AuditEvent.objects.filter(event_type=EventType.JOURNAL_SIGNED, object_id=str(entry.pk)).exists()


def test_sign_twice_refused(draft_entry, staff):
    journal_entry_sign(actor=staff["eb_worker"], entry=draft_entry)
    signed_at = JournalEntry.objects.get(pk=draft_entry.pk).signed_at
    with pytest.raises(ConflictError):
        journal_entry_sign(actor=staff["eb_worker"], entry=draft_entry)
    stale = JournalEntry(pk=draft_entry.pk, case=draft_entry.case, author=draft_entry.author, signed_at=None)
    with pytest.raises(ConflictError):  # an in-memory copy from before the signature
        journal_entry_sign(actor=staff["eb_worker"], entry=stale)
    assert JournalEntry.objects.get(pk=draft_entry.pk).signed_at == signed_at
    assert AuditEvent.objects.filter(event_type=EventType.JOURNAL_SIGNED).count() == 1


def test_sign_by_other_user_refused(draft_entry, staff):
    with pytest.raises(AccessDeniedError):
        journal_entry_sign(actor=staff["eb_worker2"], entry=draft_entry)
    assert not JournalEntry.objects.get(pk=draft_entry.pk).is_signed


def test_correction_is_new_signed_entry_and_original_unchanged(signed_entry, staff, eb_case):
    before = JournalEntry.objects.filter(pk=signed_entry.pk).values().get()
    correction = journal_entry_create(actor=staff["eb_worker"], case=eb_case, text="Rätt datum var 3/1.",
                                      corrects=signed_entry)
    journal_entry_sign(actor=staff["eb_worker"], entry=correction)
    assert JournalEntry.objects.filter(pk=signed_entry.pk).values().get() == before
    assert list(signed_entry.corrections.values_list("pk", flat=True)) == [correction.pk]
    event = CaseEvent.objects.get(event_type="journal_signed", data__entry_id=correction.pk)
    assert event.data["corrects_id"] == signed_entry.pk


def test_delete_draft_keeps_audit_rows(draft_entry, staff):
    entry_id = draft_entry.pk
    journal_entry_delete_draft(actor=staff["eb_worker"], entry=draft_entry)
    assert not JournalEntry.objects.filter(pk=entry_id).exists()
    rows = AuditEvent.objects.filter(object_type="cases.journalentry", object_id=str(entry_id))
    assert set(rows.values_list("event_type", flat=True)) == {EventType.JOURNAL_DRAFT_SAVED, EventType.JOURNAL_DRAFT_DELETED}
    deleted = rows.get(event_type=EventType.JOURNAL_DRAFT_DELETED)
    assert deleted.data["text"] == "Utkast om hembesök."
    assert deleted.acting_user_id == staff["eb_worker"].pk


def test_delete_draft_rules(draft_entry, signed_entry, staff):
    with pytest.raises(AccessDeniedError):
        journal_entry_delete_draft(actor=staff["eb_worker2"], entry=draft_entry)
    with pytest.raises(ConflictError):
        journal_entry_delete_draft(actor=staff["eb_worker"], entry=signed_entry)
    assert JournalEntry.objects.filter(pk__in=[draft_entry.pk, signed_entry.pk]).count() == 2
    assert not AuditEvent.objects.filter(event_type=EventType.JOURNAL_DRAFT_DELETED).exists()


# The database itself -------------------------------------------------------------------------


def test_database_refuses_update_of_signed_entry(signed_entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=signed_entry.pk).update(text="Förfalskad")
    assert JournalEntry.objects.get(pk=signed_entry.pk).text == "Signerad anteckning om besök."


def test_database_refuses_unsigning(signed_entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=signed_entry.pk).update(signed_at=None)
    assert JournalEntry.objects.get(pk=signed_entry.pk).is_signed


def test_database_refuses_delete_of_signed_entry(signed_entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=signed_entry.pk).delete()
    assert JournalEntry.objects.filter(pk=signed_entry.pk).exists()


def test_database_allows_draft_changes(draft_entry):
    assert JournalEntry.objects.filter(pk=draft_entry.pk).update(text="Ok") == 1
    JournalEntry.objects.filter(pk=draft_entry.pk).delete()
    assert not JournalEntry.objects.filter(pk=draft_entry.pk).exists()
