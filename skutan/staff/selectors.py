"""Reads for staff safety, workload and qualifications.

Who sees what (issue 14):
- safety markers: everyone who may read the person (they show on the person's page and where a visit is
  planned);
- a threat incident: the staff member affected and the unit manager of its unit; the quality role sees
  statistics only;
- a visit: its visitor, companion, and the members of its unit (the unit manager's board shows alarms);
- staff data (qualifications, introduction): the staff member, their manager and the systemförvaltare; every
  read of another person's staff data is access-logged.
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Membership, Role, User
from skutan.accounts.selectors import user_has_role, user_roles, user_unit_ids
from skutan.audit.services import access_log_record
from skutan.cases.models import ACTIVE_STATUSES, Case, CaseAssignment
from skutan.core.errors import AccessDeniedError, NotFoundError
from skutan.core.statistics import suppress_row, suppression_threshold
from skutan.staff.models import (
    CaseWeight,
    CaseWeightAdjustment,
    IntroductionStep,
    SafetyMarker,
    SafetyMarkerKind,
    StaffProfile,
    ThreatIncident,
    Visit,
)
from skutan.staff.rules import (
    CHILD_INVESTIGATOR_RULE,
    DEFAULT_WEIGHTS,
    default_capacity,
    dispensation_warning_days,
    visit_grace_minutes,
)

# --- Safety markers --------------------------------------------------------------------------------------


def markers_active_for_person(*, person, today: date | None = None) -> list[SafetyMarker]:
    """Markers on the person, and on the address they are registered at; expired (not reviewed) ones drop out."""
    today = today or timezone.localdate()
    q = Q(person=person)
    if person.street_address:
        q |= Q(person__isnull=True, street_address__iexact=person.street_address,
               postal_code=person.postal_code.replace(" ", ""))
    return list(SafetyMarker.objects.filter(q, ended_on__isnull=True, review_on__gte=today).select_related("kind"))


def marker_kinds() -> list[SafetyMarkerKind]:
    return list(SafetyMarkerKind.objects.filter(active=True))


def marker_kind_by_code(*, code: str) -> SafetyMarkerKind | None:
    return SafetyMarkerKind.objects.filter(code=code, active=True).first()


def marker_get(*, marker_id: int) -> SafetyMarker:
    marker = SafetyMarker.objects.select_related("kind", "person").filter(pk=marker_id).first()
    if marker is None:
        raise NotFoundError(gettext("Markeringen finns inte."))
    return marker


def markers_due_for_review(*, user, within_days: int = 14, today: date | None = None) -> list[SafetyMarker]:
    today = today or timezone.localdate()
    units = user_unit_ids(user=user)
    persons = Case.objects.filter(unit_id__in=units, status__in=ACTIVE_STATUSES).values("person_id")
    return list(SafetyMarker.objects.filter(person_id__in=persons, ended_on__isnull=True,
                                            review_on__gte=today, review_on__lte=today + timedelta(days=within_days))
                .select_related("kind", "person"))


def person_safety_extension(user, person) -> dict:
    """For GET /api/v1/persons/{id}: the person's active markers (the person was read through its selector)."""
    return {"safety_markers": [{"kind": m.kind.code, "reason": m.reason, "review_on": m.review_on}
                               for m in markers_active_for_person(person=person)]}


def marker_requires_companion(*, markers: list[SafetyMarker]) -> bool:
    return any(m.kind.requires_companion for m in markers)


# --- Visits -------------------------------------------------------------------------------------------------


def _visit_q(user) -> Q:
    if user.is_superuser:
        return Q()
    return Q(visitor=user) | Q(companion=user) | Q(unit_id__in=user_unit_ids(user=user))


def visit_get_for_user(*, user, visit_id: int) -> Visit:
    visit = Visit.objects.filter(_visit_q(user), pk=visit_id).select_related("person", "unit", "visitor",
                                                                              "companion").first()
    if visit is None:
        raise NotFoundError(gettext("Besöket finns inte, eller så har du inte behörighet till det."))
    return visit


