"""The children's statutory clocks, counted with the pure ``timelimits`` package (lag 1930:173).

Periods start on the local (Europe/Stockholm) day the report came in or the investigation was opened;
the limit used is the version in force on that start day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext, ngettext

from timelimits import Deadline, days_left, deadline, limit_for

PROTECTION = "protection_assessment"  # SoL 11 kap. 1 a §: "genast", the same day
PRELIMINARY = "preliminary_assessment"  # SoL 11 kap. 1 a § / SoL (2025:400) 20 kap. 2 §: 14 days
INVESTIGATION = "investigation"  # SoL 11 kap. 2 §: 4 months

LVU_COURT_SUBMISSION = "lvu_court_submission"  # LVU 7 §: one week from the decision
LVU_CARE_APPLICATION = "lvu_care_application"  # LVU 8 §: four weeks from verkställighet
LVU_CONSIDERATION = "lvu_consideration"  # LVU 13 § första stycket (2 §): six months
LVU_RECONSIDERATION = "lvu_reconsideration"  # LVU 13 § andra stycket (3 §): six months
PLACEMENT_CONSIDERATION = "placement_consideration"  # SoL 6 kap. 8 §: six months

FORECAST_DAYS = 7  # the board forecasts breaches this many days ahead


def protection_deadline(received_on: date) -> Deadline:
    return deadline(received_on, limit_for(PROTECTION, received_on))


def preliminary_deadline(received_on: date) -> Deadline:
    return deadline(received_on, limit_for(PRELIMINARY, received_on))


def investigation_deadline(opened_on: date) -> Deadline:
    return deadline(opened_on, limit_for(INVESTIGATION, opened_on))


def lvu_next_weekday_rule() -> bool:
    """Whether lag 1930:173 2 § moves the LVU 7 § and 8 § limits: the ordinary reading, unconfirmed
    (DOMAIN.md §6 ⚠), so a setting (SKUTAN_LVU_NEXT_WEEKDAY), on by default."""
    return bool(getattr(settings, "SKUTAN_LVU_NEXT_WEEKDAY", True))


def lvu_court_submission_deadline(decided_on: date) -> Deadline:
    return deadline(decided_on, limit_for(LVU_COURT_SUBMISSION, decided_on), move=lvu_next_weekday_rule())


def lvu_care_application_deadline(executed_on: date) -> Deadline:
    return deadline(executed_on, limit_for(LVU_CARE_APPLICATION, executed_on), move=lvu_next_weekday_rule())


def care_review_deadline(code: str, counted_from: date) -> Deadline:
    """The six-monthly övervägande/omprövning (LVU 13 §, SoL 6 kap. 8 §), counted from the day the care began
    or the last consideration was made; same day number six months on, or that month's last day."""
    return deadline(counted_from, limit_for(code, counted_from))


@dataclass(frozen=True)
class DeadlineStatus:
    """How a deadline stands today, in words as well as in colour (never colour alone)."""

    due: date
    days_left: int
    level: str  # "late", "soon" (within the forecast window, including today) or "ok"
    text: str

    @property
    def css(self) -> str:
        return {"late": "tag-danger", "soon": "tag-warning"}.get(self.level, "tag-ok")

    @property
    def late(self) -> bool:
        return self.level == "late"


def deadline_status(due: date, today: date) -> DeadlineStatus:
    left = days_left(due, today)
    if left < 0:
        late = -left
        text = ngettext("Försenad %(days)d dag", "Försenad %(days)d dagar", late) % {"days": late}
        level = "late"
    elif left == 0:
        text, level = gettext("Sista dagen idag"), "soon"
    else:
        text = ngettext("%(days)d dag kvar", "%(days)d dagar kvar", left) % {"days": left}
        level = "soon" if left <= FORECAST_DAYS else "ok"
    return DeadlineStatus(due=due, days_left=left, level=level, text=text)
