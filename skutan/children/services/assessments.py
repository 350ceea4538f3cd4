"""Skyddsbedömning and förhandsbedömning of a report, with the enskilt samtal before screening out."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.db.utils import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext

from skutan.audit.catalogue import EventType
from skutan.children import delegation
from skutan.children.delegation import children_decision_delegation_check
from skutan.children.models import (
    CONCERNS_REQUIRING_CHILD_CONVERSATION,
    ChildConversation,
    ChildReport,
    Investigation,
    InvestigationStatus,
    PreliminaryAssessment,
    PreliminaryExtension,
    PreliminaryOutcome,
    ProtectionAssessment,
)
from skutan.children.services._common import (
    ALREADY_DECIDED,
    CONVERSATION_REQUIRED,
    _audit,
    _aware,
    _case_close_if_done,
    _check_day,
    _check_new_due,
    _event,
    _require_children_staff,
    _required_text,
)
from skutan.children.services.investigations import investigation_open
from skutan.core.concurrency import versioned_update
from skutan.core.errors import ApplicationError, ConflictError
from skutan.core.summaries import statistics_changed


def conversation_alone_fields(*, alone: bool, not_alone_reason: str, present: str) -> dict:
    """A conversation not held alone with the child says why, and who else was there."""
    alone = bool(alone)
    not_alone_reason = (not_alone_reason or "").strip()
    if not alone and not not_alone_reason:
        raise ApplicationError(gettext("Skriv varför samtalet inte hölls med barnet ensamt."), field="not_alone_reason")
    return {"alone": alone, "not_alone_reason": "" if alone else not_alone_reason,
            "present": (present or "").strip()}


# --- skyddsbedömning -----------------------------------------------------------------------------------


@transaction.atomic
def protection_assessment_record(
    *, actor, report: ChildReport, assessed_at: datetime, immediate_protection_needed: bool, notes: str,
    assessed_by=None,
) -> ProtectionAssessment:
    """Document the skyddsbedömning: does the child need protection right now?"""
    _require_children_staff(user=actor, unit_id=report.unit_id, case=report.case)
    if ProtectionAssessment.objects.filter(report=report).exists():
        raise ConflictError(gettext("Skyddsbedömningen är redan dokumenterad för den här anmälan."))
    if assessed_at is None:
        raise ApplicationError(gettext("Ange när skyddsbedömningen gjordes."), field="assessed_at")
    assessed_at = _aware(assessed_at)
    if assessed_at > timezone.now():
        raise ApplicationError(gettext("Skyddsbedömningen kan inte vara gjord i framtiden."), field="assessed_at")
    if assessed_at < report.received_at:
        raise ApplicationError(gettext("Skyddsbedömningen kan inte vara gjord innan anmälan kom in."), field="assessed_at")
    if immediate_protection_needed is None:
        raise ApplicationError(gettext("Ange om barnet behöver omedelbart skydd."), field="immediate_protection_needed")
    notes = _required_text(notes, field="notes", message="Skriv skyddsbedömningen.")
    try:
        with transaction.atomic():
            assessment = ProtectionAssessment.objects.create(
                report=report, assessed_at=assessed_at, assessed_by=assessed_by or actor,
                immediate_protection_needed=bool(immediate_protection_needed), notes=notes,
            )
    except IntegrityError:  # a colleague documented it at the same moment
        raise ConflictError(gettext("Skyddsbedömningen är redan dokumenterad för den här anmälan.")) from None
    on_day = timezone.localdate(assessed_at)
    data = {"report_id": report.pk, "immediate_protection_needed": assessment.immediate_protection_needed,
            "late": on_day > report.protection_due}
    _event(case=report.case, event_type="protection_assessed", actor=actor, data=data)
    _audit(EventType.PROTECTION_ASSESSMENT_RECORDED, actor=actor, obj=assessment, report=report, data=data)
    return assessment


# --- förhandsbedömning ---------------------------------------------------------------------------------


@transaction.atomic
def child_conversation_record(
    *, actor, report: ChildReport, held_on: date, held_by: str, notes: str = "", alone: bool = True,
    not_alone_reason: str = "", present: str = "",
) -> ChildConversation:
    """Document a conversation with the child during the förhandsbedömning: an enskilt samtal (without the
    guardians present), or, when not alone, why not."""
    _require_children_staff(user=actor, unit_id=report.unit_id, case=report.case)
    if held_on is None:
        raise ApplicationError(gettext("Ange datum för samtalet."), field="held_on")
    _check_day(held_on, field="held_on", label=gettext("Samtalsdatum"), not_before=report.received_on,
               before_label="dagen anmälan kom in")
    held_by = _required_text(held_by, field="held_by", message="Ange vem som höll samtalet.")
    fields = conversation_alone_fields(alone=alone, not_alone_reason=not_alone_reason, present=present)
    conversation = ChildConversation.objects.create(
        report=report, held_on=held_on, held_by=held_by, notes=(notes or "").strip(), recorded_by=actor, **fields
    )
    data = {"report_id": report.pk, "held_on": held_on.isoformat(), "alone": conversation.alone}
    _event(case=report.case, event_type="child_conversation", actor=actor, data=data)
    _audit(EventType.CHILD_CONVERSATION_RECORDED, actor=actor, obj=conversation, report=report, data=data)
    return conversation


@transaction.atomic
def preliminary_assessment_extend(
    *, actor, report: ChildReport, new_due: date, reason: str, decided_on: date | None = None
) -> PreliminaryExtension:
    """Förhandsbedömning beyond 14 days: only for synnerliga skäl, written down, to a set new date."""
    _require_children_staff(user=actor, unit_id=report.unit_id, case=report.case)
    report = ChildReport.objects.select_for_update().get(pk=report.pk)
    if PreliminaryAssessment.objects.filter(report=report).exists():
        raise ConflictError(ALREADY_DECIDED)
    reason = _required_text(reason, field="reason", message="Skriv de synnerliga skälen till förlängningen.")
    decided_on = decided_on or timezone.localdate()
    _check_day(decided_on, field="decided_on", label=gettext("Beslutsdatum"), not_before=report.received_on,
               before_label="dagen anmälan kom in")
    _check_new_due(new_due, current=report.preliminary_due)
    grant = children_decision_delegation_check(
        user=actor, decision_kind=delegation.PRELIMINARY_EXTENSION, on=decided_on, unit_id=report.unit_id,
    )
    extension = PreliminaryExtension.objects.create(
        report=report, decided_on=decided_on, decided_by=actor, reason=reason, delegation=grant.point,
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
    _require_children_staff(user=actor, unit_id=report.unit_id, case=report.case)
    report = ChildReport.objects.select_for_update(of=("self",)).select_related("case", "child").get(pk=report.pk)
    if PreliminaryAssessment.objects.filter(report=report).exists():
        raise ConflictError(ALREADY_DECIDED)
    if outcome not in PreliminaryOutcome.values:
        raise ApplicationError(
            gettext("Okänt beslut: välj open_investigation, no_investigation eller transfer."), field="outcome"
        )
    if decided_on is None:
        raise ApplicationError(gettext("Ange beslutsdatum."), field="decided_on")
    _check_day(decided_on, field="decided_on", label=gettext("Beslutsdatum"), not_before=report.received_on,
               before_label="dagen anmälan kom in")
    reason = (reason or "").strip()
    transferred_to = (transferred_to or "").strip()
    no_conversation_reason = (no_conversation_reason or "").strip()
    if outcome == PreliminaryOutcome.NO_INVESTIGATION and not reason:
        raise ApplicationError(gettext("Motivera varför utredning inte inleds."), field="reason")
    if outcome == PreliminaryOutcome.TRANSFER and not transferred_to:
        raise ApplicationError(gettext("Ange vem anmälan överlämnas till."), field="transferred_to")
    if outcome == PreliminaryOutcome.OPEN_INVESTIGATION and report.child_id is None:
        raise ApplicationError(gettext("Barnet måste vara identifierat innan en utredning inleds."), field="child")
    if conversation_held_on is not None or (conversation_held_by or "").strip():
        child_conversation_record(
            actor=actor, report=report, held_on=conversation_held_on, held_by=conversation_held_by,
            notes=conversation_notes,
        )
    closing = outcome != PreliminaryOutcome.OPEN_INVESTIGATION
    needs_conversation = set(report.concerns.values_list("category", flat=True)) & CONCERNS_REQUIRING_CHILD_CONVERSATION
    if closing and needs_conversation and not no_conversation_reason:
        if not ChildConversation.objects.filter(report=report, alone=True).exists():
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
    statistics_changed(children_units=[assessment.report.unit_id])
    return assessment


