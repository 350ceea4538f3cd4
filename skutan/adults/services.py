"""Writes of the adults module. Each runs in one transaction with its audit row (and case event), and calls
the write check of the case (or person) before it looks at the input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import DecisionKind, UnitKind
from skutan.accounts.selectors import delegation_holders, delegation_point_for, user_unit_ids
from skutan.adults import legal
from skutan.adults.models import (
    AdultArea,
    AdultInsats,
    AdultInvestigation,
    AdultOpening,
    Boplan,
    BoplanStep,
    CoordinationRequest,
    CoordinationStatus,
    DrugTest,
    GoalStatus,
    InsatsFollowUp,
    InsatsKind,
    InsatsStatus,
    InvestigationStatus,
    LvmMatter,
    LvmOutcome,
    LvmReporter,
    OpeningSource,
    Sip,
    SipParticipant,
    StepStatus,
    TestPlace,
    TestResult,
)
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases.access import case_write_check
from skutan.cases.events import case_event_custom
from skutan.cases.models import ACTIVE_STATUSES, Case, CaseStatus, CaseType, Document
from skutan.core.concurrency import versioned_update
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.core.text import TEXT_MAX_LENGTH, text_check
from skutan.people.access import person_write_check

DECISION_KIND = DecisionKind.ADULTS_INSATS
REFERRAL_SUBJECT = "adults.insats"


def _text(value, field: str, label: str, *, required: bool = False, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(f"Ange {label}.", field=field)
    if value:
        text_check(value, field=field, max_length=max_length or TEXT_MAX_LENGTH)
    return value


def _day(value, field: str, label: str, *, required: bool = True) -> date | None:
    if value is None:
        if required:
            raise ApplicationError(gettext("Ange %(label)s (ÅÅÅÅ-MM-DD).") % {"label": label}, field=field)
        return None
    if not isinstance(value, date):
        raise ApplicationError(gettext("Ange %(label)s som ÅÅÅÅ-MM-DD.") % {"label": label}, field=field)
    return value


def _choice(value, choices, field: str, label: str) -> str:
    if value not in choices.values:
        raise ApplicationError(gettext("Okänd %(label)s.") % {"label": label}, field=field)
    return value


def _amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ApplicationError(gettext("Ange kostnaden i kronor, till exempel 12 500."), field=field) from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("99999999.99"):
        raise ApplicationError(gettext("Kostnaden måste vara ett belopp mellan 0 och 99 999 999 kr."), field=field)
    return amount.quantize(Decimal("0.01"))


def _adult_case(case: Case) -> None:
    if case.case_type != CaseType.ADULTS:
        raise ApplicationError(gettext("Ärendet är inte ett vuxenärende."), field="case")
    if not case.is_active:
        raise ConflictError(gettext("Ärendet är avslutat."), field="case")


def _audit(event_type, *, actor, obj, case: Case, **data) -> None:
    audit_event_record(event_type=event_type, actor=actor, obj=obj, person_id=case.person_id, case_id=case.pk,
                       data=data)


# -- opening ----------------------------------------------------------------------------------------------


@transaction.atomic
def adult_case_open(
    *, actor, person, unit, area: str, source: str, received_on: date | None = None, reporter: str = "",
    reporter_contact: str = "", text: str = "", assign_to=None,
) -> Case:
    """Open an adult case: by the person's application, a report (health care, police, other) or relatives."""
    from skutan.cases.services import case_open

    if unit.kind != UnitKind.ADULTS:
        raise ApplicationError(gettext("Vuxenärenden öppnas i en vuxenenhet."), field="unit")
    area = _choice(area, AdultArea, "area", "inriktning")
    source = _choice(source, OpeningSource, "source", "aktualisering")
    received_on = received_on or timezone.localdate()
    if source != OpeningSource.APPLICATION and not (reporter or "").strip():
        raise ApplicationError(gettext("Ange vem som anmälde eller hörde av sig."), field="reporter")
    case = case_open(actor=actor, person=person, unit=unit, case_type=CaseType.ADULTS,
                     opening_kind=OpeningSource.opening_kind(source), opened_on=received_on,
                     summary=AdultArea(area).label, assign_to=assign_to)
    case_write_check(user=actor, case=case)
    opening = AdultOpening.objects.create(
        case=case, area=area, source=source, received_on=received_on, reporter=_text(reporter, "reporter", "")[:200],
        reporter_contact=_text(reporter_contact, "reporter_contact", "")[:200], text=_text(text, "text", ""),
        registered_by=actor,
    )
    case_event_custom(case=case, event_type="adult_opened", user=actor, data={"source": source, "area": area})
    _audit(EventType.ADULT_CASE_OPENED, actor=actor, obj=opening, case=case, source=source, area=area)
    return case


