"""Rättidsprövning of an appeal (förvaltningslagen 2017:900 44–45 §§), counted with ``timelimits``.

Pure Python. The appeal period is three weeks from the day the person received the decision (44 §); when the
last day is a Saturday, Sunday, public holiday, midsommarafton, julafton or nyårsafton, the appeal may still
come in on the next weekday (lag 1930:173 2 §).

Which day the person received the decision — the rule Skutan applies (documented in the UI):
1. The caseworker records the day and how it is known: handed over at a visit, a delivery receipt
   (delgivningskvitto/mottagningsbevis), or the person's own statement.
2. When the day cannot be shown, the appeal is treated as in time: the authority must be able to show when
   the person received the decision before it can dismiss an appeal as late.

How soon the nämnd must review and forward an appeal is not a period in days in the law (46 §: the appeal and
the documents go to the court once the authority has reviewed it); the days used for the deadline board are the
municipality's own routine, a setting (SKUTAN_EB_APPEAL_ROUTINE_DAYS), marked as not statutory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from timelimits import deadline, limit_for


@dataclass(frozen=True)
class Timeliness:
    last_day: date | None  # None when the day of receipt cannot be shown
    nominal_last_day: date | None
    moved_because: tuple[str, ...]
    in_time: bool
    source: str


def appeal_timeliness(*, decision_received_on: date | None, appeal_received_on: date) -> Timeliness:
    """Was an appeal that came in on ``appeal_received_on`` in time?"""
    if decision_received_on is None:
        return Timeliness(None, None, (), True, "Förvaltningslagen (2017:900) 44 §; dagen kan inte visas")
    limit = limit_for("appeal", decision_received_on)
    period = deadline(decision_received_on, limit)
    return Timeliness(
        last_day=period.due, nominal_last_day=period.nominal, moved_because=period.moved_because,
        in_time=appeal_received_on <= period.due, source=f"{limit.source}; lag (1930:173) om beräkning av lagstadgad tid",
    )
