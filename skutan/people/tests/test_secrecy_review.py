"""Secrecy review: pages that must not show the address of someone living with a protected person."""

from datetime import date

from skutan.conftest import make_pnr
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


def test_edit_form_of_a_co_resident_does_not_prefill_the_shared_address(login, staff, protected_person):
    partner = _co_resident(staff, protected_person)
    response = login(staff["eb_worker"]).get(f"/personer/{partner.pk}/andra/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hemliga vägen" not in html
    assert "68231" not in html
    assert 'name="street_address"' not in html


def test_edit_form_prefills_the_address_for_a_user_with_the_right(login, staff, protected_person, protected_viewer):
    partner = _co_resident(staff, protected_person)
    html = login(protected_viewer).get(f"/personer/{partner.pk}/andra/").content.decode()
    assert 'value="Hemliga vägen 7"' in html


def test_edit_form_of_an_ordinary_person_still_has_the_address(login, staff, person):
    html = login(staff["eb_worker"]).get(f"/personer/{person.pk}/andra/").content.decode()
    assert 'value="Storgatan 1"' in html
