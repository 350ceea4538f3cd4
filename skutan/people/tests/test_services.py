from datetime import date

import pytest

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.conftest import make_pnr
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.people.identity import IdentityKind
from skutan.people.models import Household, HouseholdMember, HouseholdRole, Person
from skutan.people.services import (
    household_create,
    household_member_add,
    household_member_remove,
    person_create,
    person_protection_set,
    person_update,
)


def _create(actor, number, **kw):
    kw.setdefault("first_name", "Karl")
    kw.setdefault("last_name", "Nilsson")
    return person_create(actor=actor, identity_number=number, **kw)


# person_create ---------------------------------------------------------------------------------


def test_person_create_normalises_number_names_and_postal_code(staff):
    pnr = make_pnr(date(1975, 3, 4), 457)  # 19750304-457C
    ten_digits = pnr[2:8] + pnr[8:]  # 750304-457C
    person = _create(
        staff["eb_worker"], ten_digits, first_name="  Karl ", last_name=" Nilsson  ", postal_code="682 30",
    )
    person.refresh_from_db()
    assert person.identity_number == pnr
    assert (person.first_name, person.last_name) == ("Karl", "Nilsson")
    assert person.postal_code == "68230"
    assert person.birth_date == date(1975, 3, 4)
    assert person.sex == "M"  # birth number 457: odd
    assert person.identity_kind == IdentityKind.PERSONNUMMER
    assert not person.unverified_identity


def test_person_create_records_audit_row_with_subject(staff):
    person = _create(staff["eb_worker"], make_pnr(date(1975, 3, 4), 222))
    row = AuditEvent.objects.get(event_type=EventType.PERSON_CREATED, person_id=person.pk)
    assert row.acting_user_id == staff["eb_worker"].pk
    assert row.object_type == "people.person"
    assert row.object_id == str(person.pk)


def test_person_create_duplicate_in_other_format_is_conflict(person, staff):
    ten_digits = person.identity_number[2:]
    with pytest.raises(ConflictError) as exc:
        _create(staff["eb_worker2"], ten_digits.replace("-", ""))
    assert exc.value.field == "personal_identity_number"
    assert person.identity_number in exc.value.message
    assert Person.objects.filter(identity_number=person.identity_number).count() == 1


@pytest.mark.parametrize(
    "number, fragment",
    [("19860211-1235", "kontrollsiffra"), ("abc", "siffror"), ("19860230-1234", "datum"), ("", "saknas")],
)
def test_person_create_rejects_bad_number_with_swedish_message(staff, number, fragment):
    with pytest.raises(ApplicationError) as exc:
        _create(staff["eb_worker"], number)
    assert exc.value.status == 400
    assert exc.value.field == "personal_identity_number"
    assert fragment in exc.value.message
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.PERSON_CREATED).exists()


def test_person_create_requires_names(staff):
    with pytest.raises(ApplicationError) as exc:
        _create(staff["eb_worker"], make_pnr(date(1975, 3, 4), 222), first_name="  ")
    assert exc.value.field == "first_name"
    with pytest.raises(ApplicationError) as exc:
        _create(staff["eb_worker"], make_pnr(date(1975, 3, 4), 222), last_name="")
    assert exc.value.field == "last_name"
    assert not Person.objects.exists()


def test_person_create_unknown_protection_refused(staff):
    with pytest.raises(ApplicationError) as exc:
        _create(staff["eb_worker"], make_pnr(date(1975, 3, 4), 222), protection="hemlig")
    assert exc.value.field == "protection"


def test_person_create_reservnummer_is_flagged_unverified(staff):
    person = _create(staff["eb_worker"], " rs-2026-0001 ", identity_kind=IdentityKind.RESERVNUMMER)
    assert person.identity_number == "RS-2026-0001"
    assert person.identity_kind == IdentityKind.RESERVNUMMER
    assert person.unverified_identity
    assert person.birth_date is None
    event = AuditEvent.objects.get(event_type=EventType.PERSON_CREATED, person_id=person.pk)
    assert event.data["identity_kind"] == IdentityKind.RESERVNUMMER


def test_person_create_bad_reservnummer_refused(staff):
    with pytest.raises(ApplicationError) as exc:
        _create(staff["eb_worker"], "x", identity_kind=IdentityKind.RESERVNUMMER)
    assert "Reservnumret" in exc.value.message


def test_person_create_samordningsnummer_kind(staff):
    person = _create(staff["eb_worker"], "701063-2391")
    assert person.identity_kind == IdentityKind.SAMORDNINGSNUMMER
    assert person.birth_date == date(1970, 10, 3)


# person_update ---------------------------------------------------------------------------------


def test_person_update_bumps_version_and_audits_field_names_only(person, staff):
    updated = person_update(actor=staff["eb_worker"], person=person, expected_version=1, phone="070-1234567")
    assert updated.version == 2
    assert Person.objects.get(pk=person.pk).phone == "070-1234567"
    event = AuditEvent.objects.get(event_type=EventType.PERSON_UPDATED, person_id=person.pk)
    assert event.data == {"fields": ["phone"]}
    assert "070-1234567" not in str(event.data)


def test_person_update_stale_version_is_conflict_and_row_unchanged(person, staff):
    person_update(actor=staff["eb_worker"], person=person, expected_version=1, first_name="Annika")
    stale = Person.objects.get(pk=person.pk)
    with pytest.raises(ConflictError) as exc:
        person_update(actor=staff["eb_worker2"], person=stale, expected_version=1, first_name="Anneli")
    assert exc.value.field == "version"
    row = Person.objects.get(pk=person.pk)
    assert (row.first_name, row.version) == ("Annika", 2)
    assert AuditEvent.objects.filter(event_type=EventType.PERSON_UPDATED).count() == 1


