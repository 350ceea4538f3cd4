"""API for Barn och unga: reports of concern, assessments, investigations and interventions."""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from skutan.accounts.selectors import unit_get
from skutan.audit.context import AccessContext
from skutan.children import selectors, services
from skutan.children.models import (
    Agency,
    ConcernCategory,
    InterventionKind,
    PreliminaryOutcome,
    ReporterCategory,
)
from skutan.core.errors import ApplicationError
from skutan.people.selectors import person_get_for_user

router = Router(tags=["Barn och unga"])

ReporterCategoryCode = Literal[tuple(ReporterCategory.values)]  # type: ignore[valid-type]
ConcernCode = Literal[tuple(ConcernCategory.values)]  # type: ignore[valid-type]
OutcomeCode = Literal[tuple(PreliminaryOutcome.values)]  # type: ignore[valid-type]
InterventionKindCode = Literal[tuple(InterventionKind.values)]  # type: ignore[valid-type]
AgencyCode = Literal[tuple(Agency.values)]  # type: ignore[valid-type]


class Error(Schema):
    detail: str
    field: str | None = None


class ChildReportIn(Schema):
    child: int | None = Field(None, description="Barnets person-id. Utelämna för ett ej identifierat barn.")
    child_description: str = Field("", description="Vad som är känt om ett ej identifierat barn.")
    unit: int | None = Field(None, description="Mottagande enhet; krävs om du hör till flera barnenheter.")
    received_at: datetime = Field(..., description="När anmälan kom in (ISO 8601; utan tidszon = svensk tid).")
    reporter_category: ReporterCategoryCode
    concerns: list[ConcernCode] = []
    text: str = ""
    reporter_name: str = ""
    reporter_contact: str = ""
    reporter_confidential: bool = False
    assign_to_me: bool = False


class ChildReportOut(Schema):
    id: int
    unit: int
    case: int | None
    child: int | None
    child_description: str
    received_at: datetime
    received_on: date
    reporter_category: str
    reporter_name: str | None = Field(None, description="null när anmälaren är sekretessbelagd för dig.")
    reporter_contact: str | None
    reporter_confidential: bool
    reporter_identity_hidden: bool
    concerns: list[str]
    text: str
    protection_assessment_due: date
    protection_assessment_source: str
    protection_assessment_done: bool
    preliminary_assessment_due: date
    preliminary_assessment_statutory_due: date
    preliminary_assessment_source: str
    preliminary_assessment_days_left: int | None
    preliminary_outcome: str | None
    investigation: int | None
    version: int


class ProtectionIn(Schema):
    assessed_at: datetime | None = Field(None, description="Standard: nu.")
    immediate_protection_needed: bool
    notes: str


class ProtectionOut(Schema):
    id: int
    report: int
    assessed_at: datetime
    assessed_by: str
    immediate_protection_needed: bool
    notes: str
    late: bool


class ConversationIn(Schema):
    held_on: date
    held_by: str
    notes: str = ""


class ConversationOut(Schema):
    id: int
    report: int
    held_on: date
    held_by: str
    notes: str


class PreliminaryIn(Schema):
    outcome: OutcomeCode
    decided_on: date
    reason: str = Field("", description="Krävs när utredning inte inleds.")
    transferred_to: str = Field("", description="Krävs vid överlämnande.")
    no_conversation_reason: str = Field(
        "", description="Hedersrelaterat/barnäktenskap: varför ett enskilt samtal med barnet inte kunde hållas."
    )
    child_conversation: ConversationIn | None = Field(None, description="Enskilt samtal som dokumenteras samtidigt.")


class InvestigationOut(Schema):
    id: int
    case: int
    status: str
    opened_on: date
    statutory_due: date
    due: date
    due_source: str
    due_source_confirmed: bool
    outcome: str | None
    concluded_on: date | None
    version: int


class PreliminaryOut(Schema):
    id: int
    report: int
    outcome: str
    decided_on: date
    reason: str
    transferred_to: str
    late: bool
    investigation: InvestigationOut | None


class ExtensionIn(Schema):
    new_due: date
    reason: str
    decided_on: date | None = Field(None, description="Standard: idag.")