# -- investigation ----------------------------------------------------------------------------------------


@transaction.atomic
def investigation_open(*, actor, case: Case, opened_on: date | None = None, wishes: str = "",
                       needs: str = "") -> AdultInvestigation:
    case_write_check(user=actor, case=case)
    _adult_case(case)
    if case.adult_investigations.filter(status=InvestigationStatus.OPEN).exists():
        raise ConflictError(gettext("Det finns redan en pågående utredning i ärendet."), field="case")
    investigation = AdultInvestigation.objects.create(
        case=case, opened_on=opened_on or timezone.localdate(), opened_by=actor,
        wishes=_text(wishes, "wishes", ""), needs=_text(needs, "needs", ""),
    )
    if case.status in (CaseStatus.OPENED, CaseStatus.ASSESSMENT):
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.INVESTIGATION)
    case_event_custom(case=case, event_type="adult_investigation_opened", user=actor,
                      data={"investigation_id": investigation.pk})
    _audit(EventType.ADULT_INVESTIGATION_OPENED, actor=actor, obj=investigation, case=case)
    return investigation


@transaction.atomic
def investigation_update(*, actor, investigation: AdultInvestigation, wishes: str, needs: str, assessment: str,
                         expected_version: int) -> AdultInvestigation:
    """The person's own wishes, their needs and the assessment. A stale version is refused (409)."""
    case_write_check(user=actor, case=investigation.case)
    if investigation.status != InvestigationStatus.OPEN:
        raise ConflictError(gettext("Utredningen är avslutad."), field="investigation")
    fields = {"wishes": _text(wishes, "wishes", ""), "needs": _text(needs, "needs", ""),
              "assessment": _text(assessment, "assessment", "")}
    investigation = versioned_update(instance=investigation, expected_version=expected_version, fields=fields)
    _audit(EventType.ADULT_INVESTIGATION_UPDATED, actor=actor, obj=investigation, case=investigation.case)
    return investigation


@transaction.atomic
def investigation_conclude(*, actor, investigation: AdultInvestigation, concluded_on: date | None = None,
                           expected_version: int) -> AdultInvestigation:
    case_write_check(user=actor, case=investigation.case)
    if investigation.status != InvestigationStatus.OPEN:
        raise ConflictError(gettext("Utredningen är redan avslutad."), field="investigation")
    if not investigation.wishes.strip():
        raise ApplicationError(gettext("Skriv personens egna önskemål innan utredningen avslutas."), field="wishes")
    if not investigation.needs.strip():
        raise ApplicationError(gettext("Beskriv behoven innan utredningen avslutas."), field="needs")
    investigation = versioned_update(
        instance=investigation, expected_version=expected_version,
        fields={"status": InvestigationStatus.CONCLUDED, "concluded_on": concluded_on or timezone.localdate()},
    )
    _audit(EventType.ADULT_INVESTIGATION_CONCLUDED, actor=actor, obj=investigation, case=investigation.case)
    return investigation


# -- insatser ---------------------------------------------------------------------------------------------


