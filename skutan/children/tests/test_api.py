from datetime import timedelta

import pytest
from django.utils import timezone

from skutan.children.models import (
    ChildReport,
    Intervention,
    InvestigationExtension,
    PreliminaryAssessment,
    PreliminaryExtension,
)

REPORT = {
    "received_at": "2025-03-03T10:00:00+01:00",
    "reporter_category": "school",
    "concerns": ["violence", "parental_substance_abuse"],
    "text": "Eleven berättar att mamma dricker och att det bråkas hemma.",
    "reporter_name": "Rektor Berit Lund",
    "reporter_confidential": False,
}


@pytest.fixture
def worker_api(api, staff):
    return api(staff["bou_worker"])


@pytest.fixture
def created(worker_api, child):
    response = worker_api.post("/child-reports", {**REPORT, "child": child.pk})
    assert response.status_code == 201, response.content
    return response.json()


def test_create_answers_with_deadlines_as_iso_dates(created, child):
    assert created["child"] == child.pk
    assert created["protection_assessment_due"] == "2025-03-03"
    assert created["preliminary_assessment_due"] == "2025-03-17"
    assert sorted(created["concerns"]) == ["parental_substance_abuse", "violence"]
    assert created["reporter_name"] == "Rektor Berit Lund"
    assert created["case"] is not None


def test_full_flow_through_the_api(worker_api, created):
    rid = created["id"]
    assert worker_api.get(f"/child-reports/{rid}").json()["preliminary_assessment_due"] == "2025-03-17"
    r = worker_api.post(f"/child-reports/{rid}/protection-assessment", {
        "assessed_at": "2025-03-03T14:00:00+01:00", "immediate_protection_needed": False,
        "notes": "Barnet är i skolan; inget akut skyddsbehov.",
    })
    assert r.status_code == 201 and r.json()["late"] is False
    r = worker_api.post(f"/child-reports/{rid}/preliminary-assessment",
                        {"outcome": "open_investigation", "decided_on": "2025-03-12"})
    assert r.status_code == 201, r.content
    investigation = r.json()["investigation"]
    assert (investigation["opened_on"], investigation["due"]) == ("2025-03-12", "2025-07-14")
    r = worker_api.post(f"/investigations/{investigation['id']}/extensions", {
        "new_due": "2025-09-01", "reason": "Väntar på utlåtande från BUP.", "decided_on": "2025-07-01",
    })
    assert r.status_code == 201, r.content
    assert r.json()["investigation"]["due"] == "2025-09-01"
    assert r.json()["investigation"]["statutory_due"] == "2025-07-14"
    decision = {"kind": "parenting_support", "decided_on": "2025-08-20", "starts_on": "2025-09-01",
                "provider": "Familjecentralen", "follow_up_dates": ["2025-12-01"],
                "goal": "Föräldrarna ska sätta gränser utan våld.", "reasons": "Utredningen visar behov av stöd."}
    r = worker_api.post(f"/investigations/{investigation['id']}/interventions", decision)
    assert r.status_code == 400 and r.json()["field"] == "best_interest"
    assert worker_api.post(f"/investigations/{investigation['id']}/child-conversations", {
        "held_on": "2025-03-20", "held_by": "Bo Ek", "alone": True}).status_code == 201
    assert worker_api.post(f"/investigations/{investigation['id']}/best-interest-assessments", {
        "text": "Stöd i hemmet.", "assessed_on": "2025-08-19"}).status_code == 201
    r = worker_api.post(f"/investigations/{investigation['id']}/interventions", decision)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["kind"] == "parenting_support"
    assert body["follow_ups"][0]["due_on"] == "2025-12-01" and body["follow_ups"][0]["overdue"] is True
    assert worker_api.get(f"/investigations/{investigation['id']}").json()["outcome"] == "interventions"


SWEDISH = ("kan inte", "Ange", "Okän", "Ogiltig", "Motivera", "Skriv", "måste", "Slutdatum", "Det nya datumet",
           "Beskriv", "samtal")
ENGLISH = ("Input should", "field required", "value is not", "Invalid", "must be")


def _assert_swedish_400(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field
    assert any(word in body["detail"] for word in SWEDISH), body["detail"]
    assert not any(word in body["detail"] for word in ENGLISH), body["detail"]


@pytest.mark.parametrize(
    "change,field",
    [
        ({"received_at": (timezone.now() + timedelta(hours=3)).isoformat()}, "received_at"),
        ({"reporter_category": "neighbour"}, "reporter_category"),
        ({"concerns": ["violence", "ghosts"]}, "concerns.1"),
        ({"received_at": "igår"}, "received_at"),
    ],
)
def test_bad_report_input_is_refused_and_nothing_saved(worker_api, child, change, field):
    response = worker_api.post("/child-reports", {**REPORT, "child": child.pk, **change})
    _assert_swedish_400(response, field)
    assert ChildReport.objects.count() == 0


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"outcome": "open_investigation", "decided_on": "tomorrow"}, "decided_on"),
        ({"outcome": "open_investigation", "decided_on": "2025-03-02"}, "decided_on"),
        ({"outcome": "no_investigation", "decided_on": "2025-03-10"}, "reason"),
        ({"outcome": "transfer", "decided_on": "2025-03-10"}, "transferred_to"),
        ({"outcome": "perhaps", "decided_on": "2025-03-10"}, "outcome"),
    ],
)
def test_bad_preliminary_decisions(worker_api, created, payload, field):
    if payload["decided_on"] == "tomorrow":  # worked out at run time: a run may cross midnight
        payload = {**payload, "decided_on": (timezone.localdate() + timedelta(days=1)).isoformat()}
    response = worker_api.post(f"/child-reports/{created['id']}/preliminary-assessment", payload)
    _assert_swedish_400(response, field)
    assert PreliminaryAssessment.objects.count() == 0