class ExtensionOut(Schema):
    id: int
    decided_on: date
    reason: str
    previous_due: date
    new_due: date


class InvestigationExtensionOut(ExtensionOut):
    investigation: InvestigationOut


class CloseIn(Schema):
    closed_on: date
    reason: str


class ConsultationIn(Schema):
    held_on: date
    agency: AgencyCode
    participants: str
    agency_name: str = ""
    notes: str = ""


class ConsultationOut(Schema):
    id: int
    investigation: int
    held_on: date
    agency: str
    agency_name: str
    participants: str
    notes: str


class InterventionIn(Schema):
    kind: InterventionKindCode
    decided_on: date
    starts_on: date
    provider: str
    ends_on: date | None = None
    kind_other: str = ""
    follow_up_dates: list[date] = []


class FollowUpOut(Schema):
    id: int
    due_on: date
    done_on: date | None
    overdue: bool


class InterventionOut(Schema):
    id: int
    case: int
    investigation: int | None
    kind: str
    kind_other: str
    decided_on: date
    starts_on: date
    ends_on: date | None
    provider: str
    ended_on: date | None
    follow_ups: list[FollowUpOut]


def _ctx(request, purpose="Barn och unga via API") -> AccessContext:
    return AccessContext.from_request(request, purpose=purpose, channel="api")


def _investigation_out(investigation) -> dict:
    return {
        "id": investigation.pk, "case": investigation.case_id, "status": investigation.status,
        "opened_on": investigation.opened_on, "statutory_due": investigation.statutory_due, "due": investigation.due,
        "due_source": investigation.limit_source, "due_source_confirmed": investigation.limit_confirmed,
        "outcome": investigation.outcome or None, "concluded_on": investigation.concluded_on,
        "version": investigation.version,
    }


def _extension_out(extension) -> dict:
    return {"id": extension.pk, "decided_on": extension.decided_on, "reason": extension.reason,
            "previous_due": extension.previous_due, "new_due": extension.new_due}


def _intervention_out(intervention) -> dict:
    today = timezone.localdate()
    return {
        "id": intervention.pk, "case": intervention.case_id, "investigation": intervention.investigation_id,
        "kind": intervention.kind, "kind_other": intervention.kind_other, "decided_on": intervention.decided_on,
        "starts_on": intervention.starts_on, "ends_on": intervention.ends_on, "provider": intervention.provider,
        "ended_on": intervention.ended_on,
        "follow_ups": [
            {"id": f.pk, "due_on": f.due_on, "done_on": f.done_on,
             "overdue": f.done_on is None and intervention.ended_on is None and f.due_on < today}
            for f in intervention.follow_ups.all()
        ],
    }


def _report_out(request, report_id: int) -> dict:
    report = selectors.child_report_get_for_user(ctx=_ctx(request), report_id=report_id)
    return selectors.child_report_as_dict(user=request.user, report=report)


@router.post("/child-reports", response={201: ChildReportOut, 400: Error, 403: Error, 404: Error})
def child_report_create(request, payload: ChildReportIn):
    """Register an orosanmälan. The answer carries its deadlines (skyddsbedömning, förhandsbedömning)."""
    ctx = _ctx(request, "Registrering av orosanmälan via API")
    if payload.unit is not None:
        unit = unit_get(unit_id=payload.unit)
        if unit is None:
            raise ApplicationError("Enheten finns inte.", field="unit")
    else:
        units = selectors.children_units_for_registration(user=request.user)
        if len(units) != 1:
            raise ApplicationError(
                "Ange vilken enhet som tar emot anmälan." if units else "Du hör inte till någon barn- och ungaenhet.",
                field="unit",
            )
        unit = units[0]
    child = person_get_for_user(ctx=ctx, person_id=payload.child) if payload.child is not None else None
    report = services.child_report_register(
        actor=request.user, unit=unit, received_at=payload.received_at, reporter_category=payload.reporter_category,
        text=payload.text, child=child, child_description=payload.child_description, concerns=payload.concerns,
        reporter_name=payload.reporter_name, reporter_contact=payload.reporter_contact,
        reporter_confidential=payload.reporter_confidential,
        assign_to=request.user if payload.assign_to_me else None,
    )
    return Status(201, _report_out(request, report.pk))


