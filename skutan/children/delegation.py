"""Who may decide what in Barn och unga: the nämnd's delegationsordning, as data in ``accounts.Delegation``.

Every children's decision that needs delegation goes through ``children_decision_delegation_check`` and
nothing else, so that the check can be repointed to the accounts app's delegation points in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from skutan.accounts.models import Delegation
from skutan.core.errors import AccessDeniedError

# accounts.Delegation.decision_kind of the children's decisions
INTERVENTION = "bou_insats"  # beslut om insats (bistånd), max_amount = kronor per month
PLACEMENT = "bou_placering"  # beslut om placering i familjehem, HVB eller stödboende, max_amount per month
PRELIMINARY_EXTENSION = "bou_forlangd_forhandsbedomning"  # förhandsbedömning längre än 14 dagar
INVESTIGATION_EXTENSION = "bou_forlangd_utredning"  # utredning längre än fyra månader

KIND_LABELS = {
    INTERVENTION: "beslut om insats",
    PLACEMENT: "beslut om placering",
    PRELIMINARY_EXTENSION: "förlängd förhandsbedömning",
    INVESTIGATION_EXTENSION: "förlängd utredning",
}
ALL_KINDS = tuple(KIND_LABELS)


@dataclass(frozen=True)
class DelegationGrant:
    source: str  # the point of the delegationsordning, stored on the decision
    max_amount: Decimal | None


def children_decision_delegation_check(
    *, user, decision_kind: str, on: date, amount: Decimal | None = None, field: str = "decided_by"
) -> DelegationGrant:
    """The user's delegation for ``decision_kind`` on the day ``on`` (and up to ``amount`` kronor, if given),
    or AccessDeniedError (403) saying why: no delegation, or the amount above it."""
    label = KIND_LABELS.get(decision_kind, decision_kind)
    if user.is_superuser:
        return DelegationGrant(source="Systemförvaltare (ingen delegationskontroll)", max_amount=None)
    candidates = list(
        Delegation.objects.filter(user=user, decision_kind=decision_kind, valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
    )
    if not candidates:
        raise AccessDeniedError(
            f"Du har ingen delegation för {label}. Beslutet fattas av enhetschefen eller enligt nämndens "
            "delegationsordning.", field=field,
        )
    fitting = [d for d in candidates if amount is None or d.max_amount is None or amount <= d.max_amount]
    if not fitting:
        top = max(d.max_amount for d in candidates)
        raise AccessDeniedError(
            f"Kostnaden {int(amount)} kr per månad är över din delegation för {label} ({int(top)} kr). "
            "Beslutet fattas av enhetschefen eller enligt nämndens delegationsordning.", field=field,
        )
    best = max(fitting, key=lambda d: (d.max_amount is None, d.max_amount or Decimal(0)))
    return DelegationGrant(source=best.source_text[:200], max_amount=best.max_amount)
