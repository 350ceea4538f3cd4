"""Run the pure ``norm`` calculation with the database's riksnorm tables, and explain its errors in Swedish.

No rule of the norm lives here: this module only builds the JSON request of the norm contract
(norm/README.md), turns norm's errors into ``ApplicationError`` naming the field, and adds the municipality's
guideline warnings, which are not part of the riksnorm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from norm import (
    MissingAmountError,
    MissingLegalSourceError,
    MissingTableError,
    NormError,
    NormInputError,
    NormTable,
    calculate,
    parse_request,
)
from norm.model import COST_TYPES, format_kr
from skutan.core.errors import ApplicationError

# Swedish names of the request's fields, so a message can name the field the way the form does.
FIELD_LABELS = {
    "request": "förfrågan",
    "month": "månad",
    "members": "hushållsmedlemmar",
    "cohabiting": "sambor/makar",
    "shared_household_size": "antal i delat hushåll",
    "costs": "kostnader",
    "incomes": "inkomster",
    "consecutive_months_on_assistance": "månader i följd med bistånd",
    "job_stimulus_months_used": "använda månader med jobbstimulans",
}
ITEM_LABELS = {"members": "hushållsmedlem", "costs": "kostnad", "incomes": "inkomst"}
SUBFIELD_LABELS = {
    "id": "id",
    "birth_date": "födelsedatum",
    "role": "roll",
    "lunch_at_home": "lunch hemma",
    "type": "typ",
    "amount": "belopp",
    "description": "beskrivning",
    "member": "person",
}
_PATH = re.compile(r"(?P<list>\w+)\[(?P<index>\d+)\](?:\.(?P<sub>\w+))?")


def field_label_sv(path: str | None) -> str:
    """'costs[1].amount' → 'kostnad rad 2, belopp'; 'month' → 'månad'."""
    if not path:
        return ""
    match = _PATH.fullmatch(path)
    if match:
        item = ITEM_LABELS.get(match["list"], match["list"])
        text = f"{item} rad {int(match['index']) + 1}"
        if match["sub"]:
            text += f", {SUBFIELD_LABELS.get(match['sub'], match['sub'])}"
        return text
    return FIELD_LABELS.get(path, path)


def missing_table_message(year: int, prefix: str = "") -> str:
    """For the caseworker who meets a year without riksnorm (typically January): what is missing and who knows."""
    from skutan.accounts.models import Role
    from skutan.accounts.selectors import users_with_role

    names = [u.display_name for u in users_with_role(role=Role.SYSTEM_ADMIN)]
    who = (
        f"Systemförvaltarna ({', '.join(names)}) ser på varje sida att tabellen saknas och lägger in den med källa"
        if names else "Ingen systemförvaltare finns upplagd: kontakta den som förvaltar Skutan"
    )
    return (
        f"{prefix or f'Riksnorm saknas för {year}'}: tabellen med {year} års belopp finns inte i Skutan ännu "
        f"(regeringen beslutar den sent på året). {who}. Spara ansökan; beräkningen och beslutet kan göras när "
        "tabellen finns."
    )


def norm_error_message(error: NormError) -> str:
    """The norm's Swedish message, naming the field when the message does not already show it."""
    if isinstance(error, MissingTableError):
        return missing_table_message(error.year, prefix=error.message)
    field_name = getattr(error, "field", None)
    if isinstance(error, MissingAmountError):
        return error.message
    if field_name:
        return f"{field_label_sv(field_name).capitalize()}: {error.message}"
    return error.message


def norm_error_as_application_error(error: NormError) -> ApplicationError:
    field_name = getattr(error, "field", None)
    extra: dict[str, Any] = {}
    if isinstance(error, MissingAmountError):
        field_name = field_name or "norm_table"
        extra["amount"] = error.key
    return ApplicationError(norm_error_message(error), field=field_name or "request", extra=extra)


def calculate_json(data: Any, tables: Sequence[NormTable]) -> dict[str, Any]:
    """The norm JSON contract in, the result JSON out; any refusal as ApplicationError (400)."""
    try:
        from skutan.legal.selectors import legal_sources_current  # administrators' corrections of lawref

        return calculate(parse_request(data), tables, legal_sources=legal_sources_current()).to_dict()
    except (NormInputError, MissingTableError, MissingAmountError, MissingLegalSourceError) as error:
        raise norm_error_as_application_error(error) from None
    except NormError as error:  # any future refusal of the norm package is still a 400 with its message
        raise norm_error_as_application_error(error) from None


