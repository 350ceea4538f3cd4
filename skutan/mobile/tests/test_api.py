"""The API of issue 15: POST/GET /api/v1/mobile-assignments and POST /api/v1/mobile-assignments/{id}/visits."""

from datetime import timedelta

import pytest
from django.utils import timezone

from skutan.audit.models import AccessLog
from skutan.cases.models import JournalEntry
from skutan.mobile.models import Escalation, MobileAssignment

pytestmark = pytest.mark.django_db


def _body(case, **kw):
    today = timezone.localdate()
    return {"case": case.pk, "purpose": "supervision", "visits_per_week": 3, "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat(), **kw}


def test_post_assignment_answers_201_and_team_may_be_left_out(api, adult_case, adult_staff, adult_units):
    response = api(adult_staff["worker"]).post("/mobile-assignments", _body(adult_case))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["team"] == adult_units["mobil"].pk and data["purpose"] == "supervision" and data["warnings"] == []
    assert MobileAssignment.objects.get(pk=data["id"]).given_by == adult_staff["worker"]


def test_post_assignment_with_explicit_team(api, adult_case, adult_staff, adult_units):
    response = api(adult_staff["worker"]).post(
        "/mobile-assignments", _body(adult_case, team=adult_units["mobil"].pk, purpose="accompany_to_care"))
    assert response.status_code == 201 and response.json()["purpose"] == "accompany_to_care"


def test_over_capacity_gets_400_naming_visits_per_week(api, adult_case, adult_staff):
    response = api(adult_staff["worker"]).post("/mobile-assignments", _body(adult_case, visits_per_week=90))
    assert response.status_code == 400
    assert response.json()["field"] == "visits_per_week"
    assert not MobileAssignment.objects.exists()


def test_unknown_purpose_is_a_400(api, adult_case, adult_staff):
    response = api(adult_staff["worker"]).post("/mobile-assignments", _body(adult_case, purpose="fika"))
    assert response.status_code == 400 and response.json()["field"] == "purpose"


def test_another_unit_gets_404_for_the_case(api, adult_case, adult_staff):
    response = api(adult_staff["eb_worker"]).post("/mobile-assignments", _body(adult_case))
    assert response.status_code == 404 and not MobileAssignment.objects.exists()


def test_purposes_are_listed_in_the_openapi_document(client):
    schema = client.get("/api/v1/openapi.json").json()
    props = schema["components"]["schemas"]["AssignmentIn"]["properties"]
    assert set(props["purpose"]["enum"]) == {"supervision", "motivation", "accompany_to_care", "social_visit",
                                             "help_to_contact"}
    assert "/api/v1/mobile-assignments/{mobile_assignment_id}/visits" in schema["paths"]


def test_get_is_for_the_team_and_shows_what_it_needs(api, adult_case, eb_case, adult_staff):
    api(adult_staff["worker"]).post("/mobile-assignments", _body(adult_case, instructions="Ring på två gånger"))
    before = AccessLog.objects.count()
    rows = api(adult_staff["member"]).get("/mobile-assignments").json()
    assert [(r["case"], r["client_name"], r["instructions"]) for r in rows] == [
        (adult_case.pk, "Anna Svensson", "Ring på två gånger")]
    assert set(rows[0]) == {"id", "case", "person", "client_name", "team", "purpose", "visits_per_week", "starts_on",
                            "ends_on", "instructions", "start_meeting_on", "warnings"}  # no journal, no decisions
    assert AccessLog.objects.filter(id__gt=0).count() == before + 1  # the client read is logged
    assert api(adult_staff["eb_worker"]).get("/mobile-assignments").json() == []
    # the team reads neither the case nor its journal through the API
    assert api(adult_staff["member"]).get(f"/cases/{adult_case.pk}/journal-entries").status_code == 404


def test_post_visit_201_and_not_reached_escalates(api, adult_case, adult_staff):
    assignment = api(adult_staff["worker"]).post("/mobile-assignments", _body(adult_case)).json()
    member = api(adult_staff["member"])
    visited = (timezone.now() - timedelta(minutes=20)).isoformat()
    response = member.post(f"/mobile-assignments/{assignment['id']}/visits",
                           {"visited_at": visited, "purpose": "supervision", "outcome": "met", "note": "Mår bättre."})
    assert response.status_code == 201, response.content
    met = response.json()
    assert met["escalation"] is None and JournalEntry.objects.get(pk=met["journal_entry"]).signed_at is None
    response = member.post(f"/mobile-assignments/{assignment['id']}/visits",
                           {"visited_at": visited, "purpose": "supervision", "outcome": "not_reached", "note": ""})
    assert response.status_code == 201
    escalation = Escalation.objects.get(pk=response.json()["escalation"])
    assert escalation.assignment_id == assignment["id"]


def test_post_visit_by_someone_outside_the_team(api, adult_case, adult_staff):
    assignment = api(adult_staff["worker"]).post("/mobile-assignments", _body(adult_case)).json()
    body = {"visited_at": timezone.now().isoformat(), "purpose": "supervision", "outcome": "met", "note": "x"}
    assert api(adult_staff["worker"]).post(
        f"/mobile-assignments/{assignment['id']}/visits", body).status_code == 403
    assert api(adult_staff["eb_worker"]).post(
        f"/mobile-assignments/{assignment['id']}/visits", body).status_code == 404
    bad = api(adult_staff["member"]).post(f"/mobile-assignments/{assignment['id']}/visits",
                                                      {**body, "outcome": "maybe"})
    assert bad.status_code == 400 and bad.json()["field"] == "outcome"