def test_person_update_refuses_unknown_field(person, staff):
    with pytest.raises(ApplicationError) as exc:
        person_update(actor=staff["eb_worker"], person=person, expected_version=1, identity_number="x")
    assert exc.value.field == "identity_number"
    assert Person.objects.get(pk=person.pk).version == 1


def test_person_update_refuses_empty_name(person, staff):
    with pytest.raises(ApplicationError) as exc:
        person_update(actor=staff["eb_worker"], person=person, expected_version=1, last_name=" ")
    assert exc.value.field == "last_name"
    assert Person.objects.get(pk=person.pk).last_name == "Svensson"


def test_protected_address_update_needs_the_right(protected_person, staff):
    with pytest.raises(AccessDeniedError):
        person_update(
            actor=staff["eb_worker"], person=protected_person, expected_version=1, street_address="Ny väg 1"
        )
    assert Person.objects.get(pk=protected_person.pk).street_address == "Hemliga vägen 7"


def test_protected_person_name_may_be_updated_without_the_right(protected_person, staff):
    person_update(actor=staff["eb_worker"], person=protected_person, expected_version=1, phone="0590-1")
    assert Person.objects.get(pk=protected_person.pk).phone == "0590-1"


def test_protected_address_update_with_the_right(protected_person, protected_viewer):
    person_update(actor=protected_viewer, person=protected_person, expected_version=1, street_address="Ny väg 1")
    assert Person.objects.get(pk=protected_person.pk).street_address == "Ny väg 1"


def test_person_protection_set_needs_the_right(person, staff, protected_viewer):
    with pytest.raises(AccessDeniedError):
        person_protection_set(
            actor=staff["eb_worker"], person=person, protection="sekretessmarkering", expected_version=1
        )
    assert not Person.objects.get(pk=person.pk).protected_identity
    person_protection_set(actor=protected_viewer, person=person, protection="sekretessmarkering", expected_version=1)
    assert Person.objects.get(pk=person.pk).protected_identity
    assert AuditEvent.objects.filter(event_type=EventType.PERSON_PROTECTION_CHANGED, person_id=person.pk).exists()


# households ------------------------------------------------------------------------------------


@pytest.fixture
def family(staff):
    actor = staff["eb_worker"]
    return {
        "adult1": _create(actor, make_pnr(date(1980, 1, 1), 111), first_name="Per"),
        "adult2": _create(actor, make_pnr(date(1982, 2, 2), 222), first_name="Pia"),
        "child": _create(actor, make_pnr(date(2015, 3, 3), 333), first_name="Pelle"),
    }


def test_household_create_cohabiting_with_child(family, staff):
    household = household_create(
        actor=staff["eb_worker"], cohabiting=True, since=date(2026, 1, 1),
        members=[(family["adult1"], HouseholdRole.ADULT), (family["adult2"], HouseholdRole.ADULT),
                 (family["child"], HouseholdRole.CHILD)],
    )
    assert household.cohabiting
    roles = sorted(household.members.values_list("role", flat=True))
    assert roles == ["adult", "adult", "child"]
    assert AuditEvent.objects.filter(event_type=EventType.HOUSEHOLD_MEMBER_ADDED, object_id=str(household.pk)).count() == 3


def test_household_needs_an_adult(family, staff):
    with pytest.raises(ApplicationError) as exc:
        household_create(actor=staff["eb_worker"], cohabiting=False, since=date(2026, 1, 1),
                         members=[(family["child"], HouseholdRole.CHILD)])
    assert exc.value.field == "members"
    assert not Household.objects.exists()


def test_cohabiting_household_needs_exactly_two_adults(family, staff):
    with pytest.raises(ApplicationError) as exc:
        household_create(actor=staff["eb_worker"], cohabiting=True, since=date(2026, 1, 1),
                         members=[(family["adult1"], HouseholdRole.ADULT), (family["child"], HouseholdRole.CHILD)])
    assert exc.value.field == "cohabiting"
    assert not Household.objects.exists()


def test_household_bad_member_role_rolls_back_household_and_audit(family, staff):
    with pytest.raises(ApplicationError):
        household_create(actor=staff["eb_worker"], cohabiting=False, since=date(2026, 1, 1),
                         members=[(family["adult1"], HouseholdRole.ADULT), (family["child"], "pet")])
    assert not Household.objects.exists()
    assert not HouseholdMember.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.HOUSEHOLD_CREATED).exists()


def test_household_member_twice_is_conflict_and_removal_once(family, staff):
    household = household_create(actor=staff["eb_worker"], cohabiting=False, since=date(2026, 1, 1),
                                 members=[(family["adult1"], HouseholdRole.ADULT)])
    with pytest.raises(ConflictError):
        household_member_add(actor=staff["eb_worker"], household=household, person=family["adult1"],
                             role=HouseholdRole.ADULT, since=date(2026, 2, 1))
    member = household.members.get()
    household_member_remove(actor=staff["eb_worker"], member=member, on=date(2026, 3, 1))
    assert HouseholdMember.objects.get(pk=member.pk).left_on == date(2026, 3, 1)
    with pytest.raises(ConflictError):
        household_member_remove(actor=staff["eb_worker"], member=member, on=date(2026, 4, 1))
    # After leaving, the person may join again.
    household_member_add(actor=staff["eb_worker"], household=household, person=family["adult1"],
                         role=HouseholdRole.ADULT, since=date(2026, 5, 1))
    assert household.members.filter(left_on__isnull=True).count() == 1
