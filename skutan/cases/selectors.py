"""Authorizing reads of cases. Every fetch for a request goes through here and is access-logged."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.selectors import user_unit_ids
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction
from skutan.audit.services import access_log_record
from skutan.cases.models import ACTIVE_STATUSES, Case, CaseAccessGrant, CaseAssignment, JournalEntry
from skutan.core.errors import NotFoundError

CASE_NOT_FOUND = "Ärendet finns inte, eller så har du inte behörighet till det."


def _active_grants(user) -> QuerySet[CaseAccessGrant]:
    return CaseAccessGrant.objects.filter(user=user, valid_until__gt=timezone.now())


def case_visible_q(*, user) -> Q:
    """Need-to-know: the user's own units, plus cases granted to them and not yet expired."""
    if user.is_superuser:
        return Q()
    granted = _active_grants(user).filter(case=OuterRef("pk"))
    return Q(unit_id__in=user_unit_ids(user=user)) | Q(Exists(granted))


def case_list_visible(*, user) -> QuerySet[Case]:
    return Case.objects.filter(case_visible_q(user=user))


def _with_assignees(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("person", "unit").prefetch_related(
        Prefetch(
            "assignments",
            queryset=CaseAssignment.objects.filter(ended_at__isnull=True).select_related("user"),
            to_attr="current_assignments",
        )
    )


def case_get_for_user(*, ctx: AccessContext, case_id: int, action: str = AccessAction.VIEW) -> Case:
    """Fetch a case the user may read, and log the read; raise NotFoundError otherwise."""
    user = ctx.user
    case = _with_assignees(Case.objects.filter(pk=case_id)).first()
    if case is None:
        raise NotFoundError(CASE_NOT_FOUND)
    own_unit = user.is_superuser or case.unit_id in user_unit_ids(user=user)
    grant = None if own_unit else _active_grants(user).filter(case=case).order_by("-emergency").first()
    if not own_unit and grant is None:
        raise NotFoundError(CASE_NOT_FOUND)
    access_log_record(
        user=user, action=action, purpose=ctx.purpose, object_type="case", object_id=case.pk,
        person=case.person, case_id=case.pk, channel=ctx.channel, path=ctx.path,
        outside_units=not own_unit and not user.is_superuser,
        emergency=bool(grant and grant.emergency),
    )
    case.access_grant = grant
    return case


def case_journal(*, case: Case) -> list[JournalEntry]:
    """The journal of a case the caller already fetched through case_get_for_user."""
    return list(
        case.journal_entries.select_related("author", "signed_by", "corrects").order_by("-event_date", "-id")
    )


def journal_entry_get_for_user(*, ctx: AccessContext, entry_id: int) -> JournalEntry:
    case_id = JournalEntry.objects.filter(pk=entry_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFoundError(gettext("Journalanteckningen finns inte, eller så har du inte behörighet till den."))
    case = case_get_for_user(ctx=ctx, case_id=case_id)
    entry = JournalEntry.objects.select_related("author", "signed_by").get(pk=entry_id)
    entry.case = case
    return entry


def cases_for_person(*, user, person) -> tuple[list[Case], int]:
    """The person's active cases the user may see, and how many other active cases exist
    (a count only, so an emergency access can be asked for without revealing where)."""
    active = Case.objects.filter(person=person, status__in=ACTIVE_STATUSES)
    visible = list(_with_assignees(active.filter(case_visible_q(user=user))).order_by("-opened_on"))
    hidden = active.count() - len(visible)
    return visible, hidden


def cases_assigned_to(*, user) -> QuerySet[Case]:
    # Still need-to-know: an assignment left behind after the user changed units grants nothing.
    return _with_assignees(
        Case.objects.filter(
            case_visible_q(user=user),
            assignments__user=user, assignments__ended_at__isnull=True, status__in=ACTIVE_STATUSES,
        ).distinct()
    ).order_by("opened_on")


def cases_in_units(*, unit_ids, unallocated_only: bool = False, assigned_to_id: int | None = None,
                   status: str | None = None) -> QuerySet[Case]:
    qs = Case.objects.filter(unit_id__in=unit_ids, status__in=ACTIVE_STATUSES)
    if status in ACTIVE_STATUSES:
        qs = qs.filter(status=status)
    if assigned_to_id is not None:
        current = CaseAssignment.objects.filter(case=OuterRef("pk"), ended_at__isnull=True, user_id=assigned_to_id)
        qs = qs.filter(Exists(current))
    if unallocated_only:
        # Exists, not exclude(assignments__ended_at__isnull=True): that also drops never-assigned cases.
        current = CaseAssignment.objects.filter(case=OuterRef("pk"), ended_at__isnull=True)
        qs = qs.filter(~Exists(current))
    return _with_assignees(qs).order_by("opened_on")


def emergency_grants_to_review() -> QuerySet[CaseAccessGrant]:
    return CaseAccessGrant.objects.filter(emergency=True, reviewed_at__isnull=True).select_related(
        "case", "user", "case__person"
    ).order_by("-granted_at")


def journal_drafts_of(*, user, limit: int = 50) -> list[JournalEntry]:
    """The user's own unsigned drafts, for the start page."""
    return list(
        JournalEntry.objects.filter(author=user, signed_at__isnull=True).select_related("case", "case__person")[:limit]
    )


def journal_entry_of_case(*, case: Case, entry_id: int) -> JournalEntry | None:
    """An entry of a case already read through case_get_for_user, or None."""
    return JournalEntry.objects.filter(pk=entry_id, case=case).first()
