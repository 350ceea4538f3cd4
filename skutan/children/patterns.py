"""The pattern flag on a child (new SoL 2025:400: screened-out reports may be kept findable, so repeated
reports can be seen). Pure: works on (received_on, screened_out) pairs; the threshold is a setting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from timelimits import add_months


@dataclass(frozen=True)
class Pattern:
    count: int
    first: date
    last: date
    months: int


def screened_out_pattern(reports: Iterable[tuple[date, bool]], *, threshold: int, months: int) -> Pattern | None:
    """The latest run of at least ``threshold`` reports received within ``months`` months of each other
    that were all screened out (förhandsbedömning "utredning inleds inte"), or None.

    A report still undecided, or one that led to an investigation or a transfer, breaks the run only inside
    its own window: every window of ``months`` months is looked at."""
    rows = sorted(reports)
    best: Pattern | None = None
    for i, (first_day, _) in enumerate(rows):
        end = add_months(first_day, months)
        window = [r for r in rows[i:] if r[0] < end]
        if len(window) >= threshold and all(screened for _, screened in window):
            candidate = Pattern(count=len(window), first=window[0][0], last=window[-1][0], months=months)
            if best is None or candidate.last >= best.last:
                best = candidate
    return best
