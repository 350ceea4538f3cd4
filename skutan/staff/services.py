"""Writes for staff safety, workload and qualifications, each with its audit row in the same transaction."""

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Role
from skutan.accounts.selectors import user_has_role, user_unit_ids
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases.access import case_write_check
from skutan.core.concurrency import versioned_update
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.people.access import person_write_check
from skutan.staff.models import (
    CaseWeight,
    CaseWeightAdjustment,
    IncidentChannel,
    IntroductionStep,
    PoliceStatus,
    SafetyMarker,
    SafetyMarkerKind,
    StaffProfile,
    ThreatIncident,
    Visit,
)
from skutan.staff.selectors import (
    managed_unit_ids,
    marker_requires_companion,
    markers_active_for_person,
    may_see_staff_data,
)

MAX_TEXT = 10_000


def _text(value, field: str, label: str, *, required: bool = False) -> str:
    value = value if isinstance(value, str) else ""
    if "\x00" in value or any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise ApplicationError(gettext(
            "%(label)s innehåller ogiltiga tecken."
        ) % {"label": label}, field=field)
    if len(value) > MAX_TEXT:
        raise ApplicationError(gettext(
            "%(label)s får vara högst %(max_text)s tecken."
        ) % {"label": label, "max_text": MAX_TEXT}, field=field)
    value = value.strip()
    if required and not value:
        raise ApplicationError(gettext("%(label)s måste fyllas i.") % {"label": label}, field=field)
    return value


def _require_staff(actor) -> None:
    from skutan.accounts.selectors import user_is_staff_member

    if not user_is_staff_member(user=actor):
        raise AccessDeniedError(gettext("Bara personal med en roll i en enhet kan göra det här."))


def _has_case_for(actor, person) -> bool:
    from skutan.cases.models import Case

    return actor.is_superuser or Case.objects.filter(person=person, unit_id__in=user_unit_ids(user=actor)).exists()


# --- Safety markers --------------------------------------------------------------------------------------


@transaction.atomic
def safety_marker_set(*, actor, kind: str, reason: str, review_on: date | None, person=None,
                      street_address: str = "", postal_code: str = "") -> SafetyMarker:
    """Set a marker on a person (the caller fetched the person through its authorizing selector) or an address."""
    _require_staff(actor)
    if person is not None:  # access first, then the input
        if not _has_case_for(actor, person):
            raise AccessDeniedError(gettext("Markeringar sätts av en enhet som har ett ärende för personen."))
        person_write_check(user=actor, person=person)
    kind_obj = SafetyMarkerKind.objects.filter(code=kind or "", active=True).first()
    if kind_obj is None:
        raise ApplicationError(gettext("Okänd typ av markering."), field="kind")
    today = timezone.localdate()
    if review_on is None or review_on <= today:
        raise ApplicationError(gettext("Ange ett omprövningsdatum efter i dag."), field="review_on")
    if review_on > today + timedelta(days=366):
        raise ApplicationError(gettext("En markering omprövas minst en gång om året."), field="review_on")
    if person is None and not (street_address or "").strip():
        raise ApplicationError(gettext("Ange person eller adress."), field="person")
    marker = SafetyMarker.objects.create(
        person=person, street_address=(street_address or "").strip()[:200],
        postal_code=(postal_code or "").replace(" ", "")[:10], kind=kind_obj,
        reason=_text(reason, "reason", gettext("Skälet"), required=True), set_by=actor, set_on=today, review_on=review_on)
    audit_event_record(event_type=EventType.SAFETY_MARKER_SET, actor=actor, obj=marker,
                       person_id=person.pk if person else None, data={"kind": kind_obj.code})
    return marker


@transaction.atomic
def safety_marker_review(*, actor, marker: SafetyMarker, review_on: date | None, keep: bool,
                         version: int) -> SafetyMarker:
    """Reviewed: kept with a new review date, or ended. An expired marker can be reviewed back into force."""
    _require_staff(actor)
    today = timezone.localdate()
    if keep:
        if review_on is None or review_on <= today or review_on > today + timedelta(days=366):
            raise ApplicationError(gettext("Ange ett nytt omprövningsdatum inom ett år."), field="review_on")
        fields = {"review_on": review_on, "reviewed_on": today}
    else:
        fields = {"ended_on": today, "ended_by": actor, "reviewed_on": today}
    marker = versioned_update(instance=marker, expected_version=version, fields=fields)
    audit_event_record(event_type=EventType.SAFETY_MARKER_REVIEWED, actor=actor, obj=marker,
                       person_id=marker.person_id, data={"kept": keep})
    return marker


