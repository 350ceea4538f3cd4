"""API for Barn och unga: reports of concern, assessments, investigations and interventions."""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from skutan.accounts.selectors import unit_get
from skutan.audit.context import AccessContext
from skutan.cases.selectors import case_get_for_user
from skutan.children import selectors, services
from skutan.children.models import (
    Agency,
    Channel,
    ConcernCategory,
    GuardianKind,
    InterventionKind,
    LegalGround,
    LvuGrounds,
    LvuKind,
    NoticeSubject,
    PreliminaryOutcome,
    ReporterCategory,
)
from skutan.core.apierrors import Error
from skutan.core.errors import ApplicationError
from skutan.core.schema import Amount, Day, FreeText
from skutan.people.selectors import person_get_for_user

router = Router(tags=["Barn och unga"])

ReporterCategoryCode = Literal[tuple(ReporterCategory.values)]  # type: ignore[valid-type]
ConcernCode = Literal[tuple(ConcernCategory.values)]  # type: ignore[valid-type]
OutcomeCode = Literal[tuple(PreliminaryOutcome.values)]  # type: ignore[valid-type]
InterventionKindCode = Literal[tuple(InterventionKind.values)]  # type: ignore[valid-type]
AgencyCode = Literal[tuple(Agency.values)]  # type: ignore[valid-type]
LegalGroundCode = Literal[tuple(LegalGround.values)]  # type: ignore[valid-type]
LvuKindCode = Literal[tuple(LvuKind.values)]  # type: ignore[valid-type]
LvuGroundsCode = Literal[tuple(LvuGrounds.values)]  # type: ignore[valid-type]
GuardianKindCode = Literal[tuple(GuardianKind.values)]  # type: ignore[valid-type]
NoticeSubjectCode = Literal[tuple(NoticeSubject.values)]  # type: ignore[valid-type]
ChannelCode = Literal[tuple(Channel.values)]  # type: ignore[valid-type]


class ChildReportIn(Schema):
    child: int | None = Field(None, description="Barnets person-id. Utelämna för ett ej identifierat barn.")
    child_description: FreeText = Field("", description="Vad som är känt om ett ej identifierat barn.")
    unit: int | None = Field(None, description="Mottagande enhet; krävs om du hör till flera barnenheter.")
    received_at: datetime = Field(..., description="När anmälan kom in (ISO 8601; utan tidszon = svensk tid).")
    reporter_category: ReporterCategoryCode
    concerns: list[ConcernCode] = []
    text: FreeText = ""
    reporter_name: FreeText = ""
    reporter_contact: FreeText = ""
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
    notes: FreeText


class ProtectionOut(Schema):
    id: int
    report: int
    assessed_at: datetime
    assessed_by: str
    immediate_protection_needed: bool
    notes: str
    late: bool


class ConversationIn(Schema):
    held_on: Day
    held_by: FreeText
    notes: FreeText = ""


class ConversationOut(Schema):
    id: int
    report: int
    held_on: date
    held_by: str
    notes: str


