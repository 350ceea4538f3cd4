import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from skutan.audit.models import AccessLog
from skutan.cases.models import Case, CaseAssignment, CaseStatus, JournalEntry
from skutan.cases.services import journal_entry_create
from skutan.core.tests.fixtures import STREET


def _case_payload(p, units, **kw):
    body = {"person": p.pk, "case_type": "financial_assistance", "unit": units["eb"].pk,
            "opening_kind": "application", "summary": "Ansökan"}
    body.update(kw)
    return body


# POST /cases -----------------------------------------------------------------------------------


def test_create_case(api, staff, units, person):
    response = api(staff["eb_worker"]).post("/cases", _case_payload(person, units, opened_on="2026-02-03"))
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get()
    assert body["id"] == case.pk
    assert body["reference"] == "EB-2026-00001"
    assert (body["person"], body["unit"], body["status"], body["opened_on"]) == (
        person.pk, units["eb"].pk, "opened", "2026-02-03"
    )
    assert body["assigned_to"] == []
    assert AccessLog.objects.filter(person_id=person.pk, channel="api").exists()


@pytest.mark.parametrize("missing", ["person", "case_type", "unit", "opening_kind"])
def test_create_case_missing_field_is_400(api, staff, units, person, missing):
    body = _case_payload(person, units)
    del body[missing]
    response = api(staff["eb_worker"]).post("/cases", body)
    assert response.status_code == 400
    assert response.json()["field"] == missing
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "override, field",
    [({"case_type": "okand"}, "case_type"), ({"opening_kind": "okand"}, "opening_kind"),
     ({"opened_on": "2026-13-01"}, "opened_on"), ({"opened_on": "future"}, "opened_on")],
)
def test_create_case_bad_values_are_400(api, staff, units, person, override, field):
    if override.get("opened_on") == "future":
        override = {"opened_on": (timezone.localdate() + timedelta(days=3)).isoformat()}
    response = api(staff["eb_worker"]).post("/cases", _case_payload(person, units, **override))
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not Case.objects.exists()


def test_create_case_unknown_unit_is_400(api, staff, person, units):
    response = api(staff["eb_worker"]).post("/cases", _case_payload(person, units, unit=999999))
    assert response.status_code == 400
    assert response.json()["field"] == "unit"


def test_create_case_unknown_person_is_404(api, staff, units, person):
    response = api(staff["eb_worker"]).post("/cases", _case_payload(person, units, person=999999))
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_create_case_in_other_unit_is_403(api, staff, units, person):
    response = api(staff["eb_worker"]).post("/cases", _case_payload(person, units, unit=units["bou"].pk))
    assert response.status_code == 403
    assert "egen enhet" in response.json()["detail"]
    assert not Case.objects.exists()


# GET /cases/{id} -------------------------------------------------------------------------------


def test_case_detail(api, staff, eb_case):
    response = api(staff["eb_worker2"]).get(f"/cases/{eb_case.pk}")
    assert response.status_code == 200
    assert response.json()["assigned_to"] == [staff["eb_worker"].pk]
    assert response.json()["reference"] == eb_case.reference
    row = AccessLog.objects.get(case_id=eb_case.pk)
    assert (row.channel, row.user_id) == ("api", staff["eb_worker2"].pk)


