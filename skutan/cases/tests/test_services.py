from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.cases.models import Case, CaseAccessGrant, CaseAssignment, CaseEvent, CaseStatus
from skutan.cases.services import (
    EMERGENCY_ACCESS_HOURS,
    case_access_grant,
    case_allocate,
    case_close,
    case_emergency_access,
    case_open,
    case_status_set,
    emergency_access_review,
)
from skutan.conftest import emergency_right
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError


def _open(staff, units, person, *, actor="eb_worker", unit="eb", case_type="financial_assistance", **kw):
    kw.setdefault("opening_kind", "application")
    return case_open(actor=staff[actor], person=person, unit=units[unit], case_type=case_type, **kw)


# case_open -------------------------------------------------------------------------------------


def test_case_open_numbers_per_type_and_year(staff, units, person):
    first = _open(staff, units, person, opened_on=date(2026, 3, 1))
    second = _open(staff, units, person, opened_on=date(2026, 3, 2))
    last_year = _open(staff, units, person, opened_on=date(2025, 12, 30))
    child = _open(staff, units, person, actor="bou_worker", unit="bou", case_type="children", opening_kind="report")
    adults = _open(staff, units, person, case_type="adults")
    assert first.reference == "EB-2026-00001"
    assert second.reference == "EB-2026-00002"
    assert last_year.reference == "EB-2025-00001"
    assert child.reference == f"BU-{timezone.localdate().year}-00001"
    assert adults.reference == f"VU-{timezone.localdate().year}-00001"


def test_case_open_defaults_and_history(staff, units, person):
    case = _open(staff, units, person, summary="Ansökan om bistånd")
    assert (case.status, case.opened_on, case.version) == (CaseStatus.OPENED, timezone.localdate(), 1)
    event = CaseEvent.objects.get(case=case)
    assert (event.event_type, event.user_id, event.data) == ("opened", staff["eb_worker"].pk, {"opening_kind": "application"})
    audit = AuditEvent.objects.get(event_type=EventType.CASE_OPENED)
    assert (audit.case_id, audit.person_id, audit.data["unit_id"]) == (case.pk, person.pk, units["eb"].pk)


def test_case_open_with_assignee_allocates(staff, units, person):
    case = _open(staff, units, person, assign_to=staff["eb_worker2"])
    assert list(case.assignments.values_list("user_id", "ended_at")) == [(staff["eb_worker2"].pk, None)]


def test_case_open_refused_outside_own_unit(staff, units, person):
    with pytest.raises(AccessDeniedError):
        _open(staff, units, person, actor="bou_worker", unit="eb")
    with pytest.raises(AccessDeniedError):  # a log reviewer is no case worker
        _open(staff, units, person, actor="reviewer", unit="logg")
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.CASE_OPENED).exists()


def test_case_open_superuser_may_open_anywhere(superuser, units, person):
    case = case_open(actor=superuser, person=person, unit=units["bou"], case_type="children", opening_kind="report")
    assert case.unit == units["bou"]


def test_case_open_future_date_refused(staff, units, person):
    with pytest.raises(ApplicationError) as exc:
        _open(staff, units, person, opened_on=timezone.localdate() + timedelta(days=1))
    assert exc.value.field == "opened_on"
    assert "framtiden" in exc.value.message
    assert not Case.objects.exists()


@pytest.mark.parametrize("field, kw", [("case_type", {"case_type": "x"}), ("opening_kind", {"opening_kind": "x"})])
def test_case_open_unknown_choices_refused(staff, units, person, field, kw):
    with pytest.raises(ApplicationError) as exc:
        _open(staff, units, person, **kw)
    assert exc.value.field == field


def test_failing_service_leaves_no_audit_row(staff, units, person):
    """case_open records its audit row and event, then allocation fails: everything rolls back."""
    with pytest.raises(ApplicationError):
        _open(staff, units, person, assign_to=staff["bou_worker"])
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()
    assert not AuditEvent.objects.filter(event_type__in=[EventType.CASE_OPENED, EventType.CASE_ALLOCATED]).exists()


# case_allocate ---------------------------------------------------------------------------------


