"""Insatser as decisions: ground, goal, period, provider, reasons, barnets bästa, delegation; follow-up."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from skutan.audit.catalogue import EventType
from skutan.cases.models import CaseStatus
from skutan.children import delegation
from skutan.children.delegation import children_decision_delegation_check
from skutan.children.legal import appeal_information, reference
from skutan.children.models import (
    CONCERNS_REQUIRING_CHILD_CONVERSATION,
    PLACEMENT_KINDS,
    BestInterestAssessment,
    ChildConversation,
    ChildReport,
    FosterHome,
    GoalStatus,
    Intervention,
    InterventionFollowUp,
    InterventionKind,
    Investigation,
    InvestigationOutcome,
    LegalGround,
    LvuDecision,
)
from skutan.children.services._common import (
    _audit,
    _case_close_if_done,
    _case_refresh,
    _case_status,
    _check_day,
    _event,
    _require_children_staff,
    _required_text,
)
from skutan.children.services.investigations import _conclude
from skutan.core.concurrency import versioned_update
from skutan.core.errors import ApplicationError, ConflictError
from skutan.core.summaries import statistics_changed

# --- insatser ------------------------------------------------------------------------------------------


def _check_follow_up_day(due_on: date, *, not_before: date) -> None:
    if due_on is None:
        raise ApplicationError(gettext("Ange datum för uppföljningen."), field="follow_up_dates")
    if due_on < not_before:
        raise ApplicationError(gettext("En uppföljning kan inte planeras före insatsens beslut."), field="follow_up_dates")


HONOUR_CONVERSATION_REQUIRED = (
    "Ärendet gäller hedersrelaterat våld eller barnäktenskap. Innan en insats beslutas måste ett enskilt samtal "
    "med barnet vara dokumenterat, eller skälet till att samtalet inte kunde hållas."
)
BEST_INTEREST_REQUIRED = (
    "Beslutet måste hänvisa till en bedömning av barnets bästa. Dokumentera bedömningen i utredningen först."
)
CHILD_NOT_HEARD = (
    "Inget samtal med barnet är dokumenterat i utredningen. Dokumentera samtalet, eller skriv i utredningen "
    "varför barnet inte har kommit till tals."
)


def _investigation_concerns(investigation: Investigation) -> set[str]:
    return set(
        ChildReport.objects.filter(
            Q(preliminary_assessment__investigation=investigation) | Q(case=investigation.case)
        ).values_list("concerns__category", flat=True)
    ) - {None}


def _conversations_q(investigation: Investigation) -> Q:
    return Q(investigation=investigation) | Q(report__preliminary_assessment__investigation=investigation)


def intervention_decision_check(
    *, investigation: Investigation, best_interest: BestInterestAssessment | None, no_conversation_reason: str = ""
) -> BestInterestAssessment:
    """What a decision on an insats needs from the investigation: a barnets-bästa assessment to refer to, the
    child heard (or why not), and for honour or child-marriage cases an enskilt samtal (or why not).
    Returns the assessment the decision refers to; ApplicationError (400) otherwise."""
    if best_interest is None:
        best_interest = investigation.best_interest_assessments.order_by("-assessed_on", "-id").first()
    elif best_interest.investigation_id != investigation.pk:
        raise ApplicationError(gettext("Bedömningen av barnets bästa hör till en annan utredning."), field="best_interest")
    if best_interest is None:
        raise ApplicationError(BEST_INTEREST_REQUIRED, field="best_interest")
    conversations = ChildConversation.objects.filter(_conversations_q(investigation))
    if not investigation.child_not_heard_reason and not conversations.exists():
        raise ApplicationError(CHILD_NOT_HEARD, field="child_conversation")
    if _investigation_concerns(investigation) & CONCERNS_REQUIRING_CHILD_CONVERSATION:
        if not (no_conversation_reason or "").strip() and not conversations.filter(alone=True).exists():
            raise ApplicationError(HONOUR_CONVERSATION_REQUIRED, field="no_conversation_reason")
    return best_interest


@transaction.atomic
def intervention_decide(
    *,
    actor,
    investigation: Investigation,
    kind: str,
    decided_on: date,
    starts_on: date,
    provider: str,
    goal: str = "",
    reasons: str = "",
    legal_ground: str = LegalGround.SOL,
    ends_on: date | None = None,
    kind_other: str = "",
    follow_up_dates: Iterable[date] = (),
    best_interest: BestInterestAssessment | None = None,
    against_party: bool = False,
    monthly_cost: Decimal | None = None,
    no_conversation_reason: str = "",
    place_name: str = "",
    foster_home: FosterHome | None = None,
) -> Intervention:
    """Decide an insats as the outcome of the investigation.

    The decision states its legal ground (SoL bistånd, or LVU where care under LVU is in force), the goal
    (what should change for the child), period, provider and reasons; it refers to the investigation's
    barnets-bästa assessment; the decider's delegation is checked (children_decision_delegation_check); a
    decision that goes against the child or the guardians (always so under LVU) carries the appeal
    information. A placement (familjehem, HVB, stödboende) also starts the placement and its six-monthly
    övervägande. The first decision concludes an open investigation and moves the case to status Insats."""
    case = investigation.case
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)
    investigation = Investigation.objects.select_for_update().select_related("case").get(pk=investigation.pk)
    if investigation.outcome == InvestigationOutcome.CLOSED:
        raise ConflictError(gettext("Utredningen avslutades utan insats."))
    if not _case_refresh(case).is_active:
        raise ConflictError(gettext("Ärendet är avslutat."))
    if kind not in InterventionKind.values:
        raise ApplicationError(gettext("Okänd insats: %(kind)s.") % {"kind": repr(kind)}, field="kind")
    if legal_ground not in LegalGround.values:
        raise ApplicationError(gettext("Välj rättslig grund: SoL (bistånd) eller LVU."), field="legal_ground")
    kind_other = (kind_other or "").strip()
    if kind == InterventionKind.OTHER and not kind_other:
        raise ApplicationError(gettext("Beskriv insatsen."), field="kind_other")
    provider = _required_text(provider, field="provider", message="Ange utförare.")
    goal = _required_text(goal, field="goal", message="Ange målet med insatsen: vad ska förändras för barnet?")
    reasons = _required_text(reasons, field="reasons", message="Skriv skälen för beslutet.")
    if decided_on is None:
        raise ApplicationError(gettext("Ange beslutsdatum."), field="decided_on")
    _check_day(decided_on, field="decided_on", label=gettext("Beslutsdatum"), not_before=investigation.opened_on,
               before_label="dagen utredningen inleddes")
    if starts_on is None:
        raise ApplicationError(gettext("Ange startdatum."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise ApplicationError(gettext("Slutdatum kan inte vara före startdatum."), field="ends_on")
    if monthly_cost is not None and monthly_cost < 0:
        raise ApplicationError(gettext("Kostnaden kan inte vara negativ."), field="monthly_cost")
    follow_ups = sorted(set(follow_up_dates or ()))
    for day in follow_ups:
        _check_follow_up_day(day, not_before=decided_on)
    lvu_care = None
    if legal_ground != LegalGround.SOL:
        lvu_care = LvuDecision.objects.filter(case=case, ended_on__isnull=True).order_by("-decided_on").first()
        if lvu_care is None:
            raise ApplicationError(
                gettext("Det finns inget beslut enligt LVU i kraft i ärendet. Registrera LVU-beslutet först."),
                field="legal_ground",
            )
        against_party = True  # compulsory care goes against the will of the guardians or the child
    is_placement = kind in PLACEMENT_KINDS
    place_name = (place_name or "").strip() or (foster_home.name if foster_home else "")
    if is_placement and not place_name:
        raise ApplicationError(gettext("Ange placeringsstället (familjehemmet, HVB-hemmet eller stödboendet)."),
                               field="place_name")
    if foster_home is not None and kind != InterventionKind.FOSTER_HOME:
        raise ApplicationError(gettext("Ett familjehem kan bara väljas för en placering i familjehem."), field="foster_home")
    if foster_home is not None and foster_home.unit_id != case.unit_id:
        raise ApplicationError(gettext("Familjehemmet finns inte i enhetens register."), field="foster_home")
    assessment = intervention_decision_check(
        investigation=investigation, best_interest=best_interest, no_conversation_reason=no_conversation_reason
    )
    grant = children_decision_delegation_check(
        user=actor, decision_kind=delegation.PLACEMENT if is_placement else delegation.INTERVENTION,
        on=decided_on, amount=monthly_cost, unit_id=case.unit_id,
    )
    legal = reference(legal_ground, decided_on)
    intervention = Intervention.objects.create(
        case=case, investigation=investigation, kind=kind, kind_other=kind_other, decided_on=decided_on,
        decided_by=actor, starts_on=starts_on, ends_on=ends_on, provider=provider, legal_ground=legal_ground,
        legal_source=legal.citation[:200], goal=goal, reasons=reasons, best_interest=assessment,
        against_party=bool(against_party),
        appeal_information=appeal_information(decided_on) if against_party else "",
        monthly_cost=monthly_cost, delegation_source=grant.source, delegation=grant.point,
        no_conversation_reason=(no_conversation_reason or "").strip(),
    )
    InterventionFollowUp.objects.bulk_create(InterventionFollowUp(intervention=intervention, due_on=d) for d in follow_ups)
    data = {"intervention_id": intervention.pk, "kind": kind, "starts_on": starts_on.isoformat(),
            "legal_ground": legal_ground, "best_interest_id": assessment.pk, "delegation": grant.source,
            "against_party": intervention.against_party, "follow_ups": [d.isoformat() for d in follow_ups]}
    _event(case=case, event_type="intervention_decided", actor=actor, data=data)
    _audit(EventType.INTERVENTION_DECIDED, actor=actor, obj=intervention, case=case, data=data)
    if is_placement:
        from skutan.children.services.placements import placement_start

        placement_start(actor=actor, intervention=intervention, place_name=place_name, foster_home=foster_home,
                        lvu_care=lvu_care)
    if investigation.is_open:
        _conclude(actor=actor, investigation=investigation, outcome=InvestigationOutcome.INTERVENTIONS,
                  on=decided_on, reason=f"Beslut om insats: {intervention.label}")
    _case_status(actor=actor, case=case, status=CaseStatus.INTERVENTION)
    statistics_changed(children_units=[intervention.case.unit_id])
    return intervention


@transaction.atomic
def intervention_follow_up_plan(*, actor, intervention: Intervention, due_on: date) -> InterventionFollowUp:
    _require_children_staff(user=actor, unit_id=intervention.case.unit_id, case=intervention.case)
    if not intervention.is_active:
        raise ConflictError(gettext("Insatsen är avslutad."))
    _check_follow_up_day(due_on, not_before=intervention.decided_on)
    follow_up = InterventionFollowUp.objects.create(intervention=intervention, due_on=due_on)
    data = {"intervention_id": intervention.pk, "due_on": due_on.isoformat()}
    _audit(EventType.INTERVENTION_FOLLOW_UP_PLANNED, actor=actor, obj=follow_up, case=intervention.case, data=data)
    return follow_up


@transaction.atomic
def intervention_follow_up_record(
    *, actor, follow_up: InterventionFollowUp, done_on: date, notes: str, goal_status: str = ""
) -> InterventionFollowUp:
    """Mark a planned follow-up as done, with what it found measured against the insats's goal."""
    intervention = follow_up.intervention
    _require_children_staff(user=actor, unit_id=intervention.case.unit_id, case=intervention.case)
    if done_on is None:
        raise ApplicationError(gettext("Ange när uppföljningen gjordes."), field="done_on")
    _check_day(done_on, field="done_on", label=gettext("Datum för uppföljningen"), not_before=intervention.decided_on,
               before_label="insatsens beslut")
    notes = _required_text(notes, field="notes", message="Skriv vad uppföljningen visade.")
    if goal_status and goal_status not in GoalStatus.values:
        raise ApplicationError(gettext(
            "Okänd måluppfyllelse: %(goal_status)s."
        ) % {"goal_status": repr(goal_status)}, field="goal_status")
    if intervention.goal and not goal_status:
        raise ApplicationError(gettext("Ange hur långt insatsen har nått sitt mål."), field="goal_status")
    updated = InterventionFollowUp.objects.filter(pk=follow_up.pk, done_on__isnull=True).update(
        done_on=done_on, done_by=actor, notes=notes, goal_status=goal_status
    )
    if updated != 1:
        raise ConflictError(gettext("Uppföljningen är redan gjord."))
    follow_up.refresh_from_db()
    data = {"intervention_id": intervention.pk, "follow_up_id": follow_up.pk, "done_on": done_on.isoformat(),
            "late": done_on > follow_up.due_on, "goal_status": goal_status}
    _event(case=intervention.case, event_type="intervention_followed_up", actor=actor, data=data)
    _audit(EventType.INTERVENTION_FOLLOW_UP_DONE, actor=actor, obj=follow_up, case=intervention.case, data=data)
    return follow_up