def check_request_json(data: Any) -> None:
    """Validate the request against the contract only (no table needed); NormInputError → 400."""
    try:
        parse_request(data)
    except NormInputError as error:
        raise norm_error_as_application_error(error) from None


# -- municipal guidelines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GuidelineWarning:
    cost_type: str
    amount: Decimal
    max_amount: Decimal
    household_size: int
    source: str
    guideline_id: int

    @property
    def message(self) -> str:
        label = COST_TYPES.get(self.cost_type, self.cost_type)
        return (
            f"{label.capitalize()} {format_kr(self.amount)} är över kommunens riktlinje "
            f"{format_kr(self.max_amount)} för ett hushåll med {self.household_size} "
            f"{'person' if self.household_size == 1 else 'personer'} ({self.source}). Kostnaden är inte "
            "begränsad i beräkningen: bedöm om den är skälig och motivera beslutet."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "cost_type": self.cost_type,
            "amount": str(self.amount),
            "max_amount": str(self.max_amount),
            "household_size": self.household_size,
            "source": self.source,
            "guideline_id": self.guideline_id,
            "message": self.message,
        }


def guideline_warnings(
    *, costs: Iterable[dict[str, Any]], household_size: int, guidelines: Iterable[Any]
) -> list[GuidelineWarning]:
    """Costs above a guideline in force. ``guidelines`` are Guideline rows already filtered by month;
    a guideline for the exact household size wins over one for every size. Never changes the costs."""
    totals: dict[str, Decimal] = {}
    for cost in costs:
        try:
            amount = Decimal(str(cost.get("amount")))
        except ArithmeticError:
            continue
        if not amount.is_finite():
            continue
        totals[cost.get("type")] = totals.get(cost.get("type"), Decimal(0)) + amount
    by_type: dict[str, Any] = {}
    for guideline in guidelines:
        if guideline.household_size not in (None, household_size):
            continue
        current = by_type.get(guideline.cost_type)
        if current is None or (current.household_size is None and guideline.household_size is not None):
            by_type[guideline.cost_type] = guideline
    warnings = []
    for cost_type, total in totals.items():
        guideline = by_type.get(cost_type)
        if guideline is not None and total > Decimal(str(guideline.max_amount)):
            warnings.append(
                GuidelineWarning(
                    cost_type=cost_type, amount=total, max_amount=Decimal(str(guideline.max_amount)),
                    household_size=household_size, source=guideline.source, guideline_id=guideline.pk,
                )
            )
    return warnings


@dataclass
class CalculationOutcome:
    """A calculation for a page: the result, or the Swedish reason it could not be made, plus warnings."""

    result: dict[str, Any] | None
    error: str | None = None
    error_field: str | None = None
    error_raw: str | None = None  # norm's own message, without the field name
    guideline_warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result is not None

    @property
    def unconfirmed(self) -> bool:
        return bool(self.result and self.result.get("unconfirmed_amounts"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "result": self.result,
            "error": self.error,
            "error_field": self.error_field,
            "guideline_warnings": self.guideline_warnings,
        }


def calculation_outcome(
    *, request: dict[str, Any], tables: Sequence[NormTable], guidelines: Iterable[Any], legal_sources=None
) -> CalculationOutcome:
    warnings = [
        w.to_dict()
        for w in guideline_warnings(
            costs=request.get("costs") or [],
            household_size=len(request.get("members") or []),
            guidelines=guidelines,
        )
    ]
    from skutan.legal.selectors import legal_sources_current  # administrators' corrections of lawref

    try:
        result = calculate(
            parse_request(request), tables, legal_sources=legal_sources or legal_sources_current()
        ).to_dict()
    except NormError as error:
        mapped = norm_error_as_application_error(error)
        return CalculationOutcome(
            result=None, error=mapped.message, error_field=mapped.field, error_raw=error.message,
            guideline_warnings=warnings,
        )
    return CalculationOutcome(result=result, guideline_warnings=warnings)


def month_key(month: date) -> str:
    return f"{month:%Y-%m}"