def test_case_allocate_by_manager_ends_previous_assignment(eb_case, staff):
    old = eb_case.assignments.get()
    new = case_allocate(actor=staff["eb_manager"], case=eb_case, assignee=staff["eb_worker2"])
    old.refresh_from_db()
    assert old.ended_at is not None
    assert new.ended_at is None and new.assigned_by == staff["eb_manager"]
    current = CaseAssignment.objects.filter(case=eb_case, ended_at__isnull=True)
    assert list(current.values_list("user_id", flat=True)) == [staff["eb_worker2"].pk]
    event = CaseEvent.objects.filter(case=eb_case, event_type="allocated").first()
    assert event.data["assignee_id"] == staff["eb_worker2"].pk
    assert AuditEvent.objects.filter(event_type=EventType.CASE_ALLOCATED, case_id=eb_case.pk).count() == 2


def test_case_allocate_refused_for_caseworker(eb_case, staff):
    with pytest.raises(AccessDeniedError):
        case_allocate(actor=staff["eb_worker"], case=eb_case, assignee=staff["eb_worker2"])
    assert list(eb_case.assignments.filter(ended_at__isnull=True).values_list("user_id", flat=True)) == [
        staff["eb_worker"].pk
    ]


def test_case_allocate_assignee_must_be_in_unit(eb_case, staff):
    with pytest.raises(ApplicationError) as exc:
        case_allocate(actor=staff["eb_manager"], case=eb_case, assignee=staff["bou_worker"])
    assert exc.value.field == "user"
    assert eb_case.assignments.get().ended_at is None


# case_status_set / case_close ------------------------------------------------------------------


def test_case_status_set(eb_case, staff):
    case = case_status_set(actor=staff["eb_worker"], case=eb_case, status=CaseStatus.INVESTIGATION, expected_version=1)
    assert (case.status, case.version) == (CaseStatus.INVESTIGATION, 2)
    assert CaseEvent.objects.get(case=eb_case, event_type="status_changed").data == {"old": "opened", "new": "investigation"}
    with pytest.raises(ApplicationError):
        case_status_set(actor=staff["eb_worker"], case=case, status=CaseStatus.CLOSED, expected_version=2)
    with pytest.raises(ConflictError):
        case_status_set(actor=staff["eb_worker"], case=case, status=CaseStatus.DECIDED, expected_version=1)
    assert Case.objects.get(pk=eb_case.pk).status == CaseStatus.INVESTIGATION


def test_case_close(eb_case, staff):
    case = case_close(actor=staff["eb_worker"], case=eb_case, reason=" Flyttat ", expected_version=1)
    row = Case.objects.get(pk=eb_case.pk)
    assert (row.status, row.closed_on, row.closing_reason) == (CaseStatus.CLOSED, timezone.localdate(), "Flyttat")
    assert not case.is_active
    assert not row.assignments.filter(ended_at__isnull=True).exists()
    assert CaseEvent.objects.get(case=eb_case, event_type="closed").data == {"reason": "Flyttat"}
    assert AuditEvent.objects.filter(event_type=EventType.CASE_CLOSED, case_id=eb_case.pk).exists()
    with pytest.raises(ConflictError):
        case_close(actor=staff["eb_worker"], case=case, reason="Igen", expected_version=case.version)


def test_case_close_rules(eb_case, staff):
    with pytest.raises(ApplicationError) as exc:
        case_close(actor=staff["eb_worker"], case=eb_case, reason="  ", expected_version=1)
    assert exc.value.field == "reason"
    with pytest.raises(ApplicationError) as exc:
        case_close(actor=staff["eb_worker"], case=eb_case, reason="Klart", expected_version=1,
                   closed_on=eb_case.opened_on - timedelta(days=1))
    assert exc.value.field == "closed_on"
    with pytest.raises(ConflictError):
        case_close(actor=staff["eb_worker"], case=eb_case, reason="Klart", expected_version=7)
    row = Case.objects.get(pk=eb_case.pk)
    assert (row.status, row.version) == (CaseStatus.OPENED, 1)


# emergency access and grants -------------------------------------------------------------------


def test_emergency_access_needs_reason(eb_case, bou_case, staff, person):
    with pytest.raises(ApplicationError) as exc:
        case_emergency_access(actor=staff["eb_worker"], person=person, reason=" kort ")
    assert exc.value.field == "reason"
    assert not CaseAccessGrant.objects.exists()