@transaction.atomic
def insats_propose(
    *, actor, case: Case, kind: str, legal_ground: str, goal: str, starts_on: date | None, ends_on: date | None,
    provider: str, monthly_cost, investigation: AdultInvestigation | None = None,
) -> AdultInsats:
    """Prepare a decision on an insats (beslutsunderlag). It is decided by insats_decide, by someone whose
    delegation covers its kind and cost."""
    case_write_check(user=actor, case=case)
    _adult_case(case)
    kind = _choice(kind, InsatsKind, "kind", "insats")
    if legal_ground not in legal.LEGAL_GROUNDS:
        raise ApplicationError(gettext("Välj rättslig grund."), field="legal_ground")
    goal = _text(goal, "goal", "målet med insatsen", required=True)
    starts_on = _day(starts_on, "starts_on", "startdatum")
    ends_on = _day(ends_on, "ends_on", "slutdatum")
    if ends_on < starts_on:
        raise ApplicationError(gettext("Slutdatum ligger före startdatum."), field="ends_on")
    provider = _text(provider, "provider", "utförare", required=True, max_length=200)
    cost = _amount(monthly_cost, "monthly_cost")
    if investigation is not None and investigation.case_id != case.pk:
        raise ApplicationError(gettext("Utredningen hör till ett annat ärende."), field="investigation")
    citation = legal.legal_ground_citation(code=legal_ground, on=starts_on)
    insats = AdultInsats.objects.create(
        case=case, investigation=investigation, kind=kind, legal_ground=legal_ground,
        legal_source=citation.text[:200], legal_confirmed=citation.confirmed, goal=goal, starts_on=starts_on,
        ends_on=ends_on, provider=provider, monthly_cost=cost, proposed_by=actor,
    )
    _audit(EventType.ADULT_INSATS_PROPOSED, actor=actor, obj=insats, case=case, kind=kind, cost=str(cost))
    return insats


def _holders_text(insats: AdultInsats, on: date, actor) -> str:
    holders = [u.display_name for u, _ in delegation_holders(
        decision_kind=DECISION_KIND, amount=insats.monthly_cost, on=on, unit_id=insats.case.unit_id)
        if u.pk != actor.pk][:3]
    return f" Skicka beslutsunderlaget till {', '.join(holders)}." if holders else ""


@transaction.atomic
def insats_decide(*, actor, insats: AdultInsats, decided_on: date | None = None,
                  expected_version: int | None = None) -> AdultInsats:
    """Decide a proposed insats. Needs a point of the delegationsordning covering its cost per month in the
    case's unit; otherwise 403 naming who holds one (seed 001: some decisions belong to the manager)."""
    case = insats.case
    case_write_check(user=actor, case=case)
    _adult_case(case)
    locked = AdultInsats.objects.select_for_update().get(pk=insats.pk)
    if locked.status != InsatsStatus.PROPOSED:
        raise ConflictError(gettext("Insatsen är redan beslutad."), field="insats")
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(gettext("Förslaget har ändrats sedan du öppnade det. Ladda om sidan."), field="version")
    decided_on = decided_on or timezone.localdate()
    point = None if actor.is_superuser else delegation_point_for(
        user=actor, decision_kind=DECISION_KIND, amount=locked.monthly_cost, on=decided_on, unit_id=case.unit_id)
    if point is None and not actor.is_superuser:
        raise AccessDeniedError(
            gettext(
                "Din delegation räcker inte för %(kind)s för %(monthly_cost)s kr per månad."
            ) % {
                "kind": locked.get_kind_display().lower(),
                "monthly_cost": int(locked.monthly_cost),
            } + _holders_text(locked, decided_on, actor),
            field="decided_by",
        )
    source = point.source_text[:200] if point else "Systemförvaltare (ingen delegationskontroll)"
    locked = versioned_update(instance=locked, expected_version=locked.version, fields={
        "status": InsatsStatus.DECIDED, "decided_on": decided_on, "decided_by": actor, "delegation_source": source,
    })
    from skutan.referrals.services import referral_complete

    referral_complete(actor=actor, subject_type=REFERRAL_SUBJECT, subject_id=locked.pk)
    if case.status in (CaseStatus.OPENED, CaseStatus.ASSESSMENT, CaseStatus.INVESTIGATION, CaseStatus.DECIDED):
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.INTERVENTION)
    case_event_custom(case=case, event_type="adult_insats_decided", user=actor,
                      data={"insats_id": locked.pk, "kind": locked.kind, "delegation": source})
    _audit(EventType.ADULT_INSATS_DECIDED, actor=actor, obj=locked, case=case, kind=locked.kind,
           cost=str(locked.monthly_cost), delegation=source)
    return locked


