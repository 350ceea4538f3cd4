"""Shared checks and helpers of the children's services: staff check, write check, dates, events, audit."""


from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Role, Unit
from skutan.accounts.selectors import user_has_role
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases import services as case_services
from skutan.cases.access import case_write_check
from skutan.cases.events import case_event_custom
from skutan.cases.models import ACTIVE_STATUSES, Case, CaseStatus, CaseType, OpeningKind
from skutan.children.models import (
    ChildReport,
    Intervention,
    Investigation,
    InvestigationStatus,
    LvuDecision,
)
from skutan.core.errors import AccessDeniedError, ApplicationError
from skutan.people.models import Person
from skutan.people.selectors import household_current_for_person

NOT_CHILDREN_STAFF = "Bara handläggare och enhetschefer i barn- och ungaenheten kan göra detta."
ALREADY_DECIDED = "Förhandsbedömningen är redan beslutad för den här anmälan."
CONVERSATION_REQUIRED = (
    "Anmälan gäller hedersrelaterat våld eller barnäktenskap. Innan anmälan kan läggas ned eller överlämnas "
    "måste ett enskilt samtal med barnet vara dokumenterat (datum och vem som höll det), eller skälet till att "
    "samtalet inte kunde hållas."
)

# --- shared checks -------------------------------------------------------------------------------------


def _require_children_staff(*, user, unit_id: int, case: Case | None = None) -> None:
    """A caseworker or unit manager of a children's unit; with a case, also the one write check."""
    if case is not None:
        case_write_check(user=user, case=case)
    if user.is_superuser:
        return
    if not any(user_has_role(user=user, role=r, unit_id=unit_id) for r in (Role.CASEWORKER, Role.UNIT_MANAGER)):
        raise AccessDeniedError(NOT_CHILDREN_STAFF)


def _aware(value: datetime) -> datetime:
    """A naive time is read as Swedish local time."""
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_default_timezone())
    return value


def _check_new_due(new_due: date | None, *, current: date) -> None:
    """An extension (förhandsbedömning or utredning) must move the last day later, never earlier."""
    if new_due is None or new_due <= current:
        raise ApplicationError(
            gettext(
                "Det nya datumet måste vara efter nuvarande sista dag (%(current)s)."
            ) % {"current": current.isoformat()}, field="new_due"
        )


def _check_day(value: date, *, field: str, label: str, not_before: date | None = None, before_label: str = "") -> None:
    if value > timezone.localdate():
        raise ApplicationError(gettext(
            "%(label)s kan inte ligga i framtiden."
        ) % {"label": label}, field=field)
    if not_before is not None and value < not_before:
        raise ApplicationError(gettext(
            "%(label)s kan inte vara före %(before_label)s."
        ) % {"label": label, "before_label": before_label}, field=field)


def _required_text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field)
    return value


def _case_refresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def _case_status(*, actor, case: Case, status: str) -> Case:
    """Move the case to ``status`` through the case service (its event and audit row), if it is not there."""
    case = _case_refresh(case)
    if case.status == status or not case.is_active:
        return case
    return case_services.case_status_set(actor=actor, case=case, status=status, expected_version=case.version)


def _case_has_open_work(case: Case) -> bool:
    """Undecided reports, open investigations or active interventions keep a children's case open."""
    return (
        ChildReport.objects.filter(case=case, preliminary_assessment__isnull=True).exists()
        or Investigation.objects.filter(case=case, status=InvestigationStatus.OPEN).exists()
        or Intervention.objects.filter(case=case, ended_on__isnull=True).exists()
        or LvuDecision.objects.filter(case=case, ended_on__isnull=True).exists()
    )


def _case_close_if_done(*, actor, case: Case | None, reason: str, on: date) -> None:
    if case is None:
        return
    case = _case_refresh(case)
    if not case.is_active or _case_has_open_work(case):
        return
    case_services.case_close(
        actor=actor, case=case, reason=reason[:200], expected_version=case.version, closed_on=max(on, case.opened_on)
    )


def _event(*, case: Case | None, event_type: str, actor, data: dict) -> None:
    if case is not None:
        case_event_custom(case=case, event_type=event_type, user=actor, data=data)


def _audit(event_type: EventType, *, actor, obj, report: ChildReport | None = None, case: Case | None = None,
           data: dict | None = None) -> None:
    if report is not None:
        person_id, case_id = report.child_id, report.case_id
    else:
        person_id, case_id = (case.person_id, case.pk) if case is not None else (None, None)
    audit_event_record(event_type=event_type, actor=actor, obj=obj, person_id=person_id, case_id=case_id,
                       data=data or {})


def _children_case_for(*, actor, child: Person, unit: Unit, opened_on: date, assign_to=None) -> Case:
    """The child's active children's case in the unit, or a new one opened by this report."""
    case = (
        Case.objects.filter(person=child, unit=unit, case_type=CaseType.CHILDREN, status__in=ACTIVE_STATUSES)
        .order_by("opened_on", "pk")
        .first()
    )
    if case is None:
        case = case_services.case_open(
            actor=actor, person=child, unit=unit, case_type=CaseType.CHILDREN, opening_kind=OpeningKind.REPORT,
            opened_on=opened_on, household=household_current_for_person(person=child), summary="Orosanmälan",
            assign_to=assign_to,
        )
    if case.status == CaseStatus.OPENED:
        case = _case_status(actor=actor, case=case, status=CaseStatus.ASSESSMENT)
    return case


