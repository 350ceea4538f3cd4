"""The mobile team's opening hours and weekly capacity, as pure logic over a setting.

Seed 001: the team works "dagtid och varannan lördag fram till kl. 21.00"; nights, clients call socialjouren.
The hours are a setting (``SKUTAN_MOBILE_OPENING_HOURS``): weekdays from–to, and a Saturday from–to every
``saturday_every_weeks`` weeks counted from ``saturday_reference`` (a Saturday the team works).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from math import floor

from django.utils.translation import gettext

DEFAULT_HOURS = {
    "weekdays": ["08:00", "17:00"],
    "saturday": ["09:00", "21:00"],
    "saturday_every_weeks": 2,
    "saturday_reference": "2026-01-03",
}


def _t(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class OpeningHours:
    weekday_from: time
    weekday_to: time
    saturday_from: time | None
    saturday_to: time | None
    saturday_every_weeks: int
    saturday_reference: date

    @classmethod
    def from_setting(cls, setting: dict | None) -> OpeningHours:
        s = {**DEFAULT_HOURS, **(setting or {})}
        saturday = s.get("saturday") or [None, None]
        return cls(
            weekday_from=_t(s["weekdays"][0]), weekday_to=_t(s["weekdays"][1]),
            saturday_from=_t(saturday[0]) if saturday[0] else None,
            saturday_to=_t(saturday[1]) if saturday[1] else None,
            saturday_every_weeks=max(1, int(s.get("saturday_every_weeks") or 1)),
            saturday_reference=date.fromisoformat(s["saturday_reference"]),
        )

    def hours_on(self, day: date) -> tuple[time, time] | None:
        """The open hours of ``day``, or None on a closed day (Sunday; a Saturday off)."""
        weekday = day.weekday()
        if weekday < 5:
            return self.weekday_from, self.weekday_to
        if weekday == 5 and self.saturday_from and self.saturday_to:
            weeks = (day - self.saturday_reference).days // 7
            if weeks % self.saturday_every_weeks == 0:
                return self.saturday_from, self.saturday_to
        return None

    def is_open(self, moment: datetime) -> bool:
        hours = self.hours_on(moment.date())
        return hours is not None and hours[0] <= moment.time() < hours[1]

    def average_open_days_per_week(self) -> float:
        saturdays = (1 / self.saturday_every_weeks) if self.saturday_from else 0
        return 5 + saturdays

    def next_opening(self, moment: datetime) -> datetime:
        day = moment.date()
        for offset in range(0, 15):
            d = day + timedelta(days=offset)
            hours = self.hours_on(d)
            if hours is None:
                continue
            start = datetime.combine(d, hours[0], tzinfo=moment.tzinfo)
            end = datetime.combine(d, hours[1], tzinfo=moment.tzinfo)
            if moment < end:
                return max(start, moment)
        return moment

    def describe(self) -> str:
        text = gettext("vardagar %(from)s–%(to)s") % {
            "from": format(self.weekday_from, "%H.%M"), "to": format(self.weekday_to, "%H.%M")
        }
        if self.saturday_from:
            every = gettext("varannan lördag") if self.saturday_every_weeks == 2 else (
                gettext("lördagar") if self.saturday_every_weeks == 1 else gettext("var %(n)s:e lördag") % {
                    "n": self.saturday_every_weeks
                })
            text += f", {every} {self.saturday_from:%H.%M}–{self.saturday_to:%H.%M}"
        return text


def weekly_capacity(*, per_member_per_day: int, members: int, hours: OpeningHours) -> int:
    """Visits a week: per member per day × active members × open days (on average over the Saturday cycle)."""
    return floor(per_member_per_day * members * hours.average_open_days_per_week())
