"""Special rights: per unit, with an end date and a reason, audited, and listed for review."""

from datetime import timedelta

import pytest
from django.utils import timezone

from skutan.accounts.models import SpecialRightKind
from skutan.administration import selectors, services
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.core.errors import ApplicationError
from skutan.people.selectors import person_address


def _today():
    return timezone.localdate()  # when the test runs (a run may cross midnight), in Stockholm


def _grant(sysadmin, user, unit, kind=SpecialRightKind.PROTECTED_ADDRESS, days=30):
    return services.special_right_grant(
        actor=sysadmin, user=user, unit=unit, kind=kind, valid_to=_today() + timedelta(days=days),
        reason="Handlägger ärenden med skyddade personuppgifter",
    )


@pytest.fixture
def protected_eb_case(protected_person, units, staff):
    from skutan.cases.services import case_open

    return case_open(actor=staff["eb_worker"], person=protected_person, unit=units["eb"],
                     case_type="financial_assistance", opening_kind="application")


def test_the_protected_address_right_applies_in_its_unit_only(sysadmin, staff, units, protected_person,
                                                              protected_eb_case):
    manager = staff["eb_manager"]
    assert person_address(user=manager, person=protected_person) is None
    _grant(sysadmin, manager, units["bou"])  # the wrong unit: the person's case is in EB
    manager = type(manager).objects.get(pk=manager.pk)
    assert person_address(user=manager, person=protected_person) is None
    _grant(sysadmin, manager, units["eb"])
    manager = type(manager).objects.get(pk=manager.pk)
    assert person_address(user=manager, person=protected_person).startswith("Hemliga vägen 7")


def test_an_ended_or_revoked_right_no_longer_applies(sysadmin, staff, units, protected_person, protected_eb_case):
    manager = staff["eb_manager"]
    right = _grant(sysadmin, manager, units["eb"])
    services.special_right_revoke(actor=sysadmin, right=right)
    assert person_address(user=type(manager).objects.get(pk=manager.pk), person=protected_person) is None
    expired = _grant(sysadmin, manager, units["eb"])
    type(expired).objects.filter(pk=expired.pk).update(valid_from=_today() - timedelta(days=10),
                                                      valid_to=_today() - timedelta(days=1))
    assert person_address(user=type(manager).objects.get(pk=manager.pk), person=protected_person) is None


def test_a_right_needs_an_end_date_and_a_reason_and_is_audited(sysadmin, staff, units):
    with pytest.raises(ApplicationError) as exc:
        services.special_right_grant(actor=sysadmin, user=staff["eb_worker"], unit=units["eb"],
                                     kind=SpecialRightKind.LOG_REVIEWER, valid_to=None, reason="Granskning")
    assert exc.value.field == "valid_to"
    with pytest.raises(ApplicationError) as exc:
        services.special_right_grant(actor=sysadmin, user=staff["eb_worker"], unit=units["eb"],
                                     kind=SpecialRightKind.LOG_REVIEWER, valid_to=_today(), reason=" ")
    assert exc.value.field == "reason"
    right = _grant(sysadmin, staff["eb_worker"], units["eb"], kind=SpecialRightKind.LOG_REVIEWER, days=10)
    event = AuditEvent.objects.get(event_type=EventType.SPECIAL_RIGHT_GRANTED, object_id=str(right.pk))
    assert event.acting_user_id == sysadmin.pk and event.data["reason"]


def test_rights_are_listed_for_review(sysadmin, staff, units):
    soon = _grant(sysadmin, staff["eb_worker"], units["eb"], days=5)
    later = _grant(sysadmin, staff["eb_worker2"], units["eb"], kind=SpecialRightKind.EMERGENCY_ACCESS, days=200)
    assert list(selectors.special_rights_list(actor=sysadmin, status="active")) == [soon, later]
    assert list(selectors.special_rights_list(actor=sysadmin, status="expiring")) == [soon]
    services.special_right_revoke(actor=sysadmin, right=soon)
    assert list(selectors.special_rights_list(actor=sysadmin, status="ended")) == [soon]


def test_the_log_reviewer_right_opens_the_access_log(sysadmin, staff, units, login):
    worker = staff["eb_worker"]
    assert login(worker).get("/logg/").status_code == 403
    _grant(sysadmin, worker, units["eb"], kind=SpecialRightKind.LOG_REVIEWER, days=3)
    assert login(worker).get("/logg/").status_code == 200