def test_case_detail_unknown_and_other_unit_are_404(api, staff, bou_case):
    client = api(staff["eb_worker"])
    for path in ("/cases/999999", f"/cases/{bou_case.pk}"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["detail"].startswith("Ärendet finns inte")
    assert not AccessLog.objects.exists()


# POST /cases/{id}/allocate ---------------------------------------------------------------------


def test_allocate(api, staff, eb_case):
    response = api(staff["eb_manager"]).post(f"/cases/{eb_case.pk}/allocate", {"user": staff["eb_worker2"].pk})
    assert response.status_code == 200
    assert response.json()["assigned_to"] == [staff["eb_worker2"].pk]
    assert CaseAssignment.objects.filter(case=eb_case, ended_at__isnull=True).get().user == staff["eb_worker2"]


def test_allocate_not_manager_is_403(api, staff, eb_case):
    response = api(staff["eb_worker"]).post(f"/cases/{eb_case.pk}/allocate", {"user": staff["eb_worker2"].pk})
    assert response.status_code == 403
    assert "enhetschefen" in response.json()["detail"]
    assert CaseAssignment.objects.get(case=eb_case).user == staff["eb_worker"]


@pytest.mark.parametrize("body, field", [({}, "user"), ({"user": 999999}, "user"), ({"user": "x"}, "user")])
def test_allocate_bad_user_is_400(api, staff, eb_case, body, field):
    response = api(staff["eb_manager"]).post(f"/cases/{eb_case.pk}/allocate", body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert CaseAssignment.objects.get(case=eb_case).user == staff["eb_worker"]


def test_allocate_to_other_units_worker_is_400(api, staff, eb_case):
    response = api(staff["eb_manager"]).post(f"/cases/{eb_case.pk}/allocate", {"user": staff["bou_worker"].pk})
    assert response.status_code == 400
    assert response.json()["field"] == "user"


def test_allocate_other_units_case_is_404(api, staff, bou_case):
    response = api(staff["eb_manager"]).post(f"/cases/{bou_case.pk}/allocate", {"user": staff["eb_worker"].pk})
    assert response.status_code == 404
    assert CaseAssignment.objects.get(case=bou_case).user == staff["bou_worker"]


# POST /cases/{id}/close ------------------------------------------------------------------------


def test_close(api, staff, eb_case):
    response = api(staff["eb_worker"]).post(f"/cases/{eb_case.pk}/close", {"reason": "Egen försörjning", "version": 1})
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert response.json()["closed_on"] == timezone.localdate().isoformat()
    assert Case.objects.get(pk=eb_case.pk).status == CaseStatus.CLOSED


def test_close_errors(api, staff, eb_case, bou_case):
    client = api(staff["eb_worker"])
    assert client.post(f"/cases/{eb_case.pk}/close", {"version": 1}).json()["field"] == "reason"
    response = client.post(f"/cases/{eb_case.pk}/close", {"reason": " ", "version": 1})
    assert (response.status_code, response.json()["field"]) == (400, "reason")
    response = client.post(f"/cases/{eb_case.pk}/close", {"reason": "Klart", "version": 9})
    assert (response.status_code, response.json()["field"]) == (409, "version")
    response = client.post(f"/cases/{eb_case.pk}/close", {"reason": "Klart", "version": 1, "closed_on": "2000-01-01"})
    assert (response.status_code, response.json()["field"]) == (400, "closed_on")
    assert client.post(f"/cases/{bou_case.pk}/close", {"reason": "Klart", "version": 1}).status_code == 404
    assert client.post("/cases/999999/close", {"reason": "Klart", "version": 1}).status_code == 404
    assert Case.objects.filter(status=CaseStatus.CLOSED).count() == 0
    assert client.post(f"/cases/{eb_case.pk}/close", {"reason": "Klart", "version": 1}).status_code == 200
    assert client.post(f"/cases/{eb_case.pk}/close", {"reason": "Igen", "version": 2}).status_code == 409


# GET /cases/{id}/events ------------------------------------------------------------------------


def test_events(api, staff, eb_case):
    response = api(staff["eb_worker"]).get(f"/cases/{eb_case.pk}/events")
    assert response.status_code == 200
    assert [e["event_type"] for e in response.json()] == ["allocated", "opened"]
    assert response.json()[1]["username"] == "eb.handlaggare"
    assert api(staff["bou_worker"]).get(f"/cases/{eb_case.pk}/events").status_code == 404
    assert api(staff["eb_worker"]).get("/cases/999999/events").status_code == 404


# journal ---------------------------------------------------------------------------------------


def test_journal_create_list_detail(api, staff, eb_case):
    client = api(staff["eb_worker"])
    response = client.post(f"/cases/{eb_case.pk}/journal-entries", {"text": "Hembesök.", "event_date": "2026-03-04"})
    assert response.status_code == 201
    entry = response.json()
    assert (entry["case"], entry["text"], entry["event_date"], entry["signed_at"], entry["author"]) == (
        eb_case.pk, "Hembesök.", "2026-03-04", None, "eb.handlaggare"
    )
    listed = client.get(f"/cases/{eb_case.pk}/journal-entries")
    assert listed.status_code == 200
    assert [e["id"] for e in listed.json()] == [entry["id"]]
    detail = client.get(f"/journal-entries/{entry['id']}")
    assert detail.status_code == 200 and detail.json()["text"] == "Hembesök."


@pytest.mark.parametrize(
    "body, field",
    [({}, "text"), ({"text": "  "}, "text"), ({"text": "x", "event_date": "igår"}, "event_date"),
     ({"text": "x", "event_date": "future"}, "event_date"), ({"text": "x", "corrects": 999999}, "corrects")],
)
def test_journal_create_bad_input_is_400(api, staff, eb_case, body, field):
    if body.get("event_date") == "future":
        body["event_date"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = api(staff["eb_worker"]).post(f"/cases/{eb_case.pk}/journal-entries", body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not JournalEntry.objects.exists()


def test_journal_create_on_closed_case_is_409(api, staff, eb_case):
    client = api(staff["eb_worker"])
    client.post(f"/cases/{eb_case.pk}/close", {"reason": "Klart", "version": 1})
    assert client.post(f"/cases/{eb_case.pk}/journal-entries", {"text": "Sent"}).status_code == 409


def test_journal_create_correction_of_draft_is_400(api, staff, eb_case, draft_entry):
    response = api(staff["eb_worker"]).post(
        f"/cases/{eb_case.pk}/journal-entries", {"text": "Rättelse", "corrects": draft_entry.pk}
    )
    assert response.status_code == 400 and response.json()["field"] == "corrects"


def test_journal_correction(api, staff, eb_case, signed_entry):
    client = api(staff["eb_worker"])
    response = client.post(f"/cases/{eb_case.pk}/journal-entries", {"text": "Rättelse", "corrects": signed_entry.pk})
    assert response.status_code == 201
    correction = response.json()
    assert correction["corrects"] == signed_entry.pk
    assert client.post(f"/journal-entries/{correction['id']}/sign").status_code == 200
    assert JournalEntry.objects.get(pk=signed_entry.pk).text == "Signerad anteckning om besök."


def test_journal_of_other_unit_is_404(api, staff, bou_case):
    entry = journal_entry_create(actor=staff["bou_worker"], case=bou_case, text="Hemligt")
    client = api(staff["eb_worker"])
    assert client.get(f"/cases/{bou_case.pk}/journal-entries").status_code == 404
    assert client.post(f"/cases/{bou_case.pk}/journal-entries", {"text": "x"}).status_code == 404
    assert client.get(f"/journal-entries/{entry.pk}").status_code == 404
    assert client.patch(f"/journal-entries/{entry.pk}", {"text": "x", "version": 1}).status_code == 404
    assert client.post(f"/journal-entries/{entry.pk}/sign").status_code == 404
    assert "Hemligt" == JournalEntry.objects.get(pk=entry.pk).text
    assert not JournalEntry.objects.get(pk=entry.pk).is_signed
    assert client.get("/journal-entries/999999").status_code == 404


def test_journal_patch_draft(api, staff, draft_entry):
    response = api(staff["eb_worker"]).patch(f"/journal-entries/{draft_entry.pk}", {"text": "Ny text", "version": 1})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert JournalEntry.objects.get(pk=draft_entry.pk).text == "Ny text"


def test_journal_patch_stale_is_409(api, staff, draft_entry):
    client = api(staff["eb_worker"])
    client.patch(f"/journal-entries/{draft_entry.pk}", {"text": "Först", "version": 1})
    response = client.patch(f"/journal-entries/{draft_entry.pk}", {"text": "Sen", "version": 1})
    assert response.status_code == 409
    assert JournalEntry.objects.get(pk=draft_entry.pk).text == "Först"


def test_journal_patch_signed_is_409_and_unchanged(api, staff, signed_entry):
    response = api(staff["eb_worker"]).patch(
        f"/journal-entries/{signed_entry.pk}", {"text": "Ändrad", "version": signed_entry.version}
    )
    assert response.status_code == 409
    assert "signerad" in response.json()["detail"]
    row = JournalEntry.objects.get(pk=signed_entry.pk)
    assert (row.text, row.version, row.signed_at) == (signed_entry.text, signed_entry.version, signed_entry.signed_at)


def test_journal_patch_bad_input(api, staff, draft_entry):
    client = api(staff["eb_worker"])
    assert client.patch(f"/journal-entries/{draft_entry.pk}", {"text": "x"}).json()["field"] == "version"
    response = client.patch(f"/journal-entries/{draft_entry.pk}", {"text": "", "version": 1})
    assert (response.status_code, response.json()["field"]) == (400, "text")
    assert JournalEntry.objects.get(pk=draft_entry.pk).text == "Utkast om hembesök."


def test_journal_patch_by_other_author_is_403(api, staff, draft_entry):
    response = api(staff["eb_worker2"]).patch(f"/journal-entries/{draft_entry.pk}", {"text": "Kapad", "version": 1})
    assert response.status_code == 403
    assert JournalEntry.objects.get(pk=draft_entry.pk).text == "Utkast om hembesök."


def test_journal_sign_and_twice_is_409(api, staff, draft_entry):
    client = api(staff["eb_worker"])
    first = client.post(f"/journal-entries/{draft_entry.pk}/sign")
    assert first.status_code == 200
    assert first.json()["signed_by"] == "eb.handlaggare"
    signed_at = JournalEntry.objects.get(pk=draft_entry.pk).signed_at
    second = client.post(f"/journal-entries/{draft_entry.pk}/sign")
    assert second.status_code == 409
    assert JournalEntry.objects.get(pk=draft_entry.pk).signed_at == signed_at


def test_journal_sign_by_other_user_is_403(api, staff, draft_entry):
    assert api(staff["eb_worker2"]).post(f"/journal-entries/{draft_entry.pk}/sign").status_code == 403
    assert not JournalEntry.objects.get(pk=draft_entry.pk).is_signed


def test_journal_sign_unknown_is_404(api, staff):
    assert api(staff["eb_worker"]).post("/journal-entries/999999/sign").status_code == 404


# authentication and superuser ------------------------------------------------------------------


def test_no_or_invalid_token_is_401(eb_case, signed_entry):
    for header in ({}, {"HTTP_AUTHORIZATION": "Bearer sk_invalid"}):
        client = Client()
        for method, path in [
            ("post", "/api/v1/cases"), ("get", f"/api/v1/cases/{eb_case.pk}"),
            ("post", f"/api/v1/cases/{eb_case.pk}/allocate"), ("post", f"/api/v1/cases/{eb_case.pk}/close"),
            ("get", f"/api/v1/cases/{eb_case.pk}/events"), ("get", f"/api/v1/cases/{eb_case.pk}/journal-entries"),
            ("post", f"/api/v1/cases/{eb_case.pk}/journal-entries"), ("get", f"/api/v1/journal-entries/{signed_entry.pk}"),
            ("patch", f"/api/v1/journal-entries/{signed_entry.pk}"), ("post", f"/api/v1/journal-entries/{signed_entry.pk}/sign"),
        ]:
            body = {} if method == "get" else {"data": json.dumps({}), "content_type": "application/json"}
            response = getattr(client, method)(path, **body, **header)
            assert response.status_code == 401, (method, path, header)
    assert not AccessLog.objects.exists()


def test_superuser_uses_every_case_endpoint_and_reads_are_logged(api, superuser, staff, units, person, protected_case):
    client = api(superuser)
    created = client.post("/cases", _case_payload(person, units, unit=units["bou"].pk, case_type="children",
                                                  opening_kind="report"))
    assert created.status_code == 201
    cid = created.json()["id"]
    assert client.get(f"/cases/{cid}").status_code == 200
    assert client.post(f"/cases/{cid}/allocate", {"user": staff["bou_worker"].pk}).json()["assigned_to"] == [
        staff["bou_worker"].pk
    ]
    assert client.get(f"/cases/{cid}/events").status_code == 200
    entry = client.post(f"/cases/{cid}/journal-entries", {"text": "Admin skriver"}).json()
    assert client.get(f"/cases/{cid}/journal-entries").json()[0]["id"] == entry["id"]
    assert client.get(f"/journal-entries/{entry['id']}").status_code == 200
    assert client.patch(f"/journal-entries/{entry['id']}", {"text": "Ändrat", "version": 1}).status_code == 200
    assert client.post(f"/journal-entries/{entry['id']}/sign").status_code == 200
    assert client.post(f"/cases/{cid}/close", {"reason": "Klart", "version": 1}).status_code == 200
    # every request that read the case left its own row
    reads = AccessLog.objects.filter(user_id=superuser.pk, case_id=cid, channel="api")
    assert reads.count() == 10  # detail, allocate (2), events, create, list, detail, patch, sign, close
    assert not reads.filter(outside_units=True).exists()
    response = client.get(f"/cases/{protected_case.pk}")
    assert response.status_code == 200
    assert AccessLog.objects.get(user_id=superuser.pk, case_id=protected_case.pk).protected_person
    assert STREET not in response.content.decode()


def test_other_users_drafts_are_not_exposed(api, staff, eb_case, draft_entry, signed_entry):
    """Like the case page: colleagues see signed entries, and their own drafts only."""
    colleague = api(staff["eb_worker2"])
    assert [e["id"] for e in colleague.get(f"/cases/{eb_case.pk}/journal-entries").json()] == [signed_entry.pk]
    assert colleague.get(f"/journal-entries/{draft_entry.pk}").status_code == 404
    assert colleague.get(f"/journal-entries/{signed_entry.pk}").status_code == 200
    author = api(staff["eb_worker"])
    assert {e["id"] for e in author.get(f"/cases/{eb_case.pk}/journal-entries").json()} == {draft_entry.pk, signed_entry.pk}
    assert author.get(f"/journal-entries/{draft_entry.pk}").status_code == 200
