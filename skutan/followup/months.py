"""Calendar months as first-of-month dates, and the periods a director picks (month, quarter, year, range)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext

from skutan.core.errors import ApplicationError

MAX_MONTHS = 120
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_add(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from ``first`` to ``last``, both included."""
    out, m = [], first.replace(day=1)
    while m <= last:
        out.append(m)
        m = month_add(m, 1)
    return out


def month_end(month: date) -> date:
    return date.fromordinal(month_add(month, 1).toordinal() - 1)


def month_parse(value: str, *, field: str) -> date:
    """"ÅÅÅÅ-MM" → the first of the month; a clear Swedish 400 naming ``field`` otherwise."""
    found = _MONTH.match((value or "").strip())
    if not found:
        raise ApplicationError(gettext(
            "Ange %(field)s som ÅÅÅÅ-MM, till exempel 2026-01."
        ) % {"field": field}, field=field)
    return date(int(found[1]), int(found[2]), 1)


@dataclass(frozen=True)
class Period:
    first: date  # first month
    last: date  # last month (its first day)
    kind: str = "range"  # month | quarter | year | range

    @property
    def months(self) -> list[date]:
        return months_between(self.first, self.last)

    def shifted_years(self, years: int) -> Period:
        return Period(month_add(self.first, -12 * years), month_add(self.last, -12 * years), self.kind)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.first:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.first.year} kvartal {(self.first.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.first.year)
        return f"{self.first:%Y-%m} – {self.last:%Y-%m}"


def period_check(first: date, last: date, *, first_field: str = "from", last_field: str = "to") -> None:
    if first > last:
        raise ApplicationError(gettext(
            "%(first_field)s (%(first)s) ligger efter %(last_field)s (%(last)s)."
        ) % {
            "first_field": first_field,
            "first": format(first, "%Y-%m"),
            "last_field": last_field,
            "last": format(last, "%Y-%m"),
        },
                               field=first_field)
    if len(months_between(first, last)) > MAX_MONTHS:
        raise ApplicationError(gettext(
            "Perioden får vara högst %(max_months)s månader."
        ) % {"max_months": MAX_MONTHS}, field=last_field)


def period_parse(*, kind: str, value: str, first: str, last: str, today: date) -> Period:
    """The dashboard's period choice from the URL. ``kind``: month (value ÅÅÅÅ-MM), quarter (ÅÅÅÅ-Qn),
    year (ÅÅÅÅ), range (first/last ÅÅÅÅ-MM). Nothing chosen: the last twelve months, this one included."""
    this_month = today.replace(day=1)
    if kind == "month":
        m = month_parse(value, field="value")
        return Period(m, m, "month")
    if kind == "quarter":
        found = re.match(r"^(\d{4})-?[QqKk]([1-4])$", (value or "").strip())
        if not found:
            raise ApplicationError(gettext("Ange kvartal som ÅÅÅÅ-Kn, till exempel 2026-K3."), field="value")
        start = date(int(found[1]), 3 * int(found[2]) - 2, 1)
        return Period(start, month_add(start, 2), "quarter")
    if kind == "year":
        if not re.match(r"^\d{4}$", (value or "").strip()):
            raise ApplicationError(gettext("Ange år som ÅÅÅÅ."), field="value")
        year = int(value)
        return Period(date(year, 1, 1), date(year, 12, 1), "year")
    if kind == "range" and (first or last):
        a = month_parse(first, field="from") if first else month_add(this_month, -11)
        b = month_parse(last, field="to") if last else this_month
        period_check(a, b)
        return Period(a, b, "range")
    return Period(month_add(this_month, -11), this_month, "range")
