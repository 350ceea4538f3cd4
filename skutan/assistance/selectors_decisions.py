"""Reads for one-off decisions, changes, appeals and claims. Every fetch by id authorizes and logs through
case_get_for_user (the case's read is the personal-data read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Model

from skutan.assistance.models import Decision
from skutan.assistance.models_decisions import (
    Appeal,
    ClaimStatus,
    DecisionRevision,
    OneOffDecision,
    RepaymentClaim,
)
from skutan.assistance.repayment_plan import InstalmentState, instalment_states
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction
from skutan.cases.models import Case
from skutan.cases.selectors import case_get_for_user
from skutan.core.errors import NotFoundError

NOT_FOUND = "Beslutet finns inte, eller så har du inte behörighet till det."


def _get_for_user(model: type[Model], *, ctx: AccessContext, pk: int, action: str, related=()) -> Model:
    case_id = model.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFoundError(NOT_FOUND)
    try:
        case = case_get_for_user(ctx=ctx, case_id=case_id, action=action)
    except NotFoundError:
        raise NotFoundError(NOT_FOUND) from None
    obj = model.objects.select_related(*related).get(pk=pk)
    obj.case = case
    return obj


def one_off_get_for_user(*, ctx: AccessContext, one_off_id: int, action: str = AccessAction.VIEW) -> OneOffDecision:
    return _get_for_user(OneOffDecision, ctx=ctx, pk=one_off_id, action=action, related=("decided_by", "payee"))


def appeal_get_for_user(*, ctx: AccessContext, appeal_id: int, action: str = AccessAction.VIEW) -> Appeal:
    return _get_for_user(Appeal, ctx=ctx, pk=appeal_id, action=action, related=("decision", "one_off", "appellant"))


def claim_get_for_user(*, ctx: AccessContext, claim_id: int, action: str = AccessAction.VIEW) -> RepaymentClaim:
    return _get_for_user(RepaymentClaim, ctx=ctx, pk=claim_id, action=action, related=("decided_by", "debtor"))


def revision_get_for_user(*, ctx: AccessContext, revision_id: int, action: str = AccessAction.VIEW) -> DecisionRevision:
    return _get_for_user(DecisionRevision, ctx=ctx, pk=revision_id, action=action,
                         related=("decided_by", "decision", "one_off"))


@dataclass(frozen=True)
class ClaimFollowUp:
    claim: RepaymentClaim
    repaid: Decimal
    written_off: Decimal
    balance: Decimal
    instalments: list[InstalmentState]

    @property
    def overdue(self) -> list[InstalmentState]:
        return [i for i in self.instalments if i.overdue]


def claim_follow_up(*, claim: RepaymentClaim, today: date | None = None) -> ClaimFollowUp:
    """A claim's repayments, balance and each instalment's state (overdue or not) on ``today``."""
    from django.utils import timezone

    today = today or timezone.localdate()
    repaid = sum((r.amount for r in claim.repayments.all()), Decimal("0"))
    written = sum((w.amount for w in claim.write_offs.all()), Decimal("0"))
    states = instalment_states(
        instalments=[(i.number, i.due_on, i.amount) for i in claim.instalments.all()], repaid=repaid,
        written_off=written, today=today,
    )
    if claim.status != ClaimStatus.OPEN:
        states = [InstalmentState(s.number, s.due_on, s.amount, s.paid, s.written_off, False) for s in states]
    return ClaimFollowUp(claim=claim, repaid=repaid, written_off=written, balance=claim.amount - repaid - written,
                         instalments=states)


@dataclass
class CaseDecisions:
    """Everything beyond the months on one EB case, for its page (the case was fetched and logged already)."""

    months: list[Decision]
    one_offs: list[OneOffDecision]
    revisions: list[DecisionRevision]
    appeals: list[Appeal]
    claims: list[ClaimFollowUp]


def case_decisions(*, case: Case) -> CaseDecisions:
    months = list(
        Decision.objects.filter(case=case).select_related("decided_by").prefetch_related(
            "revisions", "appeals", "third_party_orders", "payments")
    )
    one_offs = list(OneOffDecision.objects.filter(case=case).select_related("decided_by").prefetch_related(
        "revisions", "appeals", "third_party_orders", "payments"))
    for decision in [*months, *one_offs]:
        changes = sorted(decision.revisions.all(), key=lambda r: (r.decided_at, r.pk))
        decision.latest_revision = changes[-1] if changes else None
    revisions = list(DecisionRevision.objects.filter(case=case).select_related("decided_by", "decision", "one_off"))
    appeals = list(Appeal.objects.filter(case=case).select_related("decision", "one_off"))
    claims = [
        claim_follow_up(claim=c)
        for c in RepaymentClaim.objects.filter(case=case).prefetch_related("instalments", "repayments", "write_offs",
                                                                           "decisions", "payments")
    ]
    return CaseDecisions(months=months, one_offs=one_offs, revisions=revisions, appeals=appeals, claims=claims)