def visits_today_for_user(*, user, day: date | None = None) -> list[Visit]:
    day = day or timezone.localdate()
    start = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
    return list(Visit.objects.filter(Q(visitor=user) | Q(companion=user), starts_at__gte=start,
                                     starts_at__lt=start + timedelta(days=1)).select_related("person", "companion"))


def visits_overdue(*, unit_ids, now=None) -> list[Visit]:
    """Visits whose expected end plus the grace has passed with no check-out (checked in or not)."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=visit_grace_minutes())
    rows = list(Visit.objects.filter(unit_id__in=list(unit_ids), checked_out_at__isnull=True,
                                     expected_end__lt=limit).select_related("person", "visitor", "unit"))
    for v in rows:
        v.minutes_overdue = int((now - v.expected_end).total_seconds() // 60)
    return rows


def alarms_for_manager(*, user, now=None) -> list[Visit]:
    """The unit manager's board (and the mobile team's): overdue visits not yet acknowledged."""
    managed = set(Membership.objects.filter(user=user, role__in=[Role.UNIT_MANAGER, Role.MOBILE_TEAM])
                  .values_list("unit_id", flat=True))
    if user.is_superuser:
        managed = set(Visit.objects.values_list("unit_id", flat=True))
    return [v for v in visits_overdue(unit_ids=managed, now=now) if v.alarm_acknowledged_at is None]


def unit_for_visit(*, user, person) -> int | None:
    """The caller's one unit that has an open case for the person, when there is exactly one."""
    units = user_unit_ids(user=user)
    with_case = set(Case.objects.filter(person=person, unit_id__in=units, status__in=ACTIVE_STATUSES)
                    .values_list("unit_id", flat=True))
    return next(iter(with_case)) if len(with_case) == 1 else None


# --- Threat incidents --------------------------------------------------------------------------------------


def _managed(user) -> set[int]:
    return set(Membership.objects.filter(user=user, role=Role.UNIT_MANAGER).values_list("unit_id", flat=True))


def incident_get_for_user(*, user, incident_id: int) -> ThreatIncident:
    incident = ThreatIncident.objects.select_related("affected", "unit", "case").filter(pk=incident_id).first()
    if incident is None or not (user.is_superuser or incident.affected_id == user.pk
                                or incident.unit_id in _managed(user)):
        raise NotFoundError(gettext("Händelsen finns inte, eller så har du inte behörighet till den."))
    return incident


def incidents_for_user(*, user) -> list[ThreatIncident]:
    q = Q() if user.is_superuser else Q(affected=user) | Q(unit_id__in=_managed(user))
    return list(ThreatIncident.objects.filter(q).select_related("affected", "unit"))


def incident_statistics(*, user, first: date, last: date) -> dict:
    """Per month and channel, and the share reported to the police; small counts suppressed."""
    if not (user.is_superuser or Role.QUALITY_OFFICER in user_roles(user=user)
            or Role.MANAGEMENT in user_roles(user=user) or _managed(user)):
        raise AccessDeniedError(gettext("Statistiken är till för kvalitetsansvariga, ledningen och enhetschefer."))
    qs = ThreatIncident.objects.filter(occurred_on__gte=first, occurred_on__lte=last)
    if not (user.is_superuser or Role.QUALITY_OFFICER in user_roles(user=user)
            or Role.MANAGEMENT in user_roles(user=user)):
        qs = qs.filter(unit_id__in=_managed(user))
    months = []
    for r in qs.annotate(m=TruncMonth("occurred_on")).values("m").annotate(n=Count("pk")).order_by("m"):
        row = {"month": f"{r['m']:%Y-%m}", "count": r["n"]}
        suppress_row(row, ("count",))
        months.append(row)
    channels = []
    labels = dict(ThreatIncident._meta.get_field("channel").choices)
    for r in qs.values("channel").annotate(n=Count("pk")).order_by("-n"):
        row = {"label": labels.get(r["channel"], r["channel"]), "count": r["n"]}
        suppress_row(row, ("count",))
        channels.append(row)
    total = qs.count()
    reported = qs.exclude(police_status="not_reported").count()
    share = None if total < suppression_threshold() else round(100 * reported / total)
    return {"months": months, "channels": channels, "total": total if total >= suppression_threshold() or total == 0
            else None, "police_share": share}


