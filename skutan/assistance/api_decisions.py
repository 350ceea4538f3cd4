"""API for decisions beyond the month: one-off needs, rättelse/omprövning, appeals, återkrav, and payments to a
landlord or supplier. Every fetch authorizes and logs through a selector; every write is a service.

Statuses: 400 bad input (Swedish message naming the field, nothing saved), 401 no valid API key, 403 outside the
unit or above the delegation, 404 not found or not readable, 409 the step does not fit the current state (or a
stale version).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext
from ninja import Router, Schema, Status

from skutan.assistance import selectors
from skutan.assistance import selectors_decisions as dsel
from skutan.assistance.models_decisions import Appeal, DecisionRevision, OneOffDecision, RepaymentClaim
from skutan.assistance.services_appeals import (
    appeal_dismiss,
    appeal_judgement_record,
    appeal_reconsider,
    appeal_register,
    appeal_send_to_court,
)
from skutan.assistance.services_claims import claim_decide, claim_repayment_register, claim_write_off
from skutan.assistance.services_one_off import one_off_decide
from skutan.assistance.services_revisions import decision_revise
from skutan.audit.context import AccessContext
from skutan.cases.selectors import case_get_for_user
from skutan.core.apierrors import Error
from skutan.core.errors import NotFoundError

router = Router(tags=["Ekonomiskt bistånd: ändring, överklagande, återkrav"])


WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}
READ = {401: Error, 404: Error}


def _ctx(request, purpose: str) -> AccessContext:
    return AccessContext.from_request(request, purpose=purpose, channel="api")


# -- schemas ------------------------------------------------------------------------------------------------


class OneOffIn(Schema):
    need: str
    description: str
    rule: str  # "living" (4 kap. 1 §) or "discretionary" (4 kap. 2 §, bistånd utöver)
    outcome: str
    requested_amount: Decimal
    amount: Decimal | None = None
    reasons: str
    received_on: date | None = None


class OneOffOut(Schema):
    id: int
    case_id: int
    need: str
    description: str
    rule: str
    appealable: bool
    outcome: str
    requested_amount: Decimal
    amount: Decimal
    reference_amount: Decimal | None
    reasons: str
    legal_basis: str
    decided_by: str
    decided_at: datetime


def _one_off_out(d: OneOffDecision) -> OneOffOut:
    return OneOffOut(
        id=d.pk, case_id=d.case_id, need=d.need, description=d.description, rule=d.rule, appealable=d.appealable,
        outcome=d.outcome, requested_amount=d.requested_amount, amount=d.amount, reference_amount=d.reference_amount,
        reasons=d.reasons, legal_basis=d.legal_basis, decided_by=d.decided_by.display_name, decided_at=d.decided_at,
    )


class RevisionIn(Schema):
    kind: str  # "correction" (rättelse, FL 36 §) or "reconsideration" (omprövning, FL 37–39 §§)
    amount: Decimal
    reasons: str
    outcome: str | None = None
    adverse_ground: str = ""
    expected_revisions: int | None = None


class RevisionOut(Schema):
    id: int
    kind: str
    decision_id: int | None
    one_off_id: int | None
    previous_amount: Decimal
    amount: Decimal
    paid_before: Decimal
    difference: Decimal
    settlement: str
    legal_basis: str
    decided_at: datetime


def _revision_out(r: DecisionRevision) -> RevisionOut:
    return RevisionOut(
        id=r.pk, kind=r.kind, decision_id=r.decision_id, one_off_id=r.one_off_id, previous_amount=r.previous_amount,
        amount=r.amount, paid_before=r.paid_before, difference=r.difference, settlement=r.settlement,
        legal_basis=r.legal_basis, decided_at=r.decided_at,
    )


class AppealIn(Schema):
    received_on: date
    decision_received_basis: str  # handed_over, receipt, stated, unknown
    decision_received_on: date | None = None
    content: str = ""


class AppealOut(Schema):
    id: int
    case_id: int
    decision_id: int | None
    one_off_id: int | None
    received_on: date
    decision_received_on: date | None
    decision_received_basis: str
    last_day: date | None
    in_time: bool
    status: str
    version: int
    sent_on: date | None
    court: str
    judgement_on: date | None
    judgement_outcome: str


def _appeal_out(a: Appeal) -> AppealOut:
    return AppealOut(
        id=a.pk, case_id=a.case_id, decision_id=a.decision_id, one_off_id=a.one_off_id, received_on=a.received_on,
        decision_received_on=a.decision_received_on, decision_received_basis=a.decision_received_basis,
        last_day=a.last_day, in_time=a.in_time, status=a.status, version=a.version, sent_on=a.sent_on,
        court=a.court, judgement_on=a.judgement_on, judgement_outcome=a.judgement_outcome,
    )


class DismissIn(Schema):
    reasons: str
    version: int | None = None


class ReconsiderIn(Schema):
    note: str
    new_amount: Decimal | None = None
    fully_as_requested: bool = False
    version: int | None = None


class CourtIn(Schema):
    court: str
    statement: str
    sent_on: date | None = None
    version: int | None = None


class JudgementIn(Schema):
    judgement_on: date
    outcome: str
    summary: str
    court_case_number: str = ""
    follow_up: str = ""
    new_amount: Decimal | None = None
    version: int | None = None


class ClaimIn(Schema):
    ground: str
    amount: Decimal
    reasons: str
    instalment_amount: Decimal
    first_due_on: date
    decision_ids: list[int] = []
    payment_ids: list[int] = []
    revision_id: int | None = None


class InstalmentOut(Schema):
    number: int
    due_on: date
    amount: Decimal
    paid: Decimal
    overdue: bool


class ClaimOut(Schema):
    id: int
    case_id: int
    ground: str
    amount: Decimal
    status: str
    repaid: Decimal
    written_off: Decimal
    balance: Decimal
    legal_basis: str
    decision_ids: list[int]
    payment_ids: list[int]
    instalments: list[InstalmentOut]


def _claim_out(claim: RepaymentClaim) -> ClaimOut:
    f = dsel.claim_follow_up(claim=claim)
    return ClaimOut(
        id=claim.pk, case_id=claim.case_id, ground=claim.ground, amount=claim.amount, status=claim.status,
        repaid=f.repaid, written_off=f.written_off, balance=f.balance, legal_basis=claim.legal_basis,
        decision_ids=[d.pk for d in claim.decisions.all()], payment_ids=[p.pk for p in claim.payments.all()],
        instalments=[InstalmentOut(number=i.number, due_on=i.due_on, amount=i.amount, paid=i.paid, overdue=i.overdue)
                     for i in f.instalments],
    )


class RepaymentIn(Schema):
    amount: Decimal
    received_on: date
    reference: str = ""


class WriteOffIn(Schema):
    reasons: str
    amount: Decimal | None = None


class ThirdPartyIn(Schema):
    purpose: str
    creditor_name: str
    bankgiro: str
    ocr: str = ""
    message: str = ""
    amount: Decimal


class ThirdPartyOut(Schema):
    id: int
    decision_id: int | None
    one_off_id: int | None = None
    purpose: str
    creditor_name: str
    bankgiro: str
    ocr: str
    message: str
    amount: Decimal


# -- one-off needs ------------------------------------------------------------------------------------------


@router.post("/cases/{case_id}/one-off-decisions", response={201: OneOffOut, **WRITE})
def one_off_create(request, case_id: int, payload: OneOffIn):
    """Beslut om bistånd till livsföring i övrigt (4 kap. 1 §) eller bistånd utöver (4 kap. 2 §)."""
    case = case_get_for_user(ctx=_ctx(request, "Beslut om enstaka behov via API"), case_id=case_id)
    decision = one_off_decide(
        actor=request.user, case=case, need=payload.need, description=payload.description, rule=payload.rule,
        outcome=payload.outcome, requested_amount=payload.requested_amount, amount=payload.amount,
        reasons=payload.reasons, received_on=payload.received_on,
    )
    return Status(201, _one_off_out(decision))


@router.get("/one-off-decisions/{one_off_id}", response={200: OneOffOut, **READ})
def one_off_detail(request, one_off_id: int):
    return _one_off_out(dsel.one_off_get_for_user(ctx=_ctx(request, "Ekonomiskt bistånd via API"), one_off_id=one_off_id))


# -- rättelse and omprövning ----------------------------------------------------------------------------------


@router.post("/decisions/{decision_id}/revisions", response={201: RevisionOut, **WRITE})
def decision_revision_create(request, decision_id: int, payload: RevisionIn):
    """Rättelse or omprövning of a decided month: a new decision; the difference is paid or reclaimed."""
    decision = selectors.decision_get_for_user(ctx=_ctx(request, "Ändring av beslut via API"), decision_id=decision_id)
    return Status(201, _revision_out(_revise(request, decision, payload)))


@router.post("/one-off-decisions/{one_off_id}/revisions", response={201: RevisionOut, **WRITE})
def one_off_revision_create(request, one_off_id: int, payload: RevisionIn):
    decision = dsel.one_off_get_for_user(ctx=_ctx(request, "Ändring av beslut via API"), one_off_id=one_off_id)
    return Status(201, _revision_out(_revise(request, decision, payload)))


def _revise(request, decision, payload: RevisionIn) -> DecisionRevision:
    return decision_revise(
        actor=request.user, decision=decision, kind=payload.kind, amount=payload.amount, reasons=payload.reasons,
        outcome=payload.outcome, adverse_ground=payload.adverse_ground, expected_revisions=payload.expected_revisions,
    )


# -- appeals ------------------------------------------------------------------------------------------------


@router.post("/decisions/{decision_id}/appeals", response={201: AppealOut, **WRITE})
def appeal_create(request, decision_id: int, payload: AppealIn):
    """Register an incoming appeal; the answer says whether it came in time and its last day."""
    decision = selectors.decision_get_for_user(ctx=_ctx(request, "Överklagande via API"), decision_id=decision_id)
    return Status(201, _appeal_out(_register(request, decision, payload)))


@router.post("/one-off-decisions/{one_off_id}/appeals", response={201: AppealOut, **WRITE})
def one_off_appeal_create(request, one_off_id: int, payload: AppealIn):
    """409 for bistånd utöver: it can only be challenged by laglighetsprövning."""
    decision = dsel.one_off_get_for_user(ctx=_ctx(request, "Överklagande via API"), one_off_id=one_off_id)
    return Status(201, _appeal_out(_register(request, decision, payload)))


def _register(request, decision, payload: AppealIn) -> Appeal:
    return appeal_register(
        actor=request.user, decision=decision, received_on=payload.received_on,
        decision_received_basis=payload.decision_received_basis,
        decision_received_on=payload.decision_received_on, content=payload.content,
    )


def _appeal(request, appeal_id: int) -> Appeal:
    return dsel.appeal_get_for_user(ctx=_ctx(request, "Överklagande via API"), appeal_id=appeal_id)


@router.get("/appeals/{appeal_id}", response={200: AppealOut, **READ})
def appeal_detail(request, appeal_id: int):
    return _appeal_out(_appeal(request, appeal_id))


@router.post("/appeals/{appeal_id}/dismissal", response={200: AppealOut, **WRITE})
def appeal_dismissal(request, appeal_id: int, payload: DismissIn):
    """Avvisning of a late appeal (förvaltningslagen 45 §). 409 if it came in time."""
    return _appeal_out(appeal_dismiss(actor=request.user, appeal=_appeal(request, appeal_id), reasons=payload.reasons,
                                      expected_version=payload.version))


@router.post("/appeals/{appeal_id}/reconsideration", response={200: AppealOut, **WRITE})
def appeal_reconsideration(request, appeal_id: int, payload: ReconsiderIn):
    appeal, _revision = appeal_reconsider(
        actor=request.user, appeal=_appeal(request, appeal_id), note=payload.note, new_amount=payload.new_amount,
        fully_as_requested=payload.fully_as_requested, expected_version=payload.version,
    )
    return _appeal_out(appeal)


@router.post("/appeals/{appeal_id}/court-submission", response={200: AppealOut, **WRITE})
def appeal_court_submission(request, appeal_id: int, payload: CourtIn):
    """Send to förvaltningsrätten with the nämnd's yttrande (46 §). 409 before omprövning."""
    return _appeal_out(appeal_send_to_court(
        actor=request.user, appeal=_appeal(request, appeal_id), court=payload.court, statement=payload.statement,
        sent_on=payload.sent_on, expected_version=payload.version,
    ))


