"""Återkrav (old SoL 9 kap. 1–2 §§): a claim decision with its ground, amount and repayment plan; repayments
registered as they come in; the rest written off by a decision (avskrivning)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from skutan.assistance.legal_decisions import legal_basis_text
from skutan.assistance.models import Decision
from skutan.assistance.models_decisions import (
    ClaimGround,
    ClaimInstalment,
    ClaimRepayment,
    ClaimStatus,
    ClaimWriteOff,
    DecisionRevision,
    OneOffDecision,
    RepaymentClaim,
    Settlement,
)
from skutan.assistance.repayment_plan import repayment_plan
from skutan.assistance.services_common import delegation_require, eb_case_check, kronor_parse, text_require
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases.events import case_event_custom
from skutan.cases.models import Case
from skutan.core.errors import ApplicationError, ConflictError

GROUND_CITATION = {
    ClaimGround.WRONG_INFORMATION: "claim_9_1",
    ClaimGround.OTHERWISE_WRONG: "claim_9_1",
    ClaimGround.BENEFIT_ADVANCE: "claim_9_2",
    ClaimGround.AWAITING_INCOME: "claim_9_2",
    ClaimGround.LABOUR_DISPUTE: "claim_9_2",
}


def claim_balance(*, claim: RepaymentClaim) -> tuple[Decimal, Decimal, Decimal]:
    """(repaid, written off, balance) of a claim."""
    repaid = claim.repayments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    written = claim.write_offs.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return repaid, written, claim.amount - repaid - written


@transaction.atomic
def claim_decide(
    *,
    actor,
    case: Case,
    ground: str,
    amount: Any,
    reasons: str,
    instalment_amount: Any,
    first_due_on: date,
    decisions: list[Decision] = (),
    one_off_decisions: list[OneOffDecision] = (),
    payments: list = (),
    revision: DecisionRevision | None = None,
) -> RepaymentClaim:
    """Decide an återkrav with its repayment plan, linked to the decisions and payments it concerns."""
    eb_case_check(actor=actor, case=case)
    if ground not in ClaimGround.values:
        raise ApplicationError(gettext("Ange grund för återkravet."), field="ground")
    value = kronor_parse(amount, allow_zero=False)
    reasons = text_require(reasons, field="reasons", message="Skriv beslutets motivering.")
    instalment = kronor_parse(instalment_amount, field="instalment_amount", allow_zero=False)
    if instalment > value:
        raise ApplicationError(gettext("Delbetalningen kan inte vara större än återkravet."), field="instalment_amount")
    today = timezone.localdate()
    if first_due_on is None or first_due_on < today:
        raise ApplicationError(gettext("Första förfallodag kan inte ha varit."), field="first_due_on")
    decisions, one_offs, payments = list(decisions), list(one_off_decisions), list(payments)
    if not (decisions or one_offs or payments or revision):
        raise ApplicationError(
            gettext("Ange vilka beslut eller utbetalningar återkravet gäller."), field="decisions"
        )
    for linked in [*decisions, *one_offs, *payments] + ([revision] if revision else []):
        if linked.case_id != case.pk:
            raise ApplicationError(gettext("Återkravet kan bara gälla beslut och utbetalningar i samma ärende."),
                                   field="decisions")
    if payments:
        from skutan.assistance.services_revisions import COUNTED_STATUSES
        from skutan.payments.models import Reversal

        paid = sum((p.amount for p in payments if p.status in COUNTED_STATUSES), Decimal("0")) - (
            Reversal.objects.filter(payment__in=payments).aggregate(total=Sum("amount"))["total"] or Decimal("0")
        )
        if value > paid:
            raise ApplicationError(
                gettext(
                    "Återkravet (%(value)s kr) är större än vad som betalats ut med de valda utbetalningarna "
                    "(%(paid)s kr)."
                ) % {"value": int(value), "paid": int(paid)},
                field="amount",
            )
    if revision is not None:
        if revision.settlement != Settlement.CLAIM:
            raise ApplicationError(gettext("Ändringen gav inget för mycket utbetalt belopp."), field="revision")
        if value > -revision.difference:
            raise ApplicationError(
                gettext(
                    "Enligt ändringen har %(value)s kr betalats ut för mycket; återkravet kan inte vara "
                    "större."
                ) % {"value": int(-revision.difference)},
                field="amount",
            )
    delegation = delegation_require(actor=actor, case=case, amount=value, on=today)
    claim = RepaymentClaim.objects.create(
        case=case, debtor=case.person, ground=ground, amount=value, revision=revision,
        decided_by=actor, decided_at=timezone.now(), delegation=delegation,
        delegation_source=delegation.source_text[:200], reasons=reasons,
        legal_basis=legal_basis_text([GROUND_CITATION[ground]], today),
    )
    claim.decisions.set(decisions)
    claim.one_off_decisions.set(one_offs)
    claim.payments.set(payments)
    plan = repayment_plan(total=value, instalment=instalment, first_due_on=first_due_on)
    ClaimInstalment.objects.bulk_create(
        [ClaimInstalment(claim=claim, number=p.number, due_on=p.due_on, amount=p.amount) for p in plan]
    )
    audit_event_record(
        event_type=EventType.ASSISTANCE_CLAIM_DECIDED, actor=actor, obj=claim, person_id=case.person_id,
        case_id=case.pk,
        data={"ground": ground, "amount": str(value), "instalments": len(plan), "instalment": str(instalment),
              "first_due_on": plan[0].due_on.isoformat(), "decision_ids": [d.pk for d in decisions],
              "one_off_ids": [d.pk for d in one_offs], "payment_ids": [p.pk for p in payments],
              "revision_id": revision.pk if revision else None, "delegation": delegation.source_text},
    )
    case_event_custom(case=case, event_type="assistance_claim_decided", user=actor,
                      data={"claim_id": claim.pk, "amount": str(value), "ground": ground})
    return claim


def _locked_claim(claim: RepaymentClaim) -> RepaymentClaim:
    return RepaymentClaim.objects.select_for_update().select_related("case").get(pk=claim.pk)


def _settle_status(claim: RepaymentClaim) -> None:
    repaid, written, balance = claim_balance(claim=claim)
    if balance == 0:
        claim.status = ClaimStatus.PAID if written == 0 else ClaimStatus.WRITTEN_OFF
        claim.save(update_fields=["status"])


@transaction.atomic
def claim_repayment_register(
    *, actor, claim: RepaymentClaim, amount: Any, received_on: date, reference: str = ""
) -> ClaimRepayment:
    """Register money paid back on a claim. More than the balance is refused (pay the surplus back)."""
    claim = _locked_claim(claim)
    eb_case_check(actor=actor, case=claim.case)
    if claim.status != ClaimStatus.OPEN:
        raise ConflictError(gettext("Återkravet är redan reglerat."), field="claim")
    value = kronor_parse(amount, allow_zero=False)
    if received_on is None or received_on > timezone.localdate():
        raise ApplicationError(gettext("Inbetalningsdagen kan inte ligga i framtiden."), field="received_on")
    _repaid, _written, balance = claim_balance(claim=claim)
    if value > balance:
        raise ApplicationError(gettext(
            "Högst %(balance)s kr återstår av återkravet."
        ) % {"balance": int(balance)}, field="amount")
    repayment = ClaimRepayment.objects.create(
        claim=claim, amount=value, received_on=received_on, reference=(reference or "").strip()[:100],
        registered_by=actor, registered_at=timezone.now(),
    )
    _settle_status(claim)
    audit_event_record(
        event_type=EventType.ASSISTANCE_CLAIM_REPAYMENT_REGISTERED, actor=actor, obj=repayment,
        person_id=claim.debtor_id, case_id=claim.case_id,
        data={"claim_id": claim.pk, "amount": str(value), "received_on": received_on.isoformat(),
              "balance_after": str(balance - value)},
    )
    return repayment


@transaction.atomic
def claim_write_off(*, actor, claim: RepaymentClaim, reasons: str, amount: Any = None) -> ClaimWriteOff:
    """Avskrivning by a decision: the whole balance, or part of it."""
    claim = _locked_claim(claim)
    eb_case_check(actor=actor, case=claim.case)
    if claim.status != ClaimStatus.OPEN:
        raise ConflictError(gettext("Återkravet är redan reglerat."), field="claim")
    reasons = text_require(reasons, field="reasons", message="Skriv skälen för avskrivningen.")
    _repaid, _written, balance = claim_balance(claim=claim)
    value = balance if amount in (None, "") else kronor_parse(amount, allow_zero=False)
    if value > balance:
        raise ApplicationError(gettext(
            "Högst %(balance)s kr återstår att skriva av."
        ) % {"balance": int(balance)}, field="amount")
    delegation = delegation_require(actor=actor, case=claim.case, amount=value)
    write_off = ClaimWriteOff.objects.create(
        case=claim.case, claim=claim, amount=value, decided_by=actor, decided_at=timezone.now(),
        delegation=delegation, delegation_source=delegation.source_text[:200], reasons=reasons,
        legal_basis=claim.legal_basis,
    )
    _settle_status(claim)
    audit_event_record(
        event_type=EventType.ASSISTANCE_CLAIM_WRITTEN_OFF, actor=actor, obj=write_off, person_id=claim.debtor_id,
        case_id=claim.case_id, data={"claim_id": claim.pk, "amount": str(value), "balance_before": str(balance)},
    )
    case_event_custom(case=claim.case, event_type="assistance_claim_written_off", user=actor,
                      data={"claim_id": claim.pk, "amount": str(value)})
    return write_off