# --- Visits (lone-worker check-in) --------------------------------------------------------------------------


@transaction.atomic
def visit_plan(*, actor, person, unit, starts_at: datetime | None, expected_end: datetime | None, companion=None,
               case=None, purpose: str = "", override_reason: str = "") -> Visit:
    """Plan (or record afterwards) a home visit. A person with a marker that needs company gets a companion,
    or the unit manager records an override with a reason."""
    if unit is None:
        raise ApplicationError(gettext("Ange enheten som gör besöket."), field="unit")
    if not actor.is_superuser and unit.pk not in user_unit_ids(user=actor):
        raise AccessDeniedError(gettext("Du kan bara planera besök för din egen enhet."))
    if starts_at is None or expected_end is None:
        raise ApplicationError(gettext("Ange start och beräknat slut."), field="starts_at" if starts_at is None
                               else "expected_end")
    if expected_end <= starts_at:
        raise ApplicationError(gettext("Beräknat slut ligger före start."), field="expected_end")
    if companion is not None and companion.pk == actor.pk:
        raise ApplicationError(gettext("Sällskapet ska vara en annan person."), field="companion")
    if case is not None:
        case_write_check(user=actor, case=case)
    markers = markers_active_for_person(person=person)
    override_by = None
    if companion is None and marker_requires_companion(markers=markers):
        reason = _text(override_reason, "override_reason", gettext("Motiveringen"))
        if not reason or not user_has_role(user=actor, role=Role.UNIT_MANAGER, unit_id=unit.pk):
            raise ApplicationError(
                gettext("Personen har en säkerhetsmarkering: besöket görs av två, eller så motiverar enhetschefen "
                "ett besök utan sällskap."), field="companion")
        override_by = actor
    else:
        reason = ""
    visit = Visit.objects.create(person=person, unit=unit, case=case, visitor=actor, companion=companion,
                                 starts_at=starts_at, expected_end=expected_end,
                                 purpose=_text(purpose, "purpose", gettext("Syftet"))[:200], override_by=override_by,
                                 override_reason=reason)
    audit_event_record(event_type=EventType.VISIT_PLANNED, actor=actor, obj=visit, person_id=person.pk,
                       case_id=case.pk if case else None,
                       data={"companion": companion.pk if companion else None, "override": bool(override_by)})
    return visit


def _require_visitor(actor, visit: Visit) -> None:
    if actor.pk not in (visit.visitor_id, visit.companion_id) and not actor.is_superuser:
        raise AccessDeniedError(gettext("Bara den som gör besöket checkar in och ut."))


@transaction.atomic
def visit_check_in(*, actor, visit: Visit) -> Visit:
    _require_visitor(actor, visit)
    if visit.checked_in_at:
        raise ConflictError(gettext("Du har redan checkat in."), field="checked_in_at")
    Visit.objects.filter(pk=visit.pk).update(checked_in_at=timezone.now())
    visit.refresh_from_db()
    audit_event_record(event_type=EventType.VISIT_CHECKED_IN, actor=actor, obj=visit, person_id=visit.person_id)
    return visit


@transaction.atomic
def visit_check_out(*, actor, visit: Visit) -> Visit:
    _require_visitor(actor, visit)
    if visit.checked_out_at:
        raise ConflictError(gettext("Du har redan checkat ut."), field="checked_out_at")
    Visit.objects.filter(pk=visit.pk).update(checked_out_at=timezone.now())
    visit.refresh_from_db()
    audit_event_record(event_type=EventType.VISIT_CHECKED_OUT, actor=actor, obj=visit, person_id=visit.person_id)
    return visit


