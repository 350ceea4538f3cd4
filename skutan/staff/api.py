"""Staff safety API: safety markers on persons, visits with lone-worker check-in and the overdue list."""

from datetime import date, datetime

from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from skutan.audit.context import AccessContext
from skutan.core.apierrors import Error
from skutan.core.errors import ApplicationError
from skutan.staff import selectors, services

router = Router(tags=["Personal och säkerhet"])


class MarkerIn(Schema):
    kind: str = Field(..., description="threat_to_staff, violence_history, dog, always_two eller other "
                                       "(konfigurerbar lista)")
    reason: str
    review_on: date


class MarkerOut(Schema):
    id: int
    kind: str
    reason: str
    review_on: date


@router.post("/persons/{person_id}/safety-markers", response={201: MarkerOut, 400: Error, 401: Error, 403: Error,
                                                               404: Error})
def safety_marker_create(request, person_id: int, payload: MarkerIn):
    from skutan.people.selectors import person_get_for_user

    person = person_get_for_user(ctx=AccessContext.from_request(request, purpose="Säkerhetsmarkering",
                                                                channel="api"), person_id=person_id)
    marker = services.safety_marker_set(actor=request.user, person=person, kind=payload.kind, reason=payload.reason,
                                        review_on=payload.review_on)
    return Status(201, {"id": marker.pk, "kind": marker.kind.code, "reason": marker.reason,
                        "review_on": marker.review_on})


class VisitIn(Schema):
    person: int
    unit: int | None = Field(None, description="Kan utelämnas när du tillhör en enda enhet med ärende för personen.")
    starts_at: datetime
    expected_end: datetime
    companion: int | None = None
    purpose: str = ""
    override_reason: str = Field("", description="Enhetschefens motivering för besök utan sällskap hos en person "
                                                 "med säkerhetsmarkering.")


class VisitOut(Schema):
    id: int
    person: int
    unit: int
    starts_at: datetime
    expected_end: datetime
    companion: int | None
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    warnings: list[str] = []


class OverdueOut(Schema):
    id: int
    person: int
    expected_end: datetime
    minutes_overdue: int


def _visit_out(visit, warnings=()) -> dict:
    return {"id": visit.pk, "person": visit.person_id, "unit": visit.unit_id, "starts_at": visit.starts_at,
            "expected_end": visit.expected_end, "companion": visit.companion_id,
            "checked_in_at": visit.checked_in_at, "checked_out_at": visit.checked_out_at, "warnings": list(warnings)}


@router.post("/visits", response={201: VisitOut, 400: Error, 401: Error, 403: Error, 404: Error})
def visit_create(request, payload: VisitIn):
    from skutan.accounts.selectors import user_unit_ids
    from skutan.people.selectors import person_get_for_user

    person = person_get_for_user(ctx=AccessContext.from_request(request, purpose="Planera hembesök", channel="api"),
                                 person_id=payload.person)
    unit_id = payload.unit if payload.unit is not None else selectors.unit_for_visit(user=request.user, person=person)
    if unit_id is None:
        raise ApplicationError(gettext("Ange enhet: du tillhör flera enheter, eller ingen med ärende för personen."),
                               field="unit")
    if unit_id not in user_unit_ids(user=request.user) and not request.user.is_superuser:
        raise ApplicationError(gettext("Du tillhör inte den enheten."), field="unit")
    from skutan.staff.selectors import unit_get, user_get

    companion = None
    if payload.companion is not None:
        companion = user_get(user_id=payload.companion)
        if companion is None:
            raise ApplicationError(gettext("Okänd användare."), field="companion")
    visit = services.visit_plan(actor=request.user, person=person, unit=unit_get(unit_id=unit_id),
                                starts_at=payload.starts_at, expected_end=payload.expected_end, companion=companion,
                                purpose=payload.purpose, override_reason=payload.override_reason)
    warnings = [f"{m.kind.label}: {m.reason}" for m in selectors.markers_active_for_person(person=person)]
    return Status(201, _visit_out(visit, warnings))


@router.post("/visits/{visit_id}/check-in", response={200: VisitOut, 401: Error, 403: Error, 404: Error, 409: Error})
def visit_check_in(request, visit_id: int):
    visit = selectors.visit_get_for_user(user=request.user, visit_id=visit_id)
    return _visit_out(services.visit_check_in(actor=request.user, visit=visit))


@router.post("/visits/{visit_id}/check-out", response={200: VisitOut, 401: Error, 403: Error, 404: Error, 409: Error})
def visit_check_out(request, visit_id: int):
    visit = selectors.visit_get_for_user(user=request.user, visit_id=visit_id)
    return _visit_out(services.visit_check_out(actor=request.user, visit=visit))


@router.get("/visits/overdue", response={200: list[OverdueOut], 401: Error},
            description="Besök i dina enheter där beräknat slut plus marginalen (standard 15 minuter) har passerat "
                        "utan utcheckning, incheckade eller inte.")
def visits_overdue(request):
    from skutan.accounts.selectors import user_unit_ids

    rows = selectors.visits_overdue(unit_ids=user_unit_ids(user=request.user))
    return [{"id": v.pk, "person": v.person_id, "expected_end": v.expected_end, "minutes_overdue": v.minutes_overdue}
            for v in rows]
