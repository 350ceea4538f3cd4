"""Services of the management group: meetings, minutes, decisions followed up, assignments, routines."""

from datetime import date

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.governance import selectors, services
from skutan.governance.models import AgendaItem, Assignment, AssignmentStatus, Reminder
from skutan.governance.text import contains_personnummer

pytestmark = pytest.mark.django_db


def test_members_propose_items_and_the_secretary_writes_the_minutes(meeting, item, leadership, staff):
    assert item.proposed_by == leadership["controller"]
    with pytest.raises(AccessDeniedError):
        services.minutes_item_save(actor=leadership["controller"], item=item, discussion="x", version=item.version)
    item, warnings = services.minutes_item_save(actor=leadership["secretary"], item=item,
                                                discussion="Prognosen diskuterades.", version=item.version)
    assert item.discussion == "Prognosen diskuterades." and warnings == []
    with pytest.raises(AccessDeniedError):  # not a member of the group
        services.agenda_item_propose(actor=staff["eb_worker"], meeting=meeting, title="Något")


def test_a_stale_autosave_is_refused(item, leadership):
    v = item.version
    services.minutes_item_save(actor=leadership["secretary"], item=item, discussion="första", version=v)
    with pytest.raises(ConflictError):
        services.minutes_item_save(actor=leadership["secretary"], item=item, discussion="andra", version=v)


def test_approval_by_the_chair_freezes_the_minutes(meeting, item, leadership):
    with pytest.raises(AccessDeniedError):
        services.minutes_approve(actor=leadership["secretary"], meeting=meeting, version=meeting.version)
    meeting = services.minutes_approve(actor=leadership["director"], meeting=meeting, version=meeting.version)
    assert meeting.is_approved
    item.refresh_from_db()
    with pytest.raises(ConflictError):
        services.minutes_item_save(actor=leadership["secretary"], item=item, discussion="efteråt", version=item.version)
    with pytest.raises(ConflictError):
        services.agenda_item_propose(actor=leadership["controller"], meeting=meeting, title="Sent")
    addendum, _ = services.addendum_add(actor=leadership["secretary"], meeting=meeting, text="Rättelse av § 1.")
    assert addendum.added_at and meeting.addenda.count() == 1


@pytest.mark.parametrize("sql", [
    "UPDATE governance_agendaitem SET discussion = 'ändrat' WHERE id = %(item)s",
    "DELETE FROM governance_agendaitem WHERE id = %(item)s",
    "UPDATE governance_meeting SET held_on = '2026-01-01' WHERE id = %(meeting)s",
    "DELETE FROM governance_meeting WHERE id = %(meeting)s",
    "UPDATE governance_groupdecision SET text = 'annat' WHERE id = %(decision)s",
    "INSERT INTO governance_agendaitem (meeting_id, position, title, proposed_by_id, proposed_at, background, "
    "discussion, fact_kind, fact_ref, version) VALUES (%(meeting)s, 1, 'x', %(user)s, '2026-11-25 10:00:00+00', "
    "'', '', '', '', 1)",
])
def test_the_database_refuses_to_change_approved_minutes(meeting, item, leadership, sql):
    decision, _ = services.decision_record(actor=leadership["secretary"], item=item, text="Beslut")
    services.minutes_approve(actor=leadership["director"], meeting=meeting, version=meeting.version)
    params = {"item": item.pk, "meeting": meeting.pk, "decision": decision.pk, "user": leadership["secretary"].pk}
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql % params)
    item.refresh_from_db()
    assert item.title == "Ekonomiskt bistånd: prognos"


def test_an_open_meeting_can_still_be_changed_in_the_database(meeting, item):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE governance_agendaitem SET discussion = 'utkast' WHERE id = %s", [item.pk])
    item.refresh_from_db()
    assert item.discussion == "utkast"


