"""Reads for Barn och unga. Fetches for a request authorize and access-log through the case selectors;
output shaping hides a confidential reporter from users without the special right (accounts.SpecialRight,
kind ``reporter_identity``) in the report's unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from skutan.accounts.models import Membership, Role, SpecialRightKind, UnitKind, User
from skutan.accounts.selectors import user_has_special_right, user_roles, user_unit_ids
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction, AccessLog
from skutan.audit.services import access_log_record
from skutan.cases.models import CaseAssignment
from skutan.cases.selectors import case_get_for_user, case_visible_q
from skutan.children.bbic import areas_by_side
from skutan.children.models import (
    ChildReport,
    Intervention,
    InterventionFollowUp,
    Investigation,
    InvestigationStatus,
)
from skutan.core.errors import NotFoundError
from skutan.core.pagination import RowFilters
from skutan.people.models import HouseholdMember, HouseholdRole

REPORT_NOT_FOUND = "Anmälan finns inte, eller så har du inte behörighet till den."
INVESTIGATION_NOT_FOUND = "Utredningen finns inte, eller så har du inte behörighet till den."
INTERVENTION_NOT_FOUND = "Insatsen finns inte, eller så har du inte behörighet till den."
HIDDEN_REPORTER = "Sekretessbelagd anmälare"


# --- authorizing fetches -------------------------------------------------------------------------------


def _report_qs() -> QuerySet[ChildReport]:
    return ChildReport.objects.select_related(
        "child", "unit", "case", "registered_by", "protection_assessment__assessed_by",
        "preliminary_assessment__decided_by", "preliminary_assessment__investigation",
    ).prefetch_related("concerns")


def child_report_get_for_user(*, ctx: AccessContext, report_id: int, action: str = AccessAction.VIEW) -> ChildReport:
    """A report the user may read, access-logged. With a case, the case's rules decide (own unit or a
    grant); a report about a child not yet identified is readable in its own unit only."""
    report = _report_qs().filter(pk=report_id).first()
    if report is None:
        raise NotFoundError(REPORT_NOT_FOUND)
    if report.case_id is not None:
        try:
            report.case = case_get_for_user(ctx=ctx, case_id=report.case_id, action=action)
        except NotFoundError:
            raise NotFoundError(REPORT_NOT_FOUND) from None
        return report
    user = ctx.user
    if not user.is_superuser and report.unit_id not in user_unit_ids(user=user):
        raise NotFoundError(REPORT_NOT_FOUND)
    access_log_record(
        user=user, action=action, purpose=ctx.purpose, object_type="child_report", object_id=report.pk,
        channel=ctx.channel, path=ctx.path,
    )
    return report


def investigation_get_for_user(*, ctx: AccessContext, investigation_id: int) -> Investigation:
    investigation = Investigation.objects.filter(pk=investigation_id).first()
    if investigation is None:
        raise NotFoundError(INVESTIGATION_NOT_FOUND)
    try:
        investigation.case = case_get_for_user(ctx=ctx, case_id=investigation.case_id)
    except NotFoundError:
        raise NotFoundError(INVESTIGATION_NOT_FOUND) from None
    return investigation


def intervention_get_for_user(*, ctx: AccessContext, intervention_id: int,
                              action: str = AccessAction.VIEW) -> Intervention:
    intervention = (Intervention.objects.select_related("investigation", "decided_by", "best_interest")
                    .filter(pk=intervention_id).first())
    if intervention is None:
        raise NotFoundError(INTERVENTION_NOT_FOUND)
    try:
        intervention.case = case_get_for_user(ctx=ctx, case_id=intervention.case_id, action=action)
    except NotFoundError:
        raise NotFoundError(INTERVENTION_NOT_FOUND) from None
    return intervention


# --- the reporter's identity ---------------------------------------------------------------------------


def user_can_see_reporter_identity(*, user, unit_id: int | None = None) -> bool:
    """The special right to see a confidential reporter's identity, granted per unit (``None``: any unit)."""
    return user_has_special_right(
        user=user, kind=SpecialRightKind.REPORTER_IDENTITY, unit_ids=None if unit_id is None else {unit_id}
    )


def reporter_identity_visible(*, user, report: ChildReport) -> bool:
    return not report.reporter_confidential or user_can_see_reporter_identity(user=user, unit_id=report.unit_id)


def child_report_reporter(*, user, report: ChildReport) -> dict:
    """The reporter as this user may see it: a confidential reporter's name and contact are withheld."""
    visible = reporter_identity_visible(user=user, report=report)
    return {
        "category": report.reporter_category,
        "category_label": report.get_reporter_category_display(),
        "confidential": report.reporter_confidential,
        "identity_hidden": not visible,
        "name": report.reporter_name if visible else None,
        "contact": report.reporter_contact if visible else None,
    }


