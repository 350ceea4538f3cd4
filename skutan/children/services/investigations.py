"""The utredning: opening, extension (with the delegation check), BBIC notes, samråd, closing."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.audit.catalogue import EventType
from skutan.cases.models import Case, CaseStatus, CaseType
from skutan.children import deadlines, delegation
from skutan.children.bbic import AREA_CODES
from skutan.children.delegation import children_decision_delegation_check
from skutan.children.models import (
    Agency,
    BbicNote,
    Consultation,
    Investigation,
    InvestigationExtension,
    InvestigationOutcome,
    InvestigationStatus,
)
from skutan.children.services._common import (
    _audit,
    _case_close_if_done,
    _case_status,
    _check_day,
    _check_new_due,
    _event,
    _require_children_staff,
    _required_text,
)
from skutan.core.concurrency import versioned_update
from skutan.core.errors import ApplicationError, ConflictError

# --- utredning -----------------------------------------------------------------------------------------


@transaction.atomic
def investigation_open(*, actor, case: Case, opened_on: date) -> Investigation:
    """Open an utredning; it must be done within four months (SoL 11 kap. 2 §), moved by lag 1930:173."""
    if case is None or case.case_type != CaseType.CHILDREN:
        raise ApplicationError(gettext("En utredning hör till ett ärende om barn och unga."), field="case")
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)
    if not case.is_active:
        raise ConflictError(gettext("Ärendet är avslutat."))
    if opened_on is None:
        raise ApplicationError(gettext("Ange datum för beslutet att inleda utredning."), field="decided_on")
    _check_day(opened_on, field="decided_on", label=gettext("Datum för att inleda utredning"))
    if Investigation.objects.filter(case=case, status=InvestigationStatus.OPEN).exists():
        raise ConflictError(gettext("Det finns redan en pågående utredning i ärendet."))
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
        raise ConflictError(gettext("Utredningen är avslutad."))


@transaction.atomic
def investigation_extend(
    *, actor, investigation: Investigation, new_due: date, reason: str, decided_on: date | None = None
) -> InvestigationExtension:
    """Extend the investigation by a recorded decision for särskilda skäl, to a set date."""
    _require_children_staff(user=actor, unit_id=investigation.case.unit_id, case=investigation.case)
    investigation = Investigation.objects.select_for_update().select_related("case").get(pk=investigation.pk)
    _require_open(investigation)
    reason = _required_text(reason, field="reason", message="Skriv de särskilda skälen till förlängningen.")
    decided_on = decided_on or timezone.localdate()
    _check_day(decided_on, field="decided_on", label=gettext("Beslutsdatum"), not_before=investigation.opened_on,
               before_label="dagen utredningen inleddes")
    _check_new_due(new_due, current=investigation.due)
    grant = children_decision_delegation_check(
        user=actor, decision_kind=delegation.INVESTIGATION_EXTENSION, on=decided_on,
        unit_id=investigation.case.unit_id,
    )
    extension = InvestigationExtension.objects.create(
        investigation=investigation, decided_on=decided_on, decided_by=actor, reason=reason, delegation=grant.point,
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
    _require_children_staff(user=actor, unit_id=investigation.case.unit_id, case=investigation.case)
    investigation = Investigation.objects.select_for_update().select_related("case").get(pk=investigation.pk)
    _require_open(investigation)
    reason = _required_text(reason, field="reason", message="Motivera varför utredningen avslutas utan insats.")
    if closed_on is None:
        raise ApplicationError(gettext("Ange datum."), field="closed_on")
    _check_day(closed_on, field="closed_on", label=gettext("Avslutsdatum"), not_before=investigation.opened_on,
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
    _require_children_staff(user=actor, unit_id=investigation.case.unit_id, case=investigation.case)
    _require_open(investigation)
    unknown = set(notes) - AREA_CODES
    if unknown:
        raise ApplicationError(gettext(
            "Okänt BBIC-område: %(unknown)s."
        ) % {"unknown": ', '.join(sorted(unknown))}, field="area")
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
    _require_children_staff(user=actor, unit_id=investigation.case.unit_id, case=investigation.case)
    _require_open(investigation)
    if agency not in Agency.values:
        raise ApplicationError(gettext(
            "Okänd myndighet: %(agency)s."
        ) % {"agency": repr(agency)}, field="agency")
    if held_on is None:
        raise ApplicationError(gettext("Ange datum för samrådet."), field="held_on")
    _check_day(held_on, field="held_on", label=gettext("Datum för samrådet"))
    participants = _required_text(participants, field="participants", message="Ange vilka som deltog.")
    consultation = Consultation.objects.create(
        investigation=investigation, held_on=held_on, agency=agency, agency_name=(agency_name or "").strip(),
        participants=participants, notes=(notes or "").strip(), recorded_by=actor,
    )
    data = {"investigation_id": investigation.pk, "agency": agency, "held_on": held_on.isoformat()}
    _event(case=investigation.case, event_type="consultation", actor=actor, data=data)
    _audit(EventType.CONSULTATION_RECORDED, actor=actor, obj=consultation, case=investigation.case, data=data)
    return consultation