def test_a_decision_comes_back_on_the_first_meeting_after_its_follow_up_date(group, meeting, item, leadership):
    decision, _ = services.decision_record(
        actor=leadership["secretary"], item=item, text="Ny rutin för mottagningen", follow_up_on=date(2026, 12, 8),
        follow_up_question="Kortade den nya rutinen tiden till förhandsbedömning?")
    before = services.meeting_create(actor=leadership["secretary"], group=group, held_on=date(2026, 12, 1))
    assert not before.items.filter(follows_up=decision).exists()
    after = services.meeting_create(actor=leadership["secretary"], group=group, held_on=date(2026, 12, 8))
    follow = after.items.get(follows_up=decision)
    assert "Kortade den nya rutinen" in follow.background
    later = services.meeting_create(actor=leadership["secretary"], group=group, held_on=date(2026, 12, 15))
    assert not later.items.filter(follows_up=decision).exists()  # only the first meeting after the date


def test_decision_follow_up_must_lie_after_the_meeting(item, leadership):
    with pytest.raises(ApplicationError) as exc:
        services.decision_record(actor=leadership["secretary"], item=item, text="x", follow_up_on=date(2026, 11, 1))
    assert exc.value.field == "follow_up_on"


def test_assignments_from_a_meeting_and_directly_from_the_director(item, group, leadership, staff):
    from_meeting, _ = services.assignment_create(actor=leadership["secretary"], item=item, title="Prognos",
                                                 owner=leadership["controller"], due_on=date(2026, 12, 15))
    assert from_meeting.meeting == item.meeting and from_meeting.group == group
    direct, _ = services.assignment_create(actor=leadership["director"], title="Se över hyresnivåerna",
                                           owner=staff["eb_manager"], due_on=date(2027, 1, 15))
    assert direct.meeting is None and direct.given_by == leadership["director"]
    with pytest.raises(AccessDeniedError):
        services.assignment_create(actor=staff["eb_worker"], title="x", owner=staff["eb_worker"],
                                   due_on=date(2027, 1, 1))


def test_a_past_due_date_is_allowed_with_a_warning(leadership, staff):
    assignment, warnings = services.assignment_create(actor=leadership["director"], title="Efterregistrerat",
                                                      owner=staff["eb_manager"], due_on=date(2026, 10, 1),
                                                      today=date(2026, 11, 20))
    assert assignment.pk and [w["field"] for w in warnings] == ["due_on"]


def test_status_updates_keep_their_history_and_cancel_needs_a_note(leadership, staff):
    a, _ = services.assignment_create(actor=leadership["director"], title="Uppdrag", owner=staff["eb_manager"],
                                      due_on=date(2027, 1, 15))
    a, _ = services.assignment_status_update(actor=staff["eb_manager"], assignment=a, status="in_progress",
                                             note="Påbörjat", version=a.version)
    with pytest.raises(ApplicationError) as exc:
        services.assignment_status_update(actor=staff["eb_manager"], assignment=a, status="cancelled", note="",
                                          version=a.version)
    assert exc.value.field == "note"
    with pytest.raises(ApplicationError):
        services.assignment_status_update(actor=staff["eb_manager"], assignment=a, status="finished", note="",
                                          version=a.version)
    with pytest.raises(AccessDeniedError):
        services.assignment_status_update(actor=staff["eb_worker"], assignment=a, status="done", note="",
                                          version=a.version)
    a, _ = services.assignment_status_update(actor=staff["eb_manager"], assignment=a, status="done", note="Klart",
                                             version=a.version)
    assert [u.status for u in a.updates.all()] == ["not_started", "in_progress", "done"]


def test_overdue_shows_for_the_owner_and_the_secretary(group, leadership, staff):
    a, _ = services.assignment_create(actor=leadership["secretary"], title="Sent uppdrag", owner=staff["eb_manager"],
                                      due_on=date(2026, 11, 27), group=group)  # a Friday
    assert not selectors.assignments_for_user(user=staff["eb_manager"], overdue=True, today=date(2026, 11, 27))
    assert [x.pk for x in selectors.assignments_for_user(user=staff["eb_manager"], overdue=True,
                                                         today=date(2026, 11, 30))] == [a.pk]
    assert [x.pk for x in selectors.assignments_for_secretary(user=leadership["secretary"],
                                                              today=date(2026, 11, 30))] == [a.pk]
    services.assignment_status_update(actor=staff["eb_manager"], assignment=a, status="done", note="",
                                      version=a.version)
    assert not selectors.assignments_for_secretary(user=leadership["secretary"], today=date(2026, 11, 30))