@transaction.atomic
def visit_alarm_acknowledge(*, actor, visit: Visit, note: str) -> Visit:
    """The unit manager (or the mobile team for its visits) acknowledges an overdue check-out."""
    allowed = actor.is_superuser or user_has_role(user=actor, role=Role.UNIT_MANAGER, unit_id=visit.unit_id) or \
        user_has_role(user=actor, role=Role.MOBILE_TEAM, unit_id=visit.unit_id)
    if not allowed:
        raise AccessDeniedError(gettext("Larmet kvitteras av enhetschefen."))
    if visit.alarm_acknowledged_at:
        raise ConflictError(gettext("Larmet är redan kvitterat."), field="alarm")
    note = _text(note, "note", gettext("Anteckningen"), required=True)
    Visit.objects.filter(pk=visit.pk).update(alarm_acknowledged_at=timezone.now(), alarm_acknowledged_by=actor,
                                             alarm_note=note)
    visit.refresh_from_db()
    audit_event_record(event_type=EventType.VISIT_ALARM_ACKNOWLEDGED, actor=actor, obj=visit,
                       person_id=visit.person_id)
    return visit


# --- Threat incidents ----------------------------------------------------------------------------------------


@transaction.atomic
def threat_incident_record(*, actor, affected, unit, occurred_on: date | None, channel: str, description: str,
                           case=None, police_status: str = PoliceStatus.NOT_REPORTED,
                           police_reported_on: date | None = None, police_case_number: str = "",
                           support_given: str = "", follow_up_on: date | None = None) -> ThreatIncident:
    """Record a threat or violence against staff: by the staff member affected, or by their unit manager."""
    if not (actor.pk == affected.pk or actor.is_superuser or unit.pk in managed_unit_ids(user=actor)):
        raise AccessDeniedError(gettext("Händelsen registreras av den drabbade eller av enhetschefen."))
    if occurred_on is None or occurred_on > timezone.localdate():
        raise ApplicationError(gettext("Ange datum (inte i framtiden)."), field="occurred_on")
    if channel not in IncidentChannel.values:
        raise ApplicationError(gettext("Okänd kanal."), field="channel")
    if police_status not in PoliceStatus.values:
        raise ApplicationError(gettext("Okänd status för polisanmälan."), field="police_status")
    if police_status != PoliceStatus.NOT_REPORTED and police_reported_on is None:
        raise ApplicationError(gettext("Ange när händelsen polisanmäldes."), field="police_reported_on")
    incident = ThreatIncident.objects.create(
        affected=affected, unit=unit, occurred_on=occurred_on, channel=channel, case=case,
        description=_text(description, "description", gettext("Beskrivningen"), required=True),
        police_status=police_status, police_reported_on=police_reported_on,
        police_case_number=(police_case_number or "")[:40], support_given=_text(support_given, "support_given",
                                                                                 "Stödet"),
        follow_up_on=follow_up_on, recorded_by=actor)
    audit_event_record(event_type=EventType.THREAT_INCIDENT_RECORDED, actor=actor, obj=incident,
                       case_id=case.pk if case else None, data={"channel": channel})
    return incident


@transaction.atomic
def threat_incident_update(*, actor, incident: ThreatIncident, police_status: str,
                           police_reported_on: date | None, police_case_number: str, support_given: str,
                           follow_up_note: str, version: int) -> ThreatIncident:
    if not (actor.pk == incident.affected_id or actor.is_superuser or incident.unit_id in managed_unit_ids(user=actor)):
        raise AccessDeniedError(gettext("Händelsen ändras av den drabbade eller av enhetschefen."))
    if police_status not in PoliceStatus.values:
        raise ApplicationError(gettext("Okänd status för polisanmälan."), field="police_status")
    if police_status != PoliceStatus.NOT_REPORTED and police_reported_on is None:
        raise ApplicationError(gettext("Ange när händelsen polisanmäldes."), field="police_reported_on")
    incident = versioned_update(instance=incident, expected_version=version, fields={
        "police_status": police_status, "police_reported_on": police_reported_on,
        "police_case_number": (police_case_number or "")[:40],
        "support_given": _text(support_given, "support_given", gettext("Stödet")),
        "follow_up_note": _text(follow_up_note, "follow_up_note", gettext("Uppföljningen"))})
    audit_event_record(event_type=EventType.THREAT_INCIDENT_UPDATED, actor=actor, obj=incident,
                       data={"police_status": police_status})
    return incident


# --- Workload and qualifications ----------------------------------------------------------------------------


