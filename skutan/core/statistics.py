"""Suppression of small counts in statistics, so that a figure never reveals a person.

Counts from 1 up to the threshold minus one (default 5, so 1–4) are shown as "<5" and given as ``None`` in
JSON; a zero stays 0. Where a row has a total, a single suppressed cell could be worked out as the total
minus the others, so the next smallest cell of that row is suppressed as well (complementary suppression).
"""

from collections.abc import Iterable

from django.conf import settings


def suppression_threshold() -> int:
    return int(getattr(settings, "SKUTAN_STATISTICS_SUPPRESSION_THRESHOLD", 5))


def is_small(value: int | None, threshold: int | None = None) -> bool:
    threshold = suppression_threshold() if threshold is None else threshold
    return value is not None and 0 < value < threshold


def suppress_row(row: dict, keys: Iterable[str], *, has_total: bool = False, threshold: int | None = None) -> list[str]:
    """Replace small counts among ``keys`` in ``row`` with None; return the keys suppressed.

    With ``has_total`` the row's cells add up to a published total, so one suppressed cell alone would be
    revealed by subtraction: then the smallest remaining non-zero cell is suppressed too.
    """
    keys = list(keys)
    hidden = [k for k in keys if is_small(row.get(k), threshold)]
    if has_total and len(hidden) == 1:
        rest = sorted((row[k], k) for k in keys if k not in hidden and row.get(k))
        if rest:
            hidden.append(rest[0][1])
    for k in hidden:
        row[k] = None
    return hidden


def suppressed_label(threshold: int | None = None) -> str:
    return f"<{suppression_threshold() if threshold is None else threshold}"