class PreliminaryIn(Schema):
    outcome: OutcomeCode
    decided_on: Day
    reason: FreeText = Field("", description="Krävs när utredning inte inleds.")
    transferred_to: FreeText = Field("", description="Krävs vid överlämnande.")
    no_conversation_reason: FreeText = Field(
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
    new_due: Day
    reason: FreeText
    decided_on: Day | None = Field(None, description="Standard: idag.")


class ExtensionOut(Schema):
    id: int
    decided_on: date
    reason: str
    previous_due: date
    new_due: date


class InvestigationExtensionOut(ExtensionOut):
    investigation: InvestigationOut


class InvestigationCloseIn(Schema):
    closed_on: Day
    reason: FreeText


class ConsultationIn(Schema):
    held_on: Day
    agency: AgencyCode
    participants: FreeText
    agency_name: FreeText = ""
    notes: FreeText = ""


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
    decided_on: Day
    starts_on: Day
    provider: FreeText
    goal: FreeText = Field("", description="Vad ska förändras för barnet (BBIC). Krävs.")
    reasons: FreeText = Field("", description="Skälen för beslutet. Krävs.")
    legal_ground: LegalGroundCode = "sol_assistance"
    best_interest: int | None = Field(None, description="Bedömning av barnets bästa; standard: utredningens senaste.")
    against_party: bool = Field(False, description="Beslutet går emot barnet eller vårdnadshavarna (alltid vid LVU).")
    monthly_cost: Amount | None = None
    no_conversation_reason: FreeText = ""
    place_name: FreeText = Field("", description="Placeringsställe vid familjehem, HVB eller stödboende.")
    foster_home: int | None = None
    ends_on: Day | None = None
    kind_other: FreeText = ""
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
    legal_ground: str
    legal_source: str
    goal: str
    reasons: str
    best_interest: int | None
    against_party: bool
    appeal_information: str
    delegation: str
    placement: int | None
    follow_ups: list[FollowUpOut]


class LvuDecisionIn(Schema):
    kind: LvuKindCode
    decided_on: date
    executed_on: date = Field(..., description="Dagen beslutet verkställdes (vid vård: dagen vården började).")
    grounds: LvuGroundsCode
    reasons: str
    decided_by: str = Field("", description="Beslutsfattare, t.ex. nämndens ordförande.")


class LvuDecisionOut(Schema):
    id: int
    case: int
    kind: str
    grounds: str
    decided_on: date
    executed_on: date
    reasons: str
    in_force: bool
    court_submission_due: date | None = Field(None, description="7 § LVU: underställning senast.")
    court_submission_source: str
    court_submitted_on: date | None
    care_application_due: date | None = Field(None, description="8 § LVU: ansökan om vård senast.")
    care_application_source: str
    care_applied_on: date | None
    next_weekday_rule: bool = Field(..., description="Om lag 1930:173 2 § har flyttat fristerna (inställning).")
    review_due: date | None = Field(None, description="13 § LVU: nästa övervägande/omprövning, vid vård.")
    ended_on: date | None


class LvuActIn(Schema):
    on: date


class LvuEndIn(Schema):
    ended_on: date
    reason: str


class ConversationInvestigationIn(Schema):
    held_on: date
    held_by: str
    alone: bool = True
    not_alone_reason: str = ""
    present: str = ""
    notes: str = ""


class ChildViewsIn(Schema):
    child_views: str = ""
    child_not_heard_reason: str = ""


class BestInterestIn(Schema):
    text: str
    assessed_on: date | None = None


class IdOut(Schema):
    id: int


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
        "ended_on": intervention.ended_on, "legal_ground": intervention.legal_ground,
        "legal_source": intervention.legal_source, "goal": intervention.goal, "reasons": intervention.reasons,
        "best_interest": intervention.best_interest_id, "against_party": intervention.against_party,
        "appeal_information": intervention.appeal_information, "delegation": intervention.delegation_source,
        "placement": getattr(getattr(intervention, "placement", None), "pk", None),
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
    units = selectors.children_units_for_registration(user=request.user)
    if payload.unit is not None:
        unit = unit_get(unit_id=payload.unit)
        if unit is None:
            unit = selectors.unit_for_registration(unit_id=payload.unit)  # the service then says why not
            if unit is None:
                raise ApplicationError(gettext("Enheten finns inte."), field="unit")
    else:
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
def investigation_close(request, investigation_id: int, payload: InvestigationCloseIn):
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
    ctx = _ctx(request, "Beslut om insats via API")
    intervention = services.intervention_decide(
        actor=request.user, investigation=investigation, kind=payload.kind, decided_on=payload.decided_on,
        starts_on=payload.starts_on, provider=payload.provider, ends_on=payload.ends_on,
        kind_other=payload.kind_other, follow_up_dates=payload.follow_up_dates, goal=payload.goal,
        reasons=payload.reasons, legal_ground=payload.legal_ground,
        best_interest=selectors.best_interest_get_for_investigation(
            investigation=investigation, assessment_id=payload.best_interest),
        against_party=payload.against_party, monthly_cost=payload.monthly_cost,
        no_conversation_reason=payload.no_conversation_reason, place_name=payload.place_name,
        foster_home=selectors.foster_home_get_for_user(ctx=ctx, foster_home_id=payload.foster_home),
    )
    return Status(201, _intervention_out(intervention))


@router.get("/interventions/{intervention_id}", response={200: InterventionOut, 404: Error})
def intervention_detail(request, intervention_id: int):
    return _intervention_out(
        selectors.intervention_get_for_user(ctx=_ctx(request), intervention_id=intervention_id)
    )


# --- the child's voice ---------------------------------------------------------------------------------


@router.post("/investigations/{investigation_id}/child-conversations",
             response={201: IdOut, 400: Error, 403: Error, 404: Error, 409: Error})
def investigation_conversation_create(request, investigation_id: int, payload: ConversationInvestigationIn):
    """A conversation with the child in the investigation: alone or not, and why not."""
    investigation = selectors.investigation_get_for_user(ctx=_ctx(request, "Samtal med barnet via API"),
                                                         investigation_id=investigation_id)
    c = services.investigation_conversation_record(
        actor=request.user, investigation=investigation, held_on=payload.held_on, held_by=payload.held_by,
        alone=payload.alone, not_alone_reason=payload.not_alone_reason, present=payload.present, notes=payload.notes,
    )
    return Status(201, {"id": c.pk})


@router.put("/investigations/{investigation_id}/child-views",
            response={200: InvestigationOut, 400: Error, 403: Error, 404: Error, 409: Error})
def investigation_child_views(request, investigation_id: int, payload: ChildViewsIn):
    investigation = selectors.investigation_get_for_user(ctx=_ctx(request, "Barnets synpunkter via API"),
                                                         investigation_id=investigation_id)
    investigation = services.investigation_child_views_save(
        actor=request.user, investigation=investigation, child_views=payload.child_views,
        child_not_heard_reason=payload.child_not_heard_reason,
    )
    return _investigation_out(investigation)


@router.post("/investigations/{investigation_id}/best-interest-assessments",
             response={201: IdOut, 400: Error, 403: Error, 404: Error, 409: Error})
def best_interest_create(request, investigation_id: int, payload: BestInterestIn):
    """The barnets-bästa assessment a decision on an insats refers to."""
    investigation = selectors.investigation_get_for_user(ctx=_ctx(request, "Barnets bästa via API"),
                                                         investigation_id=investigation_id)
    a = services.best_interest_assessment_record(actor=request.user, investigation=investigation, text=payload.text,
                                                 assessed_on=payload.assessed_on)
    return Status(201, {"id": a.pk})


# --- LVU -----------------------------------------------------------------------------------------------


def _lvu_out(decision) -> dict:
    review = decision.reviews.filter(done_on__isnull=True).order_by("due_on").first()
    return {
        "id": decision.pk, "case": decision.case_id, "kind": decision.kind, "grounds": decision.grounds,
        "decided_on": decision.decided_on, "executed_on": decision.executed_on, "reasons": decision.reasons,
        "in_force": decision.in_force, "court_submission_due": decision.court_submission_due,
        "court_submission_source": decision.court_submission_source, "court_submitted_on": decision.court_submitted_on,
        "care_application_due": decision.care_application_due,
        "care_application_source": decision.care_application_source, "care_applied_on": decision.care_applied_on,
        "next_weekday_rule": decision.moved_by_next_weekday_rule, "review_due": review.due_on if review else None,
        "ended_on": decision.ended_on,
    }


@router.post("/cases/{case_id}/lvu-decisions",
             response={201: LvuDecisionOut, 400: Error, 403: Error, 404: Error, 409: Error})
def lvu_decision_create(request, case_id: int, payload: LvuDecisionIn):
    """Register an LVU decision. An omedelbart omhändertagande (kind immediate_custody, 6 §) answers with
    court_submission_due (7 §: one week from decided_on) and care_application_due (8 §: four weeks from
    executed_on), each moved by lag 1930:173 (a setting). executed_on before decided_on: 400. A second
    omedelbart omhändertagande in force on the case: 409."""
    case = case_get_for_user(ctx=_ctx(request, "LVU-beslut via API"), case_id=case_id)
    decision = services.lvu_decision_register(
        actor=request.user, case=case, kind=payload.kind, decided_on=payload.decided_on,
        executed_on=payload.executed_on, grounds=payload.grounds, reasons=payload.reasons,
        decided_by_text=payload.decided_by,
    )
    return Status(201, _lvu_out(decision))


class PlacementEndIn(Schema):
    ended_on: Day
    reason: FreeText = Field(..., description="Varför placeringen upphör, t.ex. flytt hem eller till ny placering.")


class PlacementOut(Schema):
    id: int
    case: int
    kind: str
    place_name: str
    starts_on: date
    ended_on: date | None
    end_reason: str


@router.post("/cases/{case_id}/placement/end",
             response={200: PlacementOut, 400: Error, 403: Error, 404: Error, 409: Error})
def placement_end(request, case_id: int, payload: PlacementEndIn):
    """End the child's placement in progress (a move to another placement is then decided as a new insats).
    Its pending six-monthly övervägande leaves the board. No placement in progress: 409."""
    case = case_get_for_user(ctx=_ctx(request, "Placering avslutas via API"), case_id=case_id)
    p = services.placement_end(actor=request.user, case=case, ended_on=payload.ended_on, reason=payload.reason)
    return {"id": p.pk, "case": p.case_id, "kind": p.kind, "place_name": p.place_name, "starts_on": p.starts_on,
            "ended_on": p.ended_on, "end_reason": p.end_reason}


@router.get("/lvu-decisions/{lvu_decision_id}", response={200: LvuDecisionOut, 404: Error})
def lvu_decision_detail(request, lvu_decision_id: int):
    return _lvu_out(selectors.lvu_decision_get_for_user(ctx=_ctx(request), decision_id=lvu_decision_id))


@router.post("/lvu-decisions/{lvu_decision_id}/court-submission",
             response={200: LvuDecisionOut, 400: Error, 403: Error, 404: Error, 409: Error})
def lvu_court_submission(request, lvu_decision_id: int, payload: LvuActIn):
    """The underställning to förvaltningsrätten is done (7 §)."""
    d = selectors.lvu_decision_get_for_user(ctx=_ctx(request, "Underställning via API"), decision_id=lvu_decision_id)
    return _lvu_out(services.lvu_court_submission_record(actor=request.user, decision=d, submitted_on=payload.on))


@router.post("/lvu-decisions/{lvu_decision_id}/care-application",
             response={200: LvuDecisionOut, 400: Error, 403: Error, 404: Error, 409: Error})
def lvu_care_application(request, lvu_decision_id: int, payload: LvuActIn):
    """The application for care reached förvaltningsrätten (8 §)."""
    d = selectors.lvu_decision_get_for_user(ctx=_ctx(request, "Ansökan om vård via API"), decision_id=lvu_decision_id)
    return _lvu_out(services.lvu_care_application_record(actor=request.user, decision=d, applied_on=payload.on))


class LvuExtendIn(Schema):
    new_due: date
    reason: str = Field(..., description="Förvaltningsrättens beslut om förlängning.")


@router.post("/lvu-decisions/{lvu_decision_id}/care-application-extension",
             response={200: LvuDecisionOut, 400: Error, 403: Error, 404: Error, 409: Error})
def lvu_care_application_extension(request, lvu_decision_id: int, payload: LvuExtendIn):
    """Förvaltningsrätten extended the time for the application for care (8 §)."""
    d = selectors.lvu_decision_get_for_user(ctx=_ctx(request, "Förlängd tid för ansökan via API"),
                                            decision_id=lvu_decision_id)
    return _lvu_out(services.lvu_care_application_extend(actor=request.user, decision=d, new_due=payload.new_due,
                                                         reason=payload.reason))


@router.post("/lvu-decisions/{lvu_decision_id}/end",
             response={200: LvuDecisionOut, 400: Error, 403: Error, 404: Error, 409: Error})
def lvu_end(request, lvu_decision_id: int, payload: LvuEndIn):
    """The omhändertagande or the care ends."""
    d = selectors.lvu_decision_get_for_user(ctx=_ctx(request, "LVU upphör via API"), decision_id=lvu_decision_id)
    return _lvu_out(services.lvu_decision_end(actor=request.user, decision=d, ended_on=payload.ended_on,
                                              reason=payload.reason))


@router.get("/cases/{case_id}/lvu-decisions", response={200: list[LvuDecisionOut], 404: Error})
def lvu_decision_list(request, case_id: int):
    case = case_get_for_user(ctx=_ctx(request), case_id=case_id)
    return [_lvu_out(d) for d in selectors.lvu_decisions_for_case(case=case)]


# --- parties -------------------------------------------------------------------------------------------


class GuardianIn(Schema):
    person: int = Field(..., description="Vårdnadshavarens person-id.")
    kind: GuardianKindCode = "parent"
    lives_with_child: bool = True
    phone: str = ""
    email: str = ""


class GuardianOut(Schema):
    id: int
    person: int
    name: str
    kind: str
    lives_with_child: bool
    protected: bool
    address: str | None = Field(None, description="null när adressen är skyddad för dig.")
    current: bool


class NoticeIn(Schema):
    guardian: int | None = None
    to_child: bool = Field(False, description="Till barnet, som är part från 15 år.")
    subject: NoticeSubjectCode
    sent_on: date
    channel: ChannelCode
    about: str = ""


class ConsentIn(Schema):
    guardian: int | None = None
    by_child: bool = False
    scope: str
    given_on: date
    intervention: int | None = None


class ConsentWithdrawIn(Schema):
    withdrawn_on: date
    note: str = ""


@router.get("/cases/{case_id}/guardians", response={200: list[GuardianOut], 404: Error})
def guardian_list(request, case_id: int):
    """The child's guardians; a protected guardian's address is withheld from users who may not see it."""
    case = case_get_for_user(ctx=_ctx(request, "Vårdnadshavare via API"), case_id=case_id)
    return [
        {"id": r["guardian"].pk, "person": r["person"].pk, "name": r["person"].full_name,
         "kind": r["guardian"].kind, "lives_with_child": r["guardian"].lives_with_child, "protected": r["protected"],
         "address": r["address"], "current": r["guardian"].is_current}
        for r in selectors.guardian_rows(user=request.user, case=case)
    ]


@router.post("/cases/{case_id}/guardians", response={201: IdOut, 400: Error, 403: Error, 404: Error, 409: Error})
def guardian_create(request, case_id: int, payload: GuardianIn):
    ctx = _ctx(request, "Vårdnadshavare via API")
    case = case_get_for_user(ctx=ctx, case_id=case_id)
    person = person_get_for_user(ctx=ctx, person_id=payload.person)
    g = services.guardian_add(actor=request.user, case=case, person=person, kind=payload.kind,
                              lives_with_child=payload.lives_with_child, phone=payload.phone, email=payload.email)
    return Status(201, {"id": g.pk})


@router.post("/cases/{case_id}/party-notices", response={201: IdOut, 400: Error, 403: Error, 404: Error})
def party_notice_create(request, case_id: int, payload: NoticeIn):
    """A notice to a guardian (or the child of 15 or more), with date and channel."""
    case = case_get_for_user(ctx=_ctx(request, "Underrättelse via API"), case_id=case_id)
    guardian = selectors.guardian_get_for_case(case=case, guardian_id=payload.guardian) if payload.guardian else None
    n = services.party_notice_record(actor=request.user, case=case, guardian=guardian, to_child=payload.to_child,
                                     subject=payload.subject, sent_on=payload.sent_on, channel=payload.channel,
                                     about=payload.about)
    return Status(201, {"id": n.pk})


@router.post("/cases/{case_id}/consents", response={201: IdOut, 400: Error, 403: Error, 404: Error})
def consent_create(request, case_id: int, payload: ConsentIn):
    ctx = _ctx(request, "Samtycke via API")
    case = case_get_for_user(ctx=ctx, case_id=case_id)
    guardian = selectors.guardian_get_for_case(case=case, guardian_id=payload.guardian) if payload.guardian else None
    intervention = (selectors.intervention_get_for_user(ctx=ctx, intervention_id=payload.intervention)
                    if payload.intervention else None)
    c = services.consent_record(actor=request.user, case=case, guardian=guardian, by_child=payload.by_child,
                                scope=payload.scope, given_on=payload.given_on, intervention=intervention)
    return Status(201, {"id": c.pk})


@router.post("/consents/{consent_id}/withdraw", response={200: IdOut, 400: Error, 403: Error, 404: Error, 409: Error})
def consent_withdraw(request, consent_id: int, payload: ConsentWithdrawIn):
    consent = selectors.consent_get_for_user(ctx=_ctx(request, "Återkallelse av samtycke via API"), consent_id=consent_id)
    services.consent_withdraw(actor=request.user, consent=consent, withdrawn_on=payload.withdrawn_on, note=payload.note)
    return {"id": consent.pk}
