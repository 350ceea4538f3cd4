"""A late autosave must never turn a just-signed entry back into a new draft."""

from django.utils import timezone

from skutan.cases.models import JournalEntry

HTMX = {"HTTP_HX_REQUEST": "true"}


def _post(client, case, **data):
    payload = {"event_date": timezone.localdate().isoformat(), "text": "Besök hos klienten.", **data}
    return client.post(f"/arenden/{case.pk}/journal/", payload, **HTMX)


def test_autosave_after_sign_with_stale_version_creates_no_draft(client, staff, eb_case):
    client.force_login(staff["eb_worker"])
    _post(client, eb_case, action="autosave")
    entry = JournalEntry.objects.get(case=eb_case)
    _post(client, eb_case, action="sign", version=entry.version)
    response = _post(client, eb_case, action="autosave", version=entry.version)
    assert response.status_code == 409
    assert "redan signerad" in response.content.decode()
    assert JournalEntry.objects.filter(case=eb_case, signed_at__isnull=True).count() == 0


def test_autosave_without_version_repeating_signed_text_creates_no_draft(client, staff, eb_case):
    client.force_login(staff["eb_worker"])
    client.post(f"/arenden/{eb_case.pk}/journal/", {
        "event_date": timezone.localdate().isoformat(), "text": "Besök hos klienten.", "action": "sign",
    })
    response = _post(client, eb_case, action="autosave")
    assert response.status_code == 409
    assert JournalEntry.objects.filter(case=eb_case).count() == 1


def test_autosave_of_new_text_after_sign_starts_a_new_draft(client, staff, eb_case):
    client.force_login(staff["eb_worker"])
    _post(client, eb_case, action="sign")
    response = _post(client, eb_case, action="autosave", text="Ny anteckning om telefonsamtal.")
    assert response.status_code == 200
    assert JournalEntry.objects.filter(case=eb_case, signed_at__isnull=True).count() == 1
