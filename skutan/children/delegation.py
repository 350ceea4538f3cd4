"""Who may decide what in Barn och unga: the nämnd's delegationsordning, as data in ``accounts.Delegation``.

Every children's decision that needs delegation goes through ``children_decision_delegation_check`` and
nothing else. It uses the same points as EB (held by name or by a role in the case's unit, valid on the day of
the decision), and the decision stores the point it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext

from skutan.accounts.models import DecisionKind, Delegation
from skutan.accounts.selectors import delegation_point_best, delegation_points_for_user
from skutan.core.errors import AccessDeniedError

# accounts.Delegation.decision_kind of the children's decisions
INTERVENTION = DecisionKind.CHILDREN_INTERVENTION.value  # beslut om insats (bistånd), max_amount kr/month
PLACEMENT = DecisionKind.CHILDREN_PLACEMENT.value  # placering i familjehem, HVB eller stödboende, kr/month
PRELIMINARY_EXTENSION = DecisionKind.CHILDREN_PRELIMINARY_EXTENSION.value  # förhandsbedömning > 14 dagar
INVESTIGATION_EXTENSION = DecisionKind.CHILDREN_INVESTIGATION_EXTENSION.value  # utredning > fyra månader

KIND_LABELS = {
    INTERVENTION: "beslut om insats",
    PLACEMENT: "beslut om placering",
    PRELIMINARY_EXTENSION: "förlängd förhandsbedömning",
    INVESTIGATION_EXTENSION: "förlängd utredning",
}
ALL_KINDS = tuple(KIND_LABELS)


@dataclass(frozen=True)
class DelegationGrant:
    source: str  # the point of the delegationsordning, as text on the decision
    max_amount: Decimal | None
    point: Delegation | None  # the point itself (None only for a superuser, who decides without delegation)


def children_decision_delegation_check(
    *, user, decision_kind: str, on: date, amount: Decimal | None = None, unit_id: int | None = None,
    field: str = "decided_by",
) -> DelegationGrant:
    """The point of the delegationsordning that lets ``user`` take a ``decision_kind`` decision on the day
    ``on`` (up to ``amount`` kronor, if given) in the case's unit ``unit_id``: held by name or through a role in
    the unit, valid on that day (an expired point lets no one decide). Otherwise AccessDeniedError (403) saying
    why: no delegation, or the amount above it."""
    label = KIND_LABELS.get(decision_kind, decision_kind)
    if user.is_superuser:
        return DelegationGrant(source="Systemförvaltare (ingen delegationskontroll)", max_amount=None, point=None)
    candidates = delegation_points_for_user(user=user, decision_kind=decision_kind, on=on, unit_id=unit_id)
    if not candidates:
        raise AccessDeniedError(
            gettext(
                "Du har ingen delegation för %(label)s. Beslutet fattas av enhetschefen eller enligt "
                "nämndens delegationsordning."
            ) % {"label": label}, field=field,
        )
    best = delegation_point_best(candidates, amount if amount is not None else Decimal(0))
    if best is None:
        top = max(d.max_amount for d in candidates)
        raise AccessDeniedError(
            gettext(
                "Kostnaden %(amount)s kr per månad är över din delegation för %(label)s (%(top)s kr). "
                "Beslutet fattas av enhetschefen eller enligt nämndens delegationsordning."
            ) % {"amount": int(amount), "label": label, "top": int(top)}, field=field,
        )
    return DelegationGrant(source=best.source_text[:200], max_amount=best.max_amount, point=best)
