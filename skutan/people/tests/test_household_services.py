"""Household services: the rules on members, dates and sambor/makar, optimistic locking, and who may change
a household (skutan/people/services.py, people.selectors.household_may_change)."""

from datetime import timedelta

import pytest

from skutan.accounts.models import Role
from skutan.accounts.services import user_create
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.cases.services import case_access_grant, case_emergency_access, case_open
from skutan.conftest import emergency_right
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.people.models import Household, HouseholdMember, HouseholdRole
from skutan.people.selectors import household_may_change
from skutan.people.services import (
    household_cohabiting_set,
    household_create,
    household_member_add,
    household_member_remove,
)
from skutan.people.tests.household_fixtures import *  # noqa: F401,F403
from skutan.people.tests.household_fixtures import today, years_ago

ADULT, CHILD = HouseholdRole.ADULT, HouseholdRole.CHILD
SINCE = years_ago(1)


def _single_parent(actor, person, child, **kw):
    return household_create(actor=actor, members=[(person, ADULT), (child, CHILD, kw.pop("lunch", True))],
                            cohabiting=False, since=kw.pop("since", SINCE))


def _nothing_saved():
    assert not Household.objects.exists()
    assert not HouseholdMember.objects.exists()
    assert not AuditEvent.objects.filter(
        event_type__in=[EventType.HOUSEHOLD_CREATED, EventType.HOUSEHOLD_MEMBER_ADDED]
    ).exists()


# household_create --------------------------------------------------------------------------------------------


def test_create_stores_lunch_per_child_and_forces_it_for_adults(staff, person, partner, toddler):
    household = household_create(
        actor=staff["eb_worker"], cohabiting=True, since=SINCE,
        members=[(person, ADULT, False), (partner, ADULT), (toddler, CHILD, False)],
    )
    rows = {m.person_id: m for m in household.members.all()}
    assert rows[toddler.pk].lunch_at_home is False
    assert rows[person.pk].lunch_at_home is True  # meaningless for an adult: never stored as "not at home"
    assert {m.joined_on for m in rows.values()} == {SINCE}
    assert household.version == 1


def test_create_refuses_a_future_date(staff, person):
    with pytest.raises(ApplicationError) as exc:
        household_create(actor=staff["eb_worker"], cohabiting=False, since=today() + timedelta(days=1),
                         members=[(person, ADULT)])
    assert exc.value.field == "since"
    assert "framtiden" in exc.value.message
    _nothing_saved()


def test_create_refuses_the_same_person_twice(staff, person, toddler):
    with pytest.raises(ConflictError) as exc:
        household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE,
                         members=[(person, ADULT), (toddler, CHILD), (person, CHILD)])
    assert exc.value.field == "members[2].person"
    _nothing_saved()


def test_create_refuses_a_person_already_in_another_household(staff, person, partner, toddler):
    first = _single_parent(staff["eb_worker"], person, toddler)
    with pytest.raises(ConflictError) as exc:
        household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE,
                         members=[(partner, ADULT), (toddler, CHILD)])
    assert exc.value.field == "members[1].person"
    assert "annat hushåll" in exc.value.message
    assert list(Household.objects.all()) == [first]


def test_create_names_the_member_row_of_a_bad_role(staff, person, toddler):
    with pytest.raises(ApplicationError) as exc:
        household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE,
                         members=[(person, ADULT), (toddler, "pet")])
    assert exc.value.field == "members[1].role"
    assert exc.value.message.startswith("Hushållsmedlem 2:")
    _nothing_saved()


def test_create_refuses_a_date_before_a_members_birth(staff, person, toddler):
    with pytest.raises(ApplicationError) as exc:
        household_create(actor=staff["eb_worker"], cohabiting=False, since=toddler.birth_date - timedelta(days=1),
                         members=[(person, ADULT), (toddler, CHILD)])
    assert exc.value.field == "members[1].since"
    _nothing_saved()


# household_member_add ----------------------------------------------------------------------------------------


def test_member_add_bumps_the_version_and_audits(staff, person, toddler, schoolchild):
    household = _single_parent(staff["eb_worker"], person, toddler)
    version = Household.objects.get(pk=household.pk).version
    member = household_member_add(actor=staff["eb_worker"], household=household, person=schoolchild, role=CHILD,
                                  since=today(), lunch_at_home=False)
    assert Household.objects.get(pk=household.pk).version == version + 1
    assert household.version == version + 1  # the caller's instance follows
    assert HouseholdMember.objects.get(pk=member.pk).joined_on == today()
    event = AuditEvent.objects.get(event_type=EventType.HOUSEHOLD_MEMBER_ADDED, person_id=schoolchild.pk)
    assert event.data == {"role": "child", "member_id": member.pk}


