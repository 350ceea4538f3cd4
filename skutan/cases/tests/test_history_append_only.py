"""The database refuses to change or delete the case history and signed journal entries (cases migration
0004); a draft stays editable and deletable."""

import pytest
from django.utils import timezone

from skutan.cases.events import case_event_custom
from skutan.cases.models import CaseEvent, JournalEntry
from skutan.cases.services import journal_entry_create, journal_entry_sign
from skutan.core.tests.rawsql import assert_refused, execute

pytestmark = pytest.mark.django_db


def test_a_case_event_cannot_be_changed_or_deleted(eb_case, staff):
    event = case_event_custom(case=eb_case, event_type="note", user=staff["eb_worker"], data={"x": 1})
    assert_refused("UPDATE cases_caseevent SET event_type = 'annat' WHERE id = %s", [event.pk])
    assert_refused("DELETE FROM cases_caseevent WHERE id = %s", [event.pk])
    assert_refused("DELETE FROM cases_caseevent")
    assert CaseEvent.objects.get(pk=event.pk).event_type == "note"


def test_a_signed_entry_cannot_be_changed_or_deleted_but_a_draft_can(eb_case, staff):
    signed = journal_entry_create(actor=staff["eb_worker"], case=eb_case, event_date=timezone.localdate(),
                                  text="Signerad text.")
    signed = journal_entry_sign(actor=staff["eb_worker"], entry=signed)
    draft = journal_entry_create(actor=staff["eb_worker"], case=eb_case, event_date=timezone.localdate(),
                                 text="Utkast.")
    assert_refused("UPDATE cases_journalentry SET text = 'ändrad' WHERE id = %s", [signed.pk])
    assert_refused("UPDATE cases_journalentry SET signed_at = NULL WHERE id = %s", [signed.pk])
    assert_refused("DELETE FROM cases_journalentry WHERE id = %s", [signed.pk])
    assert_refused("DELETE FROM cases_journalentry")
    assert execute("UPDATE cases_journalentry SET text = 'Nytt utkast.' WHERE id = %s", [draft.pk]) == 1
    assert execute("DELETE FROM cases_journalentry WHERE id = %s", [draft.pk]) == 1
    assert JournalEntry.objects.get(pk=signed.pk).text == "Signerad text."
