"""API for one-off decisions, revisions, appeals, claims and third-party payments."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from skutan.payments.tests.factories import make_decision

pytestmark = pytest.mark.django_db


def at(day):
    return datetime.combine(day, time(10), ZoneInfo("Europe/Stockholm"))


def test_one_off_decision_and_its_errors(api, eb_case, staff, delegations):
    client = api(staff["eb_worker"])
    body = {"need": "dental", "description": "Akut tandvård", "rule": "living", "outcome": "granted",
            "requested_amount": 1800, "reasons": "Akut behov styrkt av tandläkare."}
    response = client.post(f"/cases/{eb_case.pk}/one-off-decisions", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["appealable"] is True and created["amount"] == "1800"
    assert client.get(f"/one-off-decisions/{created['id']}").status_code == 200
    bad = client.post(f"/cases/{eb_case.pk}/one-off-decisions", {**body, "rule": "4_3"})
    assert bad.status_code == 400 and bad.json()["field"] == "rule"
    over = client.post(f"/cases/{eb_case.pk}/one-off-decisions", {**body, "requested_amount": 25000})
    assert over.status_code == 403
    assert api(staff["bou_worker"]).post(f"/cases/{eb_case.pk}/one-off-decisions", body).status_code == 404
    utover = client.post(f"/cases/{eb_case.pk}/one-off-decisions", {**body, "rule": "discretionary"}).json()
    appeal = client.post(f"/one-off-decisions/{utover['id']}/appeals",
                         {"received_on": timezone.localdate().isoformat(), "decision_received_basis": "unknown"})
    assert appeal.status_code == 409 and "laglighetsprövning" in appeal.json()["detail"]


def test_revision_appeal_flow_and_claim(api, eb_case, staff, delegations):
    client = api(staff["eb_worker"])
    month = make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 6, 1), amount="3000",
                          outcome="partly_granted", decided_at=at(date(2025, 5, 30)))
    revision = client.post(f"/decisions/{month.pk}/revisions",
                           {"kind": "reconsideration", "amount": 3500, "reasons": "Ny hyresavi."})
    assert revision.status_code == 201 and revision.json()["settlement"] == "extra_payment"
    assert Decimal(revision.json()["difference"]) == 3500  # nothing was paid yet
    same = client.post(f"/decisions/{month.pk}/revisions", {"kind": "reconsideration", "amount": 3500,
                                                           "reasons": "x"})
    assert same.status_code == 400 and same.json()["field"] == "amount"

    appeal = client.post(f"/decisions/{month.pk}/appeals", {
        "received_on": "2025-06-23", "decision_received_basis": "handed_over", "decision_received_on": "2025-05-30"})
    assert appeal.status_code == 201
    body = appeal.json()
    assert body["in_time"] is True and body["last_day"] == "2025-06-23" and body["status"] == "in_time"
    aid = body["id"]
    early = client.post(f"/appeals/{aid}/court-submission", {"court": "Förvaltningsrätten i Karlstad",
                                                            "statement": "Vidhålls."})
    assert early.status_code == 409
    assert client.post(f"/appeals/{aid}/dismissal", {"reasons": "x"}).status_code == 409
    done = client.post(f"/appeals/{aid}/reconsideration", {"note": "Står fast.", "version": body["version"]})
    assert done.status_code == 200
    stale = client.post(f"/appeals/{aid}/court-submission", {"court": "FR", "statement": "V.", "version": 1})
    assert stale.status_code == 409
    sent = client.post(f"/appeals/{aid}/court-submission", {"court": "Förvaltningsrätten i Karlstad",
                                                           "statement": "Nämnden vidhåller beslutet.",
                                                           "sent_on": "2025-06-25"})
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    judged = client.post(f"/appeals/{aid}/judgement", {"judgement_on": "2025-09-01", "outcome": "upheld",
                                                      "summary": "Överklagandet avslås."})
    assert judged.status_code == 200 and judged.json()["judgement_outcome"] == "upheld"

    claim = client.post(f"/cases/{eb_case.pk}/claims", {
        "ground": "wrong_information", "amount": 1200, "reasons": "Oriktiga uppgifter om inkomst.",
        "instalment_amount": 500, "first_due_on": timezone.localdate().isoformat(), "decision_ids": [month.pk]})
    assert claim.status_code == 201, claim.content
    cid = claim.json()["id"]
    assert [Decimal(i["amount"]) for i in claim.json()["instalments"]] == [500, 500, 200]
    paid = client.post(f"/claims/{cid}/repayments", {"amount": 500, "received_on": timezone.localdate().isoformat()})
    assert paid.status_code == 201 and Decimal(paid.json()["balance"]) == 700
    too_much = client.post(f"/claims/{cid}/repayments", {"amount": 701,
                                                        "received_on": timezone.localdate().isoformat()})
    assert too_much.status_code == 400 and too_much.json()["field"] == "amount"
    off = client.post(f"/claims/{cid}/write-offs", {"reasons": "Saknar betalningsförmåga."})
    assert off.status_code == 201 and off.json()["status"] == "written_off"
    missing = client.post(f"/cases/{eb_case.pk}/claims", {
        "ground": "wrong_information", "amount": 100, "reasons": "x", "instalment_amount": 100,
        "first_due_on": timezone.localdate().isoformat(), "decision_ids": [999999]})
    assert missing.status_code == 404


def test_third_party_payment_refuses_a_bankgiro_typo(api, eb_case, staff, delegations):
    client = api(staff["eb_worker"])
    month = make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 6, 1), amount="6000")
    body = {"purpose": "Hyra juni", "creditor_name": "Bostäder AB", "bankgiro": "5050-1056", "ocr": "1234567897",
            "amount": 4200}
    bad = client.post(f"/decisions/{month.pk}/third-party-payments", body)
    assert bad.status_code == 400 and bad.json()["field"] == "bankgiro"
    ok = client.post(f"/decisions/{month.pk}/third-party-payments", {**body, "bankgiro": "5050-1055"})
    assert ok.status_code == 201 and ok.json()["bankgiro"] == "50501055"


def test_a_one_off_decision_is_ordered_to_the_supplier_by_page_and_api(api, client, eb_case, staff, delegations):
    from skutan.assistance.services_one_off import one_off_decide
    from skutan.payments.models import ThirdPartyOrder

    glasses = one_off_decide(actor=staff["eb_worker"], case=eb_case, need="glasses", description="Glasögon",
                             rule="living", outcome="granted", requested_amount="1800", reasons="Styrkt behov.")
    body = {"purpose": "Glasögon", "creditor_name": "Optiker Syn AB", "bankgiro": "5050-1055", "message": "Order 77",
            "amount": 1900}
    too_much = api(staff["eb_worker"]).post(f"/one-off-decisions/{glasses.pk}/third-party-payments", body)
    assert too_much.status_code == 400 and too_much.json()["field"] == "amount"
    ok = api(staff["eb_worker"]).post(f"/one-off-decisions/{glasses.pk}/third-party-payments", {**body, "amount": 1800})
    assert ok.status_code == 201 and ok.json()["one_off_id"] == glasses.pk and ok.json()["decision_id"] is None
    order = ThirdPartyOrder.objects.get()
    assert (order.one_off, order.creditor_name, order.amount) == (glasses, "Optiker Syn AB", 1800)
    client.force_login(staff["eb_worker"])
    page = client.get(f"/bistand/arenden/{eb_case.pk}/beslut/").content.decode()
    assert "Glasögon till Optiker Syn AB" in page
    r = client.post(f"/bistand/enstaka/{glasses.pk}/annan-mottagare/", {**body, "amount": "1"})
    assert r.status_code == 302 and ThirdPartyOrder.objects.count() == 1  # the whole amount is already ordered


def test_the_openapi_document_lists_every_status(api, staff):
    schema = api(staff["eb_worker"]).get("/openapi.json").json()
    for path, method in [("/api/v1/cases/{case_id}/one-off-decisions", "post"),
                         ("/api/v1/decisions/{decision_id}/revisions", "post"),
                         ("/api/v1/appeals/{appeal_id}/dismissal", "post"),
                         ("/api/v1/cases/{case_id}/claims", "post"),
                         ("/api/v1/decisions/{decision_id}/third-party-payments", "post"),
                         ("/api/v1/one-off-decisions/{one_off_id}/third-party-payments", "post")]:
        statuses = set(schema["paths"][path][method]["responses"])
        assert {"400", "401", "403", "404", "409"} <= statuses and statuses & {"200", "201"}, (path, statuses)
    assert {"200", "401", "404"} <= set(schema["paths"]["/api/v1/claims/{claim_id}"]["get"]["responses"])
