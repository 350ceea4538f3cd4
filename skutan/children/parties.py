"""Who is a party in a children's case: the guardians, and the child from the age of 15 (legal.py,
"party_15"). Pure rules on dates; the records are in models.Guardian."""

from __future__ import annotations

from datetime import date

PARTY_AGE = 15  # SoL (2001:453) 11 kap. 10 § (DOMAIN.md §5 ✔)
MAX_GUARDIANS = 2  # one or two vårdnadshavare (parents or särskilt förordnade)


def age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def child_is_party(*, born: date | None, on: date) -> bool:
    """A child of 15 or more speaks for themselves in their case."""
    age = age_on(born, on)
    return age is not None and age >= PARTY_AGE