def child_report_as_dict(*, user, report: ChildReport, today: date | None = None) -> dict:
    """The one place that shapes a report for output (API, exports)."""
    from skutan.children.deadlines import deadline_status

    today = today or timezone.localdate()
    reporter = child_report_reporter(user=user, report=report)
    protection = getattr(report, "protection_assessment", None)
    preliminary = getattr(report, "preliminary_assessment", None)
    return {
        "id": report.pk,
        "unit": report.unit_id,
        "case": report.case_id,
        "child": report.child_id,
        "child_description": report.child_description,
        "received_at": report.received_at,
        "received_on": report.received_on,
        "reporter_category": report.reporter_category,
        "reporter_name": reporter["name"],
        "reporter_contact": reporter["contact"],
        "reporter_confidential": report.reporter_confidential,
        "reporter_identity_hidden": reporter["identity_hidden"],
        "concerns": [c.category for c in report.concerns.all()],
        "text": report.text,
        "protection_assessment_due": report.protection_due,
        "protection_assessment_source": report.protection_limit_source,
        "protection_assessment_done": protection is not None,
        "preliminary_assessment_due": report.preliminary_due,
        "preliminary_assessment_statutory_due": report.preliminary_statutory_due,
        "preliminary_assessment_source": report.preliminary_limit_source,
        "preliminary_assessment_days_left": (
            deadline_status(report.preliminary_due, today).days_left if preliminary is None else None
        ),
        "preliminary_outcome": preliminary.outcome if preliminary is not None else None,
        "investigation": preliminary.investigation_id if preliminary is not None else None,
        "version": report.version,
    }


# --- what belongs together -----------------------------------------------------------------------------


def child_report_related(*, user, report: ChildReport, ctx: AccessContext | None = None) -> list[ChildReport]:
    """Other reports about the same child, or about the child's siblings (children of the same current
    household), that the user may see: newest first. With ``ctx`` (a page that shows them) each report about
    another child is access-logged as a list read of that child, in one insert."""
    if report.child_id is None:
        return []
    household_ids = HouseholdMember.objects.filter(person_id=report.child_id, left_on__isnull=True).values(
        "household_id"
    )
    sibling_ids = HouseholdMember.objects.filter(
        household_id__in=household_ids, role=HouseholdRole.CHILD, left_on__isnull=True
    ).values("person_id")
    qs = ChildReport.objects.filter(Q(child_id=report.child_id) | Q(child_id__in=sibling_ids)).exclude(pk=report.pk)
    if not user.is_superuser:
        qs = qs.filter(Q(case__isnull=False, case__in=_visible_case_ids(user)) | Q(unit_id__in=user_unit_ids(user=user)))
    related = list(
        qs.select_related("child", "preliminary_assessment").prefetch_related("concerns").order_by("-received_at")[:50]
    )
    if ctx is not None:
        AccessLog.objects.bulk_create(
            AccessLog(
                user_id=ctx.user.pk, username=ctx.user.get_username(), person_id=r.child_id, case_id=r.case_id,
                object_type="child_report", object_id=str(r.pk), action=AccessAction.LIST,
                purpose=ctx.purpose[:200], channel=ctx.channel, path=ctx.path[:300],
                protected_person=r.child.protected_identity,
            )
            for r in related
            if r.child_id != report.child_id
        )
    return related


def _visible_case_ids(user):
    from skutan.cases.models import Case

    return Case.objects.filter(case_visible_q(user=user)).values("pk")


def reports_for_case(*, case) -> list[ChildReport]:
    return list(
        ChildReport.objects.filter(case=case)
        .select_related("protection_assessment", "preliminary_assessment")
        .prefetch_related("concerns")
        .order_by("-received_at")
    )


def investigations_for_case(*, case) -> list[Investigation]:
    return list(Investigation.objects.filter(case=case).order_by("-opened_on"))


def interventions_for_case(*, case) -> list[Intervention]:
    return list(Intervention.objects.filter(case=case).prefetch_related("follow_ups").order_by("-starts_on"))


def investigation_details(*, investigation: Investigation) -> dict:
    """BBIC notes by side and area, consultations, extensions, interventions and the reports behind it."""
    notes = {n.area: n for n in investigation.bbic_notes.select_related("updated_by")}
    triangle = [
        {"code": side, "label": label, "areas": [{"area": a, "note": notes.get(a.code)} for a in areas]}
        for side, label, areas in areas_by_side()
    ]
    return {
        "triangle": triangle,
        "consultations": list(investigation.consultations.select_related("recorded_by")),
        "extensions": list(investigation.extensions.select_related("decided_by")),
        "interventions": list(investigation.interventions.prefetch_related("follow_ups")),
        "reports": list(
            ChildReport.objects.filter(preliminary_assessment__investigation=investigation)
            .prefetch_related("concerns").order_by("received_at")
        ),
    }


# --- alarms and the deadline board ---------------------------------------------------------------------


def children_unit_ids_for(*, user: User) -> set[int]:
    """The children's units the user belongs to (all of them for a superuser)."""
    from skutan.accounts.models import Unit

    qs = Unit.objects.filter(kind=UnitKind.CHILDREN)
    if not user.is_superuser:
        qs = qs.filter(pk__in=user_unit_ids(user=user))
    return set(qs.values_list("pk", flat=True))


def managed_children_unit_ids(*, user: User) -> set[int]:
    from skutan.accounts.models import Unit

    qs = Unit.objects.filter(kind=UnitKind.CHILDREN)
    if not user.is_superuser:
        qs = qs.filter(memberships__user=user, memberships__role=Role.UNIT_MANAGER)
    return set(qs.values_list("pk", flat=True))


