"""POST /persons/{id}/safety-markers, POST /visits, check-in/out and GET /visits/overdue (issue 14 API)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from skutan.staff.models import Visit

pytestmark = pytest.mark.django_db


def _iso(dt):
    return dt.isoformat()


def test_marker_then_person_shows_it(api, person, staff, kinds, eb_case):
    client = api(staff["eb_worker"])
    review = str(timezone.localdate() + timedelta(days=60))
    response = client.post(f"/persons/{person.pk}/safety-markers",
                           {"kind": "threat_to_staff", "reason": "Hot mot personal", "review_on": review})
    assert response.status_code == 201
    assert client.get(f"/persons/{person.pk}").json()["safety_markers"] == [
        {"kind": "threat_to_staff", "reason": "Hot mot personal", "review_on": review}]
    assert client.post(f"/persons/{person.pk}/safety-markers",
                       {"kind": "nope", "reason": "x", "review_on": review}).json()["field"] == "kind"


def test_marker_needs_a_case_in_ones_unit(api, person, staff, kinds, bou_case):
    response = api(staff["eb_worker"]).post(f"/persons/{person.pk}/safety-markers", {
        "kind": "dog", "reason": "Hund", "review_on": str(timezone.localdate() + timedelta(days=9))})
    assert response.status_code == 403


def test_visit_unit_may_be_left_out_and_a_marker_needs_a_companion(api, person, staff, eb_case, threat_marker):
    start = timezone.now() - timedelta(hours=3)  # recorded afterwards: allowed
    body = {"person": person.pk, "starts_at": _iso(start), "expected_end": _iso(start + timedelta(hours=1)),
            "companion": None}
    client = api(staff["eb_worker"])
    refused = client.post("/visits", body)
    assert refused.status_code == 400 and refused.json()["field"] == "companion"
    ok = client.post("/visits", body | {"companion": staff["eb_worker2"].pk})
    assert ok.status_code == 201 and ok.json()["unit"] == eb_case.unit_id
    assert "Hot mot personal" not in str(ok.json()["warnings"]) or ok.json()["warnings"]


def test_expected_end_before_start_is_400(api, person, staff, eb_case, kinds):
    start = timezone.now()
    response = api(staff["eb_worker"]).post("/visits", {"person": person.pk, "starts_at": _iso(start),
                                                        "expected_end": _iso(start - timedelta(minutes=1))})
    assert response.status_code == 400 and response.json()["field"] == "expected_end"
    assert not Visit.objects.exists()


def test_check_in_out_and_overdue(api, person, staff, eb_case, kinds):
    start = timezone.now() - timedelta(hours=2)
    client = api(staff["eb_worker"])
    visit = client.post("/visits", {"person": person.pk, "starts_at": _iso(start),
                                    "expected_end": _iso(start + timedelta(minutes=60))}).json()
    assert client.post(f"/visits/{visit['id']}/check-in").status_code == 200
    overdue = api(staff["eb_manager"]).get("/visits/overdue").json()
    assert [v["id"] for v in overdue] == [visit["id"]] and overdue[0]["minutes_overdue"] >= 59
    assert api(staff["bou_worker"]).get("/visits/overdue").json() == []
    assert client.post(f"/visits/{visit['id']}/check-out").status_code == 200
    assert client.post(f"/visits/{visit['id']}/check-out").status_code == 409
    assert api(staff["eb_manager"]).get("/visits/overdue").json() == []
    assert api(staff["bou_worker"]).post(f"/visits/{visit['id']}/check-in").status_code == 404


def test_openapi_lists_the_marker_kinds(client):
    text = str(client.get("/api/v1/openapi.json").json()["components"]["schemas"]["MarkerIn"])
    for code in ("threat_to_staff", "violence_history", "dog", "always_two", "other"):
        assert code in text
