"""Överklagande of an EB decision: registered with the day it came in, rättidsprövat, dismissed if late,
otherwise omprövat first and then sent to förvaltningsrätten with the nämnd's yttrande; the judgement and
what follows from it are recorded (förvaltningslagen 2017:900 43–46 §§, DOMAIN.md §6)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.assistance.appeal_rules import appeal_timeliness
from skutan.assistance.models import Decision
from skutan.assistance.models_decisions import (
    Appeal,
    AppealStatus,
    DecisionRevision,
    JudgementOutcome,
    OneOffDecision,
    ReceivedBasis,
    RevisionKind,
)
from skutan.assistance.services_common import delegation_require, eb_case_check, text_require
from skutan.assistance.services_revisions import decision_amount_in_force, decision_revise
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases.events import case_event_custom
from skutan.core.errors import ApplicationError, ConflictError

NOT_APPEALABLE = (
    "Beslut om bistånd utöver (frivilligt bistånd) kan inte överklagas genom förvaltningsbesvär, bara prövas "
    "genom laglighetsprövning, som den enskilde begär direkt hos förvaltningsrätten. Registrera skrivelsen i "
    "journalen och informera den enskilde."
)


def _decided_on(decision) -> date:
    return timezone.localdate(decision.decided_at)


def _locked(appeal: Appeal, expected_version: int | None) -> Appeal:
    current = Appeal.objects.select_for_update().select_related("case").get(pk=appeal.pk)
    if expected_version is not None and current.version != expected_version:
        from skutan.core.concurrency import STALE_MESSAGE

        raise ConflictError(STALE_MESSAGE, field="version")
    return current


def _save(appeal: Appeal, fields: list[str]) -> None:
    appeal.version += 1
    appeal.save(update_fields=[*fields, "version"])


@transaction.atomic
def appeal_register(
    *,
    actor,
    decision: Decision | OneOffDecision,
    received_on: date,
    decision_received_basis: str,
    decision_received_on: date | None = None,
    content: str = "",
) -> Appeal:
    """Register an incoming appeal and check that it came in time (rättidsprövning)."""
    case = decision.case
    eb_case_check(actor=actor, case=case)
    if isinstance(decision, OneOffDecision) and not decision.appealable:
        raise ConflictError(NOT_APPEALABLE, field="decision")
    today = timezone.localdate()
    decided_on = _decided_on(decision)
    if received_on is None:
        raise ApplicationError(gettext("Ange dagen då överklagandet kom in."), field="received_on")
    if received_on > today:
        raise ApplicationError(gettext("Dagen då överklagandet kom in kan inte ligga i framtiden."), field="received_on")
    if received_on < decided_on:
        raise ApplicationError(gettext("Överklagandet kan inte ha kommit in före beslutet."), field="received_on")
    if decision_received_basis not in ReceivedBasis.values:
        raise ApplicationError(gettext("Ange hur dagen då beslutet togs emot är känd."), field="decision_received_basis")
    if decision_received_basis == ReceivedBasis.UNKNOWN:
        decision_received_on = None
    else:
        if decision_received_on is None:
            raise ApplicationError(
                gettext("Ange dagen då den enskilde fick del av beslutet, eller välj att dagen inte kan visas."),
                field="decision_received_on",
            )
        if not decided_on <= decision_received_on <= received_on:
            raise ApplicationError(
                gettext("Dagen då den enskilde fick del av beslutet ligger mellan beslutsdagen och dagen då "
                "överklagandet kom in."),
                field="decision_received_on",
            )
    timeliness = appeal_timeliness(decision_received_on=decision_received_on, appeal_received_on=received_on)
    appeal = Appeal.objects.create(
        case=case, decision=decision if isinstance(decision, Decision) else None,
        one_off=decision if isinstance(decision, OneOffDecision) else None, appellant=decision.payee,
        received_on=received_on, decision_received_on=decision_received_on,
        decision_received_basis=decision_received_basis, last_day=timeliness.last_day,
        last_day_moved_because=", ".join(timeliness.moved_because)[:200], in_time=timeliness.in_time,
        content=(content or "").strip(), registered_by=actor, registered_at=timezone.now(),
        # In time: omprövning comes next. Late: waits for the avvisning decision (appeal_dismiss).
        status=AppealStatus.IN_TIME if timeliness.in_time else AppealStatus.RECEIVED,
    )
    audit_event_record(
        event_type=EventType.ASSISTANCE_APPEAL_REGISTERED, actor=actor, obj=appeal, person_id=case.person_id,
        case_id=case.pk,
        data={"received_on": received_on.isoformat(),
              "decision_received_on": decision_received_on.isoformat() if decision_received_on else None,
              "basis": decision_received_basis,
              "last_day": timeliness.last_day.isoformat() if timeliness.last_day else None,
              "in_time": timeliness.in_time, "decision_id": appeal.decision_id, "one_off_id": appeal.one_off_id},
    )
    case_event_custom(
        case=case, event_type="assistance_appeal_registered", user=actor,
        data={"appeal_id": appeal.pk, "in_time": timeliness.in_time, "received_on": received_on.isoformat()},
    )
    return appeal


@transaction.atomic
def appeal_dismiss(*, actor, appeal: Appeal, reasons: str, expected_version: int | None = None) -> Appeal:
    """Avvisning: an appeal that came in late is dismissed by a decision (förvaltningslagen 45 §)."""
    eb_case_check(actor=actor, case=appeal.case)  # access first, then the version
    appeal = _locked(appeal, expected_version)
    if appeal.in_time:
        raise ConflictError(
            gettext("Överklagandet kom in i rätt tid och kan inte avvisas som för sent. Ompröva beslutet och "
            "överlämna överklagandet till förvaltningsrätten."),
            field="status",
        )
    if appeal.status != AppealStatus.RECEIVED:
        raise ConflictError(gettext("Överklagandet är redan avvisat."), field="status")
    delegation_require(actor=actor, case=appeal.case, amount=0)
    appeal.status, appeal.dismissed_by, appeal.dismissed_at = AppealStatus.DISMISSED, actor, timezone.now()
    appeal.dismissal_reasons = text_require(reasons, field="reasons", message="Skriv skälen för avvisningen.")
    _save(appeal, ["status", "dismissed_by", "dismissed_at", "dismissal_reasons"])
    audit_event_record(
        event_type=EventType.ASSISTANCE_APPEAL_DISMISSED, actor=actor, obj=appeal, person_id=appeal.case.person_id,
        case_id=appeal.case_id, data={"last_day": appeal.last_day.isoformat() if appeal.last_day else None,
                                      "received_on": appeal.received_on.isoformat()},
    )
    case_event_custom(case=appeal.case, event_type="assistance_appeal_dismissed", user=actor,
                      data={"appeal_id": appeal.pk})
    return appeal


@transaction.atomic
def appeal_reconsider(
    *,
    actor,
    appeal: Appeal,
    note: str,
    new_amount: Any = None,
    fully_as_requested: bool = False,
    reasons: str = "",
    expected_version: int | None = None,
) -> tuple[Appeal, DecisionRevision | None]:
    """The nämnd's omprövning of the appealed decision (förvaltningslagen 37–39 §§, 46 §).

    Without ``new_amount`` the decision stands and the appeal goes on to the court. With it, the change is a
    new decision (DecisionRevision, linked to the appeal); if it changes the decision fully as the person asked,
    the appeal lapses (förfaller), otherwise it still goes to the court.
    """
    eb_case_check(actor=actor, case=appeal.case)  # access first, then the version
    appeal = _locked(appeal, expected_version)
    if appeal.status != AppealStatus.IN_TIME or appeal.reconsidered_at is not None:
        raise ConflictError(gettext("Bara ett överklagande i rätt tid som inte redan omprövats kan omprövas."), field="status")
    appeal.reconsideration_note = text_require(note, field="note", message="Skriv vad omprövningen kom fram till.")
    revision = None
    if new_amount not in (None, ""):
        revision = decision_revise(
            actor=actor, decision=appeal.appealed, kind=RevisionKind.RECONSIDERATION, amount=new_amount,
            reasons=reasons or note, appeal=appeal,
        )
        if fully_as_requested:
            appeal.status = AppealStatus.CHANGED
    appeal.reconsidered_by, appeal.reconsidered_at = actor, timezone.now()
    _save(appeal, ["status", "reconsideration_note", "reconsidered_by", "reconsidered_at"])
    audit_event_record(
        event_type=EventType.ASSISTANCE_APPEAL_RECONSIDERED, actor=actor, obj=appeal,
        person_id=appeal.case.person_id, case_id=appeal.case_id,
        data={"changed": revision is not None, "revision_id": revision.pk if revision else None,
              "lapsed": appeal.status == AppealStatus.CHANGED},
    )
    return appeal, revision


@transaction.atomic
def appeal_send_to_court(
    *, actor, appeal: Appeal, court: str, statement: str, sent_on: date | None = None,
    expected_version: int | None = None,
) -> Appeal:
    """Send the appeal and the documents to förvaltningsrätten with the nämnd's yttrande (46 §)."""
    eb_case_check(actor=actor, case=appeal.case)  # access first, then the version
    appeal = _locked(appeal, expected_version)
    if appeal.status != AppealStatus.IN_TIME:
        raise ConflictError(
            gettext("Bara ett överklagande som kommit in i rätt tid och inte förfallit kan överlämnas."), field="status"
        )
    if appeal.reconsidered_at is None:
        raise ConflictError(gettext("Ompröva beslutet först (förvaltningslagen 46 §)."), field="status")
    sent_on = sent_on or timezone.localdate()
    if sent_on > timezone.localdate() or sent_on < appeal.received_on:
        raise ApplicationError(gettext("Dagen för överlämnandet ligger mellan dagen då överklagandet kom in och i dag."),
                               field="sent_on")
    appeal.court = text_require(court, field="court", message="Ange förvaltningsrätten.")[:200]
    appeal.statement = text_require(statement, field="statement", message="Skriv nämndens yttrande.")
    appeal.status, appeal.sent_on, appeal.sent_by = AppealStatus.SENT, sent_on, actor
    _save(appeal, ["court", "statement", "status", "sent_on", "sent_by"])
    audit_event_record(
        event_type=EventType.ASSISTANCE_APPEAL_SENT, actor=actor, obj=appeal, person_id=appeal.case.person_id,
        case_id=appeal.case_id, data={"court": appeal.court, "sent_on": sent_on.isoformat()},
    )
    case_event_custom(case=appeal.case, event_type="assistance_appeal_sent", user=actor,
                      data={"appeal_id": appeal.pk, "court": appeal.court})
    return appeal