def protection_alarm(*, unit_ids, today: date | None = None) -> list[ChildReport]:
    """Every report whose skyddsbedömning day has passed without one being documented."""
    today = today or timezone.localdate()
    return list(
        ChildReport.objects.filter(unit_id__in=unit_ids, protection_due__lt=today, protection_assessment__isnull=True)
        .select_related("child", "case", "unit")
        .order_by("received_at")
    )


def follow_ups_overdue(*, today: date | None = None, unit_ids=None, assigned_to=None) -> list[InterventionFollowUp]:
    """Planned follow-ups of active interventions whose day has passed without being done."""
    today = today or timezone.localdate()
    qs = InterventionFollowUp.objects.filter(
        done_on__isnull=True, due_on__lt=today, intervention__ended_on__isnull=True
    )
    if unit_ids is not None:
        qs = qs.filter(intervention__case__unit_id__in=unit_ids)
    if assigned_to is not None:
        qs = qs.filter(
            intervention__case__assignments__user=assigned_to, intervention__case__assignments__ended_at__isnull=True
        )
    return list(
        qs.select_related("intervention__case__person").order_by("due_on", "pk")
    )


@dataclass
class BoardRow:
    kind: str  # "protection", "preliminary", "investigation", "follow_up"
    label: str
    due: date
    status: object  # deadlines.DeadlineStatus
    case: object | None
    child_name: str
    url: str
    started: date
    report: ChildReport | None = None
    investigation: Investigation | None = None

    @property
    def assignees(self) -> list:
        return list(getattr(self.case, "current_assignments", [])) if self.case is not None else []


def _current_assignments() -> Prefetch:
    return Prefetch(
        "case__assignments",
        queryset=CaseAssignment.objects.filter(ended_at__isnull=True).select_related("user"),
        to_attr="current_assignments",
    )


BOARD_KINDS = [
    ("protection", gettext_lazy("Skyddsbedömning")),
    ("preliminary", gettext_lazy("Förhandsbedömning")),
    ("investigation", gettext_lazy("Utredning")),
    ("follow_up", gettext_lazy("Uppföljning av insats")),
    ("lvu_court", gettext_lazy("Underställning (7 § LVU)")),
    ("lvu_application", gettext_lazy("Ansökan om vård (8 § LVU)")),
    ("care_review", gettext_lazy("Övervägande eller omprövning")),
]
BOARD_SUMMARY_SIZE = 10  # the summary cards list this many rows, then link to the filtered table


class BoardFilters(RowFilters):
    """The children's board filters (skutan.core.pagination.RowFilters) with the children's kinds."""

    kinds = BOARD_KINDS


