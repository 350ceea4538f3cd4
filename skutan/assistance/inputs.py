"""What a case worker enters for one month, typed (the norm JSON contract plus Skutan's own fields), and
how it becomes the norm's JSON request. Shared by services (which store it), forms and the API (which
build it) and selectors (which preview a calculation without saving)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from skutan.assistance.calculation import month_key


@dataclass
class MemberInput:
    birth_date: date | None
    role: str
    lunch_at_home: bool | None = None
    name: str = ""
    person_id: int | None = None
    key: str = ""
    support_obstacle: str = ""  # försörjningshinder code (adults), register_codes.json
    labour_market_measures: list[str] = field(default_factory=list)


@dataclass
class CostInput:
    type: str
    amount: Decimal
    description: str = ""


@dataclass
class IncomeInput:
    type: str
    amount: Decimal
    member_key: str = ""
    description: str = ""


@dataclass
class ApplicationInput:
    """One month's household, costs and incomes as the case worker entered them (norm contract, typed)."""

    members: list[MemberInput]
    costs: list[CostInput] = field(default_factory=list)
    incomes: list[IncomeInput] = field(default_factory=list)
    cohabiting: bool = False
    shared_household_size: int | None = None
    consecutive_months_on_assistance: int | None = None  # None: computed from earlier decisions
    job_stimulus_months_used: int | None = None  # None: computed from earlier decisions
    attachments: list[dict[str, Any]] = field(default_factory=list)
    notes: str = ""
    received_on: date | None = None


def assign_keys(members: list[MemberInput]) -> None:
    used = {m.key for m in members if m.key}
    n = 1
    for member in members:
        if member.person_id and not member.key:
            member.key = f"p{member.person_id}"
        if not member.key:
            while f"m{n}" in used:
                n += 1
            member.key = f"m{n}"
        used.add(member.key)


def request_dict(month: date, data: ApplicationInput, consecutive: int, job_used: int) -> dict[str, Any]:
    return {
        "month": month_key(month),
        "members": [
            {
                "id": m.key,
                "birth_date": m.birth_date.isoformat() if m.birth_date else None,
                "role": m.role,
                **({"lunch_at_home": m.lunch_at_home} if m.lunch_at_home is not None else {}),
            }
            for m in data.members
        ],
        "cohabiting": data.cohabiting,
        "shared_household_size": data.shared_household_size,
        "costs": [
            {"type": c.type, "amount": str(c.amount), **({"description": c.description} if c.description else {})}
            for c in data.costs
        ],
        "incomes": [
            {"type": i.type, "amount": str(i.amount), **({"member": i.member_key} if i.member_key else {})}
            for i in data.incomes
        ],
        "consecutive_months_on_assistance": consecutive,
        "job_stimulus_months_used": job_used,
    }
