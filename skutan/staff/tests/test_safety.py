"""Threat markers, lone-worker visits with the overdue alarm, and incidents against staff (issue 14 part 1)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError, NotFoundError
from skutan.staff import selectors, services
from skutan.staff.models import SafetyMarker, Visit

pytestmark = pytest.mark.django_db


def test_marker_shows_until_its_review_date_and_then_expires(person, threat_marker):
    today = timezone.localdate()
    assert selectors.markers_active_for_person(person=person, today=today) == [threat_marker]
    assert selectors.markers_active_for_person(person=person, today=threat_marker.review_on) == [threat_marker]
    assert selectors.markers_active_for_person(person=person, today=threat_marker.review_on + timedelta(days=1)) == []


def test_review_keeps_or_ends_a_marker(person, threat_marker, staff):
    later = timezone.localdate() + timedelta(days=200)
    m = services.safety_marker_review(actor=staff["eb_worker"], marker=threat_marker, review_on=later, keep=True,
                                      version=threat_marker.version)
    assert m.review_on == later and m.reviewed_on == timezone.localdate()
    services.safety_marker_review(actor=staff["eb_worker"], marker=m, review_on=None, keep=False, version=m.version)
    assert selectors.markers_active_for_person(person=person) == []


def test_a_marker_on_an_address_applies_to_the_person_living_there(person, staff, kinds):
    services.safety_marker_set(actor=staff["eb_worker"], street_address="Storgatan 1", postal_code="682 30",
                               kind="dog", reason="Lös hund på gården", review_on=timezone.localdate() + timedelta(10))
    assert [m.kind.code for m in selectors.markers_active_for_person(person=person)] == ["dog"]


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"kind": "unknown"}, "kind"), ({"reason": " "}, "reason"),
    ({"review_on": date(2020, 1, 1)}, "review_on"),
])
def test_marker_bad_input(person, staff, kinds, eb_case, kwargs, field):
    base = {"actor": staff["eb_worker"], "person": person, "kind": "dog", "reason": "Hund",
            "review_on": timezone.localdate() + timedelta(days=30)}
    with pytest.raises(ApplicationError) as exc:
        services.safety_marker_set(**(base | kwargs))
    assert exc.value.field == field and not SafetyMarker.objects.exists()


def _plan(actor, person, unit, *, start=None, minutes=60, companion=None, override=""):
    start = start or timezone.now()
    return services.visit_plan(actor=actor, person=person, unit=unit, starts_at=start,
                               expected_end=start + timedelta(minutes=minutes), companion=companion,
                               override_reason=override)


def test_a_visit_to_a_marked_person_needs_a_companion_or_a_managers_override(person, threat_marker, staff, units):
    with pytest.raises(ApplicationError) as exc:
        _plan(staff["eb_worker"], person, units["eb"])
    assert exc.value.field == "companion"
    with pytest.raises(ApplicationError):  # a caseworker cannot override
        _plan(staff["eb_worker"], person, units["eb"], override="Kort besök")
    assert _plan(staff["eb_worker"], person, units["eb"], companion=staff["eb_worker2"]).companion == staff["eb_worker2"]
    overridden = _plan(staff["eb_manager"], person, units["eb"], override="Personen är inlagd; bara hämta post")
    assert overridden.override_by == staff["eb_manager"]


def test_a_dog_alone_does_not_require_a_companion(person, staff, units, kinds, eb_case):
    services.safety_marker_set(actor=staff["eb_worker"], person=person, kind="dog", reason="Hund",
                               review_on=timezone.localdate() + timedelta(days=30))
    assert _plan(staff["eb_worker"], person, units["eb"]).companion is None


def test_expected_end_before_start_is_refused(person, staff, units):
    now = timezone.now()
    with pytest.raises(ApplicationError) as exc:
        services.visit_plan(actor=staff["eb_worker"], person=person, unit=units["eb"], starts_at=now,
                            expected_end=now - timedelta(minutes=5))
    assert exc.value.field == "expected_end" and not Visit.objects.exists()


def test_overdue_alarm_at_the_grace_boundary(person, staff, units, kinds):
    start = timezone.now() - timedelta(hours=2)
    visit = _plan(staff["eb_worker"], person, units["eb"], start=start, minutes=60)
    end = visit.expected_end
    assert selectors.visits_overdue(unit_ids={units["eb"].pk}, now=end + timedelta(minutes=15)) == []
    rows = selectors.visits_overdue(unit_ids={units["eb"].pk}, now=end + timedelta(minutes=15, seconds=1))
    assert [v.pk for v in rows] == [visit.pk] and rows[0].minutes_overdue == 15
    services.visit_check_in(actor=staff["eb_worker"], visit=visit)  # checked in but never out: still an alarm
    assert selectors.alarms_for_manager(user=staff["eb_manager"], now=end + timedelta(minutes=20))
    services.visit_check_out(actor=staff["eb_worker"], visit=visit)
    assert selectors.visits_overdue(unit_ids={units["eb"].pk}, now=end + timedelta(minutes=20)) == []


def test_the_manager_acknowledges_the_alarm(person, staff, units, kinds):
    visit = _plan(staff["eb_worker"], person, units["eb"], start=timezone.now() - timedelta(hours=3))
    with pytest.raises(AccessDeniedError):
        services.visit_alarm_acknowledge(actor=staff["eb_worker2"], visit=visit, note="x")
    services.visit_alarm_acknowledge(actor=staff["eb_manager"], visit=visit, note="Ringde, allt väl")
    assert selectors.alarms_for_manager(user=staff["eb_manager"]) == []
    with pytest.raises(ConflictError):
        services.visit_alarm_acknowledge(actor=staff["eb_manager"], visit=visit, note="igen")


def test_only_the_visitor_checks_in(person, staff, units, kinds):
    visit = _plan(staff["eb_worker"], person, units["eb"])
    with pytest.raises(AccessDeniedError):
        services.visit_check_in(actor=staff["eb_worker2"], visit=visit)
    services.visit_check_in(actor=staff["eb_worker"], visit=visit)
    with pytest.raises(ConflictError):
        services.visit_check_in(actor=staff["eb_worker"], visit=visit)


def test_the_seeds_two_incidents_can_be_recorded(staff, units):
    never = services.threat_incident_record(
        actor=staff["eb_worker"], affected=staff["eb_worker"], unit=units["eb"], occurred_on=date(2026, 10, 1),
        channel="social_media", description="Uthängd med namn och bild på Facebook; ”nu vet jag var dina barn går i skolan”")
    dropped = services.threat_incident_record(
        actor=staff["eb_manager"], affected=staff["eb_worker2"], unit=units["eb"], occurred_on=date(2026, 9, 1),
        channel="phone", description="Hot i telefon", police_status="reported", police_reported_on=date(2026, 9, 2),
        police_case_number="5000-K12345-26", support_given="Samtal med chef, företagshälsovård")
    dropped = services.threat_incident_update(
        actor=staff["eb_manager"], incident=dropped, police_status="dropped", police_reported_on=date(2026, 9, 2),
        police_case_number="5000-K12345-26", support_given="Samtal med chef, företagshälsovård",
        follow_up_note="Utredningen lades ned", version=dropped.version)
    assert never.police_status == "not_reported" and dropped.police_status == "dropped"
    with pytest.raises(ApplicationError) as exc:
        services.threat_incident_record(actor=staff["eb_worker"], affected=staff["eb_worker"], unit=units["eb"],
                                        occurred_on=date(2026, 9, 1), channel="phone", description="x",
                                        police_status="reported")
    assert exc.value.field == "police_reported_on"


def test_incidents_are_seen_by_the_affected_and_the_manager_only(staff, units):
    incident = services.threat_incident_record(actor=staff["eb_worker"], affected=staff["eb_worker"],
                                               unit=units["eb"], occurred_on=date(2026, 10, 1), channel="letter",
                                               description="Hotbrev")
    for user in (staff["eb_worker"], staff["eb_manager"]):
        assert selectors.incident_get_for_user(user=user, incident_id=incident.pk) == incident
    for user in (staff["eb_worker2"], staff["bou_worker"]):
        with pytest.raises(NotFoundError):
            selectors.incident_get_for_user(user=user, incident_id=incident.pk)
    with pytest.raises(AccessDeniedError):  # someone else cannot record on another's behalf
        services.threat_incident_record(actor=staff["eb_worker2"], affected=staff["eb_worker"], unit=units["eb"],
                                        occurred_on=date(2026, 10, 1), channel="letter", description="x")


def test_incident_statistics_per_channel_and_police_share(staff, units):
    for i in range(6):
        services.threat_incident_record(
            actor=staff["eb_worker"], affected=staff["eb_worker"], unit=units["eb"], occurred_on=date(2026, 10, 1 + i),
            channel="phone", description="Hot", police_status="reported" if i < 3 else "not_reported",
            police_reported_on=date(2026, 10, 9) if i < 3 else None)
    services.threat_incident_record(actor=staff["eb_worker"], affected=staff["eb_worker"], unit=units["eb"],
                                    occurred_on=date(2026, 10, 20), channel="email", description="Hot")
    stats = selectors.incident_statistics(user=staff["eb_manager"], first=date(2026, 1, 1), last=date(2026, 12, 31))
    assert stats["months"] == [{"month": "2026-10", "count": 7}]
    assert {r["label"]: r["count"] for r in stats["channels"]} == {"Telefon": 6, "E-post": None}
    assert stats["police_share"] == 43  # 3 of 7
    with pytest.raises(AccessDeniedError):
        selectors.incident_statistics(user=staff["eb_worker"], first=date(2026, 1, 1), last=date(2026, 12, 31))
