"""Writes for the management group, each in one transaction with its audit row. Texts are checked for
personnummer: a match is a warning returned to the caller (never saved silently, never blocking)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.concurrency import versioned_update
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.governance.models import (
    Addendum,
    AgendaItem,
    Assignment,
    AssignmentStatus,
    AssignmentUpdate,
    FactKind,
    GroupDecision,
    ManagementGroup,
    Meeting,
    Reminder,
    ReportBack,
    Routine,
    RoutineKind,
    RoutineVersion,
)
from skutan.governance.selectors import decisions_due_for_follow_up, group_ids_for_user, is_director
from skutan.governance.text import clean, warnings_for

APPROVED = "Protokollet är justerat och kan inte ändras. Skriv ett tillägg i stället."


def _require_secretary(actor, group: ManagementGroup) -> None:
    if not (actor.is_superuser or actor.pk in (group.secretary_id, group.chair_id)):
        raise AccessDeniedError(gettext("Det här gör gruppens sekreterare eller ordförande."))


def _require_member(actor, group: ManagementGroup) -> None:
    if not (actor.is_superuser or group.pk in group_ids_for_user(user=actor)):
        raise AccessDeniedError(gettext("Du är inte med i gruppen."))


def _require_open(meeting: Meeting) -> None:
    if meeting.approved_at is not None:
        raise ConflictError(APPROVED, field="meeting")


def _fact(kind: str, ref: str) -> tuple[str, str]:
    kind = kind or ""
    if kind not in FactKind.values:
        raise ApplicationError(gettext("Okänd typ av koppling."), field="fact_kind")
    return kind, (ref or "")[:64] if kind else ""


@transaction.atomic
def group_create(*, actor, name: str, chair, secretary, members=(), unit=None) -> ManagementGroup:
    if not (actor.is_superuser or is_director(user=actor)):
        raise AccessDeniedError(gettext("Ledningsgrupper skapas av ledningen eller systemförvaltaren."))
    name = clean(name, "name", label=gettext("Namnet"), required=True, max_length=160)
    if ManagementGroup.objects.filter(name=name).exists():
        raise ConflictError(gettext("Det finns redan en grupp med det namnet."), field="name")
    group = ManagementGroup.objects.create(name=name, chair=chair, secretary=secretary, unit=unit)
    group.members.set({*members, chair, secretary})
    audit_event_record(event_type=EventType.MANAGEMENT_GROUP_CREATED, actor=actor, obj=group)
    return group


@transaction.atomic
def meeting_create(*, actor, group: ManagementGroup, held_on: date | None, location: str = "") -> Meeting:
    """A new meeting. Decisions whose follow-up date has passed come back on its agenda, each as an item."""
    _require_secretary(actor, group)
    if held_on is None:
        raise ApplicationError(gettext("Ange mötets datum."), field="held_on")
    meeting = Meeting.objects.create(group=group, held_on=held_on, location=clean(location, "location",
                                     label=gettext("Platsen"), max_length=160))
    meeting.participants.set(group.members.all())
    for i, decision in enumerate(decisions_due_for_follow_up(group=group, on=held_on)):
        AgendaItem.objects.create(
            meeting=meeting, position=i, proposed_by=actor, follows_up=decision,
            title=f"Uppföljning av beslut {decision.meeting.held_on:%Y-%m-%d}",
            background=(decision.follow_up_question or decision.text)[:2000],
        )
    audit_event_record(event_type=EventType.MEETING_CREATED, actor=actor, obj=meeting,
                       data={"group": group.pk, "held_on": held_on.isoformat()})
    return meeting


@transaction.atomic
def agenda_item_propose(*, actor, meeting: Meeting, title: str, background: str = "", fact_kind: str = "",
                        fact_ref: str = "") -> tuple[AgendaItem, list[dict]]:
    """Any member proposes an item beforehand (or the secretary adds one during the meeting)."""
    _require_member(actor, meeting.group)
    _require_open(meeting)
    title = clean(title, "title", label=gettext("Rubriken"), required=True, max_length=200)
    background = clean(background, "background", label=gettext("Underlaget"))
    kind, ref = _fact(fact_kind, fact_ref)
    position = meeting.items.count() + 10
    item = AgendaItem.objects.create(meeting=meeting, title=title, background=background, proposed_by=actor,
                                     position=position, fact_kind=kind, fact_ref=ref)
    audit_event_record(event_type=EventType.AGENDA_ITEM_PROPOSED, actor=actor, obj=item)
    return item, warnings_for(title=title, background=background)


@transaction.atomic
def minutes_item_save(*, actor, item: AgendaItem, discussion: str, version: int) -> tuple[AgendaItem, list[dict]]:
    """The secretary writes what was discussed (autosaved as she types)."""
    meeting = item.meeting
    _require_secretary(actor, meeting.group)
    _require_open(meeting)
    discussion = clean(discussion, "discussion", label=gettext("Anteckningen"))
    item = versioned_update(instance=item, expected_version=version, fields={"discussion": discussion})
    return item, warnings_for(discussion=discussion)


@transaction.atomic
def decision_record(*, actor, item: AgendaItem, text: str, follow_up_on: date | None = None,
                    follow_up_question: str = "") -> tuple[GroupDecision, list[dict]]:
    meeting = item.meeting
    _require_secretary(actor, meeting.group)
    _require_open(meeting)
    text = clean(text, "text", label=gettext("Beslutet"), required=True)
    question = clean(follow_up_question, "follow_up_question", label=gettext("Frågan"), max_length=300)
    if follow_up_on is not None and follow_up_on <= meeting.held_on:
        raise ApplicationError(gettext("Uppföljningen ska ligga efter mötet."), field="follow_up_on")
    if question and follow_up_on is None:
        raise ApplicationError(gettext("Ange när beslutet ska följas upp."), field="follow_up_on")
    decision = GroupDecision.objects.create(meeting=meeting, item=item, text=text, follow_up_on=follow_up_on,
                                            follow_up_question=question, created_by=actor)
    audit_event_record(event_type=EventType.GROUP_DECISION_RECORDED, actor=actor, obj=decision)
    return decision, warnings_for(text=text, follow_up_question=question)


@transaction.atomic
def assignment_create(*, actor, title: str, owner, due_on: date | None, description: str = "",
                      expected_report: str = ReportBack.WRITTEN, group: ManagementGroup | None = None,
                      item: AgendaItem | None = None, fact_kind: str = "", fact_ref: str = "",
                      today: date | None = None) -> tuple[Assignment, list[dict]]:
    """An uppdrag from a meeting (its item) or directly from the director. A due date in the past is allowed
    (an assignment recorded afterwards) but warned about."""
    today = today or timezone.localdate()
    meeting = item.meeting if item is not None else None
    if meeting is not None:
        group = meeting.group
        _require_secretary(actor, group)
        _require_open(meeting)
    elif group is not None:
        if not (is_director(user=actor) or actor.pk in (group.chair_id, group.secretary_id) or actor.is_superuser):
            raise AccessDeniedError(gettext("Uppdrag ges av ledningen, eller av gruppens ordförande eller sekreterare."))
    elif not is_director(user=actor):
        raise AccessDeniedError(gettext("Uppdrag utan möte ges av ledningen (förvaltningschefen)."))
    if owner is None:
        raise ApplicationError(gettext("Ange vem som ansvarar för uppdraget."), field="owner")
    if due_on is None:
        raise ApplicationError(gettext("Ange när uppdraget ska vara klart."), field="due_on")
    if expected_report not in ReportBack.values:
        raise ApplicationError(gettext("Okänd form av återrapportering."), field="expected_report")
    title = clean(title, "title", label=gettext("Rubriken"), required=True, max_length=200)
    description = clean(description, "description", label=gettext("Beskrivningen"))
    kind, ref = _fact(fact_kind, fact_ref)
    assignment = Assignment.objects.create(
        title=title, description=description, owner=owner, due_on=due_on, expected_report=expected_report,
        group=group, meeting=meeting, item=item, given_by=actor, fact_kind=kind, fact_ref=ref,
    )
    AssignmentUpdate.objects.create(assignment=assignment, status=assignment.status, note="Uppdraget gavs.",
                                    by=actor)
    audit_event_record(event_type=EventType.ASSIGNMENT_GIVEN, actor=actor, obj=assignment,
                       data={"owner": owner.pk, "due_on": due_on.isoformat()})
    warnings = warnings_for(title=title, description=description)
    if due_on < today:
        warnings.append({"field": "due_on", "message": "Datumet har redan passerat: uppdraget är försenat från start."})
    return assignment, warnings


@transaction.atomic
def assignment_status_update(*, actor, assignment: Assignment, status: str, note: str,
                             version: int) -> tuple[Assignment, list[dict]]:
    """The owner (or the one who gave it, or the group's secretary or chair) updates the status with a note."""
    group = assignment.group
    allowed = actor.is_superuser or actor.pk in (assignment.owner_id, assignment.given_by_id) or (
        group is not None and actor.pk in (group.secretary_id, group.chair_id))
    if not allowed:
        raise AccessDeniedError(gettext("Bara den ansvarige, uppdragsgivaren eller gruppens sekreterare ändrar status."))
    if status not in AssignmentStatus.values:
        raise ApplicationError(gettext("Okänd status."), field="status")
    note = clean(note, "note", label=gettext("Kommentaren"))
    if status == AssignmentStatus.CANCELLED and not note:
        raise ApplicationError(gettext("Skriv varför uppdraget skrivs av."), field="note")
    assignment = versioned_update(instance=assignment, expected_version=version, fields={
        "status": status, "status_note": note, "status_changed_at": timezone.now()})
    AssignmentUpdate.objects.create(assignment=assignment, status=status, note=note, by=actor)
    audit_event_record(event_type=EventType.ASSIGNMENT_STATUS_CHANGED, actor=actor, obj=assignment,
                       data={"status": status})
    return assignment, warnings_for(note=note)


@transaction.atomic
def meeting_participants_set(*, actor, meeting: Meeting, participants) -> Meeting:
    _require_secretary(actor, meeting.group)
    _require_open(meeting)
    meeting.participants.set(participants)
    return meeting


@transaction.atomic
def minutes_approve(*, actor, meeting: Meeting, version: int) -> Meeting:
    """Justering by the chair: the minutes are frozen from now on (the database refuses changes)."""
    if not (actor.is_superuser or actor.pk == meeting.group.chair_id):
        raise AccessDeniedError(gettext("Protokollet justeras av ordföranden."))
    _require_open(meeting)
    meeting = versioned_update(instance=meeting, expected_version=version,
                               fields={"approved_at": timezone.now(), "approved_by": actor})
    audit_event_record(event_type=EventType.MINUTES_APPROVED, actor=actor, obj=meeting)
    return meeting


@transaction.atomic
def addendum_add(*, actor, meeting: Meeting, text: str) -> tuple[Addendum, list[dict]]:
    _require_secretary(actor, meeting.group)
    if meeting.approved_at is None:
        raise ApplicationError(gettext("Protokollet är inte justerat ännu: ändra direkt i anteckningarna."), field="text")
    text = clean(text, "text", label=gettext("Tillägget"), required=True)
    addendum = Addendum.objects.create(meeting=meeting, text=text, added_by=actor)
    audit_event_record(event_type=EventType.MINUTES_ADDENDUM, actor=actor, obj=addendum,
                       data={"meeting": meeting.pk})
    return addendum, warnings_for(text=text)


def _require_routine_writer(actor) -> None:
    if not (actor.is_superuser or is_director(user=actor) or group_ids_for_user(user=actor)):
        raise AccessDeniedError(gettext("Rutiner och riktlinjer förvaltas av ledningsgruppen."))


@transaction.atomic
def routine_create(*, actor, title: str, kind: str, owner, decided_on: date | None, revise_by: date | None,
                   summary: str, decided_by: str, used_for: str = "") -> Routine:
    _require_routine_writer(actor)
    if kind not in RoutineKind.values:
        raise ApplicationError(gettext("Okänd typ."), field="kind")
    if decided_on is None or revise_by is None:
        raise ApplicationError(gettext("Ange beslutsdatum och revideringsdatum."), field="decided_on" if decided_on is None
                               else "revise_by")
    if revise_by <= decided_on:
        raise ApplicationError(gettext("Revideringen ska ligga efter beslutet."), field="revise_by")
    title = clean(title, "title", label=gettext("Titeln"), required=True, max_length=200)
    if Routine.objects.filter(title=title).exists():
        raise ConflictError(gettext("Det finns redan en rutin med den titeln."), field="title")
    routine = Routine.objects.create(title=title, kind=kind, owner=owner, decided_on=decided_on,
                                     revise_by=revise_by, used_for=(used_for or "")[:40])
    RoutineVersion.objects.create(routine=routine, number=1, decided_on=decided_on, created_by=actor,
                                  summary=clean(summary, "summary", label=gettext("Innehållet"), required=True),
                                  decided_by=clean(decided_by, "decided_by", label=gettext("Beslutande"), required=True,
                                                   max_length=200))
    audit_event_record(event_type=EventType.ROUTINE_SAVED, actor=actor, obj=routine, data={"version": 1})
    return routine


@transaction.atomic
def routine_revise(*, actor, routine: Routine, summary: str, decided_on: date | None, decided_by: str,
                   revise_by: date | None, version: int) -> Routine:
    """A new version: the old ones stay as they were (the version history)."""
    _require_routine_writer(actor)
    if decided_on is None or revise_by is None or revise_by <= decided_on:
        raise ApplicationError(gettext("Ange beslutsdatum och ett senare revideringsdatum."), field="revise_by")
    number = routine.versions.count() + 1
    routine = versioned_update(instance=routine, expected_version=version,
                               fields={"decided_on": decided_on, "revise_by": revise_by})
    RoutineVersion.objects.create(routine=routine, number=number, decided_on=decided_on, created_by=actor,
                                  summary=clean(summary, "summary", label=gettext("Ändringen"), required=True),
                                  decided_by=clean(decided_by, "decided_by", label=gettext("Beslutande"), required=True,
                                                   max_length=200))
    audit_event_record(event_type=EventType.ROUTINE_SAVED, actor=actor, obj=routine, data={"version": number})
    return routine


def _send_reminder(send_mail, assignment, owner) -> None:
    send_mail(
        subject=gettext(
            "Påminnelse: uppdraget ”%(assignment)s” ska vara klart %(due_on)s"
        ) % {"assignment": assignment.title, "due_on": format(assignment.due_on, "%Y-%m-%d")},
        # One msgid per paragraph: a catalogue line never holds a newline.
        message=gettext("Hej %(first_name)s,") % {"first_name": owner.first_name} + "\n\n" + gettext(
            "Uppdraget ”%(assignment)s” ska vara klart %(due_on)s. Uppdatera status i Skutan under Ledningsgruppen."
        ) % {"assignment": assignment.title, "due_on": format(assignment.due_on, "%Y-%m-%d")} + "\n",
        from_email=None, recipient_list=[owner.email],
    )


@transaction.atomic
def reminders_send(*, today: date | None = None) -> int:
    """Send the seven-day reminders that are due (run daily: ``skutan governance remind``). Each goes once."""
    from django.core.mail import send_mail

    from skutan.governance.selectors import assignments_to_remind

    today = today or timezone.localdate()
    sent = 0
    for assignment in assignments_to_remind(today=today):
        owner = assignment.owner
        emailed = False
        if owner.email:
            try:
                _send_reminder(send_mail, assignment, owner)
            except OSError:  # the mail relay is down: the reminder still shows on the board
                emailed = False
            else:
                emailed = True
        Reminder.objects.create(assignment=assignment, sent_on=today, to_user=owner, emailed=emailed)
        Assignment.objects.filter(pk=assignment.pk).update(reminded_on=today)
        sent += 1
    if sent:
        audit_event_record(event_type=EventType.ASSIGNMENT_REMINDERS_SENT, actor=None,
                           object_type="governance.reminder", object_id=today.isoformat(), data={"count": sent})
    return sent