def deadline_board(*, user: User, scope: str = "auto", today: date | None = None,
                   filters: BoardFilters | None = None, page: int = 1, per_page: int | None = None) -> dict:
    """Everything with a statutory clock in the user's view: a unit manager sees the children's units
    they manage; anyone else (or a manager asking for scope "mine") sees the cases assigned to them.

    The filters narrow every list on the board (``lage`` only the table); the table is paged. A fixed number of
    queries however many rows (reports, investigations, follow-ups, workers), and one URL reversal per kind of
    row, not per row. The read is logged for the children shown."""
    from skutan.accounts.models import Unit
    from skutan.children.deadlines import FORECAST_DAYS, deadline_status
    from skutan.core.pagination import PAGE_SIZE, page_of, url_pattern

    filters = filters or BoardFilters()

    today = today or timezone.localdate()
    managed = managed_children_unit_ids(user=user) if scope != "mine" else set()
    mine = not managed
    own_units = children_unit_ids_for(user=user)

    report_qs = ChildReport.objects.filter(
        Q(protection_assessment__isnull=True) | Q(preliminary_assessment__isnull=True)
    )
    investigation_qs = Investigation.objects.filter(status=InvestigationStatus.OPEN)
    follow_up_qs = InterventionFollowUp.objects.filter(
        done_on__isnull=True, intervention__ended_on__isnull=True, due_on__lte=today + _days(FORECAST_DAYS)
    )
    if mine:
        assigned = Q(case__assignments__user=user, case__assignments__ended_at__isnull=True)
        report_qs = report_qs.filter(assigned)
        investigation_qs = investigation_qs.filter(assigned)
        follow_up_qs = follow_up_qs.filter(
            intervention__case__assignments__user=user, intervention__case__assignments__ended_at__isnull=True
        )
    else:
        report_qs = report_qs.filter(unit_id__in=managed)
        investigation_qs = investigation_qs.filter(case__unit_id__in=managed)
        follow_up_qs = follow_up_qs.filter(intervention__case__unit_id__in=managed)

    reports = list(
        report_qs.distinct().select_related(
            "child", "case__person", "case__unit", "protection_assessment", "preliminary_assessment"
        ).prefetch_related(_current_assignments())
    )
    investigations = list(
        investigation_qs.distinct().select_related("case__person", "case__unit").prefetch_related(_current_assignments())
    )
    follow_ups = list(
        follow_up_qs.distinct().select_related("intervention__case__person", "intervention__case__unit").prefetch_related(
            Prefetch(
                "intervention__case__assignments",
                queryset=CaseAssignment.objects.filter(ended_at__isnull=True).select_related("user"),
                to_attr="current_assignments",
            )
        )
    )

    report_url = url_pattern("children:report_detail", "report_id")
    investigation_url = url_pattern("children:investigation_detail", "investigation_id")
    intervention_url = url_pattern("children:intervention_detail", "intervention_id")
    rows: list[BoardRow] = []
    for r in reports:
        url = report_url.format(r.pk)
        name = r.child.full_name if r.child_id else gettext("Ej identifierat barn")
        if not hasattr(r, "protection_assessment"):
            rows.append(BoardRow("protection", gettext("Skyddsbedömning"), r.protection_due,
                                 deadline_status(r.protection_due, today), r.case, name, url, r.received_on, report=r))
        if not hasattr(r, "preliminary_assessment"):
            rows.append(BoardRow("preliminary", gettext("Förhandsbedömning"), r.preliminary_due,
                                 deadline_status(r.preliminary_due, today), r.case, name, url, r.received_on, report=r))
    for i in investigations:
        rows.append(BoardRow("investigation", gettext("Utredning"), i.due, deadline_status(i.due, today), i.case,
                             i.case.person.full_name,
                             investigation_url.format(i.pk),
                             i.opened_on, investigation=i))
    for f in follow_ups:
        case = f.intervention.case
        rows.append(BoardRow("follow_up", gettext("Uppföljning av insats (%(label)s)") % {"label": f.intervention.label}, f.due_on,
                             deadline_status(f.due_on, today), case, case.person.full_name,
                             intervention_url.format(f.intervention_id),
                             f.intervention.starts_on))
    rows.extend(_lvu_and_review_rows(user=user, mine=mine, managed=managed, today=today))
    rows.sort(key=lambda row: (row.due, row.kind, row.child_name))
    rows = [row for row in rows if filters.matches(row)]

    board_units = managed if not mine else own_units
    workers: dict[int, list[User]] = {}
    if not mine:
        for membership in (
            Membership.objects.filter(unit_id__in=managed, role=Role.CASEWORKER, user__is_active=True)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        ):
            workers.setdefault(membership.unit_id, []).append(membership.user)

    alarm = protection_alarm(unit_ids=own_units if mine else managed, today=today)
    horizon = today + _days(FORECAST_DAYS)
    late = [r for r in rows if r.status.late]
    forecast = [r for r in rows if today <= r.due <= horizon]
    follow_ups_overdue = [r for r in late if r.kind == "follow_up"]
    table = [r for r in rows if filters.in_state(r)]
    table_page = page_of(table, number=page, per_page=per_page or PAGE_SIZE,
                         keep={"vy": "mina" if scope == "mine" else "", **filters.as_query()})
    n = BOARD_SUMMARY_SIZE
    _log_board_read(user=user, rows=[*table_page.items, *late[:n], *forecast[:n], *follow_ups_overdue[:n]],
                    alarm=alarm)
    worker_choices = sorted({w.pk: w for ws in workers.values() for w in ws}.values(),
                            key=lambda w: (w.last_name, w.first_name))
    return {
        "today": today,
        "mine": mine,
        "can_manage": bool(managed_children_unit_ids(user=user)) if mine else True,
        "units": list(Unit.objects.filter(pk__in=board_units).order_by("name")),
        "rows": rows,
        "page": table_page,
        "filters": filters,
        "kinds": BOARD_KINDS,
        "worker_choices": worker_choices,
        "summary_size": n,
        "late": late,
        "forecast": forecast,
        "alarm": alarm,
        "follow_ups_overdue": follow_ups_overdue,
        "workers": workers,
        "reassign_url": url_pattern("children:board_reassign", "case_id"),
        "report_url": report_url,
        "forecast_days": FORECAST_DAYS,
        "feedback_pending": feedback_pending(unit_ids=own_units if mine else managed),
    }


def lvu_court_submission_pending_q() -> Q:
    """LVU 7 §: an omedelbart omhändertagande in force not yet submitted to förvaltningsrätten. The board and
    deadline compliance (skutan.followup) use the same stored due date."""
    return Q(kind="immediate_custody", ended_on__isnull=True, court_submitted_on__isnull=True)


def lvu_care_application_pending_q() -> Q:
    """LVU 8 §: an omedelbart omhändertagande in force whose application for care is not yet filed."""
    return Q(kind="immediate_custody", ended_on__isnull=True, care_applied_on__isnull=True)


def care_review_pending_q() -> Q:
    """A six-monthly övervägande/omprövning not yet done, while the placement or the LVU care lasts."""
    return Q(done_on__isnull=True) & (
        Q(placement__isnull=False, placement__ended_on__isnull=True)
        | Q(lvu_decision__isnull=False, lvu_decision__ended_on__isnull=True)
    )