@pytest.mark.parametrize("offset, fragment", [(1, "framtiden"), (-10_000, "födelsedatum")])
def test_member_add_refuses_bad_dates(staff, person, toddler, schoolchild, offset, fragment):
    household = _single_parent(staff["eb_worker"], person, toddler)
    since = today() + timedelta(days=offset) if offset > 0 else schoolchild.birth_date - timedelta(days=1)
    with pytest.raises(ApplicationError) as exc:
        household_member_add(actor=staff["eb_worker"], household=household, person=schoolchild, role=CHILD,
                             since=since)
    assert exc.value.field == "since"
    assert fragment in exc.value.message
    assert not household.members.filter(person=schoolchild).exists()
    assert Household.objects.get(pk=household.pk).version == household.version


def test_member_add_refuses_a_third_adult_to_sambor(staff, person, partner, schoolchild):
    household = household_create(actor=staff["eb_worker"], cohabiting=True, since=SINCE,
                                 members=[(person, ADULT), (partner, ADULT)])
    with pytest.raises(ApplicationError) as exc:
        household_member_add(actor=staff["eb_worker"], household=household, person=schoolchild, role=ADULT,
                             since=SINCE)
    assert exc.value.field == "role"
    assert household.members.count() == 2


def test_member_add_allows_two_adults_who_are_not_sambor(staff, person, partner):
    household = household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE,
                                 members=[(person, ADULT)])
    household_member_add(actor=staff["eb_worker"], household=household, person=partner, role=ADULT, since=SINCE)
    assert household.members.filter(role=ADULT, left_on__isnull=True).count() == 2


# household_member_remove -------------------------------------------------------------------------------------


def test_remove_refuses_left_on_before_joined_on(staff, person, toddler):
    household = _single_parent(staff["eb_worker"], person, toddler)
    member = household.members.get(person=toddler)
    with pytest.raises(ApplicationError) as exc:
        household_member_remove(actor=staff["eb_worker"], member=member, on=SINCE - timedelta(days=1))
    assert exc.value.field == "left_on"
    assert SINCE.isoformat() in exc.value.message
    assert HouseholdMember.objects.get(pk=member.pk).left_on is None
    assert not AuditEvent.objects.filter(event_type=EventType.HOUSEHOLD_MEMBER_REMOVED).exists()


def test_remove_refuses_a_future_date(staff, person, toddler):
    household = _single_parent(staff["eb_worker"], person, toddler)
    member = household.members.get(person=toddler)
    with pytest.raises(ApplicationError) as exc:
        household_member_remove(actor=staff["eb_worker"], member=member, on=today() + timedelta(days=1))
    assert exc.value.field == "left_on"
    assert HouseholdMember.objects.get(pk=member.pk).left_on is None


def test_remove_of_a_sambo_ends_the_cohabiting_mark(staff, person, partner, toddler):
    household = household_create(actor=staff["eb_worker"], cohabiting=True, since=SINCE,
                                 members=[(person, ADULT), (partner, ADULT), (toddler, CHILD)])
    household_member_remove(actor=staff["eb_worker"], member=household.members.get(person=partner), on=today())
    stored = Household.objects.get(pk=household.pk)
    assert stored.cohabiting is False
    assert stored.version > 1
    event = AuditEvent.objects.get(event_type=EventType.HOUSEHOLD_MEMBER_REMOVED, person_id=partner.pk)
    assert event.data["cohabiting_ended"] is True
    assert event.data["left_on"] == today().isoformat()


def test_remove_of_a_child_keeps_the_cohabiting_mark(staff, person, partner, toddler):
    household = household_create(actor=staff["eb_worker"], cohabiting=True, since=SINCE,
                                 members=[(person, ADULT), (partner, ADULT), (toddler, CHILD)])
    household_member_remove(actor=staff["eb_worker"], member=household.members.get(person=toddler), on=today())
    assert Household.objects.get(pk=household.pk).cohabiting is True


def test_remove_refuses_to_leave_children_without_an_adult(staff, person, toddler):
    household = _single_parent(staff["eb_worker"], person, toddler)
    with pytest.raises(ApplicationError) as exc:
        household_member_remove(actor=staff["eb_worker"], member=household.members.get(person=person), on=today())
    assert exc.value.field == "member"
    assert household.members.filter(left_on__isnull=True).count() == 2


# household_cohabiting_set ------------------------------------------------------------------------------------


def test_cohabiting_set_needs_exactly_two_adults(staff, person, toddler):
    household = _single_parent(staff["eb_worker"], person, toddler)
    household.refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        household_cohabiting_set(actor=staff["eb_worker"], household=household, cohabiting=True,
                                 expected_version=household.version)
    assert exc.value.field == "cohabiting"
    assert Household.objects.get(pk=household.pk).cohabiting is False


def test_cohabiting_set_audits_the_change(staff, person, partner):
    household = household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE,
                                 members=[(person, ADULT), (partner, ADULT)])
    household.refresh_from_db()
    version = household.version
    updated = household_cohabiting_set(actor=staff["eb_worker"], household=household, cohabiting=True,
                                       expected_version=version)
    assert updated.cohabiting is True and updated.version == version + 1
    event = AuditEvent.objects.get(event_type=EventType.HOUSEHOLD_UPDATED)
    assert event.data == {"cohabiting": [False, True]}
    assert event.object_id == str(household.pk)