# --- Workload ------------------------------------------------------------------------------------------------


def case_weight_table() -> dict[tuple[str, str], Decimal]:
    table = {(t, p): Decimal(w) for t, phases in DEFAULT_WEIGHTS.items() for p, w in phases.items()}
    table.update({(w.case_type, w.phase): w.weight for w in CaseWeight.objects.all()})
    return table


def case_weight(*, case, table=None, adjustments=None) -> Decimal:
    table = table if table is not None else case_weight_table()
    if adjustments is None:
        adj = CaseWeightAdjustment.objects.filter(case=case).first()
        if adj:
            return adj.weight
    elif case.pk in adjustments:
        return adjustments[case.pk]
    return table.get((case.case_type, case.status), Decimal("1.0"))


def weighted_loads(*, unit_ids) -> dict[int, dict]:
    """Per caseworker of the units: open cases, weighted load, capacity and qualification (one pass, no query
    per row)."""
    table = case_weight_table()
    assignments = (CaseAssignment.objects.filter(ended_at__isnull=True, case__status__in=ACTIVE_STATUSES,
                                                 case__unit_id__in=list(unit_ids))
                   .select_related("case").only("user_id", "case__id", "case__case_type", "case__status"))
    adjustments = {}
    for a in CaseWeightAdjustment.objects.order_by("set_at"):
        adjustments[a.case_id] = a.weight
    workers = User.objects.filter(memberships__unit_id__in=list(unit_ids), memberships__role=Role.CASEWORKER,
                                  is_active=True).distinct()
    profiles = {p.user_id: p for p in StaffProfile.objects.filter(user__in=workers)}
    out = {u.pk: {"user": u, "cases": 0, "load": Decimal("0"), "profile": profiles.get(u.pk),
                  "capacity": (profiles[u.pk].capacity if u.pk in profiles and profiles[u.pk].capacity
                               else default_capacity())} for u in workers}
    for a in assignments:
        if a.user_id in out:
            out[a.user_id]["cases"] += 1
            out[a.user_id]["load"] += case_weight(case=a.case, table=table, adjustments=adjustments)
    for row in out.values():
        row["share"] = round(100 * row["load"] / row["capacity"]) if row["capacity"] else None
        row["over"] = row["load"] > row["capacity"]
        row["qualified_for_children"] = qualified_for_child_investigation(user=row["user"], profile=row["profile"])
    return out


def allocation_suggestion(*, case, workers) -> dict:
    """The least-loaded qualified worker for the case, with everyone's load: shown, never applied by itself."""
    loads = weighted_loads(unit_ids={case.unit_id})
    rows = []
    for w in workers:
        row = loads.get(w.pk) or {"user": w, "cases": 0, "load": Decimal("0"), "capacity": default_capacity(),
                                  "share": 0, "over": False, "profile": None,
                                  "qualified_for_children": qualified_for_child_investigation(user=w)}
        row["qualified"] = case.case_type != "children" or row["qualified_for_children"]
        rows.append(row)
    candidates = [r for r in rows if r["qualified"]]
    best = min(candidates, key=lambda r: (r["load"], r["user"].pk)) if candidates else None
    return {"rows": rows, "suggested": best["user"] if best else None}


