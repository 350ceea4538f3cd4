"""Request builders for the tests: JSON-shaped dicts, as the form or the CLI would send them."""

from __future__ import annotations

import copy
from typing import Any

from norm import calculate, load_bundled_tables, parse_request

# The contract example from the brief (2021-05): couple, one child born 2016-01-20 without lunch at home.
CONTRACT: dict[str, Any] = {
    "month": "2021-05",
    "members": [
        {"id": "a", "birth_date": "1986-02-11", "role": "adult"},
        {"id": "b", "birth_date": "1988-09-30", "role": "adult"},
        {"id": "c", "birth_date": "2016-01-20", "role": "child", "lunch_at_home": False},
    ],
    "cohabiting": True,
    "shared_household_size": None,
    "costs": [{"type": "rent", "amount": 8200}, {"type": "household_electricity", "amount": 450}],
    "incomes": [
        {"type": "salary", "amount": 12000, "member": "a"},
        {"type": "child_allowance", "amount": 1250},
    ],
    "consecutive_months_on_assistance": 2,
}


def contract(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(CONTRACT)
    data.update(changes)
    return data


def adult(member_id: str = "a", birth_date: str = "1980-01-01") -> dict[str, Any]:
    return {"id": member_id, "birth_date": birth_date, "role": "adult"}


def child(member_id: str, birth_date: str, lunch_at_home: bool | None = True) -> dict[str, Any]:
    return {"id": member_id, "birth_date": birth_date, "role": "child", "lunch_at_home": lunch_at_home}


def household(month: str, members: list[dict[str, Any]], **rest: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "month": month,
        "members": members,
        "cohabiting": False,
        "shared_household_size": None,
        "costs": [],
        "incomes": [],
        "consecutive_months_on_assistance": 0,
    }
    data.update(rest)
    return data


def run(data: dict[str, Any], tables=None):
    return calculate(parse_request(data), load_bundled_tables() if tables is None else tables)
