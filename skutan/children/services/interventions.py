"""Insatser as decisions: ground, goal, period, provider, reasons, barnets bästa, delegation; follow-up."""

from __future__ import annotations

from skutan.children.services._common import *  # noqa: F403
from skutan.children.services._common import (  # noqa: F401
    _audit, _aware, _case_close_if_done, _case_refresh, _case_status, _check_day, _check_new_due,
    _children_case_for, _event, _require_children_staff, _required_text,
)
from skutan.children.services.investigations import _conclude


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