@transaction.atomic
def intervention_end(*, actor, intervention: Intervention, ended_on: date, reason: str) -> Intervention:
    """End an insats; the case closes when nothing else is open in it."""
    _require_children_staff(user=actor, unit_id=intervention.case.unit_id, case=intervention.case)
    if not intervention.is_active:
        raise ConflictError(gettext("Insatsen är redan avslutad."))
    reason = _required_text(reason, field="reason", message="Ange varför insatsen avslutas.")
    if ended_on is None:
        raise ApplicationError(gettext("Ange datum."), field="ended_on")
    _check_day(ended_on, field="ended_on", label=gettext("Avslutsdatum"), not_before=intervention.decided_on,
               before_label="insatsens beslut")
    intervention = versioned_update(
        instance=intervention, expected_version=intervention.version,
        fields={"ended_on": ended_on, "end_reason": reason},
    )
    from skutan.children.models import Placement

    Placement.objects.filter(intervention=intervention, ended_on__isnull=True).update(ended_on=ended_on)
    data = {"intervention_id": intervention.pk, "ended_on": ended_on.isoformat()}
    _event(case=intervention.case, event_type="intervention_ended", actor=actor, data=data)
    _audit(EventType.INTERVENTION_ENDED, actor=actor, obj=intervention, case=intervention.case, data=data)
    _case_close_if_done(actor=actor, case=intervention.case, reason="Insatserna är avslutade", on=ended_on)
    return intervention


