"""Rent straight to the landlord, electricity to the supplier: bankgiro with OCR or message, in the same
pain.001 file as the payee's own payment, and the payee is paid the rest."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.payments import services
from skutan.payments.models import Payment, ThirdPartyOrder
from skutan.payments.pain001 import NAMESPACE, validation_errors
from skutan.payments.tests.factories import bank_day

NS = {"p": NAMESPACE}
LANDLORD_BG = "5050-1055"  # Luhn-valid (test_bank_accounts.py works it out)
RENT_OCR = "1234567897"


def order(decision, actor, **kwargs):
    args = {"purpose": "Hyra", "creditor_name": "Filipstadsbostäder AB", "bankgiro": LANDLORD_BG,
            "ocr": RENT_OCR, "amount": "4200", **kwargs}
    return services.third_party_order_create(actor=actor, decision=decision, **args)


def test_rent_to_the_landlord_goes_in_the_same_file_with_its_ocr_and_the_rest_to_the_payee(
    staff, eb_case, decide, verified_account
):
    verified_account(eb_case.person)
    decision = decide(eb_case, amount="6000")
    rent = order(decision, staff["eb_worker"])
    electricity = order(decision, staff["eb_worker"], purpose="Hushållsel", creditor_name="Filipstad Energi AB",
                        bankgiro="5050-1055", ocr="", message="Kundnr 4711 faktura maj", amount="300")
    assert AuditEvent.objects.filter(event_type=EventType.PAYMENT_THIRD_PARTY_ORDERED).count() == 2

    run = services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    run = services.payment_run_execute(actor=staff["eb_manager"], run=run)
    amounts = sorted((p.third_party_order_id or 0, p.amount) for p in Payment.objects.filter(decision=decision))
    assert amounts == [(0, Decimal("1500")), (rent.pk, Decimal("4200")), (electricity.pk, Decimal("300"))]

    xml = run.file_content.encode()
    assert validation_errors(xml) == []
    root = ET.fromstring(xml)
    assert root.find(".//p:GrpHdr/p:NbOfTxs", NS).text == "3"
    assert root.find(".//p:GrpHdr/p:CtrlSum", NS).text == "6000.00"
    by_name = {tx.find("p:Cdtr/p:Nm", NS).text: tx for tx in root.findall(".//p:CdtTrfTxInf", NS)}
    landlord = by_name["Filipstadsbostäder AB"]
    assert landlord.find("p:CdtrAcct/p:Id/p:Othr/p:Id", NS).text == "50501055"
    assert landlord.find("p:CdtrAcct/p:Id/p:Othr/p:SchmeNm/p:Prtry", NS).text == "BGNR"
    assert landlord.find("p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId/p:MmbId", NS).text == "9900"
    assert landlord.find("p:RmtInf/p:Strd/p:CdtrRefInf/p:Ref", NS).text == RENT_OCR
    assert landlord.find("p:RmtInf/p:Strd/p:CdtrRefInf/p:Tp/p:CdOrPrtry/p:Cd", NS).text == "SCOR"
    supplier = by_name["Filipstad Energi AB"]
    assert supplier.find("p:RmtInf/p:Ustrd", NS).text == "Kundnr 4711 faktura maj"
    assert by_name["Anna Svensson"].find("p:InstdAmt", NS) is None  # the payee's own payment …
    assert by_name["Anna Svensson"].find("p:Amt/p:InstdAmt", NS).text == "1500.00"  # … is the rest


def test_the_landlord_is_paid_even_when_the_payee_has_no_verified_account(staff, eb_case, decide):
    decision = decide(eb_case, amount="4200")
    order(decision, staff["eb_worker"])
    run = services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    run = services.payment_run_execute(actor=staff["eb_manager"], run=run)
    assert run.total_count == 1 and run.skipped_without_account == 0
    assert validation_errors(run.file_content.encode()) == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"bankgiro": "5050-1056"}, "bankgiro"),  # typo: the check digit is wrong
        ({"ocr": "1234567898"}, "ocr"),
        ({"ocr": "", "message": ""}, "ocr"),
        ({"message": "och meddelande"}, "message"),
        ({"amount": "6001"}, "amount"),
        ({"purpose": ""}, "purpose"),
        ({"creditor_name": " "}, "creditor_name"),
    ],
)
def test_a_bad_third_party_order_is_refused_and_nothing_is_saved(staff, eb_case, decide, kwargs, field):
    decision = decide(eb_case, amount="6000")
    with pytest.raises(ApplicationError) as exc:
        order(decision, staff["eb_worker"], **kwargs)
    assert exc.value.field == field
    assert not ThirdPartyOrder.objects.exists()


def test_orders_together_cannot_exceed_the_decision(staff, eb_case, decide):
    decision = decide(eb_case, amount="6000")
    order(decision, staff["eb_worker"], amount="5000")
    with pytest.raises(ApplicationError, match="högst 1000 kr"):
        order(decision, staff["eb_worker"], amount="1001")


def test_an_order_after_the_decision_is_planned_for_payment_is_refused(staff, eb_case, decide):
    decision = decide(eb_case, amount="6000")
    services.payments_plan_from_decisions(actor=staff["eb_manager"])
    with pytest.raises(ConflictError, match="redan planerat"):
        order(decision, staff["eb_worker"])


def test_only_the_unit_may_order_a_third_party_payment(staff, eb_case, decide):
    decision = decide(eb_case, amount="6000")
    with pytest.raises(AccessDeniedError):
        order(decision, staff["bou_worker"])


def test_a_changed_month_passed_in_explicitly_is_not_paid_at_its_old_amount(staff, eb_case, decide):
    from datetime import date

    from skutan.accounts.models import Delegation
    from skutan.assistance.services_revisions import decision_revise

    Delegation.objects.create(user=staff["eb_worker"], decision_kind="ekonomiskt_bistand", max_amount=20000,
                              point="Delegationsordning 3.1.1", valid_from=date(2020, 1, 1))
    decision = decide(eb_case, amount="6000")
    decision_revise(actor=staff["eb_worker"], decision=decision, kind="correction", amount="5000", reasons="Skrivfel.")
    assert services.payments_plan_from_decisions(actor=staff["eb_manager"], decisions=[decision]) == []


def test_a_one_off_decision_paid_to_the_supplier_goes_in_the_file_and_the_payee_gets_nothing_more(
    staff, eb_case, verified_account
):
    from skutan.accounts.models import Delegation
    from skutan.assistance.services_one_off import one_off_decide

    Delegation.objects.create(user=staff["eb_worker"], decision_kind="ekonomiskt_bistand", max_amount=20000,
                              point="Delegationsordning 3.1.1", valid_from=bank_day().replace(year=2020))
    verified_account(eb_case.person)
    glasses = one_off_decide(actor=staff["eb_worker"], case=eb_case, need="glasses", description="Glasögon",
                             rule="living", outcome="granted", requested_amount="1800", reasons="Styrkt behov.")
    optician = services.third_party_order_create(
        actor=staff["eb_worker"], one_off=glasses, purpose="Glasögon", creditor_name="Optiker Syn AB",
        bankgiro=LANDLORD_BG, message="Order 77", amount="1800")
    run = services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    run = services.payment_run_execute(actor=staff["eb_manager"], run=run)
    assert [(p.third_party_order_id, p.amount) for p in Payment.objects.filter(one_off=glasses)] == [
        (optician.pk, Decimal("1800"))]
    xml = run.file_content.encode()
    assert validation_errors(xml) == []
    names = [tx.find("p:Cdtr/p:Nm", NS).text for tx in ET.fromstring(xml).findall(".//p:CdtTrfTxInf", NS)]
    assert names == ["Optiker Syn AB"]
