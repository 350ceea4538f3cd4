"""GET /api/v1/followup/{measure}: one follow-up measure as JSON (aggregate numbers only)."""

from datetime import date
from decimal import Decimal

from ninja import Router, Schema

from skutan.audit.context import AccessContext
from skutan.followup.selectors import followup_access_record, followup_measure, followup_scope

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
    period_from: date
    period_to: date
    columns: list[ColumnOut]
    rows: list[dict[str, int | Decimal | str | None]]
    notes: list[str]


class Error(Schema):
    detail: str


@router.get("/followup/{measure}", response={200: MeasureOut, 403: Error, 404: Error})
def followup_measure_get(request, measure: str):
    unit_ids = followup_scope(user=request.user)
    result = followup_measure(unit_ids=unit_ids, measure=measure)
    followup_access_record(
        ctx=AccessContext.from_request(request, purpose="Uppföljning", channel="api"), measure=measure
    )
    return result
