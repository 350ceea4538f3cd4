from datetime import timedelta

import pytest
from django.utils import timezone

from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction, AccessLog
from skutan.cases.models import CaseAccessGrant
from skutan.cases.selectors import (
    case_get_for_user,
    case_journal,
    cases_assigned_to,
    cases_for_person,
    cases_in_units,
    emergency_grants_to_review,
    journal_entry_get_for_user,
)
from skutan.cases.services import (
    case_access_grant,
    case_close,
    case_emergency_access,
    case_open,
    journal_entry_create,
)
from skutan.conftest import emergency_right
from skutan.core.errors import NotFoundError


def _ctx(user, purpose="Test", channel="web"):
    return AccessContext(user=user, purpose=purpose, channel=channel, path="/x/")


def test_case_get_for_user_in_own_unit_logs_read(eb_case, staff, person):
    case = case_get_for_user(ctx=_ctx(staff["eb_worker2"], "Ärendehandläggning"), case_id=eb_case.pk)
    assert case == eb_case and case.access_grant is None
    assert [a.user_id for a in case.current_assignments] == [staff["eb_worker"].pk]
    row = AccessLog.objects.get()
    assert (row.case_id, row.person_id, row.object_type, row.action, row.purpose) == (
        eb_case.pk, person.pk, "case", AccessAction.VIEW, "Ärendehandläggning"
    )
    assert not (row.outside_units or row.emergency or row.protected_person)


def test_case_of_other_unit_is_not_found_and_not_logged(bou_case, staff):
    with pytest.raises(NotFoundError) as exc:
        case_get_for_user(ctx=_ctx(staff["eb_worker"]), case_id=bou_case.pk)
    assert exc.value.status == 404
    with pytest.raises(NotFoundError):
        case_get_for_user(ctx=_ctx(staff["eb_worker"]), case_id=10**9)
    assert not AccessLog.objects.exists()


def test_protected_person_case_read_is_flagged(protected_case, staff):
    case_get_for_user(ctx=_ctx(staff["eb_worker"]), case_id=protected_case.pk)
    assert AccessLog.objects.get().protected_person


def test_superuser_reads_any_case_unflagged(bou_case, superuser):
    case_get_for_user(ctx=_ctx(superuser), case_id=bou_case.pk)
    row = AccessLog.objects.get()
    assert not row.outside_units and row.user_id == superuser.pk


def test_granted_access_flagged_outside_units_and_expires(eb_case, staff):
    grant = case_access_grant(actor=staff["eb_manager"], case=eb_case, user=staff["bou_worker"], reason="Samverkan")
    case = case_get_for_user(ctx=_ctx(staff["bou_worker"]), case_id=eb_case.pk)
    assert case.access_grant == grant
    row = AccessLog.objects.get(user_id=staff["bou_worker"].pk)
    assert row.outside_units and not row.emergency
    CaseAccessGrant.objects.filter(pk=grant.pk).update(valid_until=timezone.now() - timedelta(seconds=1))
    with pytest.raises(NotFoundError):
        case_get_for_user(ctx=_ctx(staff["bou_worker"]), case_id=eb_case.pk)
    assert cases_for_person(user=staff["bou_worker"], person=eb_case.person) == ([], 1)


def test_emergency_access_reads_logged_with_emergency_flag(eb_case, bou_case, staff, person):
    with pytest.raises(NotFoundError):
        case_get_for_user(ctx=_ctx(staff["eb_worker"]), case_id=bou_case.pk)
    emergency_right(staff["eb_worker"], bou_case.unit)
    case_emergency_access(actor=staff["eb_worker"], person=person, reason="Akut hot mot barnet i hemmet")
    case = case_get_for_user(ctx=_ctx(staff["eb_worker"], "Nödåtkomst"), case_id=bou_case.pk)
    assert case.access_grant.emergency
    row = AccessLog.objects.get(case_id=bou_case.pk)
    assert row.emergency and row.outside_units
    assert [g.case for g in emergency_grants_to_review()] == [bou_case]


def test_cases_for_person_visible_and_hidden_count(eb_case, bou_case, staff, person, units):
    visible, hidden = cases_for_person(user=staff["eb_worker"], person=person)
    assert (visible, hidden) == ([eb_case], 1)
    assert cases_for_person(user=staff["bou_worker"], person=person) == ([bou_case], 1)
    assert cases_for_person(user=staff["reviewer"], person=person) == ([], 2)
    # closed cases are neither listed nor counted
    case_close(actor=staff["bou_worker"], case=bou_case, reason="Klart", expected_version=1)
    assert cases_for_person(user=staff["eb_worker"], person=person) == ([eb_case], 0)


