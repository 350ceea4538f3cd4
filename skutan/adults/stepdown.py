"""The step-down schedule of a boplan, as pure logic (no Django): is the next step due to be proposed, and did
the drug tests and visits go well since the conditions last changed? A human always decides the step."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Sample:
    taken_on: date
    result: str  # "negative", "positive", "missed"


@dataclass(frozen=True)
class Step:
    id: int
    planned_on: date
    status: str  # "planned", "decided", "postponed"
    decided_on: date | None = None


@dataclass(frozen=True)
class Proposal:
    step_id: int
    planned_on: date
    recommend_easing: bool
    reasons: list[str] = field(default_factory=list)


def period_start(*, signed_on: date | None, steps: list[Step]) -> date | None:
    """The day the current conditions began: the last decided step, else the signature."""
    decided = [s.decided_on or s.planned_on for s in steps if s.status == "decided"]
    return max(decided) if decided else signed_on


def next_step(steps: list[Step]) -> Step | None:
    open_steps = [s for s in steps if s.status in ("planned", "postponed")]
    return min(open_steps, key=lambda s: (s.planned_on, s.id)) if open_steps else None


def proposal_for(
    *, signed_on: date | None, steps: list[Step], tests: list[Sample], today: date, lead_days: int = 7,
    visits_not_reached: int = 0,
) -> Proposal | None:
    """The proposal for the next step once its date is ``lead_days`` away or has passed; None before that, when
    there is no open step or the plan is not signed (an unsigned plan has no conditions to ease)."""
    if signed_on is None:
        return None
    step = next_step(steps)
    if step is None or today < step.planned_on - timedelta(days=lead_days):
        return None
    start = period_start(signed_on=signed_on, steps=steps) or signed_on
    window = [t for t in tests if start <= t.taken_on <= today]
    reasons = []
    positive = sum(1 for t in window if t.result == "positive")
    missed = sum(1 for t in window if t.result == "missed")
    if positive:
        reasons.append(f"{positive} positiva drogtester sedan {start.isoformat()}")
    if missed:
        reasons.append(f"{missed} uteblivna drogtester sedan {start.isoformat()}")
    if not window:
        reasons.append(f"inga drogtester registrerade sedan {start.isoformat()}")
    if visits_not_reached:
        reasons.append(f"{visits_not_reached} besök där personen inte nåddes")
    return Proposal(step_id=step.id, planned_on=step.planned_on, recommend_easing=not reasons, reasons=reasons)
