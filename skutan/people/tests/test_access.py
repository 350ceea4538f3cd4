"""Who may change a person's data (skutan/people/access.py, docs/access-control.md)."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from skutan.accounts.models import Role
from skutan.accounts.services import user_create
from skutan.cases.services import case_access_grant, case_emergency_access, case_open
from skutan.conftest import emergency_right, make_pnr
from skutan.core.errors import AccessDeniedError
from skutan.people.models import Person
from skutan.people.services import person_create, person_update


@pytest.fixture
def child(staff, units):
    """A child who has only a Barn och unga case."""
    child = person_create(
        actor=staff["bou_worker"], identity_number=make_pnr(date(2015, 4, 2), 246), first_name="Lo",
        last_name="Barnsson", street_address="Skolgatan 2", postal_code="68230", city="Filipstad",
    )
    case_open(actor=staff["bou_worker"], person=child, unit=units["bou"], case_type="children", opening_kind="report")
    return child


def _unchanged(child):
    fresh = Person.objects.get(pk=child.pk)
    return (fresh.first_name, fresh.street_address, fresh.phone, fresh.version) == (
        "Lo", "Skolgatan 2", "", child.version
    )


def test_eb_caseworker_may_not_patch_a_child_with_only_a_children_case(api, staff, child):
    response = api(staff["eb_worker"]).patch(
        f"/persons/{child.pk}", {"version": child.version, "first_name": "Ändrad", "phone": "070-1740650"}
    )
    assert response.status_code in (403, 404)
    assert _unchanged(child)


def test_eb_caseworker_may_not_use_the_web_edit_form(login, staff, child):
    client = login(staff["eb_worker"])
    assert client.get(f"/personer/{child.pk}/andra/").status_code in (403, 404)
    response = client.post(
        f"/personer/{child.pk}/andra/",
        {"version": child.version, "first_name": "Ändrad", "last_name": "Barnsson", "phone": "070-1740650",
         "street_address": "Annan väg 1", "postal_code": "68230", "city": "Filipstad"},
    )
    assert response.status_code in (403, 404)
    assert _unchanged(child)


def test_the_childs_own_unit_may(api, staff, child):
    response = api(staff["bou_worker"]).patch(f"/persons/{child.pk}", {"version": child.version, "phone": "070-1740650"})
    assert response.status_code == 200
    assert Person.objects.get(pk=child.pk).phone == "070-1740650"


def test_a_managers_grant_allows_but_emergency_access_does_not(staff, units, child):
    bou_case = child.cases.get()
    manager = user_create(username="bou.chef", password=None, memberships=[(units["bou"], Role.UNIT_MANAGER)])
    emergency_right(staff["eb_worker"], units["bou"])
    case_emergency_access(actor=staff["eb_worker"], person=child, reason="Akut oro under kvällen")
    with pytest.raises(AccessDeniedError):
        person_update(actor=staff["eb_worker"], person=child, expected_version=child.version, phone="1")
    case_access_grant(actor=manager, case=bou_case, user=staff["eb_worker"], reason="Samverkan kring barnet")
    person_update(actor=staff["eb_worker"], person=child, expected_version=child.version, phone="070-1740651")
    assert Person.objects.get(pk=child.pk).phone == "070-1740651"


def test_the_register_permission_may_change_anyone(staff, units, child):
    registrar = user_create(username="personregister", password=None, memberships=[(units["logg"], Role.QUALITY_OFFICER)])
    with pytest.raises(AccessDeniedError):
        person_update(actor=registrar, person=child, expected_version=child.version, phone="1")
    registrar.user_permissions.add(Permission.objects.get(codename="change_person", content_type__app_label="people"))
    registrar = type(registrar).objects.get(pk=registrar.pk)  # permissions are cached per instance
    person_update(actor=registrar, person=child, expected_version=child.version, phone="070-1740652")
    assert Person.objects.get(pk=child.pk).phone == "070-1740652"


def test_a_co_applicant_in_an_eb_household_may_be_changed_by_the_eb_unit(staff, units, person, eb_case):
    """The partner has no case of their own but lives in the household the EB case is about."""
    from skutan.cases.services import case_household_set
    from skutan.people.services import household_create

    partner = person_create(actor=staff["eb_worker"], identity_number=make_pnr(date(1985, 1, 5), 135),
                            first_name="Per", last_name="Partner")
    case_open(actor=staff["bou_worker"], person=partner, unit=units["bou"], case_type="children",
              opening_kind="report")
    household = household_create(actor=staff["eb_worker"], members=[(person, "adult")], cohabiting=False,
                                 since=date(2025, 1, 1))
    case_household_set(actor=staff["eb_worker"], case=eb_case, household=household, expected_version=eb_case.version)
    with pytest.raises(AccessDeniedError):
        person_update(actor=staff["eb_worker"], person=partner, expected_version=partner.version, phone="1")
    from skutan.people.services import household_member_add

    household_member_add(actor=staff["eb_worker"], household=household, person=partner, role="adult",
                         since=date(2025, 2, 1))
    person_update(actor=staff["eb_worker"], person=partner, expected_version=partner.version, phone="070-1740653")


def test_registering_needs_a_handling_role_or_the_register_permission(units):
    reviewer = user_create(username="granskare", password=None, memberships=[(units["logg"], Role.LOG_REVIEWER)])
    with pytest.raises(AccessDeniedError):
        person_create(actor=reviewer, identity_number=make_pnr(date(1970, 1, 1), 111), first_name="A", last_name="B")
    reviewer.user_permissions.add(Permission.objects.get(codename="add_person", content_type__app_label="people"))
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    assert person_create(actor=reviewer, identity_number=make_pnr(date(1970, 1, 1), 111), first_name="A",
                         last_name="B").pk
