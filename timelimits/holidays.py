"""Swedish public holidays (lag 1989:253 om allmänna helgdagar) and the closed days of lag 1930:173 2 §."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

SATURDAY = 5
SUNDAY = 6
FRIDAY = 4


def easter_sunday(year: int) -> date:
    """Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _weekday_between(year: int, month: int, first_day: int, weekday: int) -> date:
    """The one day with the given weekday in the 7-day window starting on first_day."""
    start = date(year, month, first_day)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


@lru_cache(maxsize=64)  # per year; a handful of years are ever in use
def _holidays(year: int) -> Mapping[date, str]:
    # The list in force since 2005 (nationaldagen replaced annandag pingst); Skutan needs no earlier years.
    easter = easter_sunday(year)
    entries = [
        (date(year, 1, 1), "nyårsdagen"),
        (date(year, 1, 6), "trettondedag jul"),
        (easter - timedelta(days=2), "långfredagen"),
        (easter, "påskdagen"),
        (easter + timedelta(days=1), "annandag påsk"),
        (date(year, 5, 1), "första maj"),
        (easter + timedelta(days=39), "Kristi himmelsfärdsdag"),
        (easter + timedelta(days=49), "pingstdagen"),
        (date(year, 6, 6), "Sveriges nationaldag"),
        (_weekday_between(year, 6, 20, SATURDAY), "midsommardagen"),  # Saturday 20–26 June
        (_weekday_between(year, 10, 31, SATURDAY), "alla helgons dag"),  # Saturday 31 Oct–6 Nov
        (date(year, 12, 25), "juldagen"),
        (date(year, 12, 26), "annandag jul"),
    ]
    # Movable and fixed holidays can coincide (2008: Kristi himmelsfärdsdag on första maj); keep both names.
    result: dict[date, str] = {}
    for day, name in sorted(entries, key=lambda entry: entry[0]):
        result[day] = f"{result[day]} och {name}" if day in result else name
    return MappingProxyType(result)


def public_holidays(year: int) -> dict[date, str]:
    """The allmänna helgdagar of a year (lag 1989:253), date -> Swedish name, in date order."""
    return dict(_holidays(year))


@lru_cache(maxsize=64)  # per year; a handful of years are ever in use
def _eves(year: int) -> Mapping[date, str]:
    # Not public holidays, but lag 1930:173 2 § treats them like one.
    return MappingProxyType(
        {
            _weekday_between(year, 6, 19, FRIDAY): "midsommarafton",  # Friday 19–25 June
            date(year, 12, 24): "julafton",
            date(year, 12, 31): "nyårsafton",
        }
    )


def closed_day_reason(d: date) -> str | None:
    """Why a time limit may not end on d under lag 1930:173 2 §, or None if d is an ordinary weekday.

    The most specific reason wins: a holiday's or eve's name before "lördag"/"söndag".
    """
    name = _holidays(d.year).get(d) or _eves(d.year).get(d)
    if name:
        return name
    if d.weekday() == SATURDAY:
        return "lördag"
    if d.weekday() == SUNDAY:
        return "söndag"
    return None


def is_closed_day(d: date) -> bool:
    """True for Saturdays, Sundays, public holidays and midsommar-, jul- and nyårsafton (lag 1930:173 2 §)."""
    return closed_day_reason(d) is not None
