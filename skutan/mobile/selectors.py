"""Reads of the mobile team. The team sees its assignments' clients and what the visits need (name, address as
the reader may see it, safety markers, purpose, frequency, the caseworker's instructions), never the case's
journal. Every read of a client is access-logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Membership, Role, Unit, UnitKind
from skutan.accounts.selectors import user_unit_ids
from skutan.audit.context import AccessContext
from skutan.audit.services import access_log_record
from skutan.cases.models import Case
from skutan.cases.selectors import case_visible_q
from skutan.core.errors import NotFoundError
from skutan.mobile.hours import OpeningHours, weekly_capacity
from skutan.mobile.models import Escalation, MobileAssignment, MobileVisit, Outcome, TeamSettings

NOT_FOUND = "Uppdraget finns inte, eller så har du inte behörighet till det."


def opening_hours() -> OpeningHours:
    return OpeningHours.from_setting(getattr(settings, "SKUTAN_MOBILE_OPENING_HOURS", None))


def out_of_hours_contact() -> str:
    return getattr(settings, "SKUTAN_SOCIALJOUREN", "Socialjouren (telefonnummer anges i inställningen "
                                                    "SKUTAN_SOCIALJOUREN)")


def mobile_teams() -> list[Unit]:
    today = timezone.localdate()
    return [u for u in Unit.objects.filter(kind=UnitKind.MOBILE_TEAM) if not u.closed_on or u.closed_on > today]


def the_only_team() -> Unit | None:
    teams = mobile_teams()
    return teams[0] if len(teams) == 1 else None


def team_get(*, unit_id) -> Unit | None:
    try:
        return Unit.objects.filter(pk=int(unit_id)).first()
    except (TypeError, ValueError):
        return None


def user_in_team(*, user) -> bool:
    """Whether the user is a member or manager of a mobile team: team_units_of's answer as a yes/no, from the
    memberships the request has already read."""
    from skutan.accounts.selectors import user_memberships

    roles = (Role.MOBILE_TEAM, Role.UNIT_MANAGER)
    return any(kind == UnitKind.MOBILE_TEAM and role in roles for _, role, kind in user_memberships(user=user))


def team_units_of(*, user) -> list[Unit]:
    return list(Unit.objects.filter(kind=UnitKind.MOBILE_TEAM, memberships__user=user,
                                    memberships__role__in=(Role.MOBILE_TEAM, Role.UNIT_MANAGER)).distinct())


@dataclass(frozen=True)
class Capacity:
    per_member_per_day: int
    members: int
    weekly: int
    hours: OpeningHours


def team_capacity(*, team: Unit) -> Capacity:
    from skutan.mobile.services import default_visits_per_member_per_day

    row = TeamSettings.objects.filter(unit=team).first()
    per_day = row.visits_per_member_per_day if row else default_visits_per_member_per_day()
    members = Membership.objects.filter(unit=team, role=Role.MOBILE_TEAM, user__is_active=True) \
        .values("user_id").distinct().count()
    hours = opening_hours()
    return Capacity(per_member_per_day=per_day, members=members,
                    weekly=weekly_capacity(per_member_per_day=per_day, members=members, hours=hours), hours=hours)


def team_load(*, team: Unit, starts_on: date, ends_on: date) -> int:
    """Visits per week already given to the team by assignments overlapping the period (the busiest measure:
    every overlapping assignment counts in full)."""
    rows = MobileAssignment.objects.filter(team=team, starts_on__lte=ends_on, ends_on__gte=starts_on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=starts_on))
    return sum(rows.values_list("visits_per_week", flat=True))


def assignment_warnings(*, team: Unit, visits_per_week: int, starts_on: date, ends_on: date,
                        start_meeting_on: date | None, capacity: Capacity) -> list[str]:
    warnings = []
    load = team_load(team=team, starts_on=starts_on, ends_on=ends_on)
    if load + visits_per_week > capacity.weekly:
        warnings.append(
            gettext(
                "Teamet har redan %(load)s besök per vecka under perioden; med %(visits_per_week)s till blir "
                "det %(total)s, över kapaciteten %(weekly)s besök per vecka."
            ) % {
                "load": load,
                "visits_per_week": visits_per_week,
                "total": load + visits_per_week,
                "weekly": capacity.weekly,
            })
    open_days = capacity.hours.average_open_days_per_week()
    if visits_per_week > open_days:
        warnings.append(
            gettext(
                "%(visits_per_week)s besök per vecka är fler än teamets öppetdagar (%(describe)s): besök på "
                "kvällar, nätter och söndagar ligger utanför öppettiderna."
            ) % {"visits_per_week": visits_per_week, "describe": capacity.hours.describe()})
    if start_meeting_on and capacity.hours.hours_on(start_meeting_on) is None:
        warnings.append(gettext(
            "Startmötet %(start_meeting_on)s ligger på en dag då teamet inte arbetar."
        ) % {"start_meeting_on": format(start_meeting_on, "%Y-%m-%d")})
    return warnings


def visit_time_warnings(*, team: Unit, at: datetime) -> list[str]:
    hours = opening_hours()
    local = timezone.localtime(at)
    if hours.is_open(local):
        return []
    return [gettext(
        "%(local)s ligger utanför teamets öppettider (%(describe)s)."
    ) % {"local": format(local, "%Y-%m-%d %H.%M"), "describe": hours.describe()}]


# -- authorizing reads ------------------------------------------------------------------------------------


def _team_q(user) -> Q:
    return Q(team_id__in=[u.pk for u in team_units_of(user=user)])


def _log(ctx: AccessContext, assignment: MobileAssignment) -> None:
    access_log_record(user=ctx.user, action="view", purpose=ctx.purpose, object_type="mobile_assignment",
                      object_id=assignment.pk, person=assignment.case.person, case_id=assignment.case_id,
                      channel=ctx.channel, path=ctx.path,
                      outside_units=assignment.case.unit_id not in user_unit_ids(user=ctx.user))


def assignment_get_for_user(*, ctx: AccessContext, assignment_id) -> MobileAssignment:
    """An assignment of the user's team, or on a case the user may read (the caseworker); logged."""
    user = ctx.user
    try:
        assignment_id = int(assignment_id)
    except (TypeError, ValueError):
        raise NotFoundError(NOT_FOUND) from None
    qs = MobileAssignment.objects.select_related("case__person", "case__unit", "team", "given_by")
    if not user.is_superuser:
        visible_cases = Case.objects.filter(case_visible_q(user=user))
        qs = qs.filter(_team_q(user) | Q(case__in=visible_cases))
    assignment = qs.filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFoundError(NOT_FOUND)
    _log(ctx, assignment)
    return assignment