def test_emergency_access_grants_other_units_active_cases(eb_case, bou_case, staff, person):
    emergency_right(staff["eb_worker"], bou_case.unit)
    before = timezone.now()
    grants = case_emergency_access(actor=staff["eb_worker"], person=person, reason="Akut hot mot barnet i hemmet")
    assert [g.case for g in grants] == [bou_case]  # not the worker's own EB case
    grant = grants[0]
    assert grant.emergency and grant.user == staff["eb_worker"] and grant.reviewed_at is None
    expected_until = before + timedelta(hours=EMERGENCY_ACCESS_HOURS)
    assert abs((grant.valid_until - expected_until).total_seconds()) < 60
    event = CaseEvent.objects.get(case=bou_case, event_type="emergency_access")
    assert event.data == {"reason": "Akut hot mot barnet i hemmet"}
    audit = AuditEvent.objects.get(event_type=EventType.CASE_EMERGENCY_ACCESS)
    assert (audit.case_id, audit.person_id, audit.acting_user_id) == (bou_case.pk, person.pk, staff["eb_worker"].pk)


def test_emergency_access_without_other_cases_refused(eb_case, staff, person, units):
    emergency_right(staff["eb_worker"], units["bou"])
    with pytest.raises(ApplicationError):
        case_emergency_access(actor=staff["eb_worker"], person=person, reason="Akut hot mot barnet i hemmet")
    assert not CaseAccessGrant.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.CASE_EMERGENCY_ACCESS).exists()


def test_emergency_access_needs_the_special_right_in_the_cases_unit(eb_case, bou_case, staff, person, units):
    with pytest.raises(AccessDeniedError) as exc:
        case_emergency_access(actor=staff["eb_worker"], person=person, reason="Akut hot mot barnet i hemmet")
    assert "ingen behörighet till nödåtkomst" in exc.value.message
    emergency_right(staff["eb_worker"], units["logg"])  # a right, but not where the person's case is
    staff["eb_worker"].__dict__.pop("_skutan_special_rights", None)
    with pytest.raises(AccessDeniedError):
        case_emergency_access(actor=staff["eb_worker"], person=person, reason="Akut hot mot barnet i hemmet")
    assert not CaseAccessGrant.objects.exists()


def test_emergency_access_review_only_by_reviewer(eb_case, bou_case, staff, person):
    emergency_right(staff["eb_worker"], bou_case.unit)
    grant = case_emergency_access(actor=staff["eb_worker"], person=person, reason="Akut hot mot barnet i hemmet")[0]
    with pytest.raises(AccessDeniedError):
        emergency_access_review(actor=staff["eb_manager"], grant=grant)
    assert CaseAccessGrant.objects.get(pk=grant.pk).reviewed_at is None
    emergency_access_review(actor=staff["reviewer"], grant=grant)
    row = CaseAccessGrant.objects.get(pk=grant.pk)
    assert row.reviewed_by == staff["reviewer"] and row.reviewed_at is not None
    assert AuditEvent.objects.filter(event_type=EventType.CASE_EMERGENCY_ACCESS_REVIEWED, case_id=bou_case.pk).exists()


def test_case_access_grant_rules(eb_case, staff):
    with pytest.raises(AccessDeniedError):
        case_access_grant(actor=staff["eb_worker"], case=eb_case, user=staff["bou_worker"], reason="Samverkan")
    with pytest.raises(ApplicationError) as exc:
        case_access_grant(actor=staff["eb_manager"], case=eb_case, user=staff["bou_worker"], reason=" ")
    assert exc.value.field == "reason"
    grant = case_access_grant(actor=staff["eb_manager"], case=eb_case, user=staff["bou_worker"], reason="Samverkan", days=3)
    assert not grant.emergency and grant.granted_by == staff["eb_manager"]
    assert timedelta(days=2, hours=23) < grant.valid_until - timezone.now() <= timedelta(days=3)
    assert CaseEvent.objects.filter(case=eb_case, event_type="access_granted").exists()
    assert AuditEvent.objects.get(event_type=EventType.CASE_ACCESS_GRANTED).data["user_id"] == staff["bou_worker"].pk


# history outlives the case ---------------------------------------------------------------------


def test_case_events_and_audit_rows_outlive_the_case(eb_case, staff):
    case_id = eb_case.pk
    # Raw SQL: the ORM's collector would also visit other apps' relations to Case.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CaseAssignment._meta.db_table} WHERE case_id = %s", [case_id])
        cursor.execute(f"DELETE FROM {Case._meta.db_table} WHERE id = %s", [case_id])
    assert not Case.objects.filter(pk=case_id).exists()
    assert set(CaseEvent.objects.filter(case_id=case_id).values_list("event_type", flat=True)) == {"opened", "allocated"}
    assert AuditEvent.objects.filter(case_id=case_id, event_type=EventType.CASE_OPENED).exists()
