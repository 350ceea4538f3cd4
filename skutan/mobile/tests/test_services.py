"""The mobile team: assignments with the capacity check and warnings, visits whose note becomes a journal draft
the member signs, not reached → escalation to the caseworker, and the lone-worker check-in."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone

from skutan.accounts.models import Role
from skutan.accounts.services import membership_add
from skutan.cases.models import JournalEntry
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.mobile import selectors, services
from skutan.mobile.hours import OpeningHours, weekly_capacity
from skutan.mobile.models import Escalation

pytestmark = pytest.mark.django_db
STHLM = ZoneInfo("Europe/Stockholm")


def _assign(case, actor, team, n=3, **kw):
    today = timezone.localdate()
    return services.assignment_create(actor=actor, case=case, team=team, purpose=kw.pop("purpose", "supervision"),
                                      visits_per_week=n, starts_on=kw.pop("starts_on", today - timedelta(days=7)),
                                      ends_on=kw.pop("ends_on", today + timedelta(days=60)), **kw)


def test_opening_hours_daytime_and_every_other_saturday_until_21():
    hours = OpeningHours.from_setting(None)
    assert hours.is_open(datetime(2026, 12, 2, 10, 0))  # a Wednesday
    assert not hours.is_open(datetime(2026, 12, 2, 22, 0))  # night
    assert hours.hours_on(date(2026, 1, 3)) is not None  # the reference Saturday
    assert hours.hours_on(date(2026, 1, 10)) is None  # the Saturday off
    assert hours.is_open(datetime(2026, 1, 17, 20, 30)) and not hours.is_open(datetime(2026, 1, 17, 21, 0))
    assert hours.hours_on(date(2026, 1, 4)) is None  # Sunday
    assert hours.average_open_days_per_week() == 5.5
    assert weekly_capacity(per_member_per_day=6, members=2, hours=hours) == 66


def test_capacity_default_is_six_per_member_and_a_setting_of_the_unit(adult_units, adult_staff):
    team = adult_units["mobil"]
    cap = selectors.team_capacity(team=team)
    assert (cap.per_member_per_day, cap.members, cap.weekly) == (6, 2, 66)
    services.team_settings_set(actor=adult_staff["team_manager"], unit=team, visits_per_member_per_day=4)
    assert selectors.team_capacity(team=team).weekly == 44
    with pytest.raises(AccessDeniedError):
        services.team_settings_set(actor=adult_staff["member"], unit=team, visits_per_member_per_day=8)


def test_assignment_beyond_weekly_capacity_is_refused_naming_visits_per_week(adult_case, adult_staff, adult_units):
    with pytest.raises(ApplicationError) as exc:
        _assign(adult_case, adult_staff["worker"], adult_units["mobil"], n=67)
    assert exc.value.field == "visits_per_week" and "66" in exc.value.message


def test_capacity_warning_when_the_team_is_full(adult_case, adult_staff, adult_units):
    _, warnings = _assign(adult_case, adult_staff["worker"], adult_units["mobil"], n=5)
    assert warnings == []
    _, warnings = _assign(adult_case, adult_staff["worker"], adult_units["mobil"], n=62)
    assert any("över kapaciteten 66" in w for w in warnings)


def test_warning_when_the_frequency_falls_outside_opening_hours(adult_case, adult_staff, adult_units):
    _, warnings = _assign(adult_case, adult_staff["worker"], adult_units["mobil"], n=7,
                          start_meeting_on=date(2026, 1, 4))  # daily visits, and a meeting on a Sunday
    assert any("utanför öppettiderna" in w for w in warnings)
    assert any("Startmötet 2026-01-04" in w for w in warnings)


def test_only_a_writer_of_the_case_gives_assignments(adult_case, adult_staff, adult_units):
    for outsider in (adult_staff["eb_worker"], adult_staff["member"]):
        with pytest.raises(AccessDeniedError):
            _assign(adult_case, outsider, adult_units["mobil"])
    with pytest.raises(ApplicationError) as exc:
        _assign(adult_case, adult_staff["worker"], adult_units["vuxen"])
    assert exc.value.field == "team"


def test_visit_note_becomes_a_draft_the_member_signs(adult_case, adult_staff, adult_units):
    assignment, _ = _assign(adult_case, adult_staff["worker"], adult_units["mobil"])
    member = adult_staff["member"]
    visit = services.visit_record(actor=member, assignment=assignment, visited_at=timezone.now() - timedelta(hours=1),
                                  purpose="motivation", outcome="met", note="Pratade om avgiftning, vill ringa.")
    entry = visit.journal_entry
    assert entry.case == adult_case and entry.author == member and not entry.is_signed
    assert "Mobila teamet, motivation" in entry.text and "avgiftning" in entry.text
    with pytest.raises(AccessDeniedError):
        services.visit_note_sign(actor=adult_staff["member2"], visit=visit)
    services.visit_note_sign(actor=member, visit=visit)
    entry.refresh_from_db()
    assert entry.is_signed and entry.signed_by == member
    with pytest.raises(ConflictError):
        services.visit_note_sign(actor=member, visit=visit)


def test_not_reached_raises_an_escalation_the_caseworker_sees(adult_case, adult_staff, adult_units):
    assignment, _ = _assign(adult_case, adult_staff["worker"], adult_units["mobil"])
    visit = services.visit_record(actor=adult_staff["member"], assignment=assignment,
                                  visited_at=timezone.now() - timedelta(minutes=30), purpose="supervision",
                                  outcome="not_reached", note="Ingen öppnade, post i hallen.")
    escalation = Escalation.objects.get(visit=visit)
    assert selectors.escalations_open_for(user=adult_staff["worker"]) == [escalation]
    assert selectors.escalations_open_for(user=adult_staff["eb_worker"]) == []
    with pytest.raises(AccessDeniedError):
        services.escalation_acknowledge(actor=adult_staff["member"], escalation=escalation, response="x")
    services.escalation_acknowledge(actor=adult_staff["worker"], escalation=escalation,
                                    response="Ringer hyresvärden och åker dit i eftermiddag.")
    assert selectors.escalations_open_for(user=adult_staff["worker"]) == []


def test_only_the_team_records_visits_and_only_while_the_assignment_runs(adult_case, adult_staff, adult_units):
    today = timezone.localdate()
    assignment, _ = _assign(adult_case, adult_staff["worker"], adult_units["mobil"], starts_on=today,
                            ends_on=today + timedelta(days=10))
    with pytest.raises(AccessDeniedError):
        services.visit_record(actor=adult_staff["worker"], assignment=assignment, visited_at=timezone.now(),
                              purpose="supervision", outcome="met", note="x")
    with pytest.raises(ConflictError):
        services.visit_record(actor=adult_staff["member"], assignment=assignment,
                              visited_at=timezone.now() - timedelta(days=3), purpose="supervision", outcome="met",
                              note="Före uppdraget")
    assert JournalEntry.objects.filter(case=adult_case).count() == 0


def test_planned_visit_uses_the_lone_worker_check_in(adult_case, adult_staff, adult_units):
    from skutan.staff.services import visit_check_in

    assignment, _ = _assign(adult_case, adult_staff["worker"], adult_units["mobil"])
    at = timezone.now() + timedelta(hours=1)
    visit, _ = services.visit_plan(actor=adult_staff["member"], assignment=assignment, planned_at=at, minutes=45)
    assert visit.staff_visit.visitor == adult_staff["member"] and visit.staff_visit.unit == adult_units["mobil"]
    assert visit.staff_visit.expected_end == at + timedelta(minutes=45)
    visit_check_in(actor=adult_staff["member"], visit=visit.staff_visit)
    visit.staff_visit.refresh_from_db()
    assert visit.staff_visit.checked_in_at is not None


@override_settings(SKUTAN_MOBILE_OPENING_HOURS={"weekdays": ["08:00", "17:00"], "saturday": None})
def test_visit_planned_at_night_gets_a_warning(adult_case, adult_staff, adult_units):
    assignment, _ = _assign(adult_case, adult_staff["worker"], adult_units["mobil"])
    night = timezone.localtime().replace(hour=23, minute=0) + timedelta(days=1)
    _, warnings = services.visit_plan(actor=adult_staff["member"], assignment=assignment, planned_at=night)
    assert warnings and "utanför teamets öppettider" in warnings[0]


def test_team_sees_its_assignments_clients_only(adult_case, eb_case, adult_staff, adult_units, person):
    from skutan.audit.context import AccessContext
    from skutan.cases.selectors import case_get_for_user
    from skutan.core.errors import NotFoundError

    assignment, _ = _assign(adult_case, adult_staff["worker"], adult_units["mobil"])
    member = adult_staff["member"]
    assert selectors.assignments_for_user(ctx=AccessContext(user=member)) == [assignment]
    assert selectors.assignment_get_for_user(ctx=AccessContext(user=member), assignment_id=assignment.pk) == assignment
    with pytest.raises(NotFoundError):  # the team never reads the case (journal, decisions)
        case_get_for_user(ctx=AccessContext(user=member), case_id=adult_case.pk)
    with pytest.raises(NotFoundError):  # another unit sees no assignment
        selectors.assignment_get_for_user(ctx=AccessContext(user=adult_staff["eb_worker"]),
                                          assignment_id=assignment.pk)


def test_not_reached_visits_hold_back_the_boplan_step(adult_case, adult_staff, adult_units):
    from skutan.adults import services as adults
    from skutan.adults.selectors import boplan_proposal

    today = timezone.localdate()
    plan = adults.boplan_create(
        actor=adult_staff["worker"], case=adult_case, test_place="home", tests_per_month=4, visits_per_week=2,
        landlord="KBAB", landlord_contact="Mejl", signed_on=today - timedelta(days=30),
        steps=[{"planned_on": today + timedelta(days=3), "tests_per_month": 2, "visits_per_week": 1}])
    adults.drug_test_record(actor=adult_staff["worker"], boplan=plan, taken_on=today - timedelta(days=5),
                            place="home", result="negative")
    assert boplan_proposal(boplan=plan).recommend_easing
    assignment, _ = _assign(adult_case, adult_staff["worker"], adult_units["mobil"])
    services.visit_record(actor=adult_staff["member"], assignment=assignment, visited_at=timezone.now(),
                          purpose="supervision", outcome="not_reached", note="")
    assert not boplan_proposal(boplan=plan).recommend_easing


def test_a_member_in_two_teams_needs_the_team_field(adult_case, adult_staff, adult_units):
    from skutan.accounts.models import UnitKind
    from skutan.accounts.services import unit_create

    assert selectors.the_only_team() == adult_units["mobil"]
    second = unit_create(name="Mobila teamet norr", kind=UnitKind.MOBILE_TEAM)
    membership_add(actor=None, user=adult_staff["member2"], unit=second, role=Role.MOBILE_TEAM)
    assert selectors.the_only_team() is None