def assignments_for_user(*, ctx: AccessContext, include_ended: bool = False) -> list[MobileAssignment]:
    """The team's assignments (for its members); for anyone else, the assignments they gave. Each client read
    is logged."""
    user = ctx.user
    qs = MobileAssignment.objects.select_related("case__person", "case__unit", "team", "given_by")
    teams = team_units_of(user=user)
    qs = qs.filter(team__in=teams) if teams else qs.filter(given_by=user)
    if not include_ended:
        today = timezone.localdate()
        qs = qs.filter(ends_on__gte=today).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    rows = list(qs.order_by("starts_on", "pk"))
    for assignment in rows:
        _log(ctx, assignment)
    return rows


def visit_get_for_user(*, ctx: AccessContext, visit_id) -> MobileVisit:
    try:
        visit = MobileVisit.objects.select_related("assignment__case__person", "journal_entry").filter(
            pk=int(visit_id)).first()
    except (TypeError, ValueError):
        visit = None
    if visit is None:
        raise NotFoundError(gettext("Besöket finns inte."))
    assignment_get_for_user(ctx=ctx, assignment_id=visit.assignment_id)  # authorizes and logs
    return visit


def escalation_get_for_user(*, ctx: AccessContext, escalation_id) -> Escalation:
    try:
        escalation = Escalation.objects.select_related("assignment").filter(pk=int(escalation_id)).first()
    except (TypeError, ValueError):
        escalation = None
    if escalation is None:
        raise NotFoundError(gettext("Eskaleringen finns inte."))
    assignment_get_for_user(ctx=ctx, assignment_id=escalation.assignment_id)
    return escalation


