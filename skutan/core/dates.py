"""Dates typed the Swedish way: ÅÅÅÅ-MM-DD, ÅÅÅÅMMDD, ÅÅMMDD, ÅÅ-MM-DD (also with / or . between the parts,
and with spaces around). Whatever the browser's language, a date field is a text field read by this parser.

A two-digit year is this century, unless that is more than 20 years ahead of today (then the last century): so
``990101`` is 1999-01-01 and ``261202`` is 2026-12-02.
"""

from __future__ import annotations

import re
from datetime import date

_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?P<y>\d{2})[-/.]?(?P<m>\d{2})[-/.]?(?P<d>\d{2})$"),
]

INPUT_HELP = "ÅÅÅÅ-MM-DD"


def parse_swedish_date(text: str | None, *, today: date | None = None) -> date | None:
    """The date the text names, or None when it names none (empty, or not a real day such as 2025-02-30)."""
    if text is None:
        return None
    value = str(text).strip().replace(" ", "")
    for pattern in _PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        year = int(match["y"])
        if len(match["y"]) == 2:
            from django.utils import timezone

            this_year = (today or timezone.localdate()).year
            year += this_year // 100 * 100
            if year > this_year + 20:
                year -= 100
        try:
            return date(year, int(match["m"]), int(match["d"]))
        except ValueError:
            return None
    return None


def normalise_date_input(text: str | None) -> str | None:
    """ISO form of a typed Swedish date, for Django's date parsing; anything unreadable is returned as it was, so
    the form says it is not a date."""
    parsed = parse_swedish_date(text)
    return parsed.isoformat() if parsed else text


def date_from_input(text: str) -> date:
    """Like ``date.fromisoformat`` for a value typed in a form or a query string, but reading every Swedish way
    of writing the date; ValueError when it names none."""
    parsed = parse_swedish_date(text)
    if parsed is None:
        raise ValueError(f"not a date: {text!r}")
    return parsed