def _lvu_and_review_rows(*, user, mine: bool, managed: set[int], today: date) -> list[BoardRow]:
    """LVU 7 § and 8 § clocks and the six-monthly considerations as board rows (a fixed number of queries)."""
    from skutan.children.deadlines import deadline_status
    from skutan.children.models import CareReview, LvuDecision
    from skutan.core.pagination import url_pattern

    overview_url = url_pattern("children:case_overview", "case_id")

    if mine:
        scope = Q(case__assignments__user=user, case__assignments__ended_at__isnull=True)
    else:
        scope = Q(case__unit_id__in=managed)
    lvu = list(
        LvuDecision.objects.filter(scope).filter(lvu_court_submission_pending_q() | lvu_care_application_pending_q())
        .distinct().select_related("case__person", "case__unit").prefetch_related(_current_assignments())
    )
    reviews = list(
        CareReview.objects.filter(scope).filter(care_review_pending_q())
        .distinct().select_related("case__person", "case__unit").prefetch_related(_current_assignments())
    )
    rows: list[BoardRow] = []
    for d in lvu:
        url = overview_url.format(d.case_id)
        name = d.case.person.full_name
        if d.court_submitted_on is None:
            rows.append(BoardRow("lvu_court", gettext("Underställning (7 § LVU)"), d.court_submission_due,
                                 deadline_status(d.court_submission_due, today), d.case, name, url, d.decided_on))
        if d.care_applied_on is None:
            rows.append(BoardRow("lvu_application", gettext("Ansökan om vård (8 § LVU)"), d.care_application_due,
                                 deadline_status(d.care_application_due, today), d.case, name, url, d.executed_on))
    for r in reviews:
        rows.append(BoardRow("care_review", r.get_kind_display(), r.due_on, deadline_status(r.due_on, today), r.case,
                             r.case.person.full_name, overview_url.format(r.case_id),
                             r.counted_from))
    return rows


def _days(n: int):
    from datetime import timedelta

    return timedelta(days=n)


def _log_board_read(*, user, rows: list[BoardRow], alarm: list[ChildReport]) -> None:
    """The board shows names of children: one list-read row per child shown, in a single insert."""
    seen: dict[int, tuple[int | None, bool]] = {}
    for row in rows:
        case = row.case
        if case is not None and case.person_id not in seen:
            seen[case.person_id] = (case.pk, case.person.protected_identity)
    for report in alarm:
        if report.child_id and report.child_id not in seen:
            seen[report.child_id] = (report.case_id, report.child.protected_identity)
    AccessLog.objects.bulk_create(
        AccessLog(
            user_id=user.pk, username=user.get_username(), person_id=person_id, case_id=case_id,
            object_type="children_board", object_id=str(case_id or ""), action=AccessAction.LIST,
            purpose="Bevakning av frister", channel="web", protected_person=protected,
        )
        for person_id, (case_id, protected) in seen.items()
    )


def user_is_children_staff(*, user) -> bool:
    if user.is_superuser:
        return True
    return bool(children_unit_ids_for(user=user)) and bool(user_roles(user=user) & {Role.CASEWORKER, Role.UNIT_MANAGER})


def children_units_for_registration(*, user: User) -> list:
    """Children's units where the user may register a report (caseworker or unit manager)."""
    from skutan.accounts.models import Unit

    qs = Unit.objects.filter(kind=UnitKind.CHILDREN)
    if not user.is_superuser:
        qs = qs.filter(
            memberships__user=user, memberships__role__in=[Role.CASEWORKER, Role.UNIT_MANAGER]
        ).distinct()
    return list(qs.order_by("name"))


def unit_for_registration(*, unit_id: int):
    """Any unit by id (not personal data); the registering service decides whether a report may go there."""
    from skutan.accounts.models import Unit

    return Unit.objects.filter(pk=unit_id).first()


EXPORT_COLUMNS = [
    ("id", "Anmälan"), ("received_at", "Inkom"), ("unit", "Enhet"), ("case", "Ärende"), ("child", "Barn"),
    ("identity_number", "Personnummer"), ("reporter_category", "Anmälarkategori"), ("reporter_name", "Anmälare"),
    ("reporter_contact", "Anmälarens kontakt"), ("reporter_confidential", "Sekretessbelagd anmälare"),
    ("concerns", "Oro"), ("protection_due", "Skyddsbedömning senast"), ("protection_done", "Skyddsbedömning gjord"),
    ("preliminary_due", "Förhandsbedömning senast"), ("outcome", "Beslut"), ("decided_on", "Beslutsdatum"),
]


def child_report_export_rows(*, ctx: AccessContext, since: date, until: date) -> list[dict]:
    """The reports received in the unit manager's children's units between two days, shaped for a CSV
    export: a confidential reporter is withheld unless the user has the right. Each child exported is
    access-logged (action export) in one insert."""
    user = ctx.user
    unit_ids = managed_children_unit_ids(user=user)
    reports = list(
        ChildReport.objects.filter(unit_id__in=unit_ids, received_on__gte=since, received_on__lte=until)
        .select_related("child", "unit", "case", "protection_assessment", "preliminary_assessment")
        .prefetch_related("concerns")
        .order_by("received_at", "pk")
    )
    rows = []
    for r in reports:
        reporter = child_report_reporter(user=user, report=r)
        protection = getattr(r, "protection_assessment", None)
        decision = getattr(r, "preliminary_assessment", None)
        rows.append({
            "id": r.pk, "received_at": timezone.localtime(r.received_at).strftime("%Y-%m-%d %H:%M"),
            "unit": r.unit.name, "case": r.case.reference if r.case_id else "",
            "child": r.child.full_name if r.child_id else "Ej identifierat barn",
            "identity_number": r.child.identity_number if r.child_id else "",
            "reporter_category": reporter["category_label"],
            "reporter_name": HIDDEN_REPORTER if reporter["identity_hidden"] else reporter["name"],
            "reporter_contact": "" if reporter["identity_hidden"] else reporter["contact"],
            "reporter_confidential": "ja" if r.reporter_confidential else "nej",
            "concerns": ", ".join(c.get_category_display() for c in r.concerns.all()),
            "protection_due": r.protection_due.isoformat(),
            "protection_done": timezone.localtime(protection.assessed_at).strftime("%Y-%m-%d %H:%M") if protection else "",
            "preliminary_due": r.preliminary_due.isoformat(),
            "outcome": decision.get_outcome_display() if decision else "",
            "decided_on": decision.decided_on.isoformat() if decision else "",
        })
    children = {r.child_id: r for r in reports if r.child_id}
    AccessLog.objects.bulk_create(
        AccessLog(
            user_id=user.pk, username=user.get_username(), person_id=child_id, case_id=r.case_id,
            object_type="child_report", object_id=str(r.pk), action=AccessAction.EXPORT, purpose=ctx.purpose,
            channel=ctx.channel, path=ctx.path[:300], protected_person=r.child.protected_identity,
        )
        for child_id, r in children.items()
    )
    return rows


