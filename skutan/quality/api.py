"""/api/v1/deviations and /api/v1/statistics/deviations (issue 13, part 6)."""

import re
from datetime import date

from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from skutan.audit.context import AccessContext
from skutan.core.apierrors import Error
from skutan.core.errors import ApplicationError
from skutan.quality import selectors, services
from skutan.quality.models import DeviationStatus

router = Router(tags=["Kvalitet"])

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class DeviationIn(Schema):
    occurred_on: date
    unit: int
    category: str = Field(..., description="Kod: documentation, case_handling, confidentiality, conduct, "
                                           "threat_violence, it_fault, deadline_missed eller other "
                                           "(konfigurerbar lista, se GET /deviation-categories).")
    description: str
    case: int | None = None
    immediate_action: str = ""
    system_fault: bool = False
    page_path: str = ""
    request_id: str = ""
    lex_sarah: bool = False


class DeviationOut(Schema):
    id: int
    status: str
    occurred_on: date
    unit: int
    category: str
    description: str
    immediate_action: str
    case: int | None
    severity: str
    system_fault: bool
    lex_sarah: int | None = None
    reported_by: int | None = None  # only for the quality role


class LexSarahIn(Schema):
    assessment: str
    kind: str = "misconduct"


class LexSarahOut(Schema):
    id: int
    deviation: int
    kind: str
    step: str


class MonthOut(Schema):
    month: str
    deviations: int | None
    lex_sarah: int | None
    reported_to_ivo: int | None
    complete: bool


class StatisticsOut(Schema):
    months: list[MonthOut]
    suppressed: list[str]
    threshold: int


def _out(request, deviation) -> dict:
    matter = getattr(deviation, "lex_sarah", None) if hasattr(deviation, "lex_sarah") else None
    return {
        "id": deviation.pk, "status": deviation.status, "occurred_on": deviation.occurred_on,
        "unit": deviation.unit_id, "category": deviation.category.code, "description": deviation.description,
        "immediate_action": deviation.immediate_action, "case": deviation.case_id, "severity": deviation.severity,
        "system_fault": deviation.system_fault, "lex_sarah": matter.pk if matter else None,
        "reported_by": deviation.reported_by_id if selectors.deviation_reporter_visible(user=request.user) else None,
    }


def _ctx(request) -> AccessContext:
    return AccessContext.from_request(request, purpose="Kvalitetsarbete", channel="api")


@router.post("/deviations", response={201: DeviationOut, 400: Error, 401: Error, 403: Error, 404: Error},
             summary="Rapportera en avvikelse",
             description="Kategorier (koder) som används: `documentation`, `case_handling`, `confidentiality`, "
                         "`conduct`, `threat_violence`, `it_fault`, `deadline_missed`, `other` – listan är "
                         "konfigurerbar; se `GET /deviation-categories`.")
def deviation_create(request, payload: DeviationIn):
    unit = selectors.quality_unit(unit_id=payload.unit)
    if unit is None:
        raise ApplicationError(gettext("Okänd enhet."), field="unit")
    case = selectors.deviation_case_for_report(user=request.user, case_id=payload.case) if payload.case else None
    deviation = services.deviation_report(
        actor=request.user, occurred_on=payload.occurred_on, unit=unit, category=payload.category,
        description=payload.description, immediate_action=payload.immediate_action, case=case,
        system_fault=payload.system_fault, page_path=payload.page_path, request_id=payload.request_id,
        as_lex_sarah=payload.lex_sarah,
    )
    return Status(201, _out(request, deviation))


class CategoryOut(Schema):
    code: str
    label: str


@router.get("/deviation-categories", response={200: list[CategoryOut], 401: Error})
def deviation_category_list(request):
    return [{"code": c.code, "label": c.label} for c in selectors.deviation_categories()]


@router.get("/deviations/{deviation_id}", response={200: DeviationOut, 401: Error, 404: Error})
def deviation_get(request, deviation_id: int):
    deviation = selectors.deviation_get_for_user(ctx=_ctx(request), deviation_id=deviation_id)
    return _out(request, deviation)


@router.post("/deviations/{deviation_id}/lex-sarah",
             response={201: LexSarahOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error})
def deviation_lex_sarah(request, deviation_id: int, payload: LexSarahIn):
    deviation = selectors.deviation_get_for_user(ctx=_ctx(request), deviation_id=deviation_id)
    if deviation.status == DeviationStatus.DRAFT:
        raise ApplicationError(gettext("Utkastet är inte rapporterat ännu."), field="deviation")
    matter = services.lex_sarah_classify(actor=request.user, deviation=deviation, assessment=payload.assessment,
                                         kind=payload.kind)
    return Status(201, {"id": matter.pk, "deviation": deviation.pk, "kind": matter.kind, "step": matter.step})


def _month(value: str, name: str) -> date:
    if not value or not MONTH.match(value):
        raise ApplicationError(gettext("Ange %(name)s som ÅÅÅÅ-MM.") % {"name": name}, field=name)
    return date(int(value[:4]), int(value[5:7]), 1)


@router.get("/statistics/deviations", response={200: StatisticsOut, 400: Error, 401: Error, 403: Error},
            summary="Avvikelser per månad",
            description="Månaden är den då händelsen inträffade (`occurred_on`). Antal 1–4 (under tröskeln) "
                        "döljs: värdet är `null` och cellen nämns i `suppressed`.")
def deviation_statistics(request, from_: str = Query(..., alias="from", description="ÅÅÅÅ-MM"),
                         to: str = Query(..., description="ÅÅÅÅ-MM")):
    first = _month(from_, "from")
    last = _month(to, "to")
    if first > last:
        raise ApplicationError(gettext("Från-månaden ligger efter till-månaden."), field="from")
    if (last.year - first.year) * 12 + last.month - first.month >= 120:
        raise ApplicationError(gettext("Perioden får vara högst 120 månader."), field="to")
    unit_ids = selectors.statistics_scope(user=request.user)
    return selectors.deviation_statistics_months(unit_ids=unit_ids, first=first, last=(last.replace(day=28)))
