"""Writes for Barn och unga. Each runs in one transaction with its audit row and its case event.

The flow: a report of concern (orosanmälan) comes in → skyddsbedömning the same day → förhandsbedömning
within 14 days → an investigation (utredning) of at most four months → interventions (insatser) that are
followed up. The case (``skutan.cases``) carries the status; its changes go through the case services.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from skutan.accounts.models import Role, Unit, UnitKind
from skutan.accounts.selectors import user_has_role
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases import services as case_services
from skutan.cases.access import case_write_check
from skutan.cases.events import case_event_custom
from skutan.cases.models import ACTIVE_STATUSES, Case, CaseStatus, CaseType, OpeningKind
from skutan.children import deadlines
from skutan.children.bbic import AREA_CODES
from skutan.children.models import (
    CONCERNS_REQUIRING_CHILD_CONVERSATION,
    Agency,
    BbicNote,
    ChildConversation,
    ChildReport,
    ChildReportConcern,
    ConcernCategory,
    Consultation,
    Intervention,
    InterventionFollowUp,
    InterventionKind,
    Investigation,
    InvestigationExtension,
    InvestigationOutcome,
    InvestigationStatus,
    PreliminaryAssessment,
    PreliminaryExtension,
    PreliminaryOutcome,
    ProtectionAssessment,
    ReporterCategory,
)
from skutan.core.concurrency import versioned_update
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
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


def _require_children_staff(*, user, unit_id: int) -> None:
    if user.is_superuser:
        return
    if not any(user_has_role(user=user, role=r, unit_id=unit_id) for r in (Role.CASEWORKER, Role.UNIT_MANAGER)):
        raise AccessDeniedError(NOT_CHILDREN_STAFF)


def _require_report_write(*, actor, report: ChildReport) -> None:
    """A report before a child is linked has no case yet: the unit's children's staff handle it. Once it has
    a case, the case's one write check applies too (emergency access only reads)."""
    _require_children_staff(user=actor, unit_id=report.unit_id)
    if report.case_id is not None:
        case_write_check(user=actor, case=report.case)


def _aware(value: datetime) -> datetime:
    """A naive time is read as Swedish local time."""
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_default_timezone())
    return value


def _check_new_due(new_due: date | None, *, current: date) -> None:
    """An extension (förhandsbedömning or utredning) must move the last day later, never earlier."""
    if new_due is None or new_due <= current:
        raise ApplicationError(
            f"Det nya datumet måste vara efter nuvarande sista dag ({current.isoformat()}).", field="new_due"
        )


def _check_day(value: date, *, field: str, label: str, not_before: date | None = None, before_label: str = "") -> None:
    if value > timezone.localdate():
        raise ApplicationError(f"{label} kan inte ligga i framtiden.", field=field)
    if not_before is not None and value < not_before:
        raise ApplicationError(f"{label} kan inte vara före {before_label}.", field=field)


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


# --- reports of concern --------------------------------------------------------------------------------


