"""LVU (lag 1990:52): omedelbart omhändertagande (6 §) with its 7 § and 8 § clocks, care under 2 § or 3 §
with its six-monthly 13 § clock, and the end of care. Each due date is stored with its source."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.audit.catalogue import EventType
from skutan.cases.models import Case, CaseType
from skutan.children import deadlines
from skutan.children.models import CareReview, LvuDecision, LvuGrounds, LvuKind, ReviewKind
from skutan.children.services._common import (
    _audit,
    _case_close_if_done,
    _event,
    _require_children_staff,
    _required_text,
)
from skutan.children.services.placements import care_review_schedule
from skutan.core.errors import ApplicationError, ConflictError

CUSTODY_IN_FORCE = "Det finns redan ett omedelbart omhändertagande i kraft i ärendet."
CARE_IN_FORCE = "Det finns redan vård enligt LVU i kraft i ärendet."


def _check_date(value: date | None, *, field: str, label: str) -> date:
    if value is None:
        raise ApplicationError(f"Ange {label}.", field=field)
    if value > timezone.localdate():
        raise ApplicationError(gettext(
            "%(label)s kan inte ligga i framtiden."
        ) % {"label": label[0].upper() + label[1:]}, field=field)
    return value


@transaction.atomic
def lvu_decision_register(
    *, actor, case: Case, kind: str, decided_on: date, executed_on: date, grounds: str, reasons: str,
    decided_by_text: str = "",
) -> LvuDecision:
    """Register an LVU decision on a children's case.

    ``immediate_custody``: an omedelbart omhändertagande (6 §) decided on ``decided_on`` and carried out on
    ``executed_on``; its underställning is due within one week of the decision (7 §) and the application for
    care within four weeks of the execution (8 §). ``care``: care under 2 § or 3 § that began on
    ``executed_on``; it ends an omhändertagande in force and starts the 13 § clock. A second decision of the
    same kind in force on the case is refused (409)."""
    if case is None:
        raise ApplicationError(gettext("Ett LVU-beslut hör till ett ärende om barn och unga."), field="case")
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)  # access first, then the rules
    if case.case_type != CaseType.CHILDREN:
        raise ApplicationError(gettext("Ett LVU-beslut hör till ett ärende om barn och unga."), field="case")
    if not case.is_active:
        raise ConflictError(gettext("Ärendet är avslutat."))
    if kind not in LvuKind.values:
        raise ApplicationError(gettext("Okänt slag av LVU-beslut: välj immediate_custody eller care."), field="kind")
    if grounds not in LvuGrounds.values:
        raise ApplicationError(gettext("Ange grund: 2 § eller 3 §."), field="grounds")
    decided_on = _check_date(decided_on, field="decided_on", label=gettext("beslutsdatum"))
    label = "dagen beslutet verkställdes" if kind == LvuKind.IMMEDIATE_CUSTODY else "dagen vården började"
    executed_on = _check_date(executed_on, field="executed_on", label=label)
    if executed_on < decided_on:
        raise ApplicationError(gettext("Beslutet kan inte ha verkställts före beslutsdagen."), field="executed_on")
    reasons = _required_text(reasons, field="reasons", message="Skriv skälen för beslutet.")
    in_force = LvuDecision.objects.select_for_update().filter(case=case, ended_on__isnull=True)
    if kind == LvuKind.IMMEDIATE_CUSTODY and in_force.filter(kind=LvuKind.IMMEDIATE_CUSTODY).exists():
        raise ConflictError(CUSTODY_IN_FORCE)
    if in_force.filter(kind=LvuKind.CARE).exists():
        raise ConflictError(CARE_IN_FORCE)
    moved = deadlines.lvu_next_weekday_rule()
    fields: dict = {}
    if kind == LvuKind.IMMEDIATE_CUSTODY:
        court = deadlines.lvu_court_submission_deadline(decided_on)
        application = deadlines.lvu_care_application_deadline(executed_on)
        fields = {
            "court_submission_due": court.due, "court_submission_source": court.limit.source,
            "care_application_due": application.due, "care_application_source": application.limit.source,
        }
    decision = LvuDecision.objects.create(
        case=case, kind=kind, grounds=grounds, decided_on=decided_on, executed_on=executed_on, reasons=reasons,
        decided_by_text=(decided_by_text or "").strip()[:200], recorded_by=actor,
        moved_by_next_weekday_rule=moved, **fields,
    )
    review = None
    if kind == LvuKind.CARE:
        for custody in in_force.filter(kind=LvuKind.IMMEDIATE_CUSTODY):
            custody.ended_on = executed_on
            custody.end_reason = "Ersatt av vård enligt LVU"
            custody.save(update_fields=["ended_on", "end_reason"])
        review_kind = ReviewKind.LVU_CONSIDERATION if grounds == LvuGrounds.HOME else ReviewKind.LVU_RECONSIDERATION
        review = care_review_schedule(case=case, kind=review_kind, counted_from=executed_on, lvu_decision=decision)
    data = {
        "lvu_decision_id": decision.pk, "kind": kind, "grounds": grounds, "decided_on": decided_on.isoformat(),
        "executed_on": executed_on.isoformat(),
        "court_submission_due": decision.court_submission_due.isoformat() if decision.court_submission_due else None,
        "care_application_due": decision.care_application_due.isoformat() if decision.care_application_due else None,
        "review_due": review.due_on.isoformat() if review else None, "next_weekday_rule": moved,
    }
    _event(case=case, event_type="lvu_decision", actor=actor, data=data)
    _audit(EventType.LVU_DECISION_REGISTERED, actor=actor, obj=decision, case=case, data=data)
    return decision


def _custody(decision: LvuDecision) -> LvuDecision:
    decision = LvuDecision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    if decision.kind != LvuKind.IMMEDIATE_CUSTODY:
        raise ApplicationError(gettext("Gäller bara ett omedelbart omhändertagande."), field="kind")
    return decision


@transaction.atomic
def lvu_court_submission_record(*, actor, decision: LvuDecision, submitted_on: date) -> LvuDecision:
    """The omedelbart omhändertagande was submitted (underställt) to förvaltningsrätten (7 §)."""
    _require_children_staff(user=actor, unit_id=decision.case.unit_id, case=decision.case)
    decision = _custody(decision)
    if decision.court_submitted_on is not None:
        raise ConflictError(gettext("Underställningen är redan registrerad."))
    submitted_on = _check_date(submitted_on, field="submitted_on", label=gettext("datum för underställningen"))
    if submitted_on < decision.decided_on:
        raise ApplicationError(gettext("Underställningen kan inte vara före beslutet."), field="submitted_on")
    decision.court_submitted_on = submitted_on
    decision.save(update_fields=["court_submitted_on"])
    data = {"lvu_decision_id": decision.pk, "submitted_on": submitted_on.isoformat(),
            "late": submitted_on > decision.court_submission_due}
    _event(case=decision.case, event_type="lvu_court_submitted", actor=actor, data=data)
    _audit(EventType.LVU_COURT_SUBMITTED, actor=actor, obj=decision, case=decision.case, data=data)
    return decision


@transaction.atomic
def lvu_care_application_record(*, actor, decision: LvuDecision, applied_on: date) -> LvuDecision:
    """The application for care reached förvaltningsrätten (8 §)."""
    _require_children_staff(user=actor, unit_id=decision.case.unit_id, case=decision.case)
    decision = _custody(decision)
    if decision.care_applied_on is not None:
        raise ConflictError(gettext("Ansökan om vård är redan registrerad."))
    applied_on = _check_date(applied_on, field="applied_on", label=gettext("datum för ansökan"))
    if applied_on < decision.decided_on:
        raise ApplicationError(gettext("Ansökan kan inte vara före beslutet om omhändertagande."), field="applied_on")
    decision.care_applied_on = applied_on
    decision.save(update_fields=["care_applied_on"])
    data = {"lvu_decision_id": decision.pk, "applied_on": applied_on.isoformat(),
            "late": applied_on > decision.care_application_due}
    _event(case=decision.case, event_type="lvu_care_applied", actor=actor, data=data)
    _audit(EventType.LVU_CARE_APPLIED, actor=actor, obj=decision, case=decision.case, data=data)
    return decision


@transaction.atomic
def lvu_care_application_extend(*, actor, decision: LvuDecision, new_due: date, reason: str) -> LvuDecision:
    """Förvaltningsrätten extended the time for the application for care (8 §): a later last day."""
    _require_children_staff(user=actor, unit_id=decision.case.unit_id, case=decision.case)
    decision = _custody(decision)
    if decision.care_applied_on is not None:
        raise ConflictError(gettext("Ansökan om vård är redan inlämnad."))
    if new_due is None or new_due <= decision.care_application_due:
        raise ApplicationError(
            gettext(
                "Den nya sista dagen måste vara efter %(care_application_due)s."
            ) % {"care_application_due": decision.care_application_due.isoformat()}, field="new_due"
        )
    reason = _required_text(reason, field="reason", message="Ange rättens beslut om förlängning.")
    previous = decision.care_application_due
    decision.care_application_due = new_due
    decision.care_application_extended_by_court = reason
    decision.save(update_fields=["care_application_due", "care_application_extended_by_court"])
    data = {"lvu_decision_id": decision.pk, "previous_due": previous.isoformat(), "new_due": new_due.isoformat()}
    _event(case=decision.case, event_type="lvu_care_application_extended", actor=actor, data=data)
    _audit(EventType.LVU_CARE_APPLICATION_EXTENDED, actor=actor, obj=decision, case=decision.case, data=data)
    return decision


@transaction.atomic
def lvu_decision_end(*, actor, decision: LvuDecision, ended_on: date, reason: str) -> LvuDecision:
    """The omhändertagande or the care ends (e.g. vården upphör); its open clocks leave the board."""
    _require_children_staff(user=actor, unit_id=decision.case.unit_id, case=decision.case)
    decision = LvuDecision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    if decision.ended_on is not None:
        raise ConflictError(gettext("Beslutet har redan upphört."))
    ended_on = _check_date(ended_on, field="ended_on", label=gettext("datum"))
    if ended_on < decision.decided_on:
        raise ApplicationError(gettext("Ett beslut kan inte upphöra före beslutsdagen."), field="ended_on")
    reason = _required_text(reason, field="reason", message="Skriv varför beslutet upphör.")
    decision.ended_on, decision.end_reason = ended_on, reason
    decision.save(update_fields=["ended_on", "end_reason"])
    CareReview.objects.filter(lvu_decision=decision, done_on__isnull=True).delete()  # no care left to consider
    data = {"lvu_decision_id": decision.pk, "ended_on": ended_on.isoformat()}
    _event(case=decision.case, event_type="lvu_ended", actor=actor, data=data)
    _audit(EventType.LVU_DECISION_ENDED, actor=actor, obj=decision, case=decision.case, data=data)
    _case_close_if_done(actor=actor, case=decision.case, reason="Vården enligt LVU har upphört", on=ended_on)
    return decision