def test_the_reminder_goes_out_once_seven_days_before(leadership, staff):
    staff["eb_manager"].email = "eb.chef@example.invalid"
    staff["eb_manager"].save(update_fields=["email"])
    a, _ = services.assignment_create(actor=leadership["director"], title="Rapport om hyror",
                                      owner=staff["eb_manager"], due_on=date(2026, 12, 6))  # Sunday
    assert services.reminders_send(today=date(2026, 11, 26)) == 0
    assert services.reminders_send(today=date(2026, 11, 27)) == 1  # Friday: the 29th (7 days before) is a Sunday
    assert services.reminders_send(today=date(2026, 11, 28)) == 0
    assert Reminder.objects.get(assignment=a).emailed
    assert len(mail.outbox) == 1 and "Rapport om hyror" in mail.outbox[0].subject


def test_reminders_skip_finished_assignments(leadership, staff):
    a, _ = services.assignment_create(actor=leadership["director"], title="Klart tidigt",
                                      owner=staff["eb_manager"], due_on=date(2026, 12, 9))
    services.assignment_status_update(actor=staff["eb_manager"], assignment=a, status="done", note="",
                                      version=a.version)
    assert services.reminders_send(today=date(2026, 12, 2)) == 0


@pytest.mark.parametrize(("text", "found"), [
    ("Gäller 19860211-1233 som söker bistånd", False),  # wrong check digit
    ("Gäller 860211-1234 och familjen", None),
    ("Mötet 2026-11-24 kl 10", False),
    ("Ring 070-174 06 05", False),
    ("Budget 12 000 000 kr", False),
])
def test_personnummer_warning(text, found):
    from skutan.people.identity import luhn_check_digit

    if found is None:  # build a valid one: 860211-123C
        text = text.replace("1234", f"123{luhn_check_digit('860211123')}")
        found = True
    assert contains_personnummer(text) is found


def test_services_warn_about_a_personnummer_but_save(item, leadership):
    from skutan.people.identity import luhn_check_digit

    pnr = f"19860211-123{luhn_check_digit('860211123')}"
    item, warnings = services.minutes_item_save(actor=leadership["secretary"], item=item,
                                                discussion=f"Ärendet {pnr} togs upp", version=item.version)
    assert [w["field"] for w in warnings] == ["discussion"]
    assert AgendaItem.objects.get(pk=item.pk).discussion.startswith("Ärendet")


def test_routines_keep_their_versions(leadership):
    routine = services.routine_create(
        actor=leadership["secretary"], title="Riktlinjer för ekonomiskt bistånd", kind="guideline",
        owner=leadership["controller"], decided_on=date(2025, 1, 15), revise_by=date(2026, 1, 15),
        summary="Skäliga hyror", decided_by="SN 2025-01-15 § 3", used_for="eb_guidelines")
    routine = services.routine_revise(actor=leadership["secretary"], routine=routine, summary="Nya hyresnivåer",
                                      decided_on=date(2026, 2, 1), decided_by="SN 2026-02-01 § 7",
                                      revise_by=date(2027, 2, 1), version=routine.version)
    assert [v.number for v in routine.versions.all()] == [2, 1]
    assert selectors.routine_for_use(used_for="eb_guidelines") == routine
    past = [r for r in selectors.routines(today=date(2027, 3, 1)) if r.past_revision]
    assert past == [routine]


def test_access_members_secretary_and_owner(group, meeting, leadership, staff):
    from skutan.core.errors import NotFoundError

    assert selectors.meeting_get_for_user(user=leadership["controller"], meeting_id=meeting.pk) == meeting
    with pytest.raises(NotFoundError):
        selectors.meeting_get_for_user(user=staff["eb_worker"], meeting_id=meeting.pk)
    a, _ = services.assignment_create(actor=leadership["secretary"], title="Utanför gruppen",
                                      owner=staff["bou_worker"], due_on=date(2027, 1, 1), group=group)
    assert selectors.assignment_get_for_user(user=staff["bou_worker"], assignment_id=a.pk) == a
    with pytest.raises(NotFoundError):
        selectors.assignment_get_for_user(user=staff["eb_worker"], assignment_id=a.pk)
    assert Assignment.objects.filter(status=AssignmentStatus.NOT_STARTED).count() == 1
