import json
from datetime import date

import pytest

from skutan.assistance.models import Application, Decision, NormAmountOverride
from skutan.assistance.services import application_create
from skutan.audit.models import AccessLog, AuditEvent

from .conftest import MONTH

pytestmark = pytest.mark.django_db

SINGLE_2025 = {
    "month": "2025-05",
    "members": [{"id": "a", "birth_date": "1986-02-11", "role": "adult"}],
    "costs": [{"type": "rent", "amount": 6000}],
    "incomes": [{"type": "unemployment_benefit", "amount": 4000}],
    "consecutive_months_on_assistance": 2,
}


def _with(**changes):
    return {**json.loads(json.dumps(SINGLE_2025)), **changes}


# -- POST /assistance/calculations --------------------------------------------------------------------------


def test_calculation_returns_the_explained_result(api, staff):
    client = api(staff["eb_worker"])
    before = (AccessLog.objects.count(), AuditEvent.objects.count(), Application.objects.count())
    response = client.post("/assistance/calculations", SINGLE_2025)
    assert response.status_code == 200, response.content
    body = response.json()
    # DOMAIN.md §4, 2025: single adult 3 910 + common costs for 1 person 1 270.
    assert body["norm_total"] == 5180 and body["costs_total"] == 6000 and body["income_total"] == 4000
    assert body["assistance"] == 5180 + 6000 - 4000 and body["norm_table"] == "2025"
    first = body["lines"][0]
    assert set(first) == {"kind", "label", "amount", "source", "mark", "confirmed", "member", "letter_source"}
    assert first["amount"] == 3910 and "2 kap. 1 §" in first["source"] and first["mark"] == "✔"
    # computes only: no personal data read or written
    assert (AccessLog.objects.count(), AuditEvent.objects.count(), Application.objects.count()) == before


def test_calculation_uses_the_database_corrections(api, staff):
    NormAmountOverride.objects.create(year=2025, key="adult_single", amount=4000, mark="⚠", source="")
    body = api(staff["eb_worker"]).post("/assistance/calculations", SINGLE_2025).json()
    assert body["norm_total"] == 4000 + 1270
    assert body["lines"][0]["mark"] == "⚠" and body["lines"][0]["confirmed"] is False
    assert body["unconfirmed_amounts"]


@pytest.mark.parametrize(
    "request_data, field, words",
    [
        (_with(costs=[{"type": "yacht", "amount": 1}]), "costs[0].type", "Okänd kostnadstyp"),
        (_with(costs=[{"type": "rent", "amount": -1}]), "costs[0].amount", "negativt"),
        (_with(members=[{"id": "a", "birth_date": "1986-02-30", "role": "adult"}]), "members[0].birth_date",
         "Ogiltigt datum"),
        (_with(month="2020-05"), "month", "Riksnorm saknas för maj 2020"),
        (_with(month="2025-13"), "month", "Ogiltig månad"),
        (_with(cohabitting=True), "cohabitting", "Okänt fält"),
        (_with(incomes=[{"type": "salary", "amount": 100}]), "incomes[0].member", "vems lönen"),
    ],
)
def test_bad_calculation_input_is_400_in_swedish_naming_the_field(api, staff, request_data, field, words):
    response = api(staff["eb_worker"]).post("/assistance/calculations", request_data)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field
    assert words in body["detail"]


def test_a_missing_amount_is_400_naming_it(api, staff):
    # 2026 has no amount for a child of 1–2 years (DOMAIN.md §4: —)
    data = _with(month="2026-05", members=[
        {"id": "a", "birth_date": "1990-01-01", "role": "adult"},
        {"id": "b", "birth_date": "2024-06-01", "role": "child", "lunch_at_home": True},
    ])
    response = api(staff["eb_worker"]).post("/assistance/calculations", data)
    assert response.status_code == 400
    body = response.json()
    assert "saknar belopp för barn 1–2 år" in body["detail"] and body["amount"] == "child_lunch_1_2"


def test_invalid_json_is_400(client, staff, token_for):
    response = client.post(
        "/api/v1/assistance/calculations", data="{nope", content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(staff['eb_worker'])}",
    )
    assert response.status_code == 400 and "Ogiltig JSON" in response.json()["detail"]


def test_calculation_requires_authentication(client):
    response = client.post("/api/v1/assistance/calculations", data=json.dumps(SINGLE_2025), content_type="application/json")
    assert response.status_code == 401


# -- applications and decisions -----------------------------------------------------------------------------


def _application_body(**changes):
    body = {
        "month": "2025-05",
        "costs": [{"type": "rent", "amount": 8200}],
        "incomes": [{"type": "child_allowance", "amount": 1250}],
        "attachments": [{"name": "Hyresavi", "received": True}],
    }
    body.update(changes)
    return body