@router.post("/appeals/{appeal_id}/judgement", response={200: AppealOut, **WRITE})
def appeal_judgement(request, appeal_id: int, payload: JudgementIn):
    appeal, _revision = appeal_judgement_record(
        actor=request.user, appeal=_appeal(request, appeal_id), judgement_on=payload.judgement_on,
        outcome=payload.outcome, summary=payload.summary, court_case_number=payload.court_case_number,
        follow_up=payload.follow_up, new_amount=payload.new_amount, expected_version=payload.version,
    )
    return _appeal_out(appeal)


# -- återkrav -------------------------------------------------------------------------------------------------


@router.post("/cases/{case_id}/claims", response={201: ClaimOut, **WRITE})
def claim_create(request, case_id: int, payload: ClaimIn):
    """Återkrav with its repayment plan, linked to decisions (and payments) of the same case."""
    case = case_get_for_user(ctx=_ctx(request, "Återkrav via API"), case_id=case_id)
    overview = dsel.case_decisions(case=case)
    decisions = [d for d in overview.months if d.pk in set(payload.decision_ids)]
    payments = [p for d in overview.months for p in d.payments.all() if p.pk in set(payload.payment_ids)]
    revision = next((r for r in overview.revisions if r.pk == payload.revision_id), None)
    if len(decisions) != len(set(payload.decision_ids)) or len(payments) != len(set(payload.payment_ids)) or (
        payload.revision_id is not None and revision is None
    ):
        raise NotFoundError(gettext("Ett beslut eller en utbetalning finns inte i ärendet."))
    claim = claim_decide(
        actor=request.user, case=case, ground=payload.ground, amount=payload.amount, reasons=payload.reasons,
        instalment_amount=payload.instalment_amount, first_due_on=payload.first_due_on, decisions=decisions,
        payments=payments, revision=revision,
    )
    return Status(201, _claim_out(claim))