def workload_over_capacity_months(*, unit_ids, months: int = 12, today: date | None = None) -> list[dict]:
    """For the picture over time: per month end, the unit's weighted load, capacity and workers over capacity.
    A past month uses the cases assigned then, weighted by their phase today (phases are not historised)."""
    today = today or timezone.localdate()
    table = case_weight_table()
    workers = list(User.objects.filter(memberships__unit_id__in=list(unit_ids), memberships__role=Role.CASEWORKER)
                   .distinct())
    profiles = {p.user_id: p for p in StaffProfile.objects.filter(user__in=workers)}
    assignments = list(CaseAssignment.objects.filter(case__unit_id__in=list(unit_ids)).select_related("case"))
    out = []
    month = today.replace(day=1)
    ends = []
    for _ in range(months):
        ends.append(min(today, (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)))
        month = (month - timedelta(days=1)).replace(day=1)
    for end in reversed(ends):
        moment = timezone.make_aware(timezone.datetime.combine(end, timezone.datetime.max.time()))
        load = defaultdict(Decimal)
        for a in assignments:
            c = a.case
            if a.assigned_at <= moment and (a.ended_at is None or a.ended_at > moment) and c.opened_on <= end and (
                    c.closed_on is None or c.closed_on > end):
                load[a.user_id] += table.get((c.case_type, c.status), Decimal("1.0"))
        active = [w for w in workers if w.date_joined.date() <= end]
        capacity = sum((profiles[w.pk].capacity if w.pk in profiles and profiles[w.pk].capacity
                        else default_capacity()) for w in active)
        over_ids = {w.pk for w in active if load[w.pk] > (profiles[w.pk].capacity if w.pk in profiles and
                                                          profiles[w.pk].capacity else default_capacity())}
        out.append({"month": f"{end:%Y-%m}", "load": sum(load.values(), Decimal("0")), "capacity": capacity,
                    "over": len(over_ids), "over_ids": over_ids, "complete": end < today})
    return out


def over_capacity_streaks(months: list[dict]) -> dict[int, int]:
    """For how long each worker has been over capacity: the number of consecutive month ends, up to the
    latest, in ``workload_over_capacity_months``'s answer (0 when not over in the latest month)."""
    streaks: dict[int, int] = {}
    for user_id in set().union(*(m["over_ids"] for m in months)) if months else ():
        n = 0
        for m in reversed(months):
            if user_id not in m["over_ids"]:
                break
            n += 1
        streaks[user_id] = n
    return streaks


# --- Qualifications ------------------------------------------------------------------------------------------


def profile_of(*, user) -> StaffProfile | None:
    return StaffProfile.objects.filter(user=user).first()


