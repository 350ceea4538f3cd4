"""Period arithmetic of lag (1930:173) om beräkning av lagstadgad tid."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .holidays import closed_day_reason
from .limits import TimeLimit


def add_days(start: date, days: int) -> date:
    """A period in days ends on the day that many days after the start day."""
    return start + timedelta(days=days)


def add_weeks(start: date, weeks: int) -> date:
    """A period in weeks ends on the same weekday in the last week (lag 1930:173 1 §)."""
    return start + timedelta(weeks=weeks)


def add_months(start: date, months: int) -> date:
    """Same day number in the last month, or that month's last day if it is shorter (lag 1930:173 1 §)."""
    year, month_index = divmod(start.year * 12 + start.month - 1 + months, 12)
    month = month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def _skip_closed_days(d: date) -> tuple[date, tuple[str, ...]]:
    reasons: list[str] = []
    while (reason := closed_day_reason(d)) is not None:
        reasons.append(reason)
        d += timedelta(days=1)
    return d, tuple(reasons)


def next_open_day(d: date) -> date:
    """d itself if it is not a closed day, else the next day that is not (lag 1930:173 2 §)."""
    return _skip_closed_days(d)[0]


@dataclass(frozen=True)
class Deadline:
    start: date
    nominal: date  # the last day by lag 1930:173 1 §
    due: date  # the day the act may still be done, after 2 §
    moved_because: tuple[str, ...]  # reason for each closed day skipped, in order; empty if not moved
    limit: TimeLimit | None


_ADDERS = {"days": add_days, "weeks": add_weeks, "months": add_months}


def deadline(start: date, limit: TimeLimit, *, move: bool | None = None) -> Deadline:
    """The deadline of `limit` counted from `start`, moved past closed days when the limit allows it.

    ``move`` overrides the limit's own ``movable`` where applying lag 1930:173 2 § is a setting."""
    # A datetime would silently carry a UTC/Stockholm date mix-up into the count; the caller picks the local day.
    if isinstance(start, datetime):
        raise TypeError("deadline() takes a date, not a datetime")
    nominal = _ADDERS[limit.unit](start, limit.length)
    movable = limit.movable if move is None else move
    due, reasons = _skip_closed_days(nominal) if movable else (nominal, ())
    return Deadline(start=start, nominal=nominal, due=due, moved_because=reasons, limit=limit)


def days_left(deadline_date: date, today: date) -> int:
    """Days from today to the deadline: 0 on the day itself, negative once it has passed."""
    return (deadline_date - today).days
