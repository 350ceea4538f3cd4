from datetime import date

import pytest

from skutan.accounts.models import Role
from skutan.accounts.services import user_create
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction, AccessLog
from skutan.conftest import make_pnr
from skutan.core.errors import NotFoundError
from skutan.core.tests.fixtures import STREET
from skutan.people.models import HouseholdRole
from skutan.people.selectors import (
    household_current_for_person,
    person_address,
    person_as_dict,
    person_get_for_user,
    person_search,
)
from skutan.people.services import household_create, household_member_remove, person_create


def _ctx(user, purpose="Test"):
    return AccessContext(user=user, purpose=purpose, channel="web", path="/test/")


# person_get_for_user ---------------------------------------------------------------------------


def test_person_get_for_user_logs_the_read(person, eb_case, staff):
    got = person_get_for_user(ctx=_ctx(staff["eb_worker"], "Personöversikt"), person_id=person.pk)
    assert got == person
    row = AccessLog.objects.get(person_id=person.pk, object_type="person")
    assert (row.user_id, row.username) == (staff["eb_worker"].pk, "eb.handlaggare")
    assert (row.action, row.purpose, row.channel, row.path) == (AccessAction.VIEW, "Personöversikt", "web", "/test/")
    assert not row.outside_units
    assert not row.protected_person


def test_person_read_outside_units_is_flagged(person, eb_case, staff):
    person_get_for_user(ctx=_ctx(staff["bou_worker"]), person_id=person.pk)
    assert AccessLog.objects.get(person_id=person.pk, user_id=staff["bou_worker"].pk).outside_units


def test_person_read_by_superuser_not_flagged_outside(person, superuser):
    person_get_for_user(ctx=_ctx(superuser), person_id=person.pk)
    assert not AccessLog.objects.get(person_id=person.pk, user_id=superuser.pk).outside_units


def test_protected_person_read_is_flagged(protected_person, staff):
    person_get_for_user(ctx=_ctx(staff["eb_worker"]), person_id=protected_person.pk)
    assert AccessLog.objects.get(person_id=protected_person.pk).protected_person


def test_person_get_unknown_is_not_found_and_unlogged(staff):
    with pytest.raises(NotFoundError):
        person_get_for_user(ctx=_ctx(staff["eb_worker"]), person_id=987654)
    assert not AccessLog.objects.exists()


def test_person_get_for_user_without_role_is_not_found(person, db):
    outsider = user_create(username="utan.roll", password=None)
    with pytest.raises(NotFoundError):
        person_get_for_user(ctx=_ctx(outsider), person_id=person.pk)
    assert not AccessLog.objects.filter(user_id=outsider.pk).exists()


# person_search ---------------------------------------------------------------------------------


@pytest.fixture
def register(staff, person, protected_person):
    other = person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(date(1986, 2, 11), 345), first_name="Anders",
        last_name="Andersson",
    )
    return {"anna": person, "sara": protected_person, "anders": other}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Svensson", {"anna"}),
        ("anna svens", {"anna"}),
        ("AND", {"anders"}),
        ("a", set()),  # under two characters: no search at all
        ("Zyx", set()),
    ],
)
def test_person_search_by_name(register, staff, query, expected):
    found = person_search(ctx=_ctx(staff["eb_worker"]), query=query)
    assert {k for k, p in register.items() if p in found} == expected


def test_person_search_by_full_number_in_any_format(register, staff):
    number = register["anna"].identity_number  # YYYYMMDD-NNNN
    for query in (number, number.replace("-", ""), number[2:], number[2:].replace("-", "")):
        assert person_search(ctx=_ctx(staff["eb_worker"]), query=query) == [register["anna"]], query


@pytest.mark.parametrize(
    "query, expected",
    [
        ("860211", {"anna", "anders"}),
        ("19860211", {"anna", "anders"}),
        ("860211-12", {"anna"}),  # stored as 19860211-1232; Anders is 19860211-3451
        ("86021112", {"anna"}),
        ("19860211-34", {"anders"}),
        ("1986021134", {"anders"}),
        ("900601", {"sara"}),
    ],
)
def test_person_search_by_partial_number(register, staff, query, expected):
    found = person_search(ctx=_ctx(staff["eb_worker"]), query=query)
    assert {k for k, p in register.items() if p in found} == expected