def qualified_for_child_investigation(*, user, profile: StaffProfile | None = None, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    profile = profile if profile is not None else profile_of(user=user)
    if profile is None:
        return True  # no record: the rule cannot be applied; the staff page shows the missing record
    if profile.degree in CHILD_INVESTIGATOR_RULE["degrees"]:
        return True
    return bool(CHILD_INVESTIGATOR_RULE["dispensation_allowed"] and profile.dispensation_until
                and profile.dispensation_until >= today)


def may_see_staff_data(*, viewer, user) -> bool:
    if viewer.is_superuser or viewer.pk == user.pk or user_has_role(user=viewer, role=Role.SYSTEM_ADMIN):
        return True
    managed = _managed(viewer)
    return bool(managed & set(user.memberships.values_list("unit_id", flat=True)))


def staff_profile_for_viewer(*, ctx, user_id: int) -> tuple[User, StaffProfile | None, list[IntroductionStep]]:
    """A staff member's qualifications: the member, their manager, the systemförvaltare. Logged when read by
    someone else (staff data is personal data too)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not may_see_staff_data(viewer=ctx.user, user=user):
        raise NotFoundError(gettext("Medarbetaren finns inte, eller så har du inte behörighet."))
    if ctx.user.pk != user.pk:
        access_log_record(user=ctx.user, action="view", purpose=ctx.purpose, object_type="staff_profile",
                          object_id=user.pk, channel=ctx.channel, path=ctx.path)
    return user, profile_of(user=user), list(IntroductionStep.objects.filter(user=user))


def unit_staff_dashboard(*, ctx, unit_ids, today: date | None = None) -> dict:
    """The unit dashboard: experience mix (Timrå), dispensations ending within 90 days, newcomers' introduction."""
    today = today or timezone.localdate()
    workers = list(User.objects.filter(memberships__unit_id__in=list(unit_ids), memberships__role=Role.CASEWORKER,
                                       is_active=True).distinct().order_by("last_name"))
    profiles = {p.user_id: p for p in StaffProfile.objects.filter(user__in=workers)}
    buckets = {"under 1 år": 0, "1–2 år": 0, "2–5 år": 0, "över 5 år": 0, "okänt": 0}
    for w in workers:
        since = w.employed_since
        if since is None:
            buckets["okänt"] += 1
            continue
        years = (today - since).days / 365.25
        key = "under 1 år" if years < 1 else "1–2 år" if years < 2 else "2–5 år" if years < 5 else "över 5 år"
        buckets[key] += 1
    ending = sorted((p for p in profiles.values() if p.dispensation_until
                     and today <= p.dispensation_until <= today + timedelta(days=90)),
                    key=lambda p: (p.dispensation_until, p.user_id))
    warn_days = dispensation_warning_days()
    for p in ending:  # the 60-day warning (SKUTAN_DISPENSATION_WARNING_DAYS): time to renew or replace
        p.warn = p.dispensation_until <= today + timedelta(days=warn_days)
    steps = defaultdict(list)
    for s in IntroductionStep.objects.filter(user__in=workers):
        steps[s.user_id].append(s)
    newcomers = [{"user": w, "steps": steps[w.pk], "done": sum(1 for s in steps[w.pk] if s.done_on),
                  "mentor": profiles[w.pk].mentor if w.pk in profiles else None}
                 for w in workers if w.employed_since and (today - w.employed_since).days < 365]
    for w in workers:
        if w.pk != ctx.user.pk:
            access_log_record(user=ctx.user, action="list", purpose=ctx.purpose, object_type="staff_profile",
                              object_id=w.pk, channel=ctx.channel, path=ctx.path)
    total = len(workers)
    return {"workers": workers, "profiles": profiles, "buckets": buckets, "total": total,
            "under_two_share": round(100 * (buckets["under 1 år"] + buckets["1–2 år"]) / total) if total else None,
            "dispensations_ending": ending, "dispensation_warnings": [p for p in ending if p.warn],
            "dispensation_warning_days": warn_days, "newcomers": newcomers,
            "missing_profiles": [w for w in workers if w.pk not in profiles]}


def managed_unit_ids(*, user) -> set[int]:
    return _managed(user)


def unit_get(*, unit_id: int):
    from skutan.accounts.models import Unit

    return Unit.objects.filter(pk=unit_id).first()


def user_get(*, user_id: int):
    return User.objects.filter(pk=user_id, is_active=True).first()


def units_of(*, user):
    from skutan.accounts.models import Unit

    return list(Unit.objects.filter(pk__in=user_unit_ids(user=user)).order_by("name"))


def colleagues_of(*, user) -> list[User]:
    return list(User.objects.filter(memberships__unit_id__in=user_unit_ids(user=user), is_active=True)
                .exclude(pk=user.pk).distinct().order_by("last_name", "first_name"))


def allocation_qualification_check(*, case, assignee) -> None:
    """An unqualified worker is not the responsible caseworker of a child case under investigation, unless a
    dispensation is recorded (CHILD_INVESTIGATOR_RULE, ⚠ unconfirmed source)."""
    from skutan.core.errors import ApplicationError

    if case.case_type != "children":
        return
    if not qualified_for_child_investigation(user=assignee):
        raise ApplicationError(
            gettext("Handläggaren saknar socionomexamen eller annan relevant examen och har ingen giltig dispens, och kan "
            "därför inte vara ansvarig i en utredning om barn."), field="user")