def test_cases_assigned_to_only_active_current(eb_case, staff, person, units):
    other = case_open(actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="adults",
                      opening_kind="other", assign_to=staff["eb_worker"])
    assert set(cases_assigned_to(user=staff["eb_worker"])) == {eb_case, other}
    case_close(actor=staff["eb_worker"], case=other, reason="Klart", expected_version=1)
    assert list(cases_assigned_to(user=staff["eb_worker"])) == [eb_case]
    assert list(cases_assigned_to(user=staff["eb_worker2"])) == []


def test_cases_in_units_unallocated_only(eb_case, staff, person, units):
    loose = case_open(actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="adults",
                      opening_kind="other")
    assert set(cases_in_units(unit_ids=[units["eb"].pk])) == {eb_case, loose}
    assert list(cases_in_units(unit_ids=[units["eb"].pk], unallocated_only=True)) == [loose]
    assert list(cases_in_units(unit_ids=[units["bou"].pk])) == []


def test_journal_entry_get_for_user_authorizes_through_case(signed_entry, staff, eb_case):
    entry = journal_entry_get_for_user(ctx=_ctx(staff["eb_worker2"]), entry_id=signed_entry.pk)
    assert entry == signed_entry and entry.case == eb_case
    assert AccessLog.objects.filter(case_id=eb_case.pk, user_id=staff["eb_worker2"].pk).count() == 1
    with pytest.raises(NotFoundError):
        journal_entry_get_for_user(ctx=_ctx(staff["bou_worker"]), entry_id=signed_entry.pk)
    with pytest.raises(NotFoundError):
        journal_entry_get_for_user(ctx=_ctx(staff["eb_worker"]), entry_id=10**9)
    assert not AccessLog.objects.filter(user_id=staff["bou_worker"].pk).exists()


def test_case_journal_newest_event_first(eb_case, staff):
    from datetime import date

    a = journal_entry_create(actor=staff["eb_worker"], case=eb_case, text="A", event_date=date(2026, 2, 1))
    b = journal_entry_create(actor=staff["eb_worker"], case=eb_case, text="B", event_date=date(2026, 3, 1))
    c = journal_entry_create(actor=staff["eb_worker"], case=eb_case, text="C", event_date=date(2026, 2, 1))
    assert case_journal(case=eb_case) == [b, c, a]


def test_cases_for_person_in_one_read_equals_the_filter_and_the_count(person, units, staff, superuser, eb_case,
                                                                       bou_case):
    """The visible cases and the hidden count, now from one annotated read, equal the separate filter and count
    they replaced, for readers who see some, all (a grant, a superuser) or none of the cases."""
    from skutan.cases.models import ACTIVE_STATUSES, Case
    from skutan.cases.selectors import case_visible_q

    second_bou = case_open(actor=staff["bou_worker"], person=person, unit=units["bou"], case_type="children",
                           opening_kind="report", assign_to=staff["bou_worker"])
    closed = case_open(actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="financial_assistance",
                       opening_kind="application", assign_to=staff["eb_worker"])
    case_close(actor=staff["eb_worker"], case=closed, reason="Klart", expected_version=closed.version)
    CaseAccessGrant.objects.create(case=second_bou, user=staff["eb_worker2"], reason="Samverkan",
                                   valid_until=timezone.now() + timedelta(days=1))
    for reader in (staff["eb_worker"], staff["eb_worker2"], staff["bou_worker"], staff["reviewer"], superuser):
        active = Case.objects.filter(person=person, status__in=ACTIVE_STATUSES)
        expected = list(active.filter(case_visible_q(user=reader)).order_by("-opened_on", "pk"))
        visible, hidden = cases_for_person(user=reader, person=person)
        assert sorted(c.pk for c in visible) == sorted(c.pk for c in expected), reader
        assert hidden == active.count() - len(expected), reader
        assert [c.opened_on for c in visible] == sorted((c.opened_on for c in visible), reverse=True)
        for case in visible:
            assert [a.user_id for a in case.current_assignments] == list(
                case.assignments.filter(ended_at__isnull=True).values_list("user_id", flat=True))
    visible, hidden = cases_for_person(user=staff["eb_worker2"], person=person)  # own unit, and a grant
    assert ({c.pk for c in visible}, hidden) == ({eb_case.pk, second_bou.pk}, 1)