def _claim(request, claim_id: int) -> RepaymentClaim:
    return dsel.claim_get_for_user(ctx=_ctx(request, "Återkrav via API"), claim_id=claim_id)


@router.get("/claims/{claim_id}", response={200: ClaimOut, **READ})
def claim_detail(request, claim_id: int):
    """The claim with its balance and each instalment's state (paid, overdue)."""
    return _claim_out(_claim(request, claim_id))


@router.post("/claims/{claim_id}/repayments", response={201: ClaimOut, **WRITE})
def claim_repayment_create(request, claim_id: int, payload: RepaymentIn):
    claim = _claim(request, claim_id)
    claim_repayment_register(actor=request.user, claim=claim, amount=payload.amount, received_on=payload.received_on,
                             reference=payload.reference)
    return Status(201, _claim_out(_claim(request, claim_id)))


@router.post("/claims/{claim_id}/write-offs", response={201: ClaimOut, **WRITE})
def claim_write_off_create(request, claim_id: int, payload: WriteOffIn):
    claim = _claim(request, claim_id)
    claim_write_off(actor=request.user, claim=claim, reasons=payload.reasons, amount=payload.amount)
    return Status(201, _claim_out(_claim(request, claim_id)))


# -- payments to a third party --------------------------------------------------------------------------------