def visits_of(*, assignment: MobileAssignment) -> list[MobileVisit]:
    return list(assignment.visits.select_related("member", "journal_entry", "staff_visit")
                .order_by("-planned_at", "-visited_at", "-pk"))


def escalations_open_for(*, user, case: Case | None = None) -> list[Escalation]:
    """Escalations the caseworker sees: open ones on cases they may read (one case, or all)."""
    qs = Escalation.objects.filter(acknowledged_at__isnull=True).select_related(
        "visit__member", "assignment__case__person")
    if case is not None:
        qs = qs.filter(assignment__case=case)
    if not user.is_superuser:
        qs = qs.filter(assignment__case__in=Case.objects.filter(case_visible_q(user=user)))
    return list(qs)


def not_reached_since(*, case: Case, since: date) -> int:
    """For the boplan's step-down (registered in adults.extensions)."""
    return MobileVisit.objects.filter(assignment__case=case, outcome=Outcome.NOT_REACHED,
                                      visited_at__date__gte=since).count()


# -- the team member's day and the team's week ------------------------------------------------------------


def team_day(*, ctx: AccessContext, day: date | None = None) -> dict:
    """The member's day on a phone: visits with address and warnings, check-in, the note, the next visit; and
    whether it is out of hours (then who to call instead)."""
    from skutan.people.selectors import person_address
    from skutan.staff.selectors import markers_active_for_person

    user = ctx.user
    now = timezone.localtime()
    day = day or now.date()
    start = datetime.combine(day, datetime.min.time(), tzinfo=now.tzinfo)
    visits = list(MobileVisit.objects.filter(member=user, planned_at__gte=start,
                                             planned_at__lt=start + timedelta(days=1))
                  .select_related("assignment__case__person", "assignment__case__unit", "assignment__given_by",
                                  "staff_visit", "journal_entry").order_by("planned_at", "pk"))
    rows, logged = [], set()
    for visit in visits:
        person = visit.assignment.case.person
        if visit.assignment_id not in logged:
            _log(ctx, visit.assignment)
            logged.add(visit.assignment_id)
        markers = markers_active_for_person(person=person)
        rows.append({
            "visit": visit, "person": person, "address": person_address(user=user, person=person),
            "markers": markers, "warnings": visit_time_warnings(team=visit.assignment.team, at=visit.planned_at),
        })
    next_visit = next((r for r in rows if not r["visit"].is_done and r["visit"].planned_at >= now), None)
    unsigned = list(MobileVisit.objects.filter(member=user, journal_entry__isnull=False,
                                               journal_entry__signed_at__isnull=True)
                    .select_related("assignment__case__person", "journal_entry").order_by("visited_at"))
    hours = opening_hours()
    return {"day": day, "rows": rows, "next": next_visit, "unsigned": unsigned,
            "open_now": hours.is_open(now), "hours": hours.describe(), "socialjouren": out_of_hours_contact(),
            "next_opening": hours.next_opening(now)}


def team_week(*, team: Unit, monday: date) -> dict:
    """The team's calendar for a week: per day its opening hours, planned visits and the day's capacity, and the
    week's load from assignments against the weekly capacity."""
    capacity = team_capacity(team=team)
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        hours = capacity.hours.hours_on(day)
        planned = MobileVisit.objects.filter(assignment__team=team, planned_at__date=day).count()
        day_capacity = capacity.per_member_per_day * capacity.members if hours else 0
        days.append({"day": day, "hours": hours, "planned": planned, "capacity": day_capacity,
                     "over": planned > day_capacity})
    load = team_load(team=team, starts_on=monday, ends_on=monday + timedelta(days=6))
    return {"team": team, "capacity": capacity, "days": days, "load": load, "over": load > capacity.weekly}
