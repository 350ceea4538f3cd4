"""Riksnorm tables: the amounts of socialtjänstförordningen (2001:937) 2 kap. 1 § as dated data.

The bundled files live in the data folder `norm/tables/` (riksnorm-<year>.json, one per year DOMAIN.md §4
gives; a year without a table, such as 2020, has no file). Every cell carries its own mark and source:
✔✔ two independent sources agree, ✔ one secondary source, ⚠ unconfirmed, — not found (amount null).
Missing amounts are never guessed: a calculation that needs one is refused (see calculate.py).

Administrators correct or confirm amounts in the database; the Django side merges those with
`NormTable.with_overrides`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import MissingTableError

# The data folder shares its name with this module; Python imports tables.py, the folder only holds JSON.
TABLES_DIR = Path(__file__).with_name("tables")

CONFIRMED_MARKS = ("✔✔", "✔")
UNCONFIRMED_MARK = "⚠"
MISSING_MARK = "—"
MARKS = (*CONFIRMED_MARKS, UNCONFIRMED_MARK, MISSING_MARK)

CHILD_KEYS = (
    "child_lunch_0",
    "child_lunch_1_2",
    "child_lunch_3",
    "child_lunch_4_6",
    "child_7_10",
    "child_11_14",
    "child_15_18",
    "child_19_20",
    "child_nolunch_0",
    "child_nolunch_1_2",
    "child_nolunch_3",
    "child_nolunch_4_6",
)
ADULT_KEYS = ("adult_single", "adult_couple")
COMMON_KEYS = tuple(f"common_{size}" for size in range(1, 8))
AMOUNT_KEYS = CHILD_KEYS + ADULT_KEYS + COMMON_KEYS
# Not part of the riksnorm and not in DOMAIN.md: optional, entered by an administrator when needed.
PRICE_BASE_AMOUNT = "price_base_amount"
OPTIONAL_KEYS = (PRICE_BASE_AMOUNT,)

_LUNCH = "lunch hemma"
_NO_LUNCH = "ej lunch hemma 5 dagar/vecka"
AMOUNT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "child_lunch_0": f"barn under 1 år ({_LUNCH})",
        "child_lunch_1_2": f"barn 1–2 år ({_LUNCH})",
        "child_lunch_3": f"barn 3 år ({_LUNCH})",
        "child_lunch_4_6": f"barn 4–6 år ({_LUNCH})",
        "child_7_10": "barn 7–10 år",
        "child_11_14": "barn 11–14 år",
        "child_15_18": "barn 15–18 år",
        "child_19_20": "barn 19–20 år",
        "child_nolunch_0": f"barn under 1 år ({_NO_LUNCH})",
        "child_nolunch_1_2": f"barn 1–2 år ({_NO_LUNCH})",
        "child_nolunch_3": f"barn 3 år ({_NO_LUNCH})",
        "child_nolunch_4_6": f"barn 4–6 år ({_NO_LUNCH})",
        "adult_single": "ensamstående vuxen",
        "adult_couple": "sambor (paret)",
        **{
            f"common_{n}": f"hushållsgemensamma kostnader, {n} {'person' if n == 1 else 'personer'}"
            for n in range(1, 8)
        },
        PRICE_BASE_AMOUNT: "prisbasbelopp",
    }
)

NO_SOURCE = "Ändrat belopp utan angiven officiell källa — obekräftat"


def _to_decimal(value: Any, what: str) -> Decimal:
    # Floats are refused: a binary fraction is not an amount of money.
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise ValueError(f"{what}: amount must be an int, a decimal string or Decimal, not {value!r}")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{what}: not a number: {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{what}: amount must be a non-negative number, not {value!r}")
    return amount


@dataclass(frozen=True)
class Amount:
    """One table cell. `confirmed` follows the mark: True only for ✔✔ and ✔ (omit it to derive it)."""

    amount: Decimal | None
    mark: str
    source: str
    confirmed: bool = None  # derived from `mark` when omitted

    def __post_init__(self) -> None:
        if self.mark not in MARKS:
            raise ValueError(f"unknown mark {self.mark!r}; use one of {MARKS}")
        if (self.amount is None) != (self.mark == MISSING_MARK):
            raise ValueError("an amount is null exactly when its mark is —")
        if self.amount is not None:
            object.__setattr__(self, "amount", _to_decimal(self.amount, "Amount"))
        derived = self.mark in CONFIRMED_MARKS
        if self.confirmed is None:
            object.__setattr__(self, "confirmed", derived)
        elif self.confirmed != derived:
            raise ValueError(f"confirmed={self.confirmed} contradicts mark {self.mark!r}")

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], *, what: str = "amount") -> Amount:
        value = d.get("amount")
        return cls(
            amount=None if value is None else _to_decimal(value, what),
            mark=d["mark"],
            source=d.get("source", ""),
        )

    def to_dict(self) -> dict[str, Any]:
        amount = (
            None
            if self.amount is None
            else (int(self.amount) if self.amount == self.amount.to_integral() else str(self.amount))
        )
        return {"amount": amount, "mark": self.mark, "source": self.source, "confirmed": self.confirmed}


@dataclass(frozen=True)
class NormTable:
    """One year's riksnorm: every key of AMOUNT_KEYS, plus optional keys such as price_base_amount."""

    year: int
    valid_from: date
    valid_to: date
    source: str
    amounts: Mapping[str, Amount] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.valid_from > self.valid_to:
            raise ValueError(f"riksnorm {self.year}: valid_from is after valid_to")
        missing = [key for key in AMOUNT_KEYS if key not in self.amounts]
        unknown = [key for key in self.amounts if key not in AMOUNT_KEYS + OPTIONAL_KEYS]
        if missing or unknown:
            raise ValueError(f"riksnorm {self.year}: missing keys {missing}, unknown keys {unknown}")
        object.__setattr__(self, "amounts", MappingProxyType(dict(self.amounts)))

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> NormTable:
        year = int(d["year"])
        return cls(
            year=year,
            valid_from=date.fromisoformat(d["valid_from"]),
            valid_to=date.fromisoformat(d["valid_to"]),
            source=d["source"],
            amounts={
                key: Amount.from_dict(cell, what=f"riksnorm {year} {key}")
                for key, cell in d["amounts"].items()
            },
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat(),
            "source": self.source,
            "amounts": {key: amount.to_dict() for key, amount in self.amounts.items()},
        }

    def with_overrides(self, overrides: Mapping[str, Amount]) -> NormTable:
        """A copy with administrator corrections applied.

        An override without an official source cannot be confirmed, whatever mark it was given: it becomes ⚠
        (or — if it clears the amount) so every calculation using it shows its status (DOMAIN.md §4).
        """
        amounts = dict(self.amounts)
        for key, override in overrides.items():
            if key not in AMOUNT_KEYS + OPTIONAL_KEYS:
                raise ValueError(f"unknown riksnorm key {key!r}")
            if not override.source.strip():
                mark = MISSING_MARK if override.amount is None else UNCONFIRMED_MARK
                override = Amount(override.amount, mark, NO_SOURCE)
            amounts[key] = override
        return NormTable(self.year, self.valid_from, self.valid_to, self.source, amounts)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to


@cache
def _bundled() -> tuple[NormTable, ...]:
    files = sorted(TABLES_DIR.glob("riksnorm-*.json"))
    return tuple(NormTable.from_dict(json.loads(path.read_text(encoding="utf-8"))) for path in files)


def load_bundled_tables() -> list[NormTable]:
    """The tables shipped with Skutan, oldest first."""
    return sorted(_bundled(), key=lambda table: table.valid_from)


def table_for_month(tables: Iterable[NormTable], year: int, month: int) -> NormTable:
    """The table in force on the first day of the month; the latest valid_from wins if several cover it."""
    first_day = date(year, month, 1)
    covering = [table for table in tables if table.covers(first_day)]
    if not covering:
        raise MissingTableError(year, month)
    return max(covering, key=lambda table: table.valid_from)
