"""Statutory time limits: lag (1930:173) om beräkning av lagstadgad tid and Swedish public holidays.

Pure Python, standard library only, so it can be tested without a database and reused outside Django.
"""

from .holidays import closed_day_reason, easter_sunday, is_closed_day, public_holidays
from .limits import LIMITS, TimeLimit, Unit, limit_for
from .periods import Deadline, add_days, add_months, add_weeks, days_left, deadline, next_open_day

__all__ = [
    "LIMITS",
    "Deadline",
    "TimeLimit",
    "Unit",
    "add_days",
    "add_months",
    "add_weeks",
    "closed_day_reason",
    "days_left",
    "deadline",
    "easter_sunday",
    "is_closed_day",
    "limit_for",
    "next_open_day",
    "public_holidays",
]
