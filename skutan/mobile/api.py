"""The mobile team's API: assignments from caseworkers and the team's visits (issue 15)."""

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from skutan.audit.context import AccessContext
from skutan.core.apierrors import Error
from skutan.core.errors import ApplicationError
from skutan.core.schema import Day, text_type
from skutan.mobile import selectors, services
from skutan.mobile.models import Outcome, Purpose

router = Router(tags=["Mobila teamet"])

# The codes are listed in the OpenAPI document as enums.
PurposeCode = Literal[tuple(Purpose.values)]
OutcomeCode = Literal[tuple(Outcome.values)]
PURPOSES_TEXT = ", ".join(f"{p.value} ({p.label})" for p in Purpose)


class AssignmentIn(Schema):
    case: int = Field(..., description="Ärendets id (du ska få skriva i ärendet).")
    team: int | None = Field(None, description="Det mobila teamets enhet. Kan utelämnas när kommunen har ett "
                                               "enda mobilt team.")
    purpose: PurposeCode = Field(..., description=f"Syfte: {PURPOSES_TEXT}.")
    visits_per_week: int = Field(..., ge=1, le=100, description="Besök per vecka. Mer än teamets kapacitet per "
                                                                "vecka ger 400 med fältet visits_per_week.")
    starts_on: Day
    ends_on: Day
    instructions: text_type(2000) = Field("", description="Vad teamet behöver veta för besöken.")
    start_meeting_on: Day | None = Field(None, description="Startmöte med klienten, handläggaren och teamet.")


class AssignmentOut(Schema):
    id: int
    case: int
    person: int
    client_name: str
    team: int
    purpose: PurposeCode = Field(..., description=f"Syfte: {PURPOSES_TEXT}.")
    visits_per_week: int
    starts_on: Day
    ends_on: Day
    instructions: str
    start_meeting_on: Day | None
    warnings: list[str] = []


class VisitIn(Schema):
    visited_at: datetime
    purpose: PurposeCode = Field(..., description=f"Syfte: {PURPOSES_TEXT}.")
    outcome: OutcomeCode = Field(..., description="met (träffade klienten) eller not_reached (nådde inte klienten: "
                                                "eskaleras till handläggaren).")
    note: text_type(2000) = ""


class VisitOut(Schema):
    id: int
    assignment: int
    visited_at: datetime
    purpose: PurposeCode = Field(..., description=f"Syfte: {PURPOSES_TEXT}.")
    outcome: OutcomeCode = Field(..., description="met (träffade klienten) eller not_reached (nådde inte klienten: "
                                                "eskaleras till handläggaren).")
    note: str
    journal_entry: int | None
    escalation: int | None


def _out(assignment, warnings=()) -> dict:
    return {"id": assignment.pk, "case": assignment.case_id, "person": assignment.case.person_id,
            "client_name": assignment.case.person.full_name, "team": assignment.team_id,
            "purpose": assignment.purpose, "visits_per_week": assignment.visits_per_week,
            "starts_on": assignment.starts_on, "ends_on": assignment.ends_on, "instructions": assignment.instructions,
            "start_meeting_on": assignment.start_meeting_on, "warnings": list(warnings)}


@router.post("/mobile-assignments", response={201: AssignmentOut, 403: Error, 404: Error, 409: Error},
             description="Ge mobila teamet ett uppdrag. Varningar (teamet fullbokat, besök utanför öppettiderna) "
                         "kommer i warnings.")
def mobile_assignment_create(request, payload: AssignmentIn):
    from skutan.cases.selectors import case_get_for_user

    case = case_get_for_user(ctx=AccessContext.from_request(request, purpose="Uppdrag till mobila teamet",
                                                            channel="api"), case_id=payload.case)
    if payload.team is None:
        team = selectors.the_only_team()
        if team is None:
            raise ApplicationError(gettext("Ange team: kommunen har flera mobila team, eller inget."), field="team")
    else:
        team = selectors.team_get(unit_id=payload.team)
        if team is None:
            raise ApplicationError(gettext("Okänt team."), field="team")
    assignment, warnings = services.assignment_create(
        actor=request.user, case=case, team=team, purpose=payload.purpose,
        visits_per_week=payload.visits_per_week, starts_on=payload.starts_on, ends_on=payload.ends_on,
        instructions=payload.instructions, start_meeting_on=payload.start_meeting_on,
    )
    return Status(201, _out(assignment, warnings))


@router.get("/mobile-assignments", response={200: list[AssignmentOut]},
            description="För mobila teamet: teamets pågående uppdrag med klientens namn och det besöken behöver. "
                        "För andra: de uppdrag du har gett.")
def mobile_assignment_list(request):
    ctx = AccessContext.from_request(request, purpose="Mobila teamets uppdrag", channel="api")
    return [_out(a) for a in selectors.assignments_for_user(ctx=ctx)]


@router.post("/mobile-assignments/{mobile_assignment_id}/visits",
             response={201: VisitOut, 403: Error, 404: Error, 409: Error},
             description="Registrera ett besök. Anteckningen blir ett journalutkast i ärendet som teamets "
                         "medarbetare signerar; not_reached skapar en eskalering till handläggaren.")
def mobile_visit_create(request, mobile_assignment_id: int, payload: VisitIn):
    ctx = AccessContext.from_request(request, purpose="Besök av mobila teamet", channel="api")
    assignment = selectors.assignment_get_for_user(ctx=ctx, assignment_id=mobile_assignment_id)
    visit = services.visit_record(actor=request.user, assignment=assignment, visited_at=payload.visited_at,
                                  purpose=payload.purpose, outcome=payload.outcome, note=payload.note)
    escalation = getattr(visit, "escalation", None)
    return Status(201, {"id": visit.pk, "assignment": assignment.pk, "visited_at": visit.visited_at,
                        "purpose": visit.purpose, "outcome": visit.outcome, "note": visit.note,
                        "journal_entry": visit.journal_entry_id, "escalation": escalation.pk if escalation else None})