def _decimal(value, field: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApplicationError(gettext("Ange ett tal."), field=field) from None
    if not d.is_finite() or d < 0 or d > 99:
        raise ApplicationError(gettext("Ange ett tal mellan 0 och 99."), field=field)
    return d.quantize(Decimal("0.1"))


@transaction.atomic
def case_weight_set(*, actor, case_type: str, phase: str, weight) -> CaseWeight:
    if not (actor.is_superuser or user_has_role(user=actor, role=Role.SYSTEM_ADMIN)
            or user_has_role(user=actor, role=Role.UNIT_MANAGER)):
        raise AccessDeniedError(gettext("Vikterna ändras av enhetschef eller systemförvaltare."))
    row, _ = CaseWeight.objects.update_or_create(case_type=case_type, phase=phase,
                                                 defaults={"weight": _decimal(weight, "weight")})
    audit_event_record(event_type=EventType.CASE_WEIGHT_CHANGED, actor=actor, obj=row,
                       data={"case_type": case_type, "phase": phase, "weight": str(row.weight)})
    return row


@transaction.atomic
def case_weight_adjust(*, actor, case, weight, reason: str) -> CaseWeightAdjustment:
    if not user_has_role(user=actor, role=Role.UNIT_MANAGER, unit_id=case.unit_id):
        raise AccessDeniedError(gettext("Ett ärendes vikt justeras av enhetschefen."))
    case_write_check(user=actor, case=case)
    row = CaseWeightAdjustment.objects.create(case=case, weight=_decimal(weight, "weight"), set_by=actor,
                                              reason=_text(reason, "reason", gettext("Skälet"), required=True))
    audit_event_record(event_type=EventType.CASE_WEIGHT_CHANGED, actor=actor, obj=row, case_id=case.pk,
                       person_id=case.person_id, data={"weight": str(row.weight)})
    return row


@transaction.atomic
def staff_profile_save(*, actor, user, degree: str, validation: str = "", dispensation_until: date | None = None,
                       dispensation_reason: str = "", child_specialist_training_on: date | None = None,
                       capacity=None, mentor=None) -> StaffProfile:
    """Qualifications are kept by the staff member's manager or the systemförvaltare."""
    if actor.pk == user.pk and not actor.is_superuser:
        raise AccessDeniedError(gettext("Kompetensuppgifterna registreras av din chef eller systemförvaltaren."))
    if not may_see_staff_data(viewer=actor, user=user):
        raise AccessDeniedError(gettext("Du är inte chef för medarbetaren."))
    from skutan.staff.models import Degree

    if degree not in Degree.values:
        raise ApplicationError(gettext("Okänd examen."), field="degree")
    if dispensation_until and not (dispensation_reason or "").strip():
        raise ApplicationError(gettext("Ange dispensens grund."), field="dispensation_reason")
    profile, _ = StaffProfile.objects.update_or_create(user=user, defaults={
        "degree": degree, "validation": (validation or "")[:200], "dispensation_until": dispensation_until,
        "dispensation_reason": (dispensation_reason or "")[:200],
        "child_specialist_training_on": child_specialist_training_on,
        "capacity": _decimal(capacity, "capacity") if capacity not in (None, "") else None, "mentor": mentor})
    audit_event_record(event_type=EventType.STAFF_PROFILE_SAVED, actor=actor, obj=profile,
                       data={"user": user.pk, "degree": degree})
    return profile


@transaction.atomic
def introduction_step_add(*, actor, user, title: str, due_on: date | None) -> IntroductionStep:
    if not may_see_staff_data(viewer=actor, user=user) or (actor.pk == user.pk and not actor.is_superuser):
        raise AccessDeniedError(gettext("Introduktionen planeras av chefen."))
    if due_on is None:
        raise ApplicationError(gettext("Ange datum."), field="due_on")
    step = IntroductionStep.objects.create(user=user, title=_text(title, "title", gettext("Steget"), required=True)[:200],
                                           due_on=due_on)
    audit_event_record(event_type=EventType.STAFF_PROFILE_SAVED, actor=actor, obj=step, data={"user": user.pk})
    return step


@transaction.atomic
def introduction_step_done(*, actor, step: IntroductionStep, done_on: date | None) -> IntroductionStep:
    if not may_see_staff_data(viewer=actor, user=step.user):
        raise AccessDeniedError(gettext("Du kan inte ändra den här introduktionen."))
    if done_on is None or done_on > timezone.localdate():
        raise ApplicationError(gettext("Ange dagen steget blev klart."), field="done_on")
    step.done_on = done_on
    step.save(update_fields=["done_on"])
    return step