@router.get("/child-reports/{report_id}", response={200: ChildReportOut, 404: Error})
def child_report_detail(request, report_id: int):
    return _report_out(request, report_id)


class LinkChildIn(Schema):
    child: int


@router.post("/child-reports/{report_id}/child", response={200: ChildReportOut, 400: Error, 404: Error, 409: Error})
def child_report_link_child(request, report_id: int, payload: LinkChildIn):
    """Identify the child of a report that came in about an unidentified child."""
    ctx = _ctx(request, "Identifiering av barn via API")
    report = selectors.child_report_get_for_user(ctx=ctx, report_id=report_id)
    child = person_get_for_user(ctx=ctx, person_id=payload.child)
    services.child_report_link_child(actor=request.user, report=report, child=child)
    return _report_out(request, report_id)


@router.post(
    "/child-reports/{report_id}/protection-assessment",
    response={201: ProtectionOut, 400: Error, 403: Error, 404: Error, 409: Error},
)
def protection_assessment_create(request, report_id: int, payload: ProtectionIn):
    report = selectors.child_report_get_for_user(ctx=_ctx(request, "Skyddsbedömning via API"), report_id=report_id)
    assessment = services.protection_assessment_record(
        actor=request.user, report=report, assessed_at=payload.assessed_at or timezone.now(),
        immediate_protection_needed=payload.immediate_protection_needed, notes=payload.notes,
    )
    return Status(201, {
        "id": assessment.pk, "report": report.pk, "assessed_at": assessment.assessed_at,
        "assessed_by": assessment.assessed_by.get_username(),
        "immediate_protection_needed": assessment.immediate_protection_needed, "notes": assessment.notes,
        "late": timezone.localdate(assessment.assessed_at) > report.protection_due,
    })


@router.post(
    "/child-reports/{report_id}/child-conversations",
    response={201: ConversationOut, 400: Error, 403: Error, 404: Error},
)
def child_conversation_create(request, report_id: int, payload: ConversationIn):
    """Document an enskilt samtal with the child."""
    report = selectors.child_report_get_for_user(ctx=_ctx(request, "Enskilt samtal via API"), report_id=report_id)
    c = services.child_conversation_record(
        actor=request.user, report=report, held_on=payload.held_on, held_by=payload.held_by, notes=payload.notes
    )
    return Status(201, {"id": c.pk, "report": report.pk, "held_on": c.held_on, "held_by": c.held_by, "notes": c.notes})


@router.post(
    "/child-reports/{report_id}/preliminary-extensions",
    response={201: ExtensionOut, 400: Error, 403: Error, 404: Error, 409: Error},
)
def preliminary_extension_create(request, report_id: int, payload: ExtensionIn):
    """Extend the förhandsbedömning beyond 14 days for synnerliga skäl."""
    report = selectors.child_report_get_for_user(ctx=_ctx(request, "Förlängning via API"), report_id=report_id)
    extension = services.preliminary_assessment_extend(
        actor=request.user, report=report, new_due=payload.new_due, reason=payload.reason,
        decided_on=payload.decided_on,
    )
    return Status(201, _extension_out(extension))


@router.post(
    "/child-reports/{report_id}/preliminary-assessment",
    response={201: PreliminaryOut, 400: Error, 403: Error, 404: Error, 409: Error},
)
def preliminary_assessment_create(request, report_id: int, payload: PreliminaryIn):
    """Decide the förhandsbedömning. With outcome open_investigation the answer carries the investigation
    (its opened_on and its due date, four months later moved by lag 1930:173)."""
    report = selectors.child_report_get_for_user(ctx=_ctx(request, "Förhandsbedömning via API"), report_id=report_id)
    conversation = payload.child_conversation
    assessment = services.preliminary_assessment_decide(
        actor=request.user, report=report, outcome=payload.outcome, decided_on=payload.decided_on,
        reason=payload.reason, transferred_to=payload.transferred_to,
        no_conversation_reason=payload.no_conversation_reason,
        conversation_held_on=conversation.held_on if conversation else None,
        conversation_held_by=conversation.held_by if conversation else "",
        conversation_notes=conversation.notes if conversation else "",
    )
    return Status(201, {
        "id": assessment.pk, "report": report.pk, "outcome": assessment.outcome,
        "decided_on": assessment.decided_on, "reason": assessment.reason,
        "transferred_to": assessment.transferred_to, "late": assessment.decided_on > report.preliminary_due,
        "investigation": _investigation_out(assessment.investigation) if assessment.investigation else None,
    })


