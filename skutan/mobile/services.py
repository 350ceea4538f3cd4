"""Writes of the mobile team. The caseworker gives an assignment on a case they may write to
(``case_write_check``). The team writes only what its assignments let it: visits, their notes (journal drafts on
the case, which the team member signs) and escalations. That rule is ``assignment_write_check``: a member of the
assignment's team, while the assignment runs and the case is open; emergency access gives nothing here."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.selectors import user_has_role
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases.access import case_write_check
from skutan.cases.events import case_event_custom, case_event_journal_signed
from skutan.cases.models import JournalEntry
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.core.text import TEXT_MAX_LENGTH, text_check
from skutan.mobile import selectors
from skutan.mobile.models import Escalation, MobileAssignment, MobileVisit, Outcome, Purpose, TeamSettings

TEAM_ROLES = (Role.MOBILE_TEAM, Role.UNIT_MANAGER)


def assignment_write_check(*, user, assignment: MobileAssignment, on: date | None = None) -> None:
    """The team's write right: a member of the assignment's team, while the assignment runs and the case is open."""
    if not user.is_superuser and not any(
        user_has_role(user=user, role=role, unit_id=assignment.team_id) for role in TEAM_ROLES
    ):
        raise AccessDeniedError(gettext("Bara mobila teamet som har uppdraget kan registrera besök."))
    on = on or timezone.localdate()
    if not assignment.is_active_on(on):
        raise ConflictError(gettext(
            "Uppdraget gäller inte %(on)s."
        ) % {"on": format(on, "%Y-%m-%d")}, field="visited_at")
    if not assignment.case.is_active:
        raise ConflictError(gettext("Ärendet är avslutat."), field="case")


def _moment(value: datetime | None, field: str) -> datetime:
    """An aware time between the years 2000 and 2100 (a time without zone is Stockholm's)."""
    if value is None:
        raise ApplicationError(gettext("Ange tidpunkten."), field=field)
    if not 2000 <= value.year <= 2100:
        raise ApplicationError(gettext("Ange en tidpunkt mellan år 2000 och 2100."), field=field)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _text(value, field: str, *, required_label: str = "") -> str:
    value = (value or "").strip()
    if required_label and not value:
        raise ApplicationError(f"Skriv {required_label}.", field=field)
    if value:
        text_check(value, field=field, max_length=TEXT_MAX_LENGTH)
    return value


@transaction.atomic
def team_settings_set(*, actor, unit, visits_per_member_per_day: int) -> TeamSettings:
    """The team's capacity: only its unit manager (or a systemförvaltare) changes it."""
    if not (actor.is_superuser or user_has_role(user=actor, role=Role.UNIT_MANAGER, unit_id=unit.pk)
            or user_has_role(user=actor, role=Role.SYSTEM_ADMIN)):
        raise AccessDeniedError(gettext("Bara teamets enhetschef ändrar kapaciteten."))
    if unit.kind != UnitKind.MOBILE_TEAM:
        raise ApplicationError(gettext("Enheten är inte ett mobilt team."), field="unit")
    if not 1 <= int(visits_per_member_per_day) <= 20:
        raise ApplicationError(gettext("Ange mellan 1 och 20 besök per medarbetare och dag."),
                               field="visits_per_member_per_day")
    row, _ = TeamSettings.objects.update_or_create(
        unit=unit, defaults={"visits_per_member_per_day": int(visits_per_member_per_day)})
    TeamSettings.objects.filter(pk=row.pk).update(version=F("version") + 1)
    audit_event_record(event_type=EventType.MOBILE_TEAM_SETTINGS_CHANGED, actor=actor, obj=row,
                       data={"unit_id": unit.pk, "visits_per_member_per_day": int(visits_per_member_per_day)})
    return row


@transaction.atomic
def assignment_create(
    *, actor, case, team, purpose: str, visits_per_week: int, starts_on: date | None, ends_on: date | None,
    instructions: str = "", start_meeting_on: date | None = None,
) -> tuple[MobileAssignment, list[str]]:
    """Give the team an assignment. A frequency beyond the team's weekly capacity is refused (400 naming
    visits_per_week); one that fills the team past its capacity, or needs visits outside its opening days,
    is given with a warning."""
    case_write_check(user=actor, case=case)
    if not case.is_active:
        raise ConflictError(gettext("Ärendet är avslutat."), field="case")
    if team is None:
        raise ApplicationError(gettext("Ange vilket mobilt team som får uppdraget."), field="team")
    if team.kind != UnitKind.MOBILE_TEAM or (team.closed_on and team.closed_on <= timezone.localdate()):
        raise ApplicationError(gettext("Enheten är inte ett öppet mobilt team."), field="team")
    if purpose not in Purpose.values:
        raise ApplicationError("Okänt syfte. Välj " + ", ".join(Purpose.values) + ".", field="purpose")
    if starts_on is None:
        raise ApplicationError(gettext("Ange startdatum."), field="starts_on")
    if ends_on is None or ends_on < starts_on:
        raise ApplicationError(gettext("Slutdatum saknas eller ligger före startdatum."), field="ends_on")
    if isinstance(visits_per_week, bool) or not isinstance(visits_per_week, int) or visits_per_week < 1:
        raise ApplicationError(gettext("Ange minst ett besök per vecka."), field="visits_per_week")
    capacity = selectors.team_capacity(team=team)
    if visits_per_week > capacity.weekly:
        raise ApplicationError(
            gettext(
                "%(visits_per_week)s besök per vecka är mer än teamets hela kapacitet (%(weekly)s besök per "
                "vecka: %(per_member_per_day)s per medarbetare och dag, %(members)s medarbetare, "
                "%(describe)s)."
            ) % {
                "visits_per_week": visits_per_week,
                "weekly": capacity.weekly,
                "per_member_per_day": capacity.per_member_per_day,
                "members": capacity.members,
                "describe": capacity.hours.describe(),
            }, field="visits_per_week")
    warnings = selectors.assignment_warnings(team=team, visits_per_week=visits_per_week, starts_on=starts_on,
                                             ends_on=ends_on, start_meeting_on=start_meeting_on, capacity=capacity)
    assignment = MobileAssignment.objects.create(
        case=case, team=team, purpose=purpose, visits_per_week=visits_per_week, starts_on=starts_on,
        ends_on=ends_on, instructions=_text(instructions, "instructions"), start_meeting_on=start_meeting_on,
        given_by=actor,
    )
    case_event_custom(case=case, event_type="mobile_assignment_given", user=actor,
                      data={"assignment_id": assignment.pk, "purpose": purpose, "team_id": team.pk})
    audit_event_record(event_type=EventType.MOBILE_ASSIGNMENT_CREATED, actor=actor, obj=assignment,
                       person_id=case.person_id, case_id=case.pk,
                       data={"purpose": purpose, "visits_per_week": visits_per_week, "team_id": team.pk,
                             "warnings": warnings})
    return assignment, warnings


@transaction.atomic
def assignment_end(*, actor, assignment: MobileAssignment, ended_on: date | None = None) -> MobileAssignment:
    case_write_check(user=actor, case=assignment.case)
    if assignment.ended_on:
        raise ConflictError(gettext("Uppdraget är redan avslutat."), field="assignment")
    ended_on = ended_on or timezone.localdate()
    MobileAssignment.objects.filter(pk=assignment.pk).update(ended_on=ended_on, version=F("version") + 1)
    assignment.refresh_from_db()
    audit_event_record(event_type=EventType.MOBILE_ASSIGNMENT_ENDED, actor=actor, obj=assignment,
                       person_id=assignment.case.person_id, case_id=assignment.case_id)
    return assignment


@transaction.atomic
def visit_plan(*, actor, assignment: MobileAssignment, planned_at: datetime | None, minutes: int = 60,
               companion=None, purpose: str | None = None) -> tuple[MobileVisit, list[str]]:
    """Plan a visit on the team member's day, with the lone-worker check-in (staff.Visit: start, expected end,
    companion; a person with a marker needing company gets one)."""
    from skutan.staff.services import visit_plan as lone_worker_visit_plan

    planned_at = _moment(planned_at, "planned_at")
    assignment_write_check(user=actor, assignment=assignment, on=timezone.localtime(planned_at).date())
    purpose = purpose or assignment.purpose
    if purpose not in Purpose.values:
        raise ApplicationError(gettext("Okänt syfte."), field="purpose")
    staff_visit = lone_worker_visit_plan(
        actor=actor, person=assignment.case.person, unit=assignment.team, starts_at=planned_at,
        expected_end=planned_at + timedelta(minutes=max(10, int(minutes))), companion=companion,
        purpose=f"Mobila teamet: {Purpose(purpose).label}",
    )
    visit = MobileVisit.objects.create(assignment=assignment, member=actor, planned_at=planned_at, purpose=purpose,
                                       staff_visit=staff_visit)
    warnings = selectors.visit_time_warnings(team=assignment.team, at=planned_at)
    audit_event_record(event_type=EventType.MOBILE_VISIT_PLANNED, actor=actor, obj=visit,
                       person_id=assignment.case.person_id, case_id=assignment.case_id,
                       data={"planned_at": planned_at.isoformat(), "warnings": warnings})
    return visit, warnings


def _journal_text(visit: MobileVisit) -> str:
    outcome = Outcome(visit.outcome).label
    when = timezone.localtime(visit.visited_at)
    text = f"Mobila teamet, {Purpose(visit.purpose).label.lower()} {when:%Y-%m-%d %H.%M}: {outcome}."
    return f"{text}\n{visit.note}" if visit.note else text


@transaction.atomic
def visit_record(*, actor, assignment: MobileAssignment, visited_at: datetime | None, purpose: str, outcome: str,
                 note: str, visit: MobileVisit | None = None) -> MobileVisit:
    """What happened on a visit (a planned one, or one recorded afterwards). The note becomes a journal draft
    on the case for the team member to sign; "not reached" raises an escalation to the caseworker."""
    visited_at = _moment(visited_at, "visited_at")
    assignment_write_check(user=actor, assignment=assignment, on=timezone.localtime(visited_at).date())
    if visited_at > timezone.now() + timedelta(minutes=5):
        raise ApplicationError(gettext("Besöket kan inte registreras i förväg."), field="visited_at")
    if purpose not in Purpose.values:
        raise ApplicationError("Okänt syfte. Välj " + ", ".join(Purpose.values) + ".", field="purpose")
    if outcome not in Outcome.values:
        raise ApplicationError(gettext("Ange met eller not_reached."), field="outcome")
    note = _text(note, "note", required_label="en kort anteckning" if outcome == Outcome.MET else "")
    if len(note) > 2000:
        raise ApplicationError(gettext("Anteckningen är för lång: högst 2000 tecken."), field="note")
    if visit is not None:
        if visit.assignment_id != assignment.pk or visit.member_id != actor.pk:
            raise AccessDeniedError(gettext("Besöket är någon annans."))
        if visit.is_done:
            raise ConflictError(gettext("Besöket är redan registrerat."), field="visit")
    else:
        visit = MobileVisit(assignment=assignment, member=actor, purpose=purpose)
    visit.visited_at, visit.purpose, visit.outcome, visit.note = visited_at, purpose, outcome, note
    visit.recorded_at = timezone.now()
    visit.save()
    case = assignment.case
    visit.journal_entry = JournalEntry.objects.create(
        case=case, event_date=timezone.localtime(visited_at).date(), text=_journal_text(visit), author=actor)
    visit.save(update_fields=["journal_entry"])
    audit_event_record(event_type=EventType.JOURNAL_DRAFT_SAVED, actor=actor, obj=visit.journal_entry,
                       person_id=case.person_id, case_id=case.pk, data={"created": True, "mobile_visit_id": visit.pk})
    audit_event_record(event_type=EventType.MOBILE_VISIT_RECORDED, actor=actor, obj=visit, person_id=case.person_id,
                       case_id=case.pk, data={"outcome": outcome, "purpose": purpose})
    if outcome == Outcome.NOT_REACHED:
        escalation = Escalation.objects.create(visit=visit, assignment=assignment)
        case_event_custom(case=case, event_type="mobile_not_reached", user=actor,
                          data={"visit_id": visit.pk, "escalation_id": escalation.pk})
        audit_event_record(event_type=EventType.MOBILE_ESCALATION_RAISED, actor=actor, obj=escalation,
                           person_id=case.person_id, case_id=case.pk)
    return visit


@transaction.atomic
def visit_note_sign(*, actor, visit: MobileVisit) -> JournalEntry:
    """The team member signs the journal draft of their visit (the team's write right, not the unit's)."""
    assignment_write_check(user=actor, assignment=visit.assignment,
                           on=timezone.localtime(visit.visited_at).date() if visit.visited_at else None)
    entry = visit.journal_entry
    if entry is None:
        raise ConflictError(gettext("Besöket har ingen anteckning att signera."), field="visit")
    if entry.author_id != actor.pk:
        raise AccessDeniedError(gettext("Bara den som skrev anteckningen kan signera den."))
    updated = JournalEntry.objects.filter(pk=entry.pk, signed_at__isnull=True).update(
        signed_at=timezone.now(), signed_by=actor, version=F("version") + 1)
    if updated != 1:
        raise ConflictError(gettext("Anteckningen är redan signerad."))
    entry.refresh_from_db()
    case_event_journal_signed(case=entry.case, user=actor, entry_id=entry.pk, corrects_id=None)
    audit_event_record(event_type=EventType.JOURNAL_SIGNED, actor=actor, obj=entry, person_id=entry.case.person_id,
                       case_id=entry.case_id, data={"mobile_visit_id": visit.pk})
    audit_event_record(event_type=EventType.MOBILE_NOTE_SIGNED, actor=actor, obj=visit,
                       person_id=entry.case.person_id, case_id=entry.case_id)
    return entry


@transaction.atomic
def escalation_acknowledge(*, actor, escalation: Escalation, response: str) -> Escalation:
    """The caseworker (the case's unit) acknowledges that the team could not reach the client, and says what
    they do."""
    case = escalation.assignment.case
    case_write_check(user=actor, case=case)
    if escalation.acknowledged_at:
        raise ConflictError(gettext("Eskaleringen är redan kvitterad."), field="escalation")
    response = _text(response, "response", required_label="vad du gör")
    Escalation.objects.filter(pk=escalation.pk).update(acknowledged_at=timezone.now(), acknowledged_by=actor,
                                                       response=response)
    escalation.refresh_from_db()
    audit_event_record(event_type=EventType.MOBILE_ESCALATION_ACKNOWLEDGED, actor=actor, obj=escalation,
                       person_id=case.person_id, case_id=case.pk)
    return escalation


def default_visits_per_member_per_day() -> int:
    return int(getattr(settings, "SKUTAN_MOBILE_VISITS_PER_MEMBER_PER_DAY", 6))
