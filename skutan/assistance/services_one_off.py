"""Bistånd till livsföring i övrigt (old SoL 4 kap. 1 §) and bistånd utöver (4 kap. 2 §) for one-off needs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.assistance.legal_decisions import legal_basis_text
from skutan.assistance.models import DecisionOutcome, Guideline, GuidelineKind
from skutan.assistance.models_decisions import OneOffDecision, OneOffNeed, OneOffRule
from skutan.assistance.services_common import delegation_require, eb_case_check, kronor_parse, text_require
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases.events import case_event_custom
from skutan.cases.models import Case
from skutan.core.errors import ApplicationError, ConflictError
from skutan.core.summaries import statistics_changed

RULE_CITATION = {OneOffRule.LIVING: "one_off_living", OneOffRule.DISCRETIONARY: "one_off_discretionary"}


def one_off_reference_guideline(*, need: str, on: date) -> Guideline | None:
    """The municipal guideline's reference amount (riktbelopp) for a one-off need on ``on``, if any."""
    from django.db.models import Q

    return (
        Guideline.objects.filter(kind=GuidelineKind.ONE_OFF_REFERENCE, need=need, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from", "-id")
        .first()
    )


@transaction.atomic
def one_off_decide(
    *,
    actor,
    case: Case,
    need: str,
    description: str,
    rule: str,
    outcome: str,
    requested_amount: Any,
    amount: Any = None,
    reasons: str,
    received_on: date | None = None,
) -> OneOffDecision:
    """A human's decision on a one-off need: bifall, delvis bifall or avslag, with the rule applied.

    A guideline's reference amount (riktbelopp) is shown and stored, never applied silently: a grant above it
    needs reasons that say why (the caseworker writes them), and the decision records both amounts.
    """
    eb_case_check(actor=actor, case=case)
    if not case.is_active:
        raise ConflictError(gettext("Ärendet är avslutat."), field="case")
    if need not in OneOffNeed.values:
        raise ApplicationError(gettext("Okänt behov."), field="need")
    if rule not in OneOffRule.values:
        raise ApplicationError(
            gettext("Ange bestämmelse: livsföring i övrigt (living) eller bistånd utöver (discretionary)."), field="rule"
        )
    if outcome not in DecisionOutcome.values:
        raise ApplicationError(gettext("Okänt utfall."), field="outcome")
    description = text_require(description, field="description", message="Beskriv behovet.")
    reasons = text_require(reasons, field="reasons", message="Skriv beslutets motivering.")
    requested = kronor_parse(requested_amount, field="requested_amount", allow_zero=False)
    if outcome == DecisionOutcome.GRANTED:
        value = requested if amount in (None, "") else kronor_parse(amount)
        if value != requested:
            raise ApplicationError(
                gettext(
                    "Vid bifall beviljas det sökta beloppet, %(requested)s kr. Välj delvis bifall för ett "
                    "lägre."
                ) % {"requested": int(requested)},
                field="amount",
            )
    elif outcome == DecisionOutcome.PARTLY_GRANTED:
        if amount in (None, ""):
            raise ApplicationError(gettext("Ange det belopp som beviljas vid delvis bifall."), field="amount")
        value = kronor_parse(amount)
        if not 0 < value < requested:
            raise ApplicationError(
                gettext(
                    "Vid delvis bifall är beloppet större än 0 och mindre än det sökta (%(requested)s kr)."
                ) % {"requested": int(requested)},
                field="amount",
            )
    else:
        value = kronor_parse(amount or 0)
        if value != 0:
            raise ApplicationError(gettext("Vid avslag är beloppet 0 kr."), field="amount")
    today = timezone.localdate()
    if received_on is not None and received_on > today:
        raise ApplicationError(gettext("Datum då ansökan kom in kan inte ligga i framtiden."), field="received_on")
    delegation = delegation_require(actor=actor, case=case, amount=value, on=today)
    guideline = one_off_reference_guideline(need=need, on=today)
    decision = OneOffDecision.objects.create(
        case=case, payee=case.person, need=need, description=description[:300], rule=rule, outcome=outcome,
        received_on=received_on, requested_amount=requested, amount=value,
        reference_amount=guideline.max_amount if guideline else None, guideline=guideline,
        decided_by=actor, decided_at=timezone.now(), delegation=delegation,
        delegation_source=delegation.source_text[:200], reasons=reasons,
        legal_basis=legal_basis_text([RULE_CITATION[rule]], today),
    )
    audit_event_record(
        event_type=EventType.ASSISTANCE_ONE_OFF_DECIDED, actor=actor, obj=decision, person_id=case.person_id,
        case_id=case.pk,
        data={"need": need, "rule": rule, "outcome": outcome, "requested_amount": str(requested),
              "amount": str(value), "reference_amount": str(decision.reference_amount or ""),
              "delegation": delegation.source_text},
    )
    case_event_custom(
        case=case, event_type="assistance_one_off_decided", user=actor,
        data={"one_off_id": decision.pk, "need": need, "outcome": outcome, "amount": str(value)},
    )
    statistics_changed(households=[(decision.payee_id, timezone.localdate(decision.decided_at))])
    return decision