def test_cohabiting_set_with_a_stale_version_is_refused(staff, person, partner, toddler):
    """Worker A opens the page; worker B adds a child (the version moves); A's change is refused."""
    household = household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE,
                                 members=[(person, ADULT), (partner, ADULT)])
    seen_by_a = Household.objects.get(pk=household.pk)
    household_member_add(actor=staff["eb_worker2"], household=household, person=toddler, role=CHILD, since=SINCE)
    with pytest.raises(ConflictError) as exc:
        household_cohabiting_set(actor=staff["eb_worker"], household=seen_by_a, cohabiting=True,
                                 expected_version=seen_by_a.version)
    assert exc.value.field == "version"
    assert Household.objects.get(pk=household.pk).cohabiting is False
    assert not AuditEvent.objects.filter(event_type=EventType.HOUSEHOLD_UPDATED).exists()


# who may change a household ----------------------------------------------------------------------------------


def test_another_units_worker_cannot_change_the_household(staff, person, toddler, schoolchild, eb_case):
    """All of the person's cases are in Ekonomiskt bistånd: Barn och unga's worker may not touch it."""
    outsider = staff["bou_worker"]
    with pytest.raises(AccessDeniedError):
        _single_parent(outsider, person, toddler)
    _nothing_saved()
    household = _single_parent(staff["eb_worker"], person, toddler)
    household.refresh_from_db()
    version = household.version
    with pytest.raises(AccessDeniedError):
        household_member_add(actor=outsider, household=household, person=schoolchild, role=CHILD, since=SINCE)
    with pytest.raises(AccessDeniedError):
        household_member_remove(actor=outsider, member=household.members.get(person=toddler), on=today())
    with pytest.raises(AccessDeniedError):
        household_cohabiting_set(actor=outsider, household=household, cohabiting=False, expected_version=version)
    assert Household.objects.get(pk=household.pk).version == version
    assert household.members.filter(left_on__isnull=True).count() == 2


def test_a_case_in_ones_own_unit_is_enough(staff, person, toddler, eb_case, units):
    """The child has a case in Barn och unga: its worker may change the household the EB client heads."""
    case_open(actor=staff["bou_worker"], person=toddler, unit=units["bou"], case_type="children",
              opening_kind="report")
    household = _single_parent(staff["bou_worker"], person, toddler)
    assert household.members.count() == 2


def test_anyone_who_may_register_persons_when_nobody_has_a_case(staff, person, toddler):
    """The same rule as registering a person: before any case exists, any case worker may (docs/access-control.md),
    but not a log reviewer, who has no business changing the register."""
    with pytest.raises(AccessDeniedError):
        _single_parent(staff["reviewer"], person, toddler)
    household = _single_parent(staff["bou_worker"], person, toddler)
    assert household.members.count() == 2


def test_a_user_without_a_role_may_not(units, person, toddler):
    nobody = user_create(username="ingen.roll", password=None)
    with pytest.raises(AccessDeniedError):
        _single_parent(nobody, person, toddler)


def test_unit_manager_may_but_mobile_team_may_not(staff, units, person, toddler, eb_case):
    mobile = user_create(username="mobil", password=None, memberships=[(units["eb"], Role.MOBILE_TEAM)])
    with pytest.raises(AccessDeniedError):
        _single_parent(mobile, person, toddler)
    manager = user_create(username="chef2", password=None, memberships=[(units["eb"], Role.UNIT_MANAGER)])
    assert _single_parent(manager, person, toddler).members.count() == 2


def test_a_managers_grant_counts_but_emergency_access_does_not(staff, person, toddler, eb_case):
    outsider = staff["bou_worker"]
    emergency_right(outsider, eb_case.unit)
    case_emergency_access(actor=outsider, person=person, reason="Akut oro för barnet i familjen")
    with pytest.raises(AccessDeniedError):
        _single_parent(outsider, person, toddler)
    case_access_grant(actor=staff["eb_manager"], case=eb_case, user=outsider, reason="Samverkan kring familjen")
    assert _single_parent(outsider, person, toddler).members.count() == 2


def test_a_case_linked_to_the_household_counts(staff, units, person, toddler):
    """A case linked to the household counts like a member's own case (checked here with no members)."""
    household = _single_parent(staff["eb_worker"], person, toddler)
    assert household_may_change(user=staff["bou_worker"], person_ids=set(), household=household) is True
    case_open(actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="financial_assistance",
              opening_kind="application", household=household)
    assert household_may_change(user=staff["bou_worker"], person_ids=set(), household=household) is False
    assert household_may_change(user=staff["eb_worker2"], person_ids=set(), household=household) is True