# --- the child's voice, parties, placements and LVU ----------------------------------------------------

LVU_NOT_FOUND = "LVU-beslutet finns inte, eller så har du inte behörighet till det."
REVIEW_NOT_FOUND = "Övervägandet finns inte, eller så har du inte behörighet till det."
GUARDIAN_NOT_FOUND = "Vårdnadshavaren finns inte, eller så har du inte behörighet."
CONSENT_NOT_FOUND = "Samtycket finns inte, eller så har du inte behörighet."
FOSTER_HOME_NOT_FOUND = "Familjehemmet finns inte, eller så har du inte behörighet till det."


def _through_case(*, ctx: AccessContext, obj, message: str, action: str = AccessAction.VIEW):
    if obj is None:
        raise NotFoundError(message)
    try:
        obj.case = case_get_for_user(ctx=ctx, case_id=obj.case_id, action=action)
    except NotFoundError:
        raise NotFoundError(message) from None
    return obj


def lvu_decision_get_for_user(*, ctx: AccessContext, decision_id: int):
    from skutan.children.models import LvuDecision

    return _through_case(ctx=ctx, obj=LvuDecision.objects.filter(pk=decision_id).first(), message=LVU_NOT_FOUND)


def lvu_decisions_for_case(*, case) -> list:
    from skutan.children.models import LvuDecision

    return list(LvuDecision.objects.filter(case=case).prefetch_related("reviews").order_by("-decided_on", "-id"))


def care_review_get_for_user(*, ctx: AccessContext, review_id: int):
    from skutan.children.models import CareReview

    return _through_case(ctx=ctx, obj=CareReview.objects.select_related("placement", "lvu_decision")
                         .filter(pk=review_id).first(), message=REVIEW_NOT_FOUND)


def consent_get_for_user(*, ctx: AccessContext, consent_id: int):
    from skutan.children.models import Consent

    return _through_case(ctx=ctx, obj=Consent.objects.filter(pk=consent_id).first(), message=CONSENT_NOT_FOUND)


def party_notice_get_for_user(*, ctx: AccessContext, notice_id: int, action: str = AccessAction.VIEW):
    from skutan.children.models import PartyNotice

    notice = PartyNotice.objects.select_related("guardian__person").filter(pk=notice_id).first()
    return _through_case(ctx=ctx, obj=notice, message="Underrättelsen finns inte, eller så har du inte behörighet.",
                         action=action)


def guardian_get_for_case(*, case, guardian_id: int):
    """A guardian of the (already authorized) case's child."""
    from skutan.children.models import Guardian

    guardian = Guardian.objects.select_related("person").filter(pk=guardian_id, child_id=case.person_id).first()
    if guardian is None:
        raise NotFoundError(GUARDIAN_NOT_FOUND)
    return guardian


def best_interest_get_for_investigation(*, investigation, assessment_id: int | None):
    if assessment_id is None:
        return None
    assessment = investigation.best_interest_assessments.filter(pk=assessment_id).first()
    if assessment is None:
        raise NotFoundError(gettext("Bedömningen av barnets bästa finns inte i utredningen."))
    return assessment


def foster_homes_for_user(*, user) -> list:
    """The familjehem of the user's children's units (the register; members are not loaded here)."""
    from skutan.children.models import FosterHome

    return list(FosterHome.objects.filter(unit_id__in=children_unit_ids_for(user=user), ended_on__isnull=True)
                .order_by("name"))


def foster_home_get_for_user(*, ctx: AccessContext, foster_home_id: int | None):
    """A familjehem of one of the user's children's units; its members' reads are access-logged."""
    from skutan.children.models import FosterHome

    if foster_home_id is None:
        return None
    home = (FosterHome.objects.filter(pk=foster_home_id, unit_id__in=children_unit_ids_for(user=ctx.user))
            .prefetch_related("members__person").first())
    if home is None:
        raise NotFoundError(FOSTER_HOME_NOT_FOUND)
    AccessLog.objects.bulk_create(
        AccessLog(user_id=ctx.user.pk, username=ctx.user.get_username(), person_id=m.person_id,
                  object_type="foster_home", object_id=str(home.pk), action=AccessAction.VIEW,
                  purpose=ctx.purpose[:200], channel=ctx.channel, path=ctx.path[:300],
                  protected_person=m.person.protected_identity)
        for m in home.members.all()
    )
    return home