def _clean_concerns(concerns: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for code in concerns or ():
        if code not in ConcernCategory.values:
            raise ApplicationError(f"Okänd kategori för oron: {code!r}.", field="concerns")
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


@transaction.atomic
def child_report_register(
    *,
    actor,
    unit: Unit,
    received_at: datetime,
    reporter_category: str,
    text: str = "",
    child: Person | None = None,
    child_description: str = "",
    concerns: Iterable[str] = (),
    reporter_name: str = "",
    reporter_contact: str = "",
    reporter_confidential: bool = False,
    assign_to=None,
) -> ChildReport:
    """Register an orosanmälan and compute its deadlines. With a known child the report joins the child's
    active children's case in the unit, or opens one (aktualisering by anmälan)."""
    if unit.kind != UnitKind.CHILDREN:
        raise ApplicationError("Orosanmälningar tas emot av en enhet för barn och unga.", field="unit")
    _require_children_staff(user=actor, unit_id=unit.pk)
    if received_at is None:
        raise ApplicationError("Ange när anmälan kom in.", field="received_at")
    received_at = _aware(received_at)
    if received_at > timezone.now():
        raise ApplicationError("Tidpunkten då anmälan kom in kan inte ligga i framtiden.", field="received_at")
    if reporter_category not in ReporterCategory.values:
        raise ApplicationError(f"Okänd anmälarkategori: {reporter_category!r}.", field="reporter_category")
    concern_codes = _clean_concerns(concerns)
    text = (text or "").strip()  # may be empty when the report is a registered document
    child_description = (child_description or "").strip()
    if child is None and not child_description:
        raise ApplicationError(
            "Ange barnet, eller beskriv barnet om det ännu inte är identifierat.", field="child"
        )
    reporter_name, reporter_contact = (reporter_name or "").strip(), (reporter_contact or "").strip()
    if reporter_category == ReporterCategory.ANONYMOUS and (reporter_name or reporter_contact):
        raise ApplicationError(
            "En anonym anmälare har inget namn eller kontaktuppgifter. Välj en annan kategori och markera "
            "anmälarens identitet som sekretessbelagd i stället.", field="reporter_name",
        )

    received_on = timezone.localdate(received_at)
    protection = deadlines.protection_deadline(received_on)
    preliminary = deadlines.preliminary_deadline(received_on)
    case = None
    if child is not None:
        case = _children_case_for(actor=actor, child=child, unit=unit, opened_on=received_on, assign_to=assign_to)
    report = ChildReport.objects.create(
        unit=unit, case=case, child=child, child_description=child_description, received_at=received_at,
        received_on=received_on, registered_by=actor, reporter_category=reporter_category,
        reporter_name=reporter_name, reporter_contact=reporter_contact,
        reporter_confidential=bool(reporter_confidential), text=text,
        protection_due=protection.due, protection_limit_source=protection.limit.source,
        preliminary_statutory_due=preliminary.due, preliminary_due=preliminary.due,
        preliminary_limit_source=preliminary.limit.source,
    )
    ChildReportConcern.objects.bulk_create(ChildReportConcern(report=report, category=c) for c in concern_codes)
    # The reporter's identity is never written to the history or the audit trail.
    data = {"report_id": report.pk, "reporter_category": reporter_category, "concerns": concern_codes,
            "preliminary_due": preliminary.due.isoformat()}
    _event(case=case, event_type="child_report_received", actor=actor, data=data)
    _audit(EventType.CHILD_REPORT_RECEIVED, actor=actor, obj=report, report=report,
           data={**data, "reporter_confidential": report.reporter_confidential, "identified": child is not None})
    return report


@transaction.atomic
def child_report_link_child(*, actor, report: ChildReport, child: Person, assign_to=None) -> ChildReport:
    """Identify the child of a report that came in about an unidentified child; the report joins the
    child's case (opened if needed)."""
    _require_report_write(actor=actor, report=report)
    report = ChildReport.objects.select_for_update().get(pk=report.pk)
    if report.child_id is not None:
        raise ConflictError("Barnet i anmälan är redan identifierat.", field="child")
    case = _children_case_for(
        actor=actor, child=child, unit=report.unit, opened_on=report.received_on, assign_to=assign_to
    )
    report = versioned_update(instance=report, expected_version=report.version, fields={"child": child, "case": case})
    _event(case=case, event_type="child_report_child_linked", actor=actor, data={"report_id": report.pk})
    _audit(EventType.CHILD_REPORT_CHILD_LINKED, actor=actor, obj=report, report=report,
           data={"report_id": report.pk})
    return report


# --- skyddsbedömning -----------------------------------------------------------------------------------


@transaction.atomic
def protection_assessment_record(
    *, actor, report: ChildReport, assessed_at: datetime, immediate_protection_needed: bool, notes: str,
    assessed_by=None,
) -> ProtectionAssessment:
    """Document the skyddsbedömning: does the child need protection right now?"""
    _require_report_write(actor=actor, report=report)
    if ProtectionAssessment.objects.filter(report=report).exists():
        raise ConflictError("Skyddsbedömningen är redan dokumenterad för den här anmälan.")
    if assessed_at is None:
        raise ApplicationError("Ange när skyddsbedömningen gjordes.", field="assessed_at")
    assessed_at = _aware(assessed_at)
    if assessed_at > timezone.now():
        raise ApplicationError("Skyddsbedömningen kan inte vara gjord i framtiden.", field="assessed_at")
    if assessed_at < report.received_at:
        raise ApplicationError("Skyddsbedömningen kan inte vara gjord innan anmälan kom in.", field="assessed_at")
    if immediate_protection_needed is None:
        raise ApplicationError("Ange om barnet behöver omedelbart skydd.", field="immediate_protection_needed")
    notes = _required_text(notes, field="notes", message="Skriv skyddsbedömningen.")
    try:
        with transaction.atomic():
            assessment = ProtectionAssessment.objects.create(
                report=report, assessed_at=assessed_at, assessed_by=assessed_by or actor,
                immediate_protection_needed=bool(immediate_protection_needed), notes=notes,
            )
    except IntegrityError:  # a colleague documented it at the same moment
        raise ConflictError("Skyddsbedömningen är redan dokumenterad för den här anmälan.") from None
    on_day = timezone.localdate(assessed_at)
    data = {"report_id": report.pk, "immediate_protection_needed": assessment.immediate_protection_needed,
            "late": on_day > report.protection_due}
    _event(case=report.case, event_type="protection_assessed", actor=actor, data=data)
    _audit(EventType.PROTECTION_ASSESSMENT_RECORDED, actor=actor, obj=assessment, report=report, data=data)
    return assessment


# --- förhandsbedömning ---------------------------------------------------------------------------------


@transaction.atomic
def child_conversation_record(
    *, actor, report: ChildReport, held_on: date, held_by: str, notes: str = ""
) -> ChildConversation:
    """Document an enskilt samtal: a conversation with the child without the guardians present."""
    _require_report_write(actor=actor, report=report)
    if held_on is None:
        raise ApplicationError("Ange datum för samtalet.", field="held_on")
    _check_day(held_on, field="held_on", label="Samtalsdatum", not_before=report.received_on,
               before_label="dagen anmälan kom in")
    held_by = _required_text(held_by, field="held_by", message="Ange vem som höll samtalet.")
    conversation = ChildConversation.objects.create(
        report=report, held_on=held_on, held_by=held_by, notes=(notes or "").strip(), recorded_by=actor
    )
    data = {"report_id": report.pk, "held_on": held_on.isoformat()}
    _event(case=report.case, event_type="child_conversation", actor=actor, data=data)
    _audit(EventType.CHILD_CONVERSATION_RECORDED, actor=actor, obj=conversation, report=report, data=data)
    return conversation


@transaction.atomic
def preliminary_assessment_extend(
    *, actor, report: ChildReport, new_due: date, reason: str, decided_on: date | None = None
) -> PreliminaryExtension:
    """Förhandsbedömning beyond 14 days: only for synnerliga skäl, written down, to a set new date."""
    _require_report_write(actor=actor, report=report)
    report = ChildReport.objects.select_for_update().get(pk=report.pk)
    if PreliminaryAssessment.objects.filter(report=report).exists():
        raise ConflictError(ALREADY_DECIDED)
    reason = _required_text(reason, field="reason", message="Skriv de synnerliga skälen till förlängningen.")
    decided_on = decided_on or timezone.localdate()
    _check_day(decided_on, field="decided_on", label="Beslutsdatum", not_before=report.received_on,
               before_label="dagen anmälan kom in")
    _check_new_due(new_due, current=report.preliminary_due)
    extension = PreliminaryExtension.objects.create(
        report=report, decided_on=decided_on, decided_by=actor, reason=reason,
        previous_due=report.preliminary_due, new_due=new_due,
    )
    versioned_update(instance=report, expected_version=report.version, fields={"preliminary_due": new_due})
    data = {"report_id": report.pk, "previous_due": extension.previous_due.isoformat(),
            "new_due": new_due.isoformat()}
    _event(case=report.case, event_type="preliminary_extended", actor=actor, data=data)
    _audit(EventType.PRELIMINARY_ASSESSMENT_EXTENDED, actor=actor, obj=extension, report=report, data=data)
    return extension


@transaction.atomic
def preliminary_assessment_decide(
    *,
    actor,
    report: ChildReport,
    outcome: str,
    decided_on: date,
    reason: str = "",
    transferred_to: str = "",
    no_conversation_reason: str = "",
    conversation_held_on: date | None = None,
    conversation_held_by: str = "",
    conversation_notes: str = "",
) -> PreliminaryAssessment:
    """Decide the förhandsbedömning. Opening an investigation starts the four-month clock (or joins the
    case's open investigation); screening out or transferring closes the case when nothing else is open.

    A conversation held with the child alone may be documented in the same step (conversation_*)."""
    _require_report_write(actor=actor, report=report)
    report = ChildReport.objects.select_for_update(of=("self",)).select_related("case", "child").get(pk=report.pk)
    if PreliminaryAssessment.objects.filter(report=report).exists():
        raise ConflictError(ALREADY_DECIDED)
    if outcome not in PreliminaryOutcome.values:
        raise ApplicationError(
            "Okänt beslut: välj open_investigation, no_investigation eller transfer.", field="outcome"
        )
    if decided_on is None:
        raise ApplicationError("Ange beslutsdatum.", field="decided_on")
    _check_day(decided_on, field="decided_on", label="Beslutsdatum", not_before=report.received_on,
               before_label="dagen anmälan kom in")
    reason = (reason or "").strip()
    transferred_to = (transferred_to or "").strip()
    no_conversation_reason = (no_conversation_reason or "").strip()
    if outcome == PreliminaryOutcome.NO_INVESTIGATION and not reason:
        raise ApplicationError("Motivera varför utredning inte inleds.", field="reason")
    if outcome == PreliminaryOutcome.TRANSFER and not transferred_to:
        raise ApplicationError("Ange vem anmälan överlämnas till.", field="transferred_to")
    if outcome == PreliminaryOutcome.OPEN_INVESTIGATION and report.child_id is None:
        raise ApplicationError("Barnet måste vara identifierat innan en utredning inleds.", field="child")
    if conversation_held_on is not None or (conversation_held_by or "").strip():
        child_conversation_record(
            actor=actor, report=report, held_on=conversation_held_on, held_by=conversation_held_by,
            notes=conversation_notes,
        )
    closing = outcome != PreliminaryOutcome.OPEN_INVESTIGATION
    needs_conversation = set(report.concerns.values_list("category", flat=True)) & CONCERNS_REQUIRING_CHILD_CONVERSATION
    if closing and needs_conversation and not no_conversation_reason:
        if not ChildConversation.objects.filter(report=report).exists():
            raise ApplicationError(CONVERSATION_REQUIRED, field="child_conversation")

    investigation = None
    if outcome == PreliminaryOutcome.OPEN_INVESTIGATION:
        investigation = Investigation.objects.filter(case=report.case, status=InvestigationStatus.OPEN).first()
        if investigation is None:
            investigation = investigation_open(actor=actor, case=report.case, opened_on=decided_on)
    try:
        with transaction.atomic():
            assessment = PreliminaryAssessment.objects.create(
                report=report, outcome=outcome, decided_on=decided_on, decided_by=actor, reason=reason,
                transferred_to=transferred_to, no_conversation_reason=no_conversation_reason,
                investigation=investigation,
            )
    except IntegrityError:
        raise ConflictError(ALREADY_DECIDED) from None
    data = {"report_id": report.pk, "outcome": outcome, "decided_on": decided_on.isoformat(),
            "late": decided_on > report.preliminary_due,
            "investigation_id": investigation.pk if investigation else None}
    _event(case=report.case, event_type="preliminary_decided", actor=actor, data=data)
    _audit(EventType.PRELIMINARY_ASSESSMENT_DECIDED, actor=actor, obj=assessment, report=report, data=data)
    if closing:
        label = "Överlämnad" if outcome == PreliminaryOutcome.TRANSFER else "Utredning inleds inte"
        _case_close_if_done(actor=actor, case=report.case, reason=f"Förhandsbedömning: {label.lower()}",
                            on=decided_on)
    return assessment


# --- utredning -----------------------------------------------------------------------------------------


@transaction.atomic
def investigation_open(*, actor, case: Case, opened_on: date) -> Investigation:
    """Open an utredning; it must be done within four months (SoL 11 kap. 2 §), moved by lag 1930:173."""
    if case is None or case.case_type != CaseType.CHILDREN:
        raise ApplicationError("En utredning hör till ett ärende om barn och unga.", field="case")
    _require_children_staff(user=actor, unit_id=case.unit_id)
    case_write_check(user=actor, case=case)
    if not case.is_active:
        raise ConflictError("Ärendet är avslutat.")
    if opened_on is None:
        raise ApplicationError("Ange datum för beslutet att inleda utredning.", field="decided_on")
    _check_day(opened_on, field="decided_on", label="Datum för att inleda utredning")
    if Investigation.objects.filter(case=case, status=InvestigationStatus.OPEN).exists():
        raise ConflictError("Det finns redan en pågående utredning i ärendet.")
    due = deadlines.investigation_deadline(opened_on)
    investigation = Investigation.objects.create(
        case=case, opened_on=opened_on, opened_by=actor, statutory_due=due.due, due=due.due,
        limit_source=due.limit.source, limit_confirmed=due.limit.confirmed,
    )
    data = {"investigation_id": investigation.pk, "opened_on": opened_on.isoformat(), "due": due.due.isoformat()}
    _event(case=case, event_type="investigation_opened", actor=actor, data=data)
    _audit(EventType.INVESTIGATION_OPENED, actor=actor, obj=investigation, case=case, data=data)
    _case_status(actor=actor, case=case, status=CaseStatus.INVESTIGATION)
    return investigation


def _require_open(investigation: Investigation) -> None:
    if investigation.status != InvestigationStatus.OPEN:
        raise ConflictError("Utredningen är avslutad.")


@transaction.atomic
def investigation_extend(
    *, actor, investigation: Investigation, new_due: date, reason: str, decided_on: date | None = None
) -> InvestigationExtension:
    """Extend the investigation by a recorded decision for särskilda skäl, to a set date."""
    _require_children_staff(user=actor, unit_id=investigation.case.unit_id)
    case_write_check(user=actor, case=investigation.case)
    investigation = Investigation.objects.select_for_update().select_related("case").get(pk=investigation.pk)
    _require_open(investigation)
    reason = _required_text(reason, field="reason", message="Skriv de särskilda skälen till förlängningen.")
    decided_on = decided_on or timezone.localdate()
    _check_day(decided_on, field="decided_on", label="Beslutsdatum", not_before=investigation.opened_on,
               before_label="dagen utredningen inleddes")
    _check_new_due(new_due, current=investigation.due)
    extension = InvestigationExtension.objects.create(
        investigation=investigation, decided_on=decided_on, decided_by=actor, reason=reason,
        previous_due=investigation.due, new_due=new_due,
    )
    versioned_update(instance=investigation, expected_version=investigation.version, fields={"due": new_due})
    data = {"investigation_id": investigation.pk, "previous_due": extension.previous_due.isoformat(),
            "new_due": new_due.isoformat()}
    _event(case=investigation.case, event_type="investigation_extended", actor=actor, data=data)
    _audit(EventType.INVESTIGATION_EXTENDED, actor=actor, obj=extension, case=investigation.case, data=data)
    return extension


def _conclude(*, actor, investigation: Investigation, outcome: str, on: date, reason: str) -> Investigation:
    investigation = versioned_update(
        instance=investigation, expected_version=investigation.version,
        fields={"status": InvestigationStatus.CONCLUDED, "outcome": outcome, "concluded_on": on,
                "conclusion_reason": reason, "concluded_by": actor},
    )
    data = {"investigation_id": investigation.pk, "outcome": outcome, "concluded_on": on.isoformat(),
            "late": on > investigation.due}
    _event(case=investigation.case, event_type="investigation_concluded", actor=actor, data=data)
    _audit(EventType.INVESTIGATION_CONCLUDED, actor=actor, obj=investigation, case=investigation.case, data=data)
    return investigation


@transaction.atomic
def investigation_close(*, actor, investigation: Investigation, closed_on: date, reason: str) -> Investigation:
    """End the investigation without interventions; the case closes when nothing else is open in it."""
    _require_children_staff(user=actor, unit_id=investigation.case.unit_id)
    case_write_check(user=actor, case=investigation.case)
    investigation = Investigation.objects.select_for_update().select_related("case").get(pk=investigation.pk)
    _require_open(investigation)
    reason = _required_text(reason, field="reason", message="Motivera varför utredningen avslutas utan insats.")
    if closed_on is None:
        raise ApplicationError("Ange datum.", field="closed_on")
    _check_day(closed_on, field="closed_on", label="Avslutsdatum", not_before=investigation.opened_on,
               before_label="dagen utredningen inleddes")
    investigation = _conclude(actor=actor, investigation=investigation, outcome=InvestigationOutcome.CLOSED,
                              on=closed_on, reason=reason)
    _case_close_if_done(actor=actor, case=investigation.case, reason="Utredning avslutad utan insats",
                        on=closed_on)
    return investigation


@transaction.atomic
def bbic_notes_save(
    *, actor, investigation: Investigation, notes: dict[str, str], expected_versions: dict[str, int] | None = None
) -> list[BbicNote]:
    """Save the investigation's text per BBIC area. Empty texts leave an area untouched; a stale
    version (someone else saved the area since it was read) is refused."""
    _require_children_staff(user=actor, unit_id=investigation.case.unit_id)
    case_write_check(user=actor, case=investigation.case)
    _require_open(investigation)
    unknown = set(notes) - AREA_CODES
    if unknown:
        raise ApplicationError(f"Okänt BBIC-område: {', '.join(sorted(unknown))}.", field="area")
    expected_versions = expected_versions or {}
    existing = {n.area: n for n in investigation.bbic_notes.all()}
    saved: list[BbicNote] = []
    now = timezone.now()
    for area, text in notes.items():
        text = (text or "").strip()
        note = existing.get(area)
        if note is None:
            if not text:
                continue
            saved.append(BbicNote.objects.create(investigation=investigation, area=area, text=text,
                                                 updated_by=actor, updated_at=now))
        elif text and text != note.text:
            version = expected_versions.get(area, note.version)
            saved.append(versioned_update(instance=note, expected_version=version,
                                          fields={"text": text, "updated_by": actor, "updated_at": now}))
    if saved:
        areas = sorted(n.area for n in saved)
        _audit(EventType.BBIC_NOTE_SAVED, actor=actor, obj=investigation, case=investigation.case,
               data={"investigation_id": investigation.pk, "areas": areas})
        _event(case=investigation.case, event_type="bbic_notes_saved", actor=actor,
               data={"investigation_id": investigation.pk, "areas": areas})
    return saved


@transaction.atomic
def consultation_record(
    *, actor, investigation: Investigation, held_on: date, agency: str, participants: str,
    agency_name: str = "", notes: str = "",
) -> Consultation:
    """Document a samråd, e.g. at Barnahus with police, prosecutor and health care."""
    _require_children_staff(user=actor, unit_id=investigation.case.unit_id)
    case_write_check(user=actor, case=investigation.case)
    _require_open(investigation)
    if agency not in Agency.values:
        raise ApplicationError(f"Okänd myndighet: {agency!r}.", field="agency")
    if held_on is None:
        raise ApplicationError("Ange datum för samrådet.", field="held_on")
    _check_day(held_on, field="held_on", label="Datum för samrådet")
    participants = _required_text(participants, field="participants", message="Ange vilka som deltog.")
    consultation = Consultation.objects.create(
        investigation=investigation, held_on=held_on, agency=agency, agency_name=(agency_name or "").strip(),
        participants=participants, notes=(notes or "").strip(), recorded_by=actor,
    )
    data = {"investigation_id": investigation.pk, "agency": agency, "held_on": held_on.isoformat()}
    _event(case=investigation.case, event_type="consultation", actor=actor, data=data)
    _audit(EventType.CONSULTATION_RECORDED, actor=actor, obj=consultation, case=investigation.case, data=data)
    return consultation


# --- insatser ------------------------------------------------------------------------------------------


def _check_follow_up_day(due_on: date, *, not_before: date) -> None:
    if due_on is None:
        raise ApplicationError("Ange datum för uppföljningen.", field="follow_up_dates")
    if due_on < not_before:
        raise ApplicationError("En uppföljning kan inte planeras före insatsens beslut.", field="follow_up_dates")


@transaction.atomic
def intervention_decide(
    *,
    actor,
    investigation: Investigation,
    kind: str,
    decided_on: date,
    starts_on: date,
    provider: str,
    ends_on: date | None = None,
    kind_other: str = "",
    follow_up_dates: Iterable[date] = (),
) -> Intervention:
    """Decide an insats as the outcome of the investigation. The first one concludes an open investigation
    and moves the case to status Insats."""
    case = investigation.case
    _require_children_staff(user=actor, unit_id=case.unit_id)
    case_write_check(user=actor, case=case)
    investigation = Investigation.objects.select_for_update().select_related("case").get(pk=investigation.pk)
    if investigation.outcome == InvestigationOutcome.CLOSED:
        raise ConflictError("Utredningen avslutades utan insats.")
    if not _case_refresh(case).is_active:
        raise ConflictError("Ärendet är avslutat.")
    if kind not in InterventionKind.values:
        raise ApplicationError(f"Okänd insats: {kind!r}.", field="kind")
    kind_other = (kind_other or "").strip()
    if kind == InterventionKind.OTHER and not kind_other:
        raise ApplicationError("Beskriv insatsen.", field="kind_other")
    provider = _required_text(provider, field="provider", message="Ange utförare.")
    if decided_on is None:
        raise ApplicationError("Ange beslutsdatum.", field="decided_on")
    _check_day(decided_on, field="decided_on", label="Beslutsdatum", not_before=investigation.opened_on,
               before_label="dagen utredningen inleddes")
    if starts_on is None:
        raise ApplicationError("Ange startdatum.", field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise ApplicationError("Slutdatum kan inte vara före startdatum.", field="ends_on")
    follow_ups = sorted(set(follow_up_dates or ()))
    for day in follow_ups:
        _check_follow_up_day(day, not_before=decided_on)
    intervention = Intervention.objects.create(
        case=case, investigation=investigation, kind=kind, kind_other=kind_other, decided_on=decided_on,
        decided_by=actor, starts_on=starts_on, ends_on=ends_on, provider=provider,
    )
    InterventionFollowUp.objects.bulk_create(InterventionFollowUp(intervention=intervention, due_on=d) for d in follow_ups)
    data = {"intervention_id": intervention.pk, "kind": kind, "starts_on": starts_on.isoformat(),
            "follow_ups": [d.isoformat() for d in follow_ups]}
    _event(case=case, event_type="intervention_decided", actor=actor, data=data)
    _audit(EventType.INTERVENTION_DECIDED, actor=actor, obj=intervention, case=case, data=data)
    if investigation.is_open:
        _conclude(actor=actor, investigation=investigation, outcome=InvestigationOutcome.INTERVENTIONS,
                  on=decided_on, reason=f"Beslut om insats: {intervention.label}")
    _case_status(actor=actor, case=case, status=CaseStatus.INTERVENTION)
    return intervention


@transaction.atomic
def intervention_follow_up_plan(*, actor, intervention: Intervention, due_on: date) -> InterventionFollowUp:
    _require_children_staff(user=actor, unit_id=intervention.case.unit_id)
    case_write_check(user=actor, case=intervention.case)
    if not intervention.is_active:
        raise ConflictError("Insatsen är avslutad.")
    _check_follow_up_day(due_on, not_before=intervention.decided_on)
    follow_up = InterventionFollowUp.objects.create(intervention=intervention, due_on=due_on)
    data = {"intervention_id": intervention.pk, "due_on": due_on.isoformat()}
    _audit(EventType.INTERVENTION_FOLLOW_UP_PLANNED, actor=actor, obj=follow_up, case=intervention.case, data=data)
    return follow_up


@transaction.atomic
def intervention_follow_up_record(
    *, actor, follow_up: InterventionFollowUp, done_on: date, notes: str
) -> InterventionFollowUp:
    """Mark a planned follow-up as done, with what it found."""
    intervention = follow_up.intervention
    _require_children_staff(user=actor, unit_id=intervention.case.unit_id)
    case_write_check(user=actor, case=intervention.case)
    if done_on is None:
        raise ApplicationError("Ange när uppföljningen gjordes.", field="done_on")
    _check_day(done_on, field="done_on", label="Datum för uppföljningen", not_before=intervention.decided_on,
               before_label="insatsens beslut")
    notes = _required_text(notes, field="notes", message="Skriv vad uppföljningen visade.")
    updated = InterventionFollowUp.objects.filter(pk=follow_up.pk, done_on__isnull=True).update(
        done_on=done_on, done_by=actor, notes=notes
    )
    if updated != 1:
        raise ConflictError("Uppföljningen är redan gjord.")
    follow_up.refresh_from_db()
    data = {"intervention_id": intervention.pk, "follow_up_id": follow_up.pk, "done_on": done_on.isoformat(),
            "late": done_on > follow_up.due_on}
    _event(case=intervention.case, event_type="intervention_followed_up", actor=actor, data=data)
    _audit(EventType.INTERVENTION_FOLLOW_UP_DONE, actor=actor, obj=follow_up, case=intervention.case, data=data)
    return follow_up


@transaction.atomic
def intervention_end(*, actor, intervention: Intervention, ended_on: date, reason: str) -> Intervention:
    """End an insats; the case closes when nothing else is open in it."""
    _require_children_staff(user=actor, unit_id=intervention.case.unit_id)
    case_write_check(user=actor, case=intervention.case)
    if not intervention.is_active:
        raise ConflictError("Insatsen är redan avslutad.")
    reason = _required_text(reason, field="reason", message="Ange varför insatsen avslutas.")
    if ended_on is None:
        raise ApplicationError("Ange datum.", field="ended_on")
    _check_day(ended_on, field="ended_on", label="Avslutsdatum", not_before=intervention.decided_on,
               before_label="insatsens beslut")
    intervention = versioned_update(
        instance=intervention, expected_version=intervention.version,
        fields={"ended_on": ended_on, "end_reason": reason},
    )
    data = {"intervention_id": intervention.pk, "ended_on": ended_on.isoformat()}
    _event(case=intervention.case, event_type="intervention_ended", actor=actor, data=data)
    _audit(EventType.INTERVENTION_ENDED, actor=actor, obj=intervention, case=intervention.case, data=data)
    _case_close_if_done(actor=actor, case=intervention.case, reason="Insatserna är avslutade", on=ended_on)
    return intervention

