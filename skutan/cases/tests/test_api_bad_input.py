"""Bad journal text gives a 400 naming the field, in Swedish, and stores nothing (issue 7, defect 5)."""

import pytest

from skutan.cases.models import JournalEntry
from skutan.cases.services import JOURNAL_TEXT_MAX_LENGTH, journal_entry_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, message",
    [
        ("Före \ud800 efter", "ogiltiga tecken"),
        ("Före \x00 efter", "ogiltiga tecken"),
        ("x" * (5 * 1024 * 1024), "högst 100 000 tecken"),
    ],
    ids=["lone-surrogate", "nul-byte", "5-MB"],
)
def test_bad_journal_text_is_a_400_naming_the_field(api, staff, eb_case, text, message):
    before = JournalEntry.objects.count()
    response = api(staff["eb_worker"]).post(f"/cases/{eb_case.pk}/journal-entries", {"text": text})
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["field"] == "text"
    assert message in body["detail"]
    assert JournalEntry.objects.count() == before


def test_bad_text_in_a_patch_is_a_400_and_the_draft_is_unchanged(api, staff, eb_case):
    entry = journal_entry_create(actor=staff["eb_worker"], case=eb_case, text="Utkast.")
    response = api(staff["eb_worker"]).patch(
        f"/journal-entries/{entry.pk}", {"text": "a\x00b", "version": entry.version}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "text"
    assert JournalEntry.objects.get(pk=entry.pk).text == "Utkast."


def test_the_service_itself_refuses_bad_text(staff, eb_case):
    from skutan.core.errors import ApplicationError

    for text in ("\ud800", "a\x00", "x" * (JOURNAL_TEXT_MAX_LENGTH + 1)):
        with pytest.raises(ApplicationError) as caught:
            journal_entry_create(actor=staff["eb_worker"], case=eb_case, text=text)
        assert caught.value.field == "text"
    assert journal_entry_create(actor=staff["eb_worker"], case=eb_case, text="x" * JOURNAL_TEXT_MAX_LENGTH)