@transaction.atomic
def insats_refer(*, actor, insats: AdultInsats, to_user, message: str = ""):
    """Send the proposal to someone who holds the delegation (as in ekonomiskt bistånd); they decide it."""
    from skutan.referrals.services import referral_send

    case = insats.case
    case_write_check(user=actor, case=case)
    if insats.status != InsatsStatus.PROPOSED:
        raise ConflictError(gettext("Insatsen är redan beslutad."), field="insats")
    referral = referral_send(
        actor=actor, case=case, decision_kind=DECISION_KIND, subject_type=REFERRAL_SUBJECT, subject_id=insats.pk,
        path=reverse("adults:case", kwargs={"adult_case_id": case.pk}),
        summary=f"{insats.get_kind_display()} {insats.starts_on:%Y-%m-%d}–{insats.ends_on:%Y-%m-%d}, "
                f"{int(insats.monthly_cost)} kr/mån",
        amount=insats.monthly_cost, to_user=to_user, message=message,
        proposal={"insats_id": insats.pk, "version": insats.version},
    )
    _audit(EventType.ADULT_INSATS_REFERRED, actor=actor, obj=insats, case=case, to_user_id=to_user.pk)
    return referral


@transaction.atomic
def insats_follow_up(*, actor, insats: AdultInsats, done_on: date | None, goal_status: str, notes: str,
                     continue_insats: bool = True) -> InsatsFollowUp:
    """Follow the insats up against its goal; an insats that does not continue ends the same day."""
    case = insats.case
    case_write_check(user=actor, case=case)
    if insats.status != InsatsStatus.DECIDED:
        raise ConflictError(gettext("Bara en beviljad, pågående insats följs upp."), field="insats")
    goal_status = _choice(goal_status, GoalStatus, "goal_status", "bedömning av målet")
    notes = _text(notes, "notes", "vad uppföljningen visade", required=True)
    done_on = done_on or timezone.localdate()
    follow_up = InsatsFollowUp.objects.create(insats=insats, done_on=done_on, goal_status=goal_status, notes=notes,
                                              continue_insats=continue_insats, done_by=actor)
    if not continue_insats:
        AdultInsats.objects.filter(pk=insats.pk).update(
            status=InsatsStatus.ENDED, ended_on=done_on, end_reason=f"Uppföljning: {GoalStatus(goal_status).label}")
    case_event_custom(case=case, event_type="adult_insats_followed_up", user=actor,
                      data={"insats_id": insats.pk, "goal_status": goal_status})
    _audit(EventType.ADULT_INSATS_FOLLOWED_UP, actor=actor, obj=follow_up, case=case, goal_status=goal_status,
           continues=continue_insats)
    return follow_up


# -- LVM --------------------------------------------------------------------------------------------------


@transaction.atomic
def lvm_report_register(*, actor, case: Case, received_on: date | None, reporter: str, text: str,
                        reporter_name: str = "") -> LvmMatter:
    """An LVM anmälan: the clock for deciding on an utredning starts the day it came in (a setting, obekräftad)."""
    case_write_check(user=actor, case=case)
    _adult_case(case)
    received_on = _day(received_on, "received_on", "när anmälan kom in")
    if received_on > timezone.localdate():
        raise ApplicationError(gettext("Datumet kan inte ligga i framtiden."), field="received_on")
    reporter = _choice(reporter, LvmReporter, "reporter", "anmälare")
    text = _text(text, "text", "vad anmälan gäller", required=True)
    due, source = legal.lvm_decide_due(received_on)
    matter = LvmMatter.objects.create(
        case=case, received_on=received_on, reporter=reporter, reporter_name=_text(reporter_name, "reporter_name",
                                                                                   "")[:200],
        text=text, registered_by=actor, decide_due=due, limit_source=source[:300], limit_confirmed=False,
    )
    case_event_custom(case=case, event_type="lvm_reported", user=actor, data={"lvm_id": matter.pk})
    _audit(EventType.LVM_REPORT_REGISTERED, actor=actor, obj=matter, case=case, due=due.isoformat())
    return matter


