"""Identity numbers for synthetic persons.

Every number is valid in form (real date, Luhn check digit), so the whole system treats it like a real
one. To keep demo persons apart from real people the birth number is always drawn from 980–999. Such a
number can still, in principle, belong to a real person: that is why the demo lives in its own SQLite file,
every demo person has ``synthetic=True``, and ``skutan demo`` refuses a database holding anyone else.

That gives ten numbers per sex and day. At Stockholm's size some days are full (children of the same
years, adults of the same cohorts), so ``nearest`` moves the birth date to the nearest day with a free
number: first up to nine days earlier (what the demo has always done, so Filipstad's numbers stay the
same), then outwards by a day at a time, up to ``MAX_SHIFT_DAYS``. The space is about 20 × 365 numbers a
birth year, some 700 000 over the ages the generator draws, never a number outside 980–999.
"""

import random
from datetime import date, timedelta

from skutan.people.identity import luhn_check_digit

SYNTHETIC_BIRTH_NUMBERS = range(980, 1000)
RESERVE_PREFIX = "R"
MAX_SHIFT_DAYS = 400


class NumberSpaceExhausted(RuntimeError):
    pass


def personnummer(born: date, birth_number: int) -> str:
    """The normalised 12-digit form ``YYYYMMDD-NNNC`` of a personnummer."""
    nine = f"{born:%y%m%d}{birth_number:03d}"
    return f"{born:%Y%m%d}-{birth_number:03d}{luhn_check_digit(nine)}"


def samordningsnummer(born: date, birth_number: int) -> str:
    """Day + 60, same check digit rule (folkbokföringslagen 18 a §)."""
    day = born.day + 60
    nine = f"{born:%y%m}{day:02d}{birth_number:03d}"
    return f"{born:%Y%m}{day:02d}-{birth_number:03d}{luhn_check_digit(nine)}"


def reserve_number(municipality_code: str, sequence: int) -> str:
    """A local temporary identity (reservnummer) such as ``R1782-00001``."""
    return f"{RESERVE_PREFIX}{municipality_code}-{sequence:05d}"


def birth_number_of(identity_number: str) -> int | None:
    """The 3-digit birth number of a normalised personnummer or samordningsnummer."""
    tail = identity_number.rpartition("-")[2]
    if len(tail) != 4 or not tail.isdigit():
        return None
    return int(tail[:3])


class SyntheticNumbers:
    """Draws unique synthetic numbers: birth numbers 980–999, odd for men and even for women."""

    def __init__(self, rng: random.Random, taken: set[str] | None = None):
        self.rng = rng
        self.taken: set[str] = set(taken or ())
        self.full: set[tuple] = set()  # (day, sex, kind) with all ten numbers taken: skipped without a draw

    def _draw(self, born: date, sex: str, make) -> str:
        key = (born, sex, make)
        if key in self.full:
            raise NumberSpaceExhausted(f"Alla syntetiska födelsenummer för {born} är upptagna.")
        parity = 1 if sex == "M" else 0
        candidates = [n for n in SYNTHETIC_BIRTH_NUMBERS if n % 2 == parity]
        self.rng.shuffle(candidates)
        for number in candidates:
            value = make(born, number)
            if value not in self.taken:
                self.taken.add(value)
                return value
        self.full.add(key)
        raise NumberSpaceExhausted(f"Alla syntetiska födelsenummer för {born} är upptagna.")

    def nearest(self, born: date, sex: str, *, coordination: bool = False, latest: date | None = None) -> str:
        """A free number on ``born`` or the nearest day that has one (never after ``latest``): the person's
        birth date is then that day's, a few days off the planned one."""
        make = samordningsnummer if coordination else personnummer
        for shift in _shifts():
            day = born + timedelta(days=shift)
            if latest is not None and day > latest:
                continue
            try:
                return self._draw(day, sex, make)
            except NumberSpaceExhausted:
                continue
        raise NumberSpaceExhausted(f"Inga lediga syntetiska nummer inom {MAX_SHIFT_DAYS} dagar från {born}.")

    def personnummer(self, born: date, sex: str) -> str:
        return self._draw(born, sex, personnummer)

    def samordningsnummer(self, born: date, sex: str) -> str:
        return self._draw(born, sex, samordningsnummer)


def _shifts():
    """0, −1 … −9 (the demo's order), then −10, +1, −11, +2, … out to MAX_SHIFT_DAYS either way."""
    yield from range(0, -10, -1)
    for step in range(1, MAX_SHIFT_DAYS + 1):
        if step + 9 <= MAX_SHIFT_DAYS:
            yield -(step + 9)
        yield step
