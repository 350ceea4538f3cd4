"""Reads for the management group. Read access: the group's members (chair and secretary included); an
assignment is also readable by its owner and by whoever gave it. Not client data, so no access-log rows."""

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Role, User
from skutan.accounts.selectors import user_roles
from skutan.core.errors import AccessDeniedError, NotFoundError
from skutan.governance.dates import effective_due, is_overdue, reminder_day
from skutan.governance.models import (
    OPEN_STATUSES,
    AgendaItem,
    Assignment,
    GroupDecision,
    ManagementGroup,
    Meeting,
    Routine,
)

MEETING_NOT_FOUND = "Mötet finns inte, eller så är du inte med i gruppen."
ASSIGNMENT_NOT_FOUND = "Uppdraget finns inte, eller så har du inte behörighet till det."


def is_director(*, user) -> bool:
    return user.is_authenticated and (user.is_superuser or Role.MANAGEMENT in user_roles(user=user))


def _group_q(user) -> Q:
    return Q(members=user) | Q(chair=user) | Q(secretary=user)


def groups_for_user(*, user) -> list[ManagementGroup]:
    if user.is_superuser:
        return list(ManagementGroup.objects.all())
    return list(ManagementGroup.objects.filter(_group_q(user)).distinct())


def group_ids_for_user(*, user) -> set[int]:
    return {g.pk for g in groups_for_user(user=user)}


def group_get_for_user(*, user, group_id: int) -> ManagementGroup:
    group = ManagementGroup.objects.filter(pk=group_id).first()
    if group is None or group.pk not in group_ids_for_user(user=user):
        raise NotFoundError(gettext("Gruppen finns inte, eller så är du inte med i den."))
    return group


def group_members(*, group: ManagementGroup) -> list[User]:
    ids = set(group.members.values_list("pk", flat=True)) | {group.chair_id, group.secretary_id}
    return list(User.objects.filter(pk__in=ids).order_by("last_name", "first_name"))


def meetings_for_user(*, user, limit: int = 60) -> list[Meeting]:
    return list(Meeting.objects.filter(group_id__in=group_ids_for_user(user=user)).select_related("group")[:limit])


def meeting_get_for_user(*, user, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.filter(pk=meeting_id, group_id__in=group_ids_for_user(user=user))
        .select_related("group", "approved_by")
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.select_related("proposed_by", "follows_up__meeting")
                     .prefetch_related("decisions", "assignments__owner")),
            "participants", "addenda__added_by", "decisions", "assignments__owner",
        )
        .first()
    )
    if meeting is None:
        raise NotFoundError(MEETING_NOT_FOUND)
    return meeting


def item_get_for_user(*, user, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting__group").filter(
        pk=item_id, meeting__group_id__in=group_ids_for_user(user=user)).first()
    if item is None:
        raise NotFoundError(gettext("Punkten finns inte, eller så är du inte med i gruppen."))
    return item


def _assignment_q(user) -> Q:
    if user.is_superuser:
        return Q()
    return Q(owner=user) | Q(given_by=user) | Q(group_id__in=group_ids_for_user(user=user))


def assignment_get_for_user(*, user, assignment_id: int) -> Assignment:
    assignment = (Assignment.objects.filter(_assignment_q(user), pk=assignment_id)
                  .select_related("owner", "given_by", "group", "meeting").prefetch_related("updates__by").first())
    if assignment is None:
        raise NotFoundError(ASSIGNMENT_NOT_FOUND)
    return assignment


def assignments_for_user(*, user, overdue: bool | None = None, status: str = "", owner_only: bool = False,
                         today: date | None = None) -> list[Assignment]:
    today = today or timezone.localdate()
    qs = Assignment.objects.filter(Q(owner=user) if owner_only else _assignment_q(user)).select_related(
        "owner", "group", "meeting")
    if status:
        qs = qs.filter(status=status)
    rows = list(qs.distinct())
    if overdue is not None:
        rows = [a for a in rows if (a.status in OPEN_STATUSES and is_overdue(a.due_on, today)) == overdue]
    for a in rows:
        a.overdue = a.status in OPEN_STATUSES and is_overdue(a.due_on, today)
        a.effective_due = effective_due(a.due_on)
    return rows


def assignments_for_secretary(*, user, today: date | None = None) -> list[Assignment]:
    """Every overdue assignment of the groups where the user is secretary or chair."""
    today = today or timezone.localdate()
    groups = ManagementGroup.objects.filter(Q(secretary=user) | Q(chair=user)).values_list("pk", flat=True)
    rows = list(Assignment.objects.filter(group_id__in=list(groups), status__in=OPEN_STATUSES)
                .select_related("owner", "group"))
    return [a for a in rows if is_overdue(a.due_on, today)]


def assignments_to_remind(*, today: date) -> QuerySet[Assignment]:
    """Open assignments whose reminder day has come, not yet reminded (the reminder job sends each once)."""
    candidates = Assignment.objects.filter(status__in=OPEN_STATUSES, reminded_on__isnull=True,
                                           due_on__gte=today).select_related("owner")
    return [a for a in candidates if reminder_day(a.due_on) <= today]