@transaction.atomic
def lvm_investigation_open(*, actor, matter: LvmMatter, opened_on: date | None = None,
                           expected_version: int) -> LvmMatter:
    case_write_check(user=actor, case=matter.case)
    if matter.investigation_opened_on or matter.concluded_on:
        raise ConflictError(gettext("LVM-utredningen är redan inledd eller ärendet avslutat."), field="lvm")
    opened_on = opened_on or timezone.localdate()
    if opened_on < matter.received_on:
        raise ApplicationError(gettext("Utredningen kan inte inledas före anmälan."), field="opened_on")
    due, source = legal.lvm_investigation_due(opened_on)
    matter = versioned_update(instance=matter, expected_version=expected_version, fields={
        "investigation_opened_on": opened_on, "investigation_due": due,
        "limit_source": f"{matter.limit_source}; {source}"[:300],
    })
    _audit(EventType.LVM_INVESTIGATION_OPENED, actor=actor, obj=matter, case=matter.case, due=due.isoformat())
    return matter


@transaction.atomic
def lvm_conclude(*, actor, matter: LvmMatter, outcome: str, conclusion: str, concluded_on: date | None = None,
                 expected_version: int) -> LvmMatter:
    case_write_check(user=actor, case=matter.case)
    if matter.concluded_on:
        raise ConflictError(gettext("LVM-ärendet är redan avslutat."), field="lvm")
    outcome = _choice(outcome, LvmOutcome, "outcome", "utfall")
    conclusion = _text(conclusion, "conclusion", "motiveringen", required=True)
    matter = versioned_update(instance=matter, expected_version=expected_version, fields={
        "outcome": outcome, "conclusion": conclusion, "concluded_on": concluded_on or timezone.localdate(),
    })
    _audit(EventType.LVM_CONCLUDED, actor=actor, obj=matter, case=matter.case, outcome=outcome)
    return matter


# -- SIP --------------------------------------------------------------------------------------------------


@transaction.atomic
def sip_create(*, actor, case: Case, title: str, consent_on: date | None, consent_scope: str,
               participants: list[dict], next_meeting_on: date | None = None) -> Sip:
    """A samordnad individuell plan. ``participants``: dicts with organisation, name, unit (a Unit or None)
    and responsibility. The person's consent is required: without it no SIP is made."""
    case_write_check(user=actor, case=case)
    _adult_case(case)
    title = _text(title, "title", "planens namn", required=True, max_length=200)
    consent_on = _day(consent_on, "consent_on", "datum för personens samtycke")
    consent_scope = _text(consent_scope, "consent_scope", "vad samtycket gäller", required=True, max_length=300)
    rows = [p for p in participants if (p.get("organisation") or "").strip()]
    if len(rows) < 2:
        raise ApplicationError(gettext("En SIP har minst två deltagare (till exempel socialtjänsten och regionen)."),
                               field="participants")
    for row in rows:
        if not (row.get("responsibility") or "").strip():
            raise ApplicationError(gettext(
                "Ange ansvar för %(organisation)s."
            ) % {"organisation": row['organisation'].strip()}, field="participants")
    sip = Sip.objects.create(case=case, title=title, consent_on=consent_on, consent_scope=consent_scope,
                             next_meeting_on=next_meeting_on, created_by=actor)
    for row in rows:
        SipParticipant.objects.create(
            sip=sip, organisation=_text(row["organisation"], "participants", "", max_length=200),
            name=_text(row.get("name", ""), "participants", "", max_length=200), unit=row.get("unit"),
            responsibility=_text(row["responsibility"], "participants", ""),
        )
    _audit(EventType.SIP_CREATED, actor=actor, obj=sip, case=case, participants=len(rows))
    return sip


