"""Reads for Barn och unga. Fetches for a request authorize and access-log through the case selectors;
output shaping hides a confidential reporter from users without ``accounts.view_reporter_identity``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from skutan.accounts.models import Membership, Role, UnitKind, User
from skutan.accounts.selectors import user_roles, user_unit_ids
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


def intervention_get_for_user(*, ctx: AccessContext, intervention_id: int) -> Intervention:
    intervention = Intervention.objects.select_related("investigation", "decided_by").filter(pk=intervention_id).first()
    if intervention is None:
        raise NotFoundError(INTERVENTION_NOT_FOUND)
    try:
        intervention.case = case_get_for_user(ctx=ctx, case_id=intervention.case_id)
    except NotFoundError:
        raise NotFoundError(INTERVENTION_NOT_FOUND) from None
    return intervention


# --- the reporter's identity ---------------------------------------------------------------------------


def user_can_see_reporter_identity(*, user) -> bool:
    return user.is_authenticated and user.has_perm("accounts.view_reporter_identity")


def reporter_identity_visible(*, user, report: ChildReport) -> bool:
    return not report.reporter_confidential or user_can_see_reporter_identity(user=user)


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


def deadline_board(*, user: User, scope: str = "auto", today: date | None = None) -> dict:
    """Everything with a statutory clock in the user's view: a unit manager sees the children's units
    they manage; anyone else (or a manager asking for scope "mine") sees the cases assigned to them.

    A fixed number of queries however many rows (reports, investigations, follow-ups, workers)."""
    from django.urls import reverse

    from skutan.accounts.models import Unit
    from skutan.children.deadlines import FORECAST_DAYS, deadline_status

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

    rows: list[BoardRow] = []
    for r in reports:
        url = reverse("children:report_detail", kwargs={"report_id": r.pk})
        name = r.child.full_name if r.child_id else "Ej identifierat barn"
        if not hasattr(r, "protection_assessment"):
            rows.append(BoardRow("protection", "Skyddsbedömning", r.protection_due,
                                 deadline_status(r.protection_due, today), r.case, name, url, r.received_on, report=r))
        if not hasattr(r, "preliminary_assessment"):
            rows.append(BoardRow("preliminary", "Förhandsbedömning", r.preliminary_due,
                                 deadline_status(r.preliminary_due, today), r.case, name, url, r.received_on, report=r))
    for i in investigations:
        rows.append(BoardRow("investigation", "Utredning", i.due, deadline_status(i.due, today), i.case,
                             i.case.person.full_name,
                             reverse("children:investigation_detail", kwargs={"investigation_id": i.pk}),
                             i.opened_on, investigation=i))
    for f in follow_ups:
        case = f.intervention.case
        rows.append(BoardRow("follow_up", f"Uppföljning av insats ({f.intervention.label})", f.due_on,
                             deadline_status(f.due_on, today), case, case.person.full_name,
                             reverse("children:intervention_detail", kwargs={"intervention_id": f.intervention_id}),
                             f.intervention.starts_on))
    rows.sort(key=lambda row: (row.due, row.kind, row.child_name))

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
    _log_board_read(user=user, rows=rows, alarm=alarm)
    horizon = today + _days(FORECAST_DAYS)
    return {
        "today": today,
        "mine": mine,
        "can_manage": bool(managed_children_unit_ids(user=user)) if mine else True,
        "units": list(Unit.objects.filter(pk__in=board_units).order_by("name")),
        "rows": rows,
        "late": [r for r in rows if r.status.late],
        "forecast": [r for r in rows if today <= r.due <= horizon],
        "alarm": alarm,
        "follow_ups_overdue": [r for r in rows if r.kind == "follow_up" and r.status.late],
        "workers": workers,
        "forecast_days": FORECAST_DAYS,
    }


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


def intervention_follow_up_of(*, intervention: Intervention, follow_up_id: int) -> InterventionFollowUp | None:
    """A follow-up of an intervention already read through intervention_get_for_user, or None."""
    return InterventionFollowUp.objects.filter(pk=follow_up_id, intervention=intervention).first()
