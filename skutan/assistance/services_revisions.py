"""Rättelse (förvaltningslagen 36 §) and omprövning (37–39 §§): a new decision that refers to the one it changes.

The changed decision is never edited: a decided month is frozen by database triggers (assistance/0002), and a
one-off decision is written once. The DecisionRevision row is both the new decision and the "changed by" link.
The money follows from the new decision: what was paid (or planned) for the changed decision is compared with
the new amount, and the difference becomes an extra payment (planned with the next payment run) or an amount
to reclaim (a RepaymentClaim, decided separately under old SoL 9 kap.).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from skutan.assistance.legal_decisions import legal_basis_text
from skutan.assistance.models import Decision, DecisionOutcome
from skutan.assistance.models_decisions import (
    AdverseGround,
    Appeal,
    DecisionRevision,
    OneOffDecision,
    RevisionKind,
    Settlement,
)
from skutan.assistance.services_common import delegation_require, eb_case_check, kronor_parse, text_require
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases.events import case_event_custom
from skutan.core.errors import ApplicationError, ConflictError
from skutan.core.summaries import statistics_changed

KIND_CITATION = {RevisionKind.CORRECTION: "correction", RevisionKind.RECONSIDERATION: "reconsideration"}
COUNTED_STATUSES = ("planned", "included", "sent", "confirmed")  # a failed payment paid nothing


def decision_amount_in_force(*, decision: Decision | OneOffDecision) -> Decimal:
    """The amount the decision grants now: its own, or its latest revision's."""
    latest = decision.revisions.order_by("-decided_at", "-id").first()
    return latest.amount if latest else decision.amount


def decision_paid_or_planned(*, decision: Decision | OneOffDecision) -> Decimal:
    """Money paid or planned for a decision and its revisions (failed payments and reversals not counted)."""
    from skutan.payments.models import Payment, Reversal

    field = "decision" if isinstance(decision, Decision) else "one_off"
    revision_ids = list(decision.revisions.values_list("pk", flat=True))
    payments = Payment.objects.filter(status__in=COUNTED_STATUSES).filter(
        **{field: decision}
    ) | Payment.objects.filter(status__in=COUNTED_STATUSES, revision_id__in=revision_ids)
    paid = payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    reversed_ = Reversal.objects.filter(payment__in=payments).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return paid - reversed_


@transaction.atomic
def decision_revise(
    *,
    actor,
    decision: Decision | OneOffDecision,
    kind: str,
    amount: Any,
    reasons: str,
    outcome: str | None = None,
    adverse_ground: str = "",
    appeal: Appeal | None = None,
    expected_revisions: int | None = None,
) -> DecisionRevision:
    """Change a decision by a new one (rättelse, omprövning, or after a judgement). Never an edit.

    ``expected_revisions`` is the number of revisions the caller saw (optimistic locking: 409 if another
    change was made meanwhile). A change to the person's disadvantage by omprövning needs one of the grounds
    of förvaltningslagen 37 § andra stycket.
    """
    is_month = isinstance(decision, Decision)
    model = Decision if is_month else OneOffDecision
    # Lock the changed decision's row (a SELECT … FOR UPDATE, not an update: the frozen row is not written).
    locked = model.objects.select_for_update().get(pk=decision.pk)
    case = locked.case
    eb_case_check(actor=actor, case=case)
    if kind not in RevisionKind.values:
        raise ApplicationError(gettext("Ange rättelse (correction) eller omprövning (reconsideration)."), field="kind")
    if expected_revisions is not None and locked.revisions.count() != expected_revisions:
        from skutan.core.concurrency import STALE_MESSAGE

        raise ConflictError(STALE_MESSAGE, field="version")
    reasons = text_require(reasons, field="reasons", message="Skriv varför beslutet ändras.")
    value = kronor_parse(amount)
    previous = decision_amount_in_force(decision=locked)
    if value == previous and kind != RevisionKind.JUDGEMENT:
        raise ApplicationError(
            gettext(
                "Beloppet är detsamma som i beslutet som gäller (%(previous)s kr). Ett beslut som inte "
                "ändras behöver inget nytt beslut: skriv omprövningen i journalen."
            ) % {"previous": int(previous)},
            field="amount",
        )
    if outcome is None:
        outcome = DecisionOutcome.REJECTED if value == 0 else DecisionOutcome.GRANTED
    if outcome not in DecisionOutcome.values:
        raise ApplicationError(gettext("Okänt utfall."), field="outcome")
    if (outcome == DecisionOutcome.REJECTED) != (value == 0):
        raise ApplicationError(gettext("Avslag ger 0 kr och ett belopp över 0 kr är bifall eller delvis bifall."), field="outcome")
    if value < previous and kind == RevisionKind.RECONSIDERATION:
        if adverse_ground not in AdverseGround.values:
            raise ApplicationError(
                gettext("Ett beslut får ändras till den enskildes nackdel vid omprövning bara om beslutet hade ett "
                "förbehåll, av tvingande säkerhetsskäl, eller om det tillkommit på grund av att den enskilde "
                "lämnat felaktiga uppgifter (förvaltningslagen 37 §). Ange skälet."),
                field="adverse_ground",
            )
    elif adverse_ground:
        raise ApplicationError(gettext("Skäl för ändring till nackdel anges bara när beloppet sänks vid omprövning."),
                               field="adverse_ground")
    today = timezone.localdate()
    delegation = None
    if kind != RevisionKind.JUDGEMENT:  # the court decided; the nämnd carries the judgement out
        delegation = delegation_require(actor=actor, case=case, amount=value, on=today)
    paid = decision_paid_or_planned(decision=locked)
    difference = value - paid
    settlement = (
        Settlement.EXTRA_PAYMENT if difference > 0 else Settlement.CLAIM if difference < 0 else Settlement.NONE
    )
    keys = [KIND_CITATION[kind]] if kind in KIND_CITATION else []
    revision = DecisionRevision.objects.create(
        case=case, decision=locked if is_month else None, one_off=None if is_month else locked, kind=kind,
        outcome=outcome, previous_amount=previous, amount=value, paid_before=paid, settlement=settlement,
        adverse_ground=adverse_ground, appeal=appeal, decided_by=actor, decided_at=timezone.now(),
        delegation=delegation, delegation_source=delegation.source_text[:200] if delegation else "",
        reasons=reasons,
        legal_basis=legal_basis_text(keys, today) if keys else "Förvaltningsrättens dom",
    )
    audit_event_record(
        event_type=EventType.ASSISTANCE_DECISION_REVISED, actor=actor, obj=revision, person_id=case.person_id,
        case_id=case.pk,
        data={"kind": kind, "decision_id": locked.pk if is_month else None,
              "one_off_id": None if is_month else locked.pk, "previous_amount": str(previous),
              "amount": str(value), "paid_before": str(paid), "settlement": settlement,
              "adverse_ground": adverse_ground, "appeal_id": appeal.pk if appeal else None},
    )
    case_event_custom(
        case=case, event_type="assistance_decision_revised", user=actor,
        data={"revision_id": revision.pk, "kind": kind, "previous_amount": str(previous), "amount": str(value),
              "settlement": settlement},
    )
    changed = revision.decision or revision.one_off
    statistics_changed(households=[(changed.payee_id, getattr(changed, "month", None) or timezone.localdate(changed.decided_at))])
    return revision
