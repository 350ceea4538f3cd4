"""/api/v1/management/assignments: the management group's assignments (uppdrag), for automation."""

from datetime import date

from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from skutan.core.apierrors import Error
from skutan.core.errors import ApplicationError
from skutan.governance import selectors, services
from skutan.governance.models import AssignmentStatus, ReportBack

router = Router(tags=["Ledningsgruppen"])

STATUS_DOC = "Status: " + ", ".join(f"`{v}` ({label})" for v, label in AssignmentStatus.choices) + \
    ". `cancelled` kräver `note`."


class Warning(Schema):
    field: str
    message: str


class AssignmentIn(Schema):
    title: str
    owner: int
    due_on: date
    description: str = ""
    expected_report: str = Field(ReportBack.WRITTEN, description="written_report, presentation eller other")
    group: int | None = None


class AssignmentPatch(Schema):
    status: str = Field(..., description=STATUS_DOC)
    note: str = ""
    version: int


class AssignmentOut(Schema):
    id: int
    title: str
    description: str
    owner: int
    due_on: date
    effective_due_on: date
    expected_report: str
    status: str = Field(..., description=STATUS_DOC)
    status_note: str
    overdue: bool
    version: int
    group: int | None
    meeting: int | None
    warnings: list[Warning] = []


def _out(assignment, warnings=()) -> dict:
    from django.utils import timezone

    from skutan.governance.dates import effective_due, is_overdue
    from skutan.governance.models import OPEN_STATUSES

    return {
        "id": assignment.pk, "title": assignment.title, "description": assignment.description,
        "owner": assignment.owner_id, "due_on": assignment.due_on, "effective_due_on": effective_due(assignment.due_on),
        "expected_report": assignment.expected_report, "status": assignment.status,
        "status_note": assignment.status_note, "version": assignment.version, "group": assignment.group_id,
        "meeting": assignment.meeting_id,
        "overdue": assignment.status in OPEN_STATUSES and is_overdue(assignment.due_on, timezone.localdate()),
        "warnings": list(warnings),
    }


@router.post("/management/assignments", response={201: AssignmentOut, 400: Error, 401: Error, 403: Error, 404: Error},
             summary="Ge ett uppdrag",
             description="Ett förfallodatum som redan passerat tillåts men ger en varning i svaret (`warnings`). "
                         "Text som liknar ett personnummer ger också en varning.")
def assignment_create(request, payload: AssignmentIn):
    owner = selectors.user_get(user_id=payload.owner)
    if owner is None:
        raise ApplicationError(gettext("Okänd användare."), field="owner")
    group = None
    if payload.group is not None:
        group = selectors.group_get_for_user(user=request.user, group_id=payload.group)
    else:
        groups = [g for g in selectors.groups_for_user(user=request.user)
                  if request.user.pk in (g.chair_id, g.secretary_id)]
        group = groups[0] if len(groups) == 1 else None
    assignment, warnings = services.assignment_create(
        actor=request.user, title=payload.title, owner=owner, due_on=payload.due_on, description=payload.description,
        expected_report=payload.expected_report, group=group,
    )
    return Status(201, _out(assignment, warnings))


@router.get("/management/assignments", response={200: list[AssignmentOut], 401: Error})
def assignment_list(request, overdue: bool | None = Query(None, description="true: bara försenade uppdrag")):
    return [_out(a) for a in selectors.assignments_for_user(user=request.user, overdue=overdue)]


@router.get("/management/assignments/{assignment_id}", response={200: AssignmentOut, 401: Error, 404: Error})
def assignment_get(request, assignment_id: int):
    return _out(selectors.assignment_get_for_user(user=request.user, assignment_id=assignment_id))


@router.patch("/management/assignments/{assignment_id}",
              response={200: AssignmentOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error})
def assignment_patch(request, assignment_id: int, payload: AssignmentPatch):
    assignment = selectors.assignment_get_for_user(user=request.user, assignment_id=assignment_id)
    assignment, warnings = services.assignment_status_update(
        actor=request.user, assignment=assignment, status=payload.status, note=payload.note, version=payload.version)
    return _out(assignment, warnings)