def decisions_due_for_follow_up(*, group: ManagementGroup, on: date) -> list[GroupDecision]:
    """Decisions of the group whose follow-up date has passed by ``on`` and that are not yet back on an agenda."""
    return list(GroupDecision.objects.filter(meeting__group=group, follow_up_on__isnull=False,
                                             follow_up_on__lte=on, follow_up_items__isnull=True)
                .select_related("meeting").order_by("follow_up_on", "pk"))


def decisions_with_follow_up_for_user(*, user, today: date | None = None) -> list[GroupDecision]:
    today = today or timezone.localdate()
    return list(GroupDecision.objects.filter(meeting__group_id__in=group_ids_for_user(user=user),
                                             follow_up_on__isnull=False, follow_up_items__isnull=True)
                .select_related("meeting__group").order_by("follow_up_on"))


def routines(*, today: date | None = None) -> list[Routine]:
    today = today or timezone.localdate()
    rows = list(Routine.objects.select_related("owner").prefetch_related("versions"))
    for r in rows:
        r.past_revision = r.revise_by < today
    return rows


def routine_get(*, routine_id: int) -> Routine:
    routine = Routine.objects.select_related("owner").prefetch_related("versions__created_by").filter(
        pk=routine_id).first()
    if routine is None:
        raise NotFoundError(gettext("Rutinen finns inte."))
    return routine


def routine_for_use(*, used_for: str) -> Routine | None:
    """The guideline whose values Skutan uses for ``used_for`` (e.g. "eb_guidelines"), to link to it."""
    return Routine.objects.filter(used_for=used_for).order_by("-decided_on").first()


def require_governance_reader(*, user) -> None:
    if not (user.is_superuser or group_ids_for_user(user=user) or is_director(user=user)
            or Role.UNIT_MANAGER in user_roles(user=user) or Assignment.objects.filter(owner=user).exists()):
        raise AccessDeniedError(gettext("Sidan är till för ledningsgruppen och de som har fått uppdrag."))


def users_for_choice() -> list[User]:
    return list(User.objects.filter(is_active=True).exclude(memberships__isnull=True).distinct()
                .order_by("last_name", "first_name"))


def user_get(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id, is_active=True).first()


# --- Facts beside the discussion ---------------------------------------------------------------------------


def fact_text(*, kind: str, ref: str, user) -> str:
    """The current figure of a linked measure or analysis, in words, for the minutes ("Projekt 200: 41 % …")."""
    if not kind or not ref:
        return ""
    try:
        if kind == "followup_measure":
            from skutan.followup.selectors import followup_measure, followup_scope

            measure = followup_measure(unit_ids=followup_scope(user=user), measure=ref)
            if not measure.rows or not measure.chart_value:
                return f"{measure.title}: inga siffror ännu."
            row = measure.rows[-1]
            value = row.get(measure.chart_value)
            column = next((c for c in measure.columns if c.key == measure.chart_value), None)
            unit = {"kronor": " kr", "percent": " %"}.get(getattr(column, "kind", ""), "")
            label = row.get(measure.chart_label, "")
            return f"{measure.title}: {value if value is not None else '–'}{unit} ({label})."
        if kind == "cohort_programme" and ref.isdigit():
            from skutan.followup.cohorts import cohort_fact_text, cohort_programme_get_for_user

            programme = cohort_programme_get_for_user(user=user, programme_id=int(ref))
            return cohort_fact_text(programme=programme)
        if kind == "risk_analysis" and ref.isdigit():
            from skutan.quality.selectors import risk_analysis_get_for_user

            analysis = risk_analysis_get_for_user(user=user, analysis_id=int(ref))
            risks = list(analysis.risks.all())
            top = max((r.score for r in risks), default=0)
            return (f"Riskanalys {analysis.process}: {len(risks)} risker, högsta riskvärde {top}, "
                    f"nästa granskning {analysis.next_review_on:%Y-%m-%d}.")
    except (NotFoundError, AccessDeniedError):
        return "Siffran kan inte visas för dig."
    return ""


def fact_choices(*, user) -> list[tuple[str, str]]:
    """What an item or an assignment can link to, as (value "kind:ref", label)."""
    from skutan.followup.selectors import MEASURES

    out = [("", "Inget")]
    from skutan.followup.selectors import MEASURE_TITLES

    out += [(f"followup_measure:{key}", f"Uppföljning: {MEASURE_TITLES.get(key, key)}") for key in MEASURES]
    try:
        from skutan.followup.cohorts import cohort_programmes_for_user

        out += [(f"cohort_programme:{p.pk}", f"Kohortprogram: {p.name}") for p in cohort_programmes_for_user(user=user)]
    except AccessDeniedError:
        pass
    try:
        from skutan.quality.selectors import risk_analysis_list_for_user

        out += [(f"risk_analysis:{a.pk}", f"Riskanalys: {a.process} ({a.unit.name})")
                for a in risk_analysis_list_for_user(user=user)]
    except AccessDeniedError:
        pass
    return out