@router.post("/decisions/{decision_id}/third-party-payments", response={201: ThirdPartyOut, **WRITE})
def third_party_payment_create(request, decision_id: int, payload: ThirdPartyIn):
    """Part of a decided month paid straight to a landlord or supplier by bankgiro, with OCR or a message."""
    from skutan.payments.services import third_party_order_create

    decision = selectors.decision_get_for_user(ctx=_ctx(request, "Utbetalning till annan mottagare via API"),
                                               decision_id=decision_id)
    order = third_party_order_create(
        actor=request.user, decision=decision, purpose=payload.purpose, creditor_name=payload.creditor_name,
        bankgiro=payload.bankgiro, ocr=payload.ocr, message=payload.message, amount=payload.amount,
    )
    return Status(201, _third_party_out(order))


def _third_party_out(order) -> ThirdPartyOut:
    return ThirdPartyOut(
        id=order.pk, decision_id=order.decision_id, one_off_id=order.one_off_id, purpose=order.purpose,
        creditor_name=order.creditor_name, bankgiro=order.bankgiro, ocr=order.ocr, message=order.message,
        amount=order.amount,
    )


@router.post("/one-off-decisions/{one_off_id}/third-party-payments", response={201: ThirdPartyOut, **WRITE})
def one_off_third_party_payment_create(request, one_off_id: int, payload: ThirdPartyIn):
    """Part of a granted one-off decision (glasögon, tandvård …) paid straight to the supplier by bankgiro."""
    from skutan.payments.services import third_party_order_create

    one_off = dsel.one_off_get_for_user(ctx=_ctx(request, "Utbetalning till annan mottagare via API"),
                                             one_off_id=one_off_id)
    order = third_party_order_create(
        actor=request.user, one_off=one_off, purpose=payload.purpose, creditor_name=payload.creditor_name,
        bankgiro=payload.bankgiro, ocr=payload.ocr, message=payload.message, amount=payload.amount,
    )
    return Status(201, _third_party_out(order))