def foster_home_details(*, user, home) -> dict:
    """The register entry: members (address hidden as person_address decides) and the children placed."""
    from skutan.children.models import Placement
    from skutan.people.selectors import person_addresses

    placements = list(Placement.objects.filter(foster_home=home).select_related("case__person")
                      .order_by("-starts_on"))
    members = list(home.members.all())
    addresses = person_addresses(user=user, persons=[m.person for m in members])
    return {
        "home": home,
        "members": [{"person": m.person, "address": addresses[m.person.pk]} for m in members],
        "placed": [p for p in placements if p.is_active],
        "earlier": [p for p in placements if not p.is_active],
    }


def guardian_rows(*, user, case) -> list[dict]:
    """The child's guardians for a caseworker's view: a protected guardian's address is hidden unless the
    user may see it (person_address), and the row says so."""
    from skutan.children.models import Guardian
    from skutan.people.selectors import person_addresses

    guardians = list(Guardian.objects.filter(child_id=case.person_id).select_related("person").order_by("ended_on", "id"))
    addresses = person_addresses(user=user, persons=[g.person for g in guardians])
    return [{"guardian": g, "person": g.person, "protected": g.person.protected_identity,
             "address": addresses[g.person.pk]} for g in guardians]


def guardian_view_parties(*, case, guardian) -> list[dict]:
    """What one guardian is shown about the case's parties (a notice, a letter, a copy of the file): the child
    and the other guardians, except that a guardian with skyddade personuppgifter is never shown to another
    guardian: not the name, not the address, not that there is one."""
    from skutan.children.models import Guardian

    rows = [{"role": "Barnet", "name": case.person.full_name}]
    for other in Guardian.objects.filter(child_id=case.person_id, ended_on__isnull=True).select_related("person"):
        if other.pk == guardian.pk or other.person.protected_identity:
            continue
        rows.append({"role": other.get_kind_display(), "name": other.person.full_name,
                     "address": ", ".join(x for x in (other.person.street_address,
                                                       f"{other.person.postal_code} {other.person.city}".strip()) if x)})
    return rows


def case_children_details(*, case, today: date | None = None) -> dict:
    """Everything of the children's module on a case beyond reports and investigations: party status,
    notices, samtycken, placements, reviews and LVU decisions."""
    from skutan.children.deadlines import deadline_status
    from skutan.children.legal import reference
    from skutan.children.models import CareReview, Consent, LvuDecision, PartyNotice, Placement
    from skutan.children.parties import age_on, child_is_party

    today = today or timezone.localdate()
    reviews = list(CareReview.objects.filter(case=case).order_by("due_on", "id"))
    for r in reviews:
        r.board_status = deadline_status(r.due_on, today) if r.done_on is None else None
    lvu = list(LvuDecision.objects.filter(case=case).order_by("-decided_on", "-id"))
    for d in lvu:
        d.court_status = (deadline_status(d.court_submission_due, today)
                          if d.court_submission_due and d.court_submitted_on is None and d.in_force else None)
        d.application_status = (deadline_status(d.care_application_due, today)
                                if d.care_application_due and d.care_applied_on is None and d.in_force else None)
    born = case.person.birth_date
    return {
        "child_age": age_on(born, today),
        "child_is_party": child_is_party(born=born, on=today),
        "party_reference": reference("party_15", today),
        "notices": list(PartyNotice.objects.filter(case=case).select_related("guardian__person")),
        "consents": list(Consent.objects.filter(case=case).select_related("guardian__person", "intervention")),
        "placements": list(Placement.objects.filter(case=case).select_related("foster_home")),
        "reviews": reviews,
        "lvu_decisions": lvu,
    }


def investigation_voice(*, investigation) -> dict:
    """The conversations with the child (in the investigation and in the reports behind it), the child's
    views, the barnets-bästa assessments, and the BBIC areas still empty."""
    from skutan.children.bbic import AREAS
    from skutan.children.models import ChildConversation

    conversations = list(
        ChildConversation.objects.filter(
            Q(investigation=investigation) | Q(report__preliminary_assessment__investigation=investigation)
        ).order_by("held_on", "id")
    )
    filled = set(investigation.bbic_notes.values_list("area", flat=True))
    return {
        "conversations": conversations,
        "best_interest": list(investigation.best_interest_assessments.select_related("recorded_by")),
        "empty_areas": [a for a in AREAS if a.code not in filled],
    }


# --- reports that stay findable ------------------------------------------------------------------------


def _sibling_ids(child_id: int):
    household_ids = HouseholdMember.objects.filter(person_id=child_id, left_on__isnull=True).values("household_id")
    return HouseholdMember.objects.filter(
        household_id__in=household_ids, role=HouseholdRole.CHILD, left_on__isnull=True
    ).exclude(person_id=child_id).values_list("person_id", flat=True)


