"""Someone living with a protected person shares that person's address: it is hidden too."""

from datetime import date, timedelta

from skutan.accounts.models import SpecialRightKind
from skutan.administration.services import special_right_grant
from skutan.conftest import make_pnr
from skutan.people.selectors import person_address, person_as_dict
from skutan.people.services import household_create, person_create


def _co_resident(staff, protected_person):
    partner = person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(date(1988, 3, 4), 456), first_name="Per",
        last_name="Sambo", street_address="Hemliga vägen 7", postal_code="68231", city="Filipstad",
    )
    household_create(
        actor=None, members=[(protected_person, "adult"), (partner, "adult")], cohabiting=True,
        since=date(2024, 1, 1),
    )
    return partner


def test_co_resident_address_hidden_in_selectors(staff, protected_person):
    partner = _co_resident(staff, protected_person)
    worker = staff["eb_worker"]
    assert person_address(user=worker, person=partner) is None
    assert person_as_dict(user=worker, person=partner)["street_address"] is None


def test_co_resident_address_hidden_on_person_page(client, staff, protected_person):
    partner = _co_resident(staff, protected_person)
    client.force_login(staff["eb_worker"])
    html = client.get(f"/personer/{partner.pk}/").content.decode()
    assert "Hemliga vägen" not in html
    assert "Skyddad adress" in html


def test_user_with_the_right_sees_the_shared_address(staff, protected_person):
    partner = _co_resident(staff, protected_person)
    manager = staff["eb_manager"]
    special_right_grant(
        actor=None, user=manager, unit=manager.memberships.first().unit, kind=SpecialRightKind.PROTECTED_ADDRESS,
        valid_to=date.today() + timedelta(days=1), reason="Enhetschef",
    )
    assert person_address(user=manager, person=partner) == "Hemliga vägen 7, 68231 Filipstad"


def test_address_shown_again_after_leaving_the_home(staff, protected_person, person):
    household = household_create(
        actor=None, members=[(protected_person, "adult"), (person, "adult")], cohabiting=False,
        since=date(2024, 1, 1),
    )
    assert person_address(user=staff["eb_worker"], person=person) is None
    member = household.members.get(person=person)
    member.left_on = date(2025, 1, 1)
    member.save(update_fields=["left_on"])
    assert person_address(user=staff["eb_worker"], person=person) == "Storgatan 1, 68230 Filipstad"


def test_co_resident_address_cannot_be_changed_without_the_right(staff, protected_person):
    import pytest

    from skutan.core.errors import AccessDeniedError
    from skutan.people.services import person_update

    partner = _co_resident(staff, protected_person)
    with pytest.raises(AccessDeniedError):
        person_update(actor=staff["eb_worker"], person=partner, expected_version=partner.version, city="Karlstad")
    partner.refresh_from_db()
    assert partner.city == "Filipstad"