@transaction.atomic
def sip_next_meeting_set(*, actor, sip: Sip, next_meeting_on: date | None, expected_version: int) -> Sip:
    case_write_check(user=actor, case=sip.case)
    sip = versioned_update(instance=sip, expected_version=expected_version,
                           fields={"next_meeting_on": next_meeting_on})
    _audit(EventType.SIP_UPDATED, actor=actor, obj=sip, case=sip.case,
           next_meeting_on=next_meeting_on.isoformat() if next_meeting_on else None)
    return sip


# -- boplan -----------------------------------------------------------------------------------------------


@transaction.atomic
def boplan_create(
    *, actor, case: Case, test_place: str, tests_per_month: int, visits_per_week: int, landlord: str,
    landlord_contact: str, steps: list[dict], signed_on: date | None = None, landlord_informed_on: date | None = None,
    insats: AdultInsats | None = None,
) -> Boplan:
    """The boplan of a bostadssocialt kontrakt with its step-down schedule: ``steps`` are dicts with planned_on,
    tests_per_month and visits_per_week, each easing the conditions (never tightening them)."""
    case_write_check(user=actor, case=case)
    _adult_case(case)
    test_place = _choice(test_place, TestPlace, "test_place", "plats för drogtester")
    landlord = _text(landlord, "landlord", "hyresvärden", required=True, max_length=200)
    landlord_contact = _text(landlord_contact, "landlord_contact", "hur kontakten med hyresvärden sker",
                             required=True)
    if insats is not None and (insats.case_id != case.pk or insats.kind != InsatsKind.HOUSING_CONTRACT):
        raise ApplicationError(gettext("Boplanen hör till ett bostadssocialt kontrakt i samma ärende."), field="insats")
    previous = (int(tests_per_month), int(visits_per_week))
    if previous[0] < 0 or previous[1] < 0:
        raise ApplicationError(gettext("Antalet kan inte vara negativt."), field="tests_per_month")
    start = signed_on or timezone.localdate()
    ordered = sorted(steps, key=lambda s: s["planned_on"])
    last_date = start
    for i, step in enumerate(ordered, start=1):
        if step["planned_on"] <= last_date:
            raise ApplicationError(gettext(
                "Steg %(i)s måste ligga efter föregående steg och planens start."
            ) % {"i": i}, field="steps")
        now = (int(step["tests_per_month"]), int(step["visits_per_week"]))
        if now[0] > previous[0] or now[1] > previous[1]:
            raise ApplicationError(gettext(
                "Steg %(i)s trappar upp i stället för ned."
            ) % {"i": i}, field="steps")
        previous, last_date = now, step["planned_on"]
    plan = Boplan.objects.create(
        case=case, insats=insats, test_place=test_place, tests_per_month=tests_per_month,
        visits_per_week=visits_per_week, landlord=landlord, landlord_contact=landlord_contact, signed_on=signed_on,
        landlord_informed_on=landlord_informed_on, created_by=actor,
    )
    for step in ordered:
        BoplanStep.objects.create(boplan=plan, planned_on=step["planned_on"], tests_per_month=step["tests_per_month"],
                                  visits_per_week=step["visits_per_week"])
    _audit(EventType.BOPLAN_CREATED, actor=actor, obj=plan, case=case, steps=len(ordered))
    return plan


@transaction.atomic
def boplan_update(*, actor, boplan: Boplan, signed_on: date | None, landlord_informed_on: date | None,
                  expected_version: int) -> Boplan:
    """Record the person's signature and that the landlord has been informed."""
    case_write_check(user=actor, case=boplan.case)
    today = timezone.localdate()
    for value, field in ((signed_on, "signed_on"), (landlord_informed_on, "landlord_informed_on")):
        if value is not None and value > today:
            raise ApplicationError(gettext("Datumet kan inte ligga i framtiden."), field=field)
    plan = versioned_update(instance=boplan, expected_version=expected_version,
                            fields={"signed_on": signed_on, "landlord_informed_on": landlord_informed_on})
    _audit(EventType.BOPLAN_UPDATED, actor=actor, obj=plan, case=plan.case,
           signed_on=signed_on.isoformat() if signed_on else None,
           landlord_informed_on=landlord_informed_on.isoformat() if landlord_informed_on else None)
    return plan


