"""The JSON contract of a calculation request, validated into a CalculationRequest.

Every refusal is a NormInputError whose `field` is a path into the request ("members[2].birth_date") and
whose message is Swedish, so the form can put it next to the right input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import NormInputError, month_sv
from .model import (
    ADULT,
    CHILD,
    COST_TYPES,
    INCOME_TYPES,
    OTHER_COST,
    ROLES,
    SALARY,
    CalculationRequest,
    Cost,
    Income,
    Member,
    age_at_month_start,
)

REQUEST_FIELDS = {
    "month",
    "members",
    "cohabiting",
    "shared_household_size",
    "costs",
    "incomes",
    "consecutive_months_on_assistance",
    "job_stimulus_months_used",
}
MEMBER_FIELDS = {"id", "birth_date", "role", "lunch_at_home"}
COST_FIELDS = {"type", "amount", "description"}
INCOME_FIELDS = {"type", "amount", "member"}

CHILD_AGE_LIMIT = 21  # the household includes children under 21 (DOMAIN.md §2, "hushåll")

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_request(data: Any) -> CalculationRequest:
    """Validate the JSON request (see norm/README.md) and build a CalculationRequest."""
    if not isinstance(data, Mapping):
        raise NormInputError("request", "Förfrågan måste vara ett JSON-objekt")
    _reject_unknown(data, REQUEST_FIELDS, "")
    members = _list(data, "members", required=True)
    costs = _list(data, "costs", required=False)
    incomes = _list(data, "incomes", required=False)
    request = CalculationRequest(
        month=_parse_month(data.get("month")),
        members=tuple(_parse_member(item, f"members[{i}]") for i, item in enumerate(members)),
        cohabiting=_parse_bool(data.get("cohabiting", False), "cohabiting"),
        shared_household_size=_parse_shared_size(data.get("shared_household_size")),
        costs=tuple(_parse_cost(item, f"costs[{i}]") for i, item in enumerate(costs)),
        incomes=tuple(_parse_income(item, f"incomes[{i}]") for i, item in enumerate(incomes)),
        consecutive_months_on_assistance=_parse_count(
            data.get("consecutive_months_on_assistance"), "consecutive_months_on_assistance"
        ),
        job_stimulus_months_used=_parse_count(
            data.get("job_stimulus_months_used", 0), "job_stimulus_months_used"
        ),
    )
    check_request(request)
    mark_checked(request)
    return request


# calculate() checks a request built in code, but not one parse_request already checked: the request is frozen
# (its members, costs and incomes too), so a check once made stays true. dataclasses.replace() builds a new,
# unmarked object, which is checked again.
_CHECKED = "_norm_checked"


def mark_checked(request: CalculationRequest) -> None:
    object.__setattr__(request, _CHECKED, True)


def is_checked(request: CalculationRequest) -> bool:
    return request.__dict__.get(_CHECKED, False)


def check_request(request: CalculationRequest) -> None:
    """The rules that relate fields to each other. calculate() runs this too, for requests built in code."""
    year, month = request.month
    # date() covers years 1–9999 and a month's end is the next month's first day, so 9999-12 is out too.
    if not 1 <= month <= 12 or not 1 <= year <= 9999 or (year, month) == (9999, 12):
        raise NormInputError("month", f"Ogiltig månad: {year:04d}-{month:02d}")
    if not request.members:
        raise NormInputError("members", "Hushållet måste ha minst en person")
    seen: set[str] = set()
    for i, member in enumerate(request.members):
        field = f"members[{i}]"
        if member.id in seen:
            raise NormInputError(f"{field}.id", f"Id:t finns redan i hushållet: {member.id}")
        seen.add(member.id)
        if member.role not in ROLES:
            raise NormInputError(f"{field}.role", f"Okänd roll: {member.role} (ange adult eller child)")
        last_day = date(year + month // 12, month % 12 + 1, 1)
        if member.birth_date >= last_day:
            raise NormInputError(
                f"{field}.birth_date",
                f"Födelsedatumet {member.birth_date.isoformat()} är efter {month_sv(year, month)}",
            )
        age = age_at_month_start(member.birth_date, year, month)
        if member.role == CHILD and age >= CHILD_AGE_LIMIT:
            raise NormInputError(
                f"{field}.birth_date",
                f"Barnet är {age} år den 1 {month_sv(year, month)}; från 21 år räknas personen inte som barn i "
                "hushållet utan som vuxen med eget ärende",
            )
    adults = sum(1 for member in request.members if member.role == ADULT)
    if adults == 0:
        raise NormInputError("members", "Hushållet måste ha minst en vuxen")
    if request.cohabiting and adults > 2:
        raise NormInputError("cohabiting", f"Sambor är två vuxna, men hushållet har {adults} vuxna")
    size = request.shared_household_size
    if size is not None and size < len(request.members):
        raise NormInputError(
            "shared_household_size",
            f"Det delade hushållet ({size} personer) kan inte vara mindre än de {len(request.members)} "
            "personerna i beräkningen",
        )
    for i, cost in enumerate(request.costs):
        if cost.type not in COST_TYPES:
            raise NormInputError(f"costs[{i}].type", f"Okänd kostnadstyp: {cost.type}")
        if cost.type == OTHER_COST and not (cost.description or "").strip():
            raise NormInputError(f"costs[{i}].description", "Beskriv kostnaden (krävs för typen other)")
        if cost.amount < 0:
            raise NormInputError(f"costs[{i}].amount", f"Beloppet kan inte vara negativt: {cost.amount}")
    for i, income in enumerate(request.incomes):
        if income.type not in INCOME_TYPES:
            raise NormInputError(f"incomes[{i}].type", f"Okänd inkomsttyp: {income.type}")
        if income.amount < 0:
            raise NormInputError(f"incomes[{i}].amount", f"Beloppet kan inte vara negativt: {income.amount}")
        if income.member is not None and income.member not in seen:
            raise NormInputError(
                f"incomes[{i}].member", f"Okänd person: {income.member} finns inte i hushållet"
            )
        # Whose salary it is decides jobbstimulans and the child work-income rule.
        if income.type == SALARY and income.member is None:
            raise NormInputError(f"incomes[{i}].member", "Ange vems lönen är (member)")
    for field, count in (
        ("consecutive_months_on_assistance", request.consecutive_months_on_assistance),
        ("job_stimulus_months_used", request.job_stimulus_months_used),
    ):
        if count < 0:
            raise NormInputError(field, f"Antalet månader kan inte vara negativt: {count}")


def _reject_unknown(item: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
    # A misspelt key ("cohabitting") must not silently become a default.
    for key in item:
        if key not in allowed:
            raise NormInputError(f"{prefix}{key}", f"Okänt fält: {key}")


def _list(data: Mapping[str, Any], key: str, *, required: bool) -> list[Any]:
    value = data.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise NormInputError(key, "Ange en lista")
    return value


def _object(item: Any, field: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(item, Mapping):
        raise NormInputError(field, "Ange ett JSON-objekt")
    _reject_unknown(item, allowed, f"{field}.")
    return item


def _parse_month(value: Any) -> tuple[int, int]:
    match = _MONTH.fullmatch(value) if isinstance(value, str) else None
    if not match or not 1 <= int(match[2]) <= 12:
        raise NormInputError("month", f"Ogiltig månad: {value} (ange ÅÅÅÅ-MM, t.ex. 2021-05)")
    return int(match[1]), int(match[2])


def _parse_date(value: Any, field: str) -> date:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise NormInputError(field, f"Ogiltigt datum: {value}")


def _parse_bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise NormInputError(field, f"Ange true eller false, inte {value}")
    return value


# Bounds of what can be entered at all (not rules of the norm): an amount fits the database's 10 digits with
# öre, a count fits a small integer column.
MAX_AMOUNT = Decimal("99999999.99")
MAX_COUNT = 32767


def _parse_count(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise NormInputError(field, f"Ange antalet månader som ett heltal, 0 eller mer (fick {value})")
    return value


def _parse_shared_size(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_COUNT:
        raise NormInputError(
            "shared_household_size", f"Ange antalet personer som ett heltal, eller null (fick {value})"
        )
    return value


def _parse_amount(value: Any, field: str) -> Decimal:
    """A non-negative number of kronor with at most two decimals (öre). JSON numbers or numeric strings."""
    amount = None
    if isinstance(value, int | float | str | Decimal) and not isinstance(value, bool):
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            amount = None
    if amount is None or not amount.is_finite():
        raise NormInputError(field, f"Beloppet måste vara ett tal: {value}")
    if amount < 0:
        raise NormInputError(field, f"Beloppet kan inte vara negativt: {value}")
    if amount > MAX_AMOUNT:
        raise NormInputError(field, f"Beloppet är för stort: högst {MAX_AMOUNT} kr")
    if amount.normalize().as_tuple().exponent < -2:
        raise NormInputError(field, f"Beloppet kan ha högst två decimaler (öre): {value}")
    return amount


def _parse_member(item: Any, field: str) -> Member:
    item = _object(item, field, MEMBER_FIELDS)
    member_id = item.get("id")
    if not isinstance(member_id, str) or not member_id.strip():
        raise NormInputError(f"{field}.id", "Ange ett id (text)")
    role = item.get("role")
    if role not in ROLES:
        raise NormInputError(f"{field}.role", f"Okänd roll: {role} (ange adult eller child)")
    lunch = item.get("lunch_at_home")
    if lunch is not None:
        lunch = _parse_bool(lunch, f"{field}.lunch_at_home")
    return Member(
        id=member_id,
        birth_date=_parse_date(item.get("birth_date"), f"{field}.birth_date"),
        role=role,
        lunch_at_home=lunch,
    )


def _parse_cost(item: Any, field: str) -> Cost:
    item = _object(item, field, COST_FIELDS)
    cost_type = item.get("type")
    if cost_type not in COST_TYPES:
        raise NormInputError(f"{field}.type", f"Okänd kostnadstyp: {cost_type}")
    description = item.get("description")
    if description is not None and not isinstance(description, str):
        raise NormInputError(f"{field}.description", "Beskrivningen ska vara text")
    return Cost(
        type=cost_type, amount=_parse_amount(item.get("amount"), f"{field}.amount"), description=description
    )


def _parse_income(item: Any, field: str) -> Income:
    item = _object(item, field, INCOME_FIELDS)
    income_type = item.get("type")
    if income_type not in INCOME_TYPES:
        raise NormInputError(f"{field}.type", f"Okänd inkomsttyp: {income_type}")
    member = item.get("member")
    if member is not None and not isinstance(member, str):
        raise NormInputError(f"{field}.member", f"Okänd person: {member}")
    return Income(
        type=income_type, amount=_parse_amount(item.get("amount"), f"{field}.amount"), member=member
    )
