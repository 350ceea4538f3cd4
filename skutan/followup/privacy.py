"""Small-number suppression of the follow-up tables, so a statistic never reveals a person.

Counts from 1 up to the threshold minus one (``SKUTAN_STATISTICS_SUPPRESSION_THRESHOLD``, default 5) become
None (shown "<5"); a zero stays 0. A value computed from a suppressed count (an amount, a share, cost per
household) is suppressed with it. Complementary suppression: where cells add up to a published total (a
column of months with its total row, the outcomes of the förhandsbedömningar adding up to the decided ones),
one suppressed cell could be worked out by subtraction, so the smallest other non-zero cell of the group is
suppressed too.
"""

from __future__ import annotations

from skutan.core.statistics import is_small, suppression_threshold


def measure_suppress(measure) -> list[str]:
    """Suppress ``measure.rows`` in place by its columns' rules; return the cells hidden as "rows[i].key"."""
    threshold = suppression_threshold()
    hidden: set[tuple[int, str]] = set()
    counts = [c for c in measure.columns if c.suppress == "small"]
    for i, row in enumerate(measure.rows):
        for c in counts:
            if is_small(row.get(c.key), threshold):
                hidden.add((i, c.key))
    # Complementary: within each group of rows adding up to a total row, per count column.
    for members, total in measure.sum_groups:
        for c in counts:
            in_group = [(i, c.key) for i in members if (i, c.key) in hidden]
            if len(in_group) == 1 and (total, c.key) not in hidden:
                rest = sorted(
                    (measure.rows[i].get(c.key) or 0, i) for i in members
                    if (i, c.key) not in hidden and measure.rows[i].get(c.key)
                )
                if rest:
                    hidden.add((rest[0][1], c.key))
    # Dependents: a column computed from a count goes with it.
    for i in range(len(measure.rows)):
        for c in measure.columns:
            if c.suppress and c.suppress != "small" and any((i, base) in hidden for base in c.suppress.split(",")):
                hidden.add((i, c.key))
    for i, key in hidden:
        measure.rows[i][key] = None
    measure.suppressed = sorted(f"rows[{i}].{key}" for i, key in hidden)
    measure.threshold = threshold
    return measure.suppressed


def values_suppress(values: dict, *, counts: tuple[str, ...], dependents: dict[str, tuple[str, ...]],
                    prefix: str) -> list[str]:
    """Suppress one flat dict (an API month): small ``counts``, and ``dependents`` of a hidden count."""
    threshold = suppression_threshold()
    hidden = {k for k in counts if is_small(values.get(k), threshold)}
    for key, bases in dependents.items():
        if hidden & set(bases):
            hidden.add(key)
    for key in hidden:
        values[key] = None
    return sorted(f"{prefix}.{k}" for k in hidden)
