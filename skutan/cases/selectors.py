"""Authorizing reads of cases. Every fetch for a request goes through here and is access-logged."""

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models import Case as DbCase
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.selectors import user_unit_ids
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction
from skutan.audit.services import access_log_record
from skutan.cases.models import ACTIVE_STATUSES, Case, CaseAccessGrant, CaseAssignment, Document, JournalEntry
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


def _assignees_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=CaseAssignment.objects.filter(ended_at__isnull=True).select_related("user"),
        to_attr="current_assignments",
    )


def _with_assignees(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("person", "unit").prefetch_related(_assignees_prefetch())


def case_get_for_user(*, ctx: AccessContext, case_id: int, action: str = AccessAction.VIEW,
                      with_document_count: bool = False) -> Case:
    """Fetch a case the user may read, and log the read; raise NotFoundError otherwise.
    ``with_document_count``: the number of its documents comes in the same query (document_count reads it)."""
    user = ctx.user
    qs = Case.objects.filter(pk=case_id)
    if with_document_count:
        counted = (Document.objects.filter(case=OuterRef("pk")).order_by().values("case")
                   .annotate(n=Count("pk")).values("n"))
        qs = qs.annotate(document_count_=Coalesce(Subquery(counted), 0))
    case = _with_assignees(qs).first()
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


def case_journal(*, case: Case, with_signer: bool = True) -> list[JournalEntry]:
    """The journal of a case the caller already fetched through case_get_for_user. ``with_signer=False`` is the
    case page's form: no user rows, the author's name as ``author_name`` (User.display_name, in SQL), and the
    original a correction corrects as ``corrects_entry``, taken from the same journal (no join)."""
    entries = case.journal_entries.order_by("-event_date", "-id")
    if with_signer:
        return list(entries.select_related("author", "signed_by", "corrects"))
    full = Trim(Concat("author__first_name", Value(" "), "author__last_name"))
    entries = list(entries.annotate(author_name=Coalesce(NullIf(full, Value("")), "author__username")))
    by_id = {e.pk: e for e in entries}
    for e in entries:
        e.corrects_entry = by_id.get(e.corrects_id) if e.corrects_id else None
    return entries


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
    # One read for the visible and the hidden cases: whether the user may see each is worked out in SQL, and
    # only the visible ones get their assignees (the hidden ones are counted, never shown).
    visible_q = case_visible_q(user=user)
    sees = (DbCase(When(visible_q, then=Value(True)), default=Value(False), output_field=BooleanField())
            if visible_q else Value(True, output_field=BooleanField()))  # Q(): a superuser sees every case
    every = list(active.annotate(reader_sees=sees).select_related("person", "unit").order_by("-opened_on"))
    visible = [c for c in every if c.reader_sees]
    prefetch_related_objects(visible, _assignees_prefetch())
    return visible, len(every) - len(visible)


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


def assignments_new_for(*, user, since) -> list[CaseAssignment]:
    """The user's current assignments made since ``since`` (Min dag: new to you), in cases they may see."""
    return list(
        CaseAssignment.objects.filter(
            user=user, ended_at__isnull=True, assigned_at__gte=since, case__status__in=ACTIVE_STATUSES,
        ).filter(case__in=Case.objects.filter(case_visible_q(user=user)))
        .select_related("case", "case__person", "assigned_by").order_by("-assigned_at")[:100]
    )


def open_case_counts(*, user_ids, unit_ids) -> dict[int, int]:
    """Open (active) cases per user among the units' current assignments."""
    from django.db.models import Count

    rows = (
        CaseAssignment.objects.filter(
            user_id__in=list(user_ids), ended_at__isnull=True, case__status__in=ACTIVE_STATUSES,
            case__unit_id__in=list(unit_ids),
        ).values("user_id").annotate(n=Count("case_id", distinct=True))
    )
    return {r["user_id"]: r["n"] for r in rows}


def journal_templates_for_unit(*, unit_id: int) -> list:
    """The unit's templates in use, for the journal form of its cases."""
    from skutan.cases.models import JournalTemplate

    return list(JournalTemplate.objects.filter(unit_id=unit_id, active=True).order_by("event_kind"))


def journal_templates_managed(*, unit_ids) -> list:
    from skutan.cases.models import JournalTemplate

    return list(JournalTemplate.objects.filter(unit_id__in=list(unit_ids)).select_related("unit", "updated_by"))


def journal_template_get_for_manager(*, user, template_id: int):
    """A template of a unit the user manages, or NotFoundError."""
    from skutan.accounts.selectors import units_managed_by
    from skutan.cases.models import JournalTemplate

    template = JournalTemplate.objects.filter(
        pk=template_id, unit_id__in=[u.pk for u in units_managed_by(user=user)]
    ).select_related("unit").first()
    if template is None:
        raise NotFoundError(gettext("Mallen finns inte, eller så är du inte chef för dess enhet."))
    return template


def document_count(*, case: Case) -> int:
    counted = getattr(case, "document_count_", None)  # case_get_for_user(with_document_count=True)
    return case.documents.count() if counted is None else counted
