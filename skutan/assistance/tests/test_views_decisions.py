"""The pages for decisions beyond the month, driven through the browser's forms (Django test client)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from skutan.assistance.models_decisions import (
    Appeal,
    AppealStatus,
    DecisionRevision,
    OneOffDecision,
    RepaymentClaim,
)
from skutan.audit.models import AccessLog
from skutan.payments.models import ThirdPartyOrder
from skutan.payments.tests.factories import make_decision

pytestmark = pytest.mark.django_db


def at(day):
    return datetime.combine(day, time(10), ZoneInfo("Europe/Stockholm"))


def page(client, case):
    response = client.get(f"/bistand/arenden/{case.pk}/beslut/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_months_page_links_to_the_decisions_page(login, eb_case, staff):
    html = login(staff["eb_worker"]).get(f"/bistand/arenden/{eb_case.pk}/").content.decode()
    assert f"/bistand/arenden/{eb_case.pk}/beslut/" in html


def test_a_one_off_decision_is_made_from_the_page_and_its_letter_downloads(login, eb_case, staff, delegations):
    client = login(staff["eb_worker"])
    response = client.post(f"/bistand/arenden/{eb_case.pk}/enstaka/", {
        "need": "glasses", "description": "Glasögon", "rule": "living", "outcome": "granted",
        "requested_amount": "1 200", "reasons": "Styrkt behov enligt optiker.",
    })
    decision = OneOffDecision.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#enstaka-{decision.pk}")
    assert "Glasögon" in page(client, eb_case)
    letter = client.get(f"/bistand/enstaka/{decision.pk}/brev.pdf")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert AccessLog.objects.filter(action="print", case_id=eb_case.pk).exists()


def test_a_refused_form_says_why_and_saves_nothing(login, eb_case, staff, delegations):
    client = login(staff["eb_worker"])
    response = client.post(f"/bistand/arenden/{eb_case.pk}/enstaka/", {
        "need": "glasses", "description": "", "rule": "living", "outcome": "granted", "requested_amount": "1200",
        "reasons": "x"}, follow=True)
    assert "Beskriv behovet." in response.content.decode()
    assert not OneOffDecision.objects.exists()


def test_revise_appeal_and_claim_from_the_page(login, eb_case, staff, delegations):
    client = login(staff["eb_worker"])
    month = make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 6, 1), amount="3000",
                          outcome="partly_granted", decided_at=at(date(2025, 5, 30)))
    html = page(client, eb_case)
    assert "Rätta eller ompröva" in html and "Registrera överklagande" in html

    client.post(f"/bistand/beslut/manad/{month.pk}/andra/", {
        "kind": "correction", "amount": "3200", "reasons": "Skrivfel i hyran.", "revisions": "0"})
    revision = DecisionRevision.objects.get()
    assert revision.amount == 3200
    assert "Ändrat" in page(client, eb_case)
    assert "Ändrat genom nytt beslut" in client.get(f"/bistand/arenden/{eb_case.pk}/").content.decode()

    client.post(f"/bistand/beslut/manad/{month.pk}/overklagande/", {
        "received_on": "2025-06-24", "decision_received_basis": "handed_over", "decision_received_on": "2025-05-30"})
    appeal = Appeal.objects.get()
    assert not appeal.in_time and appeal.last_day == date(2025, 6, 23)
    board = client.get("/bistand/frister/").content.decode()
    assert "Avvisa överklagande som kommit in för sent" in board and eb_case.reference in board
    client.post(f"/bistand/overklagande/{appeal.pk}/avvisa/", {"reasons": "För sent.", "version": appeal.version})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DISMISSED
    assert client.get(f"/bistand/overklagande/{appeal.pk}/avvisning.pdf").status_code == 200
    assert "Avvisa överklagande" not in client.get("/bistand/frister/").content.decode()

    first = (timezone.localdate() - timedelta(days=40)).isoformat()
    response = client.post(f"/bistand/arenden/{eb_case.pk}/aterkrav/", {
        "ground": "wrong_information", "decisions": [str(month.pk)], "amount": "1000", "instalment_amount": "500",
        "first_due_on": first, "reasons": "Oriktiga uppgifter."}, follow=True)
    assert "Första förfallodag" in response.content.decode()  # in the past: refused
    today = timezone.localdate().isoformat()
    client.post(f"/bistand/arenden/{eb_case.pk}/aterkrav/", {
        "ground": "wrong_information", "decisions": [str(month.pk)], "amount": "1000", "instalment_amount": "500",
        "first_due_on": today, "reasons": "Oriktiga uppgifter."})
    claim = RepaymentClaim.objects.get()
    detail = client.get(f"/bistand/aterkrav/{claim.pk}/").content.decode()
    assert "Avbetalningsplan" in detail and "1\xa0000\xa0kr" in detail
    client.post(f"/bistand/aterkrav/{claim.pk}/inbetalning/", {"amount": "400", "received_on": today})
    assert "600\xa0kr" in client.get(f"/bistand/aterkrav/{claim.pk}/").content.decode()
    assert client.get(f"/bistand/aterkrav/{claim.pk}/brev.pdf").status_code == 200
    assert client.get(f"/bistand/andring/{revision.pk}/brev.pdf").status_code == 200


def test_a_third_party_payment_is_registered_from_the_page_and_a_typo_refused(login, eb_case, staff, delegations):
    client = login(staff["eb_worker"])
    month = make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 6, 1), amount="6000")
    bad = client.post(f"/bistand/beslut/{month.pk}/annan-mottagare/", {
        "purpose": "Hyra", "creditor_name": "Bostäder AB", "bankgiro": "5050-1056", "ocr": "1234567897",
        "amount": "4200"}, follow=True)
    assert "kontrollsiffra" in bad.content.decode() and not ThirdPartyOrder.objects.exists()
    client.post(f"/bistand/beslut/{month.pk}/annan-mottagare/", {
        "purpose": "Hyra", "creditor_name": "Bostäder AB", "bankgiro": "5050-1055", "ocr": "1234567897",
        "amount": "4200"})
    assert ThirdPartyOrder.objects.get().bankgiro == "50501055"


def test_outsiders_see_nothing(login, eb_case, staff):
    client = login(staff["bou_worker"])
    assert client.get(f"/bistand/arenden/{eb_case.pk}/beslut/").status_code == 404
    assert client.get("/bistand/frister/").status_code == 403


def test_an_appeal_in_time_goes_omprovning_court_and_judgement_from_the_page(login, eb_case, staff, delegations):
    client = login(staff["eb_worker"])
    month = make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 6, 1), amount="3000",
                          outcome="partly_granted", decided_at=at(date(2025, 5, 30)))
    client.post(f"/bistand/beslut/manad/{month.pk}/overklagande/", {
        "received_on": "2025-06-23", "decision_received_basis": "handed_over", "decision_received_on": "2025-05-30"})
    appeal = Appeal.objects.get()
    assert appeal.in_time
    html = page(client, eb_case)
    assert f"/bistand/overklagande/{appeal.pk}/omprova/" in html
    board = client.get("/bistand/frister/").content.decode()
    assert "Ompröva och överlämna överklagande" in board
    client.post(f"/bistand/overklagande/{appeal.pk}/omprova/", {"note": "Står fast.", "version": appeal.version})
    appeal.refresh_from_db()
    assert appeal.reconsidered_at is not None
    assert "Överlämna överklagande till förvaltningsrätten" in client.get("/bistand/frister/").content.decode()
    client.post(f"/bistand/overklagande/{appeal.pk}/overlamna/", {
        "court": "Förvaltningsrätten i Karlstad", "statement": "Nämnden vidhåller beslutet.", "sent_on": "2025-06-25",
        "version": appeal.version})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.SENT
    client.post(f"/bistand/overklagande/{appeal.pk}/dom/", {
        "judgement_on": "2025-09-10", "outcome": "granted", "summary": "Skälig hyra 8 300 kr.",
        "new_amount": "3800", "version": appeal.version})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.JUDGED
    assert DecisionRevision.objects.get(appeal=appeal).amount == 3800