@transaction.atomic
def boplan_step_decide(*, actor, step: BoplanStep, ease: bool, note: str, postpone_to: date | None = None,
                       decided_on: date | None = None) -> BoplanStep:
    """Someone decides the proposed step: the conditions ease, or the step is postponed to a new date."""
    plan = step.boplan
    case_write_check(user=actor, case=plan.case)
    locked = BoplanStep.objects.select_for_update().get(pk=step.pk)
    if locked.status == StepStatus.DECIDED:
        raise ConflictError(gettext("Steget är redan beslutat."), field="step")
    if plan.signed_on is None:
        raise ConflictError(gettext("Boplanen är inte underskriven."), field="signed_on")
    note = _text(note, "note", "en motivering", required=True)
    decided_on = decided_on or timezone.localdate()
    if ease:
        locked.status, locked.decided_on, locked.decided_by, locked.decision_note = (
            StepStatus.DECIDED, decided_on, actor, note)
        locked.save(update_fields=["status", "decided_on", "decided_by", "decision_note"])
        Boplan.objects.filter(pk=plan.pk).update(tests_per_month=locked.tests_per_month,
                                                 visits_per_week=locked.visits_per_week)
    else:
        if postpone_to is None or postpone_to <= decided_on:
            raise ApplicationError(gettext("Ange ett nytt datum för steget (efter i dag)."), field="postpone_to")
        locked.status, locked.planned_on, locked.decision_note = StepStatus.POSTPONED, postpone_to, note
        locked.save(update_fields=["status", "planned_on", "decision_note"])
    _audit(EventType.BOPLAN_STEP_DECIDED, actor=actor, obj=locked, case=plan.case, eased=ease,
           planned_on=locked.planned_on.isoformat())
    return locked


@transaction.atomic
def drug_test_record(*, actor, boplan: Boplan, taken_on: date | None, place: str, result: str,
                     substances: str = "") -> DrugTest:
    """A drug test under the boplan. A missed test or a positive result is flagged to the caseworker."""
    case_write_check(user=actor, case=boplan.case)
    taken_on = _day(taken_on, "taken_on", "datum för testet")
    if taken_on > timezone.localdate():
        raise ApplicationError(gettext("Datumet kan inte ligga i framtiden."), field="taken_on")
    place = _choice(place, TestPlace, "place", "plats")
    result = _choice(result, TestResult, "result", "resultat")
    substances = _text(substances, "substances", "", max_length=200)
    if result == TestResult.POSITIVE and not substances:
        raise ApplicationError(gettext("Ange vilka substanser testet visade."), field="substances")
    test = DrugTest.objects.create(boplan=boplan, taken_on=taken_on, place=place, result=result,
                                   substances=substances, recorded_by=actor,
                                   flagged=result in (TestResult.POSITIVE, TestResult.MISSED))
    _audit(EventType.DRUG_TEST_RECORDED, actor=actor, obj=test, case=boplan.case, result=result,
           flagged=test.flagged)
    return test


@transaction.atomic
def drug_test_flag_acknowledge(*, actor, test: DrugTest) -> DrugTest:
    case_write_check(user=actor, case=test.boplan.case)
    if not test.flagged or test.flag_acknowledged_at:
        raise ConflictError(gettext("Testet har ingen okvitterad flagga."), field="test")
    DrugTest.objects.filter(pk=test.pk).update(flag_acknowledged_at=timezone.now(), flag_acknowledged_by=actor)
    test.refresh_from_db()
    _audit(EventType.DRUG_TEST_FLAG_ACKNOWLEDGED, actor=actor, obj=test, case=test.boplan.case)
    return test


# -- between the chairs: samordningsmöte -----------------------------------------------------------------


