"""/api/v1/management/assignments (issue 16)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from skutan.governance.models import Assignment

pytestmark = pytest.mark.django_db


def test_create_list_and_patch(api, group, leadership, staff):
    client = api(leadership["director"])
    due = timezone.localdate() + timedelta(days=20)
    response = client.post("/management/assignments", {"title": "Prognos för försörjningsstöd",
                                                      "owner": leadership["controller"].pk, "due_on": str(due),
                                                      "description": "Jämför med förra året"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "not_started" and body["warnings"] == [] and body["group"] == group.pk
    patched = api(leadership["controller"]).patch(f"/management/assignments/{body['id']}",
                                                  {"status": "in_progress", "note": "Påbörjat",
                                                   "version": body["version"]})
    assert patched.status_code == 200 and patched.json()["status"] == "in_progress"
    stale = api(leadership["controller"]).patch(f"/management/assignments/{body['id']}",
                                                {"status": "done", "note": "", "version": body["version"]})
    assert stale.status_code == 409
    unknown = api(leadership["controller"]).patch(f"/management/assignments/{body['id']}",
                                                  {"status": "finished", "note": "", "version": body["version"] + 1})
    assert unknown.status_code == 400 and unknown.json()["field"] == "status"
    cancel = api(leadership["controller"]).patch(f"/management/assignments/{body['id']}",
                                                 {"status": "cancelled", "note": "", "version": body["version"] + 1})
    assert cancel.status_code == 400 and cancel.json()["field"] == "note"


def test_a_past_due_date_is_created_with_a_warning_and_listed_as_overdue(api, group, leadership):
    client = api(leadership["director"])
    response = client.post("/management/assignments", {"title": "Efterregistrerat", "owner": leadership["controller"].pk,
                                                      "due_on": str(timezone.localdate() - timedelta(days=10))})
    assert response.status_code == 201
    assert [w["field"] for w in response.json()["warnings"]] == ["due_on"]
    client.post("/management/assignments", {"title": "I tid", "owner": leadership["controller"].pk,
                                           "due_on": str(timezone.localdate() + timedelta(days=30))})
    overdue = client.get("/management/assignments?overdue=true").json()
    assert [a["title"] for a in overdue] == ["Efterregistrerat"] and overdue[0]["overdue"] is True
    assert len(client.get("/management/assignments").json()) == 2


def test_a_caseworker_may_not_give_assignments_and_sees_none(api, group, leadership, staff):
    response = api(staff["eb_worker"]).post("/management/assignments", {
        "title": "x", "owner": staff["eb_worker"].pk, "due_on": str(timezone.localdate())})
    assert response.status_code == 403 and not Assignment.objects.exists()
    assert api(staff["eb_worker"]).get("/management/assignments").json() == []


def test_bad_input(api, group, leadership):
    client = api(leadership["director"])
    assert client.post("/management/assignments", {"title": "x", "owner": 999999,
                                                  "due_on": "2026-12-01"}).json()["field"] == "owner"
    assert client.post("/management/assignments", {"title": "", "owner": leadership["controller"].pk,
                                                  "due_on": "2026-12-01"}).json()["field"] == "title"
    assert client.post("/management/assignments", {"title": "x", "owner": leadership["controller"].pk,
                                                  "due_on": "2026-13-01"}).status_code == 400


def test_openapi_lists_the_statuses(client):
    schema = client.get("/api/v1/openapi.json").json()
    text = str(schema["components"]["schemas"]["AssignmentPatch"])
    for status in ("not_started", "in_progress", "done", "reported_back", "cancelled"):
        assert status in text