def test_create_an_application_from_the_household(api, staff, family_case):
    response = api(staff["eb_worker"]).post(f"/cases/{family_case.pk}/applications", _application_body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["month"] == "2025-05" and body["status"] == "draft"
    assert [m["role"] for m in body["members"]] == ["adult", "child"]
    assert body["calculation"]["assistance"] == 16050
    assert body["attachments"] == [{"name": "Hyresavi", "received": True}]
    assert AccessLog.objects.filter(case_id=family_case.pk, channel="api").exists()


@pytest.mark.parametrize(
    "changes, status, field",
    [
        ({"costs": [{"type": "yacht", "amount": 1}]}, 400, "costs[0].type"),
        ({"costs": [{"type": "rent", "amount": -5}]}, 400, "costs[0].amount"),
        ({"costs": [{"type": "rent", "amount": "abc"}]}, 400, "costs.0.amount"),
        ({"month": "2025-13"}, 400, "month"),
        ({"members": [{"birth_date": "2025-02-30", "role": "adult"}]}, 400, "members.0.birth_date"),
        ({"members": [{"birth_date": "1990-01-01", "role": "child"}]}, 400, "members[0].birth_date"),
        ({"attachments": [{"name": " "}]}, 400, "attachments[0].name"),
        ({"unknown": 1}, 400, "unknown"),
    ],
)
def test_bad_application_input_saves_nothing(api, staff, family_case, changes, status, field):
    response = api(staff["eb_worker"]).post(f"/cases/{family_case.pk}/applications", _application_body(**changes))
    assert response.status_code == status, response.content
    body = response.json()
    assert body["field"] == field
    assert body["detail"] and body["detail"] != "Ogiltigt värde."  # a Swedish explanation, not just a code
    assert Application.objects.count() == 0


def test_same_month_twice_is_409(api, staff, family_case):
    client = api(staff["eb_worker"])
    assert client.post(f"/cases/{family_case.pk}/applications", _application_body()).status_code == 201
    response = client.post(f"/cases/{family_case.pk}/applications", _application_body())
    assert response.status_code == 409 and response.json()["field"] == "month"


def test_application_on_a_case_outside_the_users_units_is_404(api, staff, family_case):
    response = api(staff["bou_worker"]).post(f"/cases/{family_case.pk}/applications", _application_body())
    assert response.status_code == 404
    assert Application.objects.count() == 0


def _members_with_obstacle(case, code="111"):
    person, child = case.person, case.household.members.exclude(person=case.person).get().person
    return [
        {"person_id": person.pk, "birth_date": str(person.birth_date), "role": "adult", "support_obstacle": code},
        {"person_id": child.pk, "birth_date": str(child.birth_date), "role": "child"},
    ]


def test_the_whole_month_through_the_api(api, staff, family_case, delegations):
    worker = api(staff["eb_worker"])
    application_id = worker.post(
        f"/cases/{family_case.pk}/applications", _application_body(members=_members_with_obstacle(family_case))
    ).json()["id"]

    calc = worker.post(f"/applications/{application_id}/calculate")
    assert calc.status_code == 200 and calc.json()["frozen"] is False and calc.json()["result"]["assistance"] == 16050

    proposal = worker.get(f"/applications/{application_id}/proposal")
    assert proposal.status_code == 200
    assert proposal.json()["outcome"] == "granted" and proposal.json()["amount"] == "16050"
    assert proposal.json()["auto_decided"] is False
    assert Decision.objects.count() == 0

    no_delegation = api(staff["eb_worker2"]).post(
        f"/applications/{application_id}/decision", {"outcome": "granted", "reasons": "Styrkt behov."}
    )
    assert no_delegation.status_code == 403 and "Maria Holm" in no_delegation.json()["detail"]

    decided = worker.post(
        f"/applications/{application_id}/decision", {"outcome": "granted", "reasons": "Styrkt behov."}
    )
    assert decided.status_code == 201, decided.content
    decision = decided.json()
    assert decision["amount"] == "16050.00" and decision["payee"] == family_case.person_id
    assert decision["calculation"]["assistance"] == 16050 and decision["inputs"]["month"] == "2025-05"

    assert worker.get(f"/decisions/{decision['id']}").json()["outcome"] == "granted"
    again = worker.post(f"/applications/{application_id}/decision", {"outcome": "rejected", "reasons": "x"})
    assert again.status_code == 409
    patch = worker.patch(
        f"/applications/{application_id}",
        {"version": 2, "members": [{"birth_date": "1986-02-11", "role": "adult"}]},
    )
    assert patch.status_code == 409 and "beslutad" in patch.json()["detail"]
    assert worker.get(f"/applications/{application_id}/proposal").status_code == 409
    frozen = worker.post(f"/applications/{application_id}/calculate").json()
    assert frozen["frozen"] is True and frozen["result"] == decision["calculation"]

    letter = worker.get(f"/decisions/{decision['id']}/letter.pdf")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(action="print", case_id=family_case.pk, channel="api").exists()

    renewed = worker.post(f"/applications/{application_id}/renew")
    assert renewed.status_code == 201 and renewed.json()["month"] == "2025-06"
    assert renewed.json()["consecutive_months_on_assistance"] == 1


def test_patch_replaces_the_month_and_bad_input_saves_nothing(api, staff, family_case):
    worker = api(staff["eb_worker"])
    created = worker.post(f"/cases/{family_case.pk}/applications", _application_body()).json()
    members = [{"id": m["id"], "person_id": m["person_id"], "birth_date": str(m["birth_date"]), "role": m["role"]}
               for m in created["members"]]
    bad = worker.patch(f"/applications/{created['id']}", {
        "version": created["version"], "members": members, "costs": [{"type": "rent", "amount": -1}],
    })
    assert bad.status_code == 400 and bad.json()["field"] == "costs[0].amount"
    assert Application.objects.get(pk=created["id"]).costs.get().amount == 8200
    ok = worker.patch(f"/applications/{created['id']}", {
        "version": created["version"], "members": members, "costs": [{"type": "rent", "amount": 7000}],
    })
    assert ok.status_code == 200 and ok.json()["calculation"]["costs_total"] == 7000
    stale = worker.patch(f"/applications/{created['id']}", {"version": created["version"], "members": members})
    assert stale.status_code == 409


def test_decision_amount_rules_are_400(api, staff, family_case, delegations):
    application = application_create(actor=staff["eb_worker"], case=family_case, month=MONTH)
    response = api(staff["eb_worker"]).post(
        f"/applications/{application.pk}/decision", {"outcome": "approved", "reasons": "x"}
    )
    assert response.status_code == 400 and response.json()["field"] == "outcome"
    response = api(staff["eb_worker"]).post(
        f"/applications/{application.pk}/decision", {"outcome": "partly_granted", "reasons": "x", "amount": "99999"}
    )
    assert response.status_code == 400 and response.json()["field"] == "amount"
    assert Decision.objects.count() == 0


def test_openapi_lists_the_assistance_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/assistance/calculations", "/api/v1/cases/{case_id}/applications",
        "/api/v1/applications/{application_id}", "/api/v1/applications/{application_id}/calculate",
        "/api/v1/applications/{application_id}/proposal", "/api/v1/applications/{application_id}/decision",
        "/api/v1/decisions/{decision_id}", "/api/v1/decisions/{decision_id}/letter.pdf",
    ):
        assert path in paths, path
    body = paths["/api/v1/assistance/calculations"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "consecutive_months_on_assistance" in body["required"]
    assert date(2025, 5, 1) == MONTH


def test_support_obstacle_per_adult_through_the_api(api, staff, family_case, delegations):
    worker = api(staff["eb_worker"])
    bad = worker.post(f"/cases/{family_case.pk}/applications",
                      _application_body(members=_members_with_obstacle(family_case, code="999")))
    assert bad.status_code == 400 and bad.json()["field"] == "members[0].support_obstacle"
    assert Application.objects.count() == 0
    created = worker.post(f"/cases/{family_case.pk}/applications", _application_body()).json()
    assert [m["support_obstacle"] for m in created["members"]] == ["", ""]
    # granting a month needs the adult's försörjningshinder; an avslag may leave it empty
    refused = worker.post(f"/applications/{created['id']}/decision", {"outcome": "granted", "reasons": "Styrkt."})
    assert refused.status_code == 400 and refused.json()["field"] == "members[0].support_obstacle"
    members = _members_with_obstacle(family_case, code="021")
    members[0]["labour_market_measures"] = ["praktik"]
    patched = worker.patch(f"/applications/{created['id']}", {"version": created["version"], "members": members})
    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert body["members"][0]["support_obstacle"] == "021" and body["members"][0]["labour_market_measures"] == ["praktik"]
    unknown = worker.patch(f"/applications/{created['id']}", {
        "version": body["version"], "members": [{**members[0], "support_obstacle": "12"}, members[1]]})
    assert unknown.status_code == 400 and unknown.json()["field"] == "members[0].support_obstacle"
    child = worker.patch(f"/applications/{created['id']}", {
        "version": body["version"], "members": [members[0], {**members[1], "support_obstacle": "111"}]})
    assert child.status_code == 400 and child.json()["field"] == "members[1].support_obstacle"
    granted = worker.post(f"/applications/{created['id']}/decision", {"outcome": "granted", "reasons": "Styrkt."})
    assert granted.status_code == 201, granted.content


def test_a_rejection_may_leave_the_support_obstacle_empty(api, staff, family_case, delegations):
    worker = api(staff["eb_worker"])
    created = worker.post(f"/cases/{family_case.pk}/applications",
                          _application_body(incomes=[{"type": "salary", "amount": 40000, "member": f"p{family_case.person_id}"}])).json()
    rejected = worker.post(f"/applications/{created['id']}/decision", {"outcome": "rejected", "reasons": "Inkomst."})
    assert rejected.status_code == 201, rejected.content
