"""Follow-up API (aggregate numbers only, small counts suppressed).

- ``GET /api/v1/statistics/assistance?from=YYYY-MM&to=YYYY-MM[&unit=ID]``: EB per month the assistance is for,
  and long-term households per calendar year.
- ``GET /api/v1/followup/{measure}``: one dashboard table as JSON.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext
from ninja import Router, Schema

from skutan.audit.context import AccessContext
from skutan.core.apierrors import Error
from skutan.core.errors import ApplicationError
from skutan.followup.months import month_parse, period_check
from skutan.followup.privacy import values_suppress
from skutan.followup.selectors import (
    assistance_months,
    followup_access_record,
    followup_measure,
    followup_scope,
    followup_unit_filter,
    long_term_years,
    share,
)

router = Router(tags=["Uppföljning"])


class ColumnOut(Schema):
    key: str
    label: str
    kind: str


class MeasureOut(Schema):
    key: str
    title: str
    definition: str
    source: str
    period_label: str
    columns: list[ColumnOut]
    rows: list[dict[str, int | Decimal | str | bool | None]]
    notes: list[str]
    suppressed: list[str]


class MonthOut(Schema):
    month: str
    households: int | None
    persons: int | None
    granted: int | None
    paid: int | None
    cost_per_household: int | None


class LongTermOut(Schema):
    year: int
    households: int | None
    share: float | None


class AssistanceOut(Schema):
    months: list[MonthOut]
    long_term: list[LongTermOut]
    suppressed: list[str]
    threshold: int


_PARAMETERS = [
    {"name": "from", "in": "query", "required": True, "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
     "description": "Första månaden, ÅÅÅÅ-MM."},
    {"name": "to", "in": "query", "required": True, "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
     "description": "Sista månaden, ÅÅÅÅ-MM (högst 120 månader)."},
    {"name": "unit", "in": "query", "required": False, "schema": {"type": "integer"},
     "description": "En enhets id; utan: alla enheter du följer upp."},
]


@router.get("/statistics/assistance", response={200: AssistanceOut, 400: Error, 403: Error, 404: Error},
            openapi_extra={"parameters": _PARAMETERS})
def statistics_assistance(request):
    """EB per month: ``month`` (YYYY-MM, the month the assistance is for, not the day of the decision),
    ``households``, ``persons``, ``granted`` and ``paid`` (whole kronor) and ``cost_per_household`` (granted ÷
    households, rounded half up to whole kronor, 0 without households). A month without assistance has zeros.
    ``long_term``: per calendar year in the range, the households with assistance in at least 10 months of the
    year (over every case) and their share (%) of the year's households. Counts 1–4 and what is computed from
    them are ``null`` and named in ``suppressed``. ``from`` after ``to``, a malformed month or a range over 120
    months: 400 naming the parameter."""
    first = month_parse(request.GET.get("from", ""), field="from")
    last = month_parse(request.GET.get("to", ""), field="to")
    period_check(first, last)
    raw_unit = request.GET.get("unit")
    if raw_unit is not None and not raw_unit.isdigit():
        raise ApplicationError(gettext("Ange unit som enhetens id (ett heltal)."), field="unit")
    scope = followup_scope(user=request.user)
    unit_ids = followup_unit_filter(scope=scope, unit_id=int(raw_unit) if raw_unit else None)
    suppressed: list[str] = []
    months = []
    for i, row in enumerate(assistance_months(unit_ids=unit_ids, first=first, last=last)):
        out = {"month": f"{row['month']:%Y-%m}", "households": row["households"], "persons": row["persons"],
               "granted": int(row["granted"]), "paid": int(row["paid"]),
               "cost_per_household": int(row["cost_per_household"])}
        suppressed += values_suppress(out, counts=("households",), prefix=f"months[{i}]", dependents={
            "persons": ("households",), "granted": ("households",), "paid": ("households",),
            "cost_per_household": ("households",)})
        months.append(out)
    long_term = []
    for i, r in enumerate(long_term_years(unit_ids=unit_ids, first_year=first.year, last_year=last.year)):
        out = {"year": r["year"], "households": r["long_term"], "all": r["households"],
               "share": share(r["long_term"], r["households"])}
        out["share"] = float(out["share"]) if out["share"] is not None else (0.0 if r["households"] else None)
        suppressed += values_suppress(out, counts=("households", "all"), prefix=f"long_term[{i}]",
                                      dependents={"share": ("households", "all")})
        suppressed = [s for s in suppressed if not s.endswith(".all")]
        long_term.append(out)
    followup_access_record(
        ctx=AccessContext.from_request(request, purpose="Uppföljning", channel="api"), measure="statistics-assistance"
    )
    from skutan.core.statistics import suppression_threshold

    return {"months": months, "long_term": long_term, "suppressed": suppressed, "threshold": suppression_threshold()}


@router.get("/followup/{measure}", response={200: MeasureOut, 403: Error, 404: Error})
def followup_measure_get(request, measure: str):
    unit_ids = followup_scope(user=request.user)
    result = followup_measure(unit_ids=unit_ids, measure=measure)
    followup_access_record(
        ctx=AccessContext.from_request(request, purpose="Uppföljning", channel="api"), measure=measure
    )
    return {
        "key": result.key, "title": result.title, "definition": result.definition, "source": result.source,
        "period_label": result.period_label, "columns": [c.__dict__ for c in result.columns],
        "rows": result.rows, "notes": result.notes, "suppressed": result.suppressed,
    }