def test_person_search_logs_each_hit_with_protection_flag(register, staff):
    found = person_search(ctx=_ctx(staff["eb_worker"], "Sökning"), query="S")  # too short
    assert found == [] and not AccessLog.objects.exists()
    found = person_search(ctx=_ctx(staff["eb_worker"], "Sökning"), query="Sara")
    assert found == [register["sara"]]
    row = AccessLog.objects.get()
    assert (row.person_id, row.action, row.purpose) == (register["sara"].pk, AccessAction.SEARCH, "Sökning")
    assert row.protected_person


def test_person_search_without_role_returns_nothing(register, db):
    outsider = user_create(username="utan.roll", password=None)
    assert person_search(ctx=_ctx(outsider), query="Svensson") == []


# protection ------------------------------------------------------------------------------------


def test_person_address_visible_for_unprotected(person, staff):
    assert person_address(user=staff["eb_worker"], person=person) == "Storgatan 1, 68230 Filipstad"


def test_protected_address_masked_without_the_right(protected_person, staff):
    assert person_address(user=staff["eb_worker"], person=protected_person) is None
    data = person_as_dict(user=staff["eb_worker"], person=protected_person)
    assert data["protected_identity"] is True
    assert (data["street_address"], data["postal_code"], data["city"]) == (None, None, None)
    assert STREET not in str(data)
    assert data["personal_identity_number"] == protected_person.identity_number


def test_protected_address_visible_with_the_right(protected_person, protected_viewer):
    assert person_address(user=protected_viewer, person=protected_person).startswith(STREET)
    assert person_as_dict(user=protected_viewer, person=protected_person)["street_address"] == STREET


def test_superuser_holds_the_protected_identity_right(protected_person, superuser):
    assert person_address(user=superuser, person=protected_person).startswith(STREET)


# households ------------------------------------------------------------------------------------


def test_household_current_for_person_ignores_households_left(staff, person):
    other = person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(date(2012, 5, 5), 246), first_name="Lisa",
        last_name="Svensson",
    )
    first = household_create(actor=staff["eb_worker"], cohabiting=False, since=date(2025, 1, 1),
                             members=[(person, HouseholdRole.ADULT), (other, HouseholdRole.CHILD)])
    assert household_current_for_person(person=other) == first
    household_member_remove(actor=staff["eb_worker"], member=first.members.get(person=other), on=date(2026, 1, 1))
    assert household_current_for_person(person=other) is None
    assert household_current_for_person(person=person) == first


def test_unit_role_required_for_search_roles(units, person):
    mobile = user_create(username="mobil", password=None, memberships=[(units["eb"], Role.MOBILE_TEAM)])
    assert person_search(ctx=_ctx(mobile), query="Svensson") == [person]


def test_household_current_for_user_reads_the_household_with_its_members_in_one_step(staff, person,
                                                                                     django_assert_num_queries):
    """The newest current household, as the old two-step read found it (its id, then the household): the same
    household and members, one access-log row per member, and the members need no further query."""
    from skutan.people.models import Household
    from skutan.people.selectors import household_current_for_user, household_get_for_user

    child = person_create(actor=staff["eb_worker"], identity_number=make_pnr(date(2014, 3, 3), 258),
                          first_name="Olle", last_name="Svensson")
    older = household_create(actor=staff["eb_worker"], cohabiting=False, since=date(2024, 1, 1),
                             members=[(person, HouseholdRole.ADULT)])
    household_member_remove(actor=staff["eb_worker"], member=older.members.get(person=person), on=date(2025, 1, 1))
    newest = household_create(actor=staff["eb_worker"], cohabiting=False, since=date(2025, 2, 1),
                              members=[(person, HouseholdRole.ADULT), (child, HouseholdRole.CHILD)])
    ctx = _ctx(staff["eb_worker"], purpose="Personöversikt")
    old_id = (Household.objects.filter(members__person=person, members__left_on__isnull=True)
              .order_by("-created_at", "-pk").values_list("pk", flat=True).first())
    before = household_get_for_user(ctx=ctx, household_id=old_id)
    logged = list(AccessLog.objects.filter(object_type="household").values_list("person_id", "outside_units"))
    mark = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first()

    found = household_current_for_user(ctx=ctx, person=person)
    assert found == before == newest
    with django_assert_num_queries(0):
        members = [(m.pk, m.person.first_name, m.left_on) for m in found.members.all()]
    assert members == [(m.pk, m.person.first_name, m.left_on) for m in before.members.all()]
    assert sorted(AccessLog.objects.filter(object_type="household", object_id=str(newest.pk), pk__gt=mark)
                  .values_list("person_id", "outside_units")) == sorted(logged)
    assert len(logged) == 2
    with pytest.raises(NotFoundError):
        household_current_for_user(ctx=_ctx(user_create(username="ingen.roll", password=None)), person=person)