@transaction.atomic
def coordination_request(*, actor, person, consent_on: date | None, consent_how: str,
                         message: str = "") -> list[CoordinationRequest]:
    """Ask the other units that have an active case for the person (ones the asker cannot see) for a
    samordningsmöte, with the person's consent. The asker is not told which units they are."""
    person_write_check(user=actor, person=person,
                       message="Bara en enhet som har ett ärende för personen kan begära samordningsmöte.")
    consent_on = _day(consent_on, "consent_on", "datum för personens samtycke")
    if consent_on > timezone.localdate():
        raise ApplicationError(gettext("Samtycket kan inte vara lämnat i framtiden."), field="consent_on")
    if consent_how not in ("oral", "written"):
        raise ApplicationError(gettext("Ange om samtycket var muntligt eller skriftligt."), field="consent_how")
    message = _text(message, "message", "")
    own = user_unit_ids(user=actor)
    cases = Case.objects.filter(person=person, status__in=ACTIVE_STATUSES)
    from_unit_id = cases.filter(unit_id__in=own).values_list("unit_id", flat=True).first()
    if from_unit_id is None:
        raise AccessDeniedError(gettext("Bara en enhet som har ett ärende för personen kan begära samordningsmöte."))
    other_units = set(cases.exclude(unit_id__in=own).values_list("unit_id", flat=True))
    if not other_units:
        raise ApplicationError(gettext("Personen har inga ärenden hos andra enheter."), field="person")
    requests = []
    for unit_id in sorted(other_units):
        if CoordinationRequest.objects.filter(person=person, from_unit_id=from_unit_id, to_unit_id=unit_id,
                                              status=CoordinationStatus.OPEN).exists():
            continue
        request = CoordinationRequest.objects.create(
            person=person, from_unit_id=from_unit_id, to_unit_id=unit_id, requested_by=actor, consent_on=consent_on,
            consent_how=consent_how, message=message,
        )
        audit_event_record(event_type=EventType.COORDINATION_REQUESTED, actor=actor, obj=request,
                           person_id=person.pk, data={"from_unit_id": from_unit_id, "to_unit_id": unit_id,
                                                      "consent_on": consent_on.isoformat()})
        requests.append(request)
    if not requests:
        raise ConflictError(gettext("En begäran om samordningsmöte väntar redan på svar."), field="person")
    return requests


@transaction.atomic
def coordination_answer(*, actor, request: CoordinationRequest, accept: bool, answer: str,
                        meeting_on: date | None = None) -> CoordinationRequest:
    """The other unit answers: a meeting date, or declines with a reason."""
    if not actor.is_superuser and request.to_unit_id not in user_unit_ids(user=actor):
        raise AccessDeniedError(gettext("Bara den tillfrågade enheten kan svara."))
    if request.status != CoordinationStatus.OPEN:
        raise ConflictError(gettext("Begäran är redan besvarad."), field="request")
    answer = _text(answer, "answer", "ett svar", required=True)
    if accept and meeting_on is None:
        raise ApplicationError(gettext("Ange datum för samordningsmötet."), field="meeting_on")
    CoordinationRequest.objects.filter(pk=request.pk).update(
        status=CoordinationStatus.ACCEPTED if accept else CoordinationStatus.DECLINED, answered_by=actor,
        answered_at=timezone.now(), meeting_on=meeting_on if accept else None, answer=answer,
    )
    request.refresh_from_db()
    audit_event_record(event_type=EventType.COORDINATION_ANSWERED, actor=actor, obj=request,
                       person_id=request.person_id, data={"accepted": accept})
    return request


def insats_letter_store_sent(*, actor, insats: AdultInsats, sent_on: date, channel: str,
                             information_sheet: str = "") -> Document:
    """The decision letter of a decided insats, once sent, stored as an outgoing document of the case."""
    from skutan.adults import letters
    from skutan.cases.services_documents import letter_store_sent

    return letter_store_sent(  # the write check first, then the letter (a proposal has none: 404)
        actor=actor, case=insats.case,
        render=lambda: letters.insats_letter_pdf(insats=insats, information_sheet=information_sheet),
        filename=letters.insats_letter_filename(insats),
        title=f"Beslutsbrev: {insats.get_kind_display()} ({insats.decided_on})", sent_on=sent_on,
        channel=channel, subject_type="adults.insats", subject_id=insats.pk,
        subject_label=f"Insats: {insats.get_kind_display()}",
    )
