"""Input and output of a calculation, as plain dataclasses (no Django, money as Decimal kronor)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any, Literal

Role = Literal["adult", "child"]
ADULT: Role = "adult"
CHILD: Role = "child"
ROLES: tuple[Role, ...] = (ADULT, CHILD)

# Reasonable costs outside the norm, DOMAIN.md §4 (old SoL 4 kap. 3 §). "other" needs a description.
COST_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "rent": "hyra",
        "household_electricity": "hushållsel",
        "home_insurance": "hemförsäkring",
        "work_travel": "arbetsresor",
        "union_fee": "fackavgift",
        "unemployment_fund_fee": "a-kasseavgift",
        "other": "övrigt",
    }
)
OTHER_COST = "other"

INCOME_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "salary": "lön",
        "child_allowance": "barnbidrag",
        "housing_allowance": "bostadsbidrag",
        "maintenance_support": "underhållsstöd",
        "unemployment_benefit": "arbetslöshetsersättning",
        "sickness_benefit": "sjukpenning",
        "parental_benefit": "föräldrapenning",
        "study_allowance": "studiemedel",
        "pension": "pension",
        "other": "övrig inkomst",
    }
)
SALARY = "salary"  # income from employment: jobbstimulans, and the child work-income rule


def age_at_month_start(birth_date: date, year: int, month: int) -> int:
    """Age for the norm: completed years on the first day of the calculation month.

    DOMAIN.md §4 asks for one rule applied everywhere; this is it. Someone born during the month itself
    has not yet been born on the first day and is counted as 0 (under 1 year).
    """
    return age_on(birth_date, date(year, month, 1))


def age_on(birth_date: date, day: date) -> int:
    """Completed years on `day` (0 for someone not yet born)."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return max(0, day.year - birth_date.year - (0 if had_birthday else 1))


def whole_kronor(amount: Decimal) -> Decimal:
    """Round to whole kronor, half up (0.50 kr → 1 kr): the municipality pays whole kronor (DOMAIN.md §4)."""
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def format_kr(amount: Decimal) -> str:
    """'1 610 kr', '12 000,50 kr': Swedish grouping and decimal comma, for labels."""
    if amount == amount.to_integral():
        text = f"{int(amount):,}".replace(",", " ")
    else:
        text = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return f"{text} kr"


def money_json(amount: Decimal) -> int | float:
    """A JSON number: whole kronor as int; an amount with öre (only from öre input) with at most two
    decimals, whose shortest float repr is exactly those decimals."""
    if amount == amount.to_integral():
        return int(amount)
    return float(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Member:
    id: str
    birth_date: date
    role: Role
    lunch_at_home: bool | None = None  # only matters for ages 0–6; None is treated as lunch at home


@dataclass(frozen=True)
class Cost:
    type: str
    amount: Decimal
    description: str | None = None

    @property
    def label(self) -> str:
        if self.type == OTHER_COST:
            return f"övrigt: {self.description}"
        return COST_TYPES[self.type]


@dataclass(frozen=True)
class Income:
    type: str
    amount: Decimal
    member: str | None = None  # a Member.id; required for salary

    @property
    def label(self) -> str:
        return INCOME_TYPES[self.type]


@dataclass(frozen=True)
class CalculationRequest:
    """One household, one month. Build it with parse.parse_request, which validates it."""

    month: tuple[int, int]
    members: tuple[Member, ...]
    cohabiting: bool
    shared_household_size: int | None  # set when the case shares a larger household it is not part of
    costs: tuple[Cost, ...]
    incomes: tuple[Income, ...]
    consecutive_months_on_assistance: int
    job_stimulus_months_used: int = 0

    def __post_init__(self) -> None:
        for name in ("members", "costs", "incomes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


# Line kinds, in the order lines appear.
PERSONAL = "personal"  # SoF 2 kap. 1 §
COMMON = "common"  # SoF 2 kap. 1 §
COMMON_SHARE = "common_share"  # SoF 2 kap. 1 §, the case's share of a shared household
COST = "cost"  # reasonable costs, SoL 4 kap. 3 §
INCOME = "income"  # counted income, SoL 4 kap. 1 § (negative amount)
JOB_STIMULUS = "job_stimulus"  # part of salary not counted, SoL 4 kap. 1 b § (positive amount)
CHILD_WORK_INCOME = "child_work_income"  # child's salary not counted (positive amount)
NORM_KINDS = (PERSONAL, COMMON, COMMON_SHARE)
INCOME_KINDS = (INCOME, JOB_STIMULUS, CHILD_WORK_INCOME)


@dataclass(frozen=True)
class Line:
    """One explained step. `amount` is signed: the lines add up to need − counted income.

    `mark` and `confirmed` describe the amount's status (a riksnorm cell's mark; None and True for amounts
    the case worker entered).
    """

    kind: str
    label: str
    amount: Decimal
    source: str
    mark: str | None
    confirmed: bool
    member: str | None = None
    letter_source: str = ""  # the law as a letter cites it: never an unconfirmed paragraph number

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "amount": money_json(self.amount),
            "source": self.source,
            "letter_source": self.letter_source,
            "mark": self.mark,
            "confirmed": self.confirmed,
            "member": self.member,
        }


@dataclass(frozen=True)
class CalculationResult:
    month: tuple[int, int]
    norm_table: str  # the table's year, e.g. "2021"
    lines: tuple[Line, ...]
    norm_total: Decimal
    costs_total: Decimal
    income_total: Decimal  # counted income, after jobbstimulans and the child work-income rule
    need: Decimal
    assistance: Decimal  # whole kronor
    surplus: Decimal  # whole kronor
    unconfirmed_amounts: tuple[str, ...]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: totals in whole kronor (half up) as int."""
        year, month = self.month
        return {
            "month": f"{year:04d}-{month:02d}",
            "norm_table": self.norm_table,
            "lines": [line.to_dict() for line in self.lines],
            "norm_total": int(whole_kronor(self.norm_total)),
            "costs_total": int(whole_kronor(self.costs_total)),
            "income_total": int(whole_kronor(self.income_total)),
            "need": int(whole_kronor(self.need)),
            "assistance": int(self.assistance),
            "surplus": int(self.surplus),
            "unconfirmed_amounts": list(self.unconfirmed_amounts),
            "warnings": list(self.warnings),
        }