def test_second_decision_is_a_conflict(worker_api, created):
    path = f"/child-reports/{created['id']}/preliminary-assessment"
    ok = worker_api.post(path, {"outcome": "no_investigation", "decided_on": "2025-03-10", "reason": "Stöd finns."})
    assert ok.status_code == 201
    again = worker_api.post(path, {"outcome": "open_investigation", "decided_on": "2025-03-11"})
    assert again.status_code == 409
    assert "redan beslutad" in again.json()["detail"]
    assert PreliminaryAssessment.objects.get().outcome == "no_investigation"


@pytest.mark.parametrize("concern", ["honour_related", "child_marriage"])
def test_honour_or_child_marriage_closure_needs_the_conversation(worker_api, child, concern):
    report = worker_api.post("/child-reports", {**REPORT, "child": child.pk, "concerns": [concern]}).json()
    path = f"/child-reports/{report['id']}/preliminary-assessment"
    refused = worker_api.post(path, {"outcome": "no_investigation", "decided_on": "2025-03-10", "reason": "x"})
    _assert_swedish_400(refused, "child_conversation")
    assert "enskilt samtal" in refused.json()["detail"]
    assert PreliminaryAssessment.objects.count() == 0
    accepted = worker_api.post(path, {
        "outcome": "no_investigation", "decided_on": "2025-03-10", "reason": "Uppgifterna kunde inte bekräftas.",
        "child_conversation": {"held_on": "2025-03-06", "held_by": "Bo Ek"},
    })
    assert accepted.status_code == 201, accepted.content


def test_bad_extensions(worker_api, created):
    path = f"/child-reports/{created['id']}/preliminary-extensions"
    _assert_swedish_400(worker_api.post(path, {"new_due": "2025-03-31", "reason": " ", "decided_on": "2025-03-14"}),
                        "reason")
    _assert_swedish_400(worker_api.post(path, {"new_due": "2025-03-10", "reason": "Tolk", "decided_on": "2025-03-14"}),
                        "new_due")
    assert PreliminaryExtension.objects.count() == 0
    ok = worker_api.post(path, {"new_due": "2025-03-31", "reason": "Barnet är utomlands till 28/3.",
                                "decided_on": "2025-03-14"})
    assert ok.status_code == 201
    assert worker_api.get(f"/child-reports/{created['id']}").json()["preliminary_assessment_due"] == "2025-03-31"

    investigation = worker_api.post(f"/child-reports/{created['id']}/preliminary-assessment",
                                    {"outcome": "open_investigation", "decided_on": "2025-03-20"}).json()["investigation"]
    path = f"/investigations/{investigation['id']}/extensions"
    _assert_swedish_400(worker_api.post(path, {"new_due": "2025-09-01", "reason": ""}), "reason")
    _assert_swedish_400(worker_api.post(path, {"new_due": "2025-05-01", "reason": "BUP"}), "new_due")
    assert InvestigationExtension.objects.count() == 0


def test_bad_intervention(worker_api, created):
    investigation = worker_api.post(f"/child-reports/{created['id']}/preliminary-assessment",
                                    {"outcome": "open_investigation", "decided_on": "2025-03-12"}).json()["investigation"]
    path = f"/investigations/{investigation['id']}/interventions"
    _assert_swedish_400(worker_api.post(path, {"kind": "magic", "decided_on": "2025-05-01", "starts_on": "2025-05-01",
                                               "provider": "x"}), "kind")
    _assert_swedish_400(worker_api.post(path, {"kind": "hvb", "decided_on": "2025-05-01", "starts_on": "2025-05-10",
                                               "ends_on": "2025-05-02", "provider": "HVB Ekbacken",
                                               "goal": "Trygghet", "reasons": "Behov"}), "ends_on")
    _assert_swedish_400(worker_api.post(path, {"kind": "hvb", "decided_on": "2025-05-01", "starts_on": "2025-05-10",
                                               "provider": "HVB Ekbacken", "reasons": "Behov"}), "goal")
    assert Intervention.objects.count() == 0


def test_protection_assessment_twice_is_a_conflict(worker_api, created):
    path = f"/child-reports/{created['id']}/protection-assessment"
    body = {"assessed_at": "2025-03-03T14:00:00+01:00", "immediate_protection_needed": True, "notes": "Akut."}
    assert worker_api.post(path, body).status_code == 201
    assert worker_api.post(path, body).status_code == 409


def test_unidentified_child_then_linked(worker_api, child):
    body = {**REPORT, "child_description": "Pojke ca 10 år, kallas Nisse, bor nära Skolvägen."}
    report = worker_api.post("/child-reports", body).json()
    assert report["child"] is None and report["case"] is None
    linked = worker_api.post(f"/child-reports/{report['id']}/child", {"child": child.pk})
    assert linked.status_code == 200 and linked.json()["child"] == child.pk and linked.json()["case"]


def test_openapi_documents_the_children_endpoints(client, staff):
    client.force_login(staff["bou_worker"])
    doc = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/child-reports", "/api/v1/child-reports/{report_id}",
                 "/api/v1/child-reports/{report_id}/protection-assessment",
                 "/api/v1/child-reports/{report_id}/preliminary-assessment",
                 "/api/v1/investigations/{investigation_id}/extensions",
                 "/api/v1/investigations/{investigation_id}/interventions"):
        assert path in doc["paths"], path
    schema = doc["components"]["schemas"]["ChildReportIn"]["properties"]["reporter_category"]
    assert "anonymous" in str(schema)