@transaction.atomic
def appeal_judgement_record(
    *,
    actor,
    appeal: Appeal,
    judgement_on: date,
    outcome: str,
    summary: str,
    court_case_number: str = "",
    follow_up: str = "",
    new_amount: Any = None,
    expected_version: int | None = None,
) -> tuple[Appeal, DecisionRevision | None]:
    """The court's judgement and what follows: a judgement that changes the amount is carried out as a
    DecisionRevision (kind judgement), so the difference is paid or reclaimed like any other change."""
    eb_case_check(actor=actor, case=appeal.case)  # access first, then the version
    appeal = _locked(appeal, expected_version)
    if appeal.status != AppealStatus.SENT:
        raise ConflictError(gettext("Domen kan registreras först när överklagandet är överlämnat."), field="status")
    if outcome not in JudgementOutcome.values:
        raise ApplicationError(gettext("Okänt domslut."), field="outcome")
    if judgement_on is None or judgement_on > timezone.localdate() or judgement_on < appeal.sent_on:
        raise ApplicationError(gettext("Domens datum ligger mellan överlämnandet och i dag."), field="judgement_on")
    summary = text_require(summary, field="summary", message="Sammanfatta domen.")
    changes = outcome in (JudgementOutcome.GRANTED, JudgementOutcome.PARTLY_GRANTED)
    if changes and new_amount in (None, ""):
        raise ApplicationError(gettext("Ange det belopp som gäller enligt domen."), field="new_amount")
    if not changes and new_amount not in (None, ""):
        raise ApplicationError(gettext("Ett nytt belopp anges bara när domstolen ändrat beslutet."), field="new_amount")
    revision = None
    if changes:
        revision = decision_revise(
            actor=actor, decision=appeal.appealed, kind=RevisionKind.JUDGEMENT, amount=new_amount,
            reasons=f"Förvaltningsrättens dom {judgement_on:%Y-%m-%d}"
                    f"{' i mål ' + court_case_number if court_case_number else ''}: {summary}",
            appeal=appeal,
        )
    appeal.status, appeal.judgement_on, appeal.judgement_outcome = AppealStatus.JUDGED, judgement_on, outcome
    appeal.judgement_summary, appeal.court_case_number = summary, (court_case_number or "").strip()[:40]
    appeal.follow_up = (follow_up or "").strip()
    _save(appeal, ["status", "judgement_on", "judgement_outcome", "judgement_summary", "court_case_number",
                   "follow_up"])
    audit_event_record(
        event_type=EventType.ASSISTANCE_APPEAL_JUDGED, actor=actor, obj=appeal, person_id=appeal.case.person_id,
        case_id=appeal.case_id,
        data={"outcome": outcome, "judgement_on": judgement_on.isoformat(),
              "revision_id": revision.pk if revision else None,
              "amount_before": str(decision_amount_in_force(decision=appeal.appealed)) if not revision else None},
    )
    case_event_custom(case=appeal.case, event_type="assistance_appeal_judged", user=actor,
                      data={"appeal_id": appeal.pk, "outcome": outcome})
    return appeal, revision