def child_pattern(*, child_id: int):
    """The pattern flag for one child (patterns.py; threshold and window from the settings)."""
    from django.conf import settings

    from skutan.children.models import PreliminaryOutcome
    from skutan.children.patterns import screened_out_pattern

    rows = ChildReport.objects.filter(child_id=child_id).values_list("received_on", "preliminary_assessment__outcome")
    return screened_out_pattern(
        [(day, outcome == PreliminaryOutcome.NO_INVESTIGATION) for day, outcome in rows],
        threshold=settings.SKUTAN_CHILDREN_PATTERN_REPORTS, months=settings.SKUTAN_CHILDREN_PATTERN_MONTHS,
    )


def child_report_timeline(*, ctx: AccessContext, child) -> dict:
    """Every report about the child and the child's siblings that the user may see, oldest first, with what
    became of it; reports about a sibling are access-logged as list reads of that sibling (one insert)."""
    user = ctx.user
    sibling_ids = list(_sibling_ids(child.pk))
    qs = ChildReport.objects.filter(Q(child_id=child.pk) | Q(child_id__in=sibling_ids))
    if not user.is_superuser:
        qs = qs.filter(Q(case__isnull=False, case__in=_visible_case_ids(user)) | Q(unit_id__in=user_unit_ids(user=user)))
    reports = list(qs.select_related("child", "preliminary_assessment__investigation")
                   .prefetch_related("concerns").order_by("received_at", "pk"))
    AccessLog.objects.bulk_create(
        AccessLog(user_id=user.pk, username=user.get_username(), person_id=r.child_id, case_id=r.case_id,
                  object_type="child_report", object_id=str(r.pk), action=AccessAction.LIST,
                  purpose=ctx.purpose[:200], channel=ctx.channel, path=ctx.path[:300],
                  protected_person=r.child.protected_identity)
        for r in reports
    )
    from django.conf import settings

    return {
        "reports": reports,
        "pattern": child_pattern(child_id=child.pk),
        "threshold": settings.SKUTAN_CHILDREN_PATTERN_REPORTS,
        "months": settings.SKUTAN_CHILDREN_PATTERN_MONTHS,
    }


def child_reports_visible_count(*, user: User, child) -> int:
    """How many reports about the child (or the child's siblings) the user may see: the person page links to
    the timeline when there are any. A count only; the timeline itself logs each report it shows."""
    from skutan.accounts.selectors import user_memberships

    if not user.is_superuser and not any(kind == UnitKind.CHILDREN for _u, _r, kind in user_memberships(user=user)):
        return 0  # from the memberships the page has already read
    qs = ChildReport.objects.filter(Q(child_id=child.pk) | Q(child_id__in=list(_sibling_ids(child.pk))))
    if not user.is_superuser:
        qs = qs.filter(Q(case__isnull=False, case__in=_visible_case_ids(user)) | Q(unit_id__in=user_unit_ids(user=user)))
    return qs.count()


def report_outcome_label(report) -> str:
    decision = getattr(report, "preliminary_assessment", None)
    if decision is None:
        return "Förhandsbedömning pågår"
    return decision.get_outcome_display()


def feedback_pending(*, unit_ids) -> list[ChildReport]:
    """Reports from a professional reporter, decided, where återkoppling is not yet documented."""
    from skutan.children.models import PROFESSIONAL_REPORTERS

    return list(
        ChildReport.objects.filter(
            unit_id__in=unit_ids, reporter_category__in=PROFESSIONAL_REPORTERS,
            preliminary_assessment__isnull=False, feedback_given_on__isnull=True, feedback_not_given_reason="",
        ).select_related("child", "preliminary_assessment").order_by("preliminary_assessment__decided_on", "pk")[:100]
    )


def reporter_feedback_letter(*, user, report) -> dict:
    """The letter to a professional reporter: only whether an investigation was opened, not opened, or is
    already in progress (never the content of the investigation)."""
    from skutan.children.legal import reference
    from skutan.children.models import PreliminaryOutcome

    decision = getattr(report, "preliminary_assessment", None)
    if decision is None:
        raise NotFoundError(gettext("Förhandsbedömningen är inte beslutad."))
    if decision.outcome == PreliminaryOutcome.OPEN_INVESTIGATION:
        investigation = decision.investigation
        earlier = investigation is not None and investigation.opened_on < decision.decided_on
        outcome = "en utredning pågår redan" if earlier else "en utredning har inletts"
    else:
        outcome = "någon utredning inleds inte"
    reporter = child_report_reporter(user=user, report=report)
    return {"report": report, "decision": decision, "outcome": outcome, "reporter": reporter,
            "reference": reference("reporter_feedback", decision.decided_on)}


def follow_up_get_for_intervention(*, intervention, follow_up_id: int) -> InterventionFollowUp:
    """A follow-up of an (already authorized) intervention."""
    follow_up = InterventionFollowUp.objects.filter(pk=follow_up_id, intervention=intervention).first()
    if follow_up is None:
        raise NotFoundError(gettext("Uppföljningen finns inte."))
    return follow_up
def intervention_follow_up_of(*, intervention: Intervention, follow_up_id: int) -> InterventionFollowUp | None:
    """A follow-up of an intervention already read through intervention_get_for_user, or None."""
    return InterventionFollowUp.objects.filter(pk=follow_up_id, intervention=intervention).first()