@router.get("/investigations/{investigation_id}", response={200: InvestigationOut, 404: Error})
def investigation_detail(request, investigation_id: int):
    return _investigation_out(selectors.investigation_get_for_user(ctx=_ctx(request), investigation_id=investigation_id))


@router.post(
    "/investigations/{investigation_id}/extensions",
    response={201: InvestigationExtensionOut, 400: Error, 403: Error, 404: Error, 409: Error},
)
def investigation_extension_create(request, investigation_id: int, payload: ExtensionIn):
    """Extend the investigation by a decision for särskilda skäl, to a set date."""
    investigation = selectors.investigation_get_for_user(
        ctx=_ctx(request, "Förlängning av utredning via API"), investigation_id=investigation_id
    )
    extension = services.investigation_extend(
        actor=request.user, investigation=investigation, new_due=payload.new_due, reason=payload.reason,
        decided_on=payload.decided_on,
    )
    investigation.refresh_from_db()
    return Status(201, {**_extension_out(extension), "investigation": _investigation_out(investigation)})


@router.post(
    "/investigations/{investigation_id}/close",
    response={200: InvestigationOut, 400: Error, 403: Error, 404: Error, 409: Error},
)
def investigation_close(request, investigation_id: int, payload: CloseIn):
    """End the investigation without interventions."""
    investigation = selectors.investigation_get_for_user(
        ctx=_ctx(request, "Avslut av utredning via API"), investigation_id=investigation_id
    )
    investigation = services.investigation_close(
        actor=request.user, investigation=investigation, closed_on=payload.closed_on, reason=payload.reason
    )
    return _investigation_out(investigation)


@router.post(
    "/investigations/{investigation_id}/consultations",
    response={201: ConsultationOut, 400: Error, 403: Error, 404: Error, 409: Error},
)
def consultation_create(request, investigation_id: int, payload: ConsultationIn):
    """Document a samråd (Barnahus, police, health care …)."""
    investigation = selectors.investigation_get_for_user(ctx=_ctx(request, "Samråd via API"), investigation_id=investigation_id)
    c = services.consultation_record(
        actor=request.user, investigation=investigation, held_on=payload.held_on, agency=payload.agency,
        participants=payload.participants, agency_name=payload.agency_name, notes=payload.notes,
    )
    return Status(201, {"id": c.pk, "investigation": investigation.pk, "held_on": c.held_on, "agency": c.agency,
                 "agency_name": c.agency_name, "participants": c.participants, "notes": c.notes})


@router.post(
    "/investigations/{investigation_id}/interventions",
    response={201: InterventionOut, 400: Error, 403: Error, 404: Error, 409: Error},
)
def intervention_create(request, investigation_id: int, payload: InterventionIn):
    """Decide an insats. The first one concludes the investigation and moves the case to status Insats."""
    investigation = selectors.investigation_get_for_user(
        ctx=_ctx(request, "Beslut om insats via API"), investigation_id=investigation_id
    )
    intervention = services.intervention_decide(
        actor=request.user, investigation=investigation, kind=payload.kind, decided_on=payload.decided_on,
        starts_on=payload.starts_on, provider=payload.provider, ends_on=payload.ends_on,
        kind_other=payload.kind_other, follow_up_dates=payload.follow_up_dates,
    )
    return Status(201, _intervention_out(intervention))


@router.get("/interventions/{intervention_id}", response={200: InterventionOut, 404: Error})
def intervention_detail(request, intervention_id: int):
    return _intervention_out(
        selectors.intervention_get_for_user(ctx=_ctx(request), intervention_id=intervention_id)
    )
