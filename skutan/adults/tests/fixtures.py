"""Fixtures for the adults module and the mobile team: a Vuxen unit (caseworker, manager), a mobile team (two
members and its manager), an adult case for the shared person, and the delegation points of seed 001 (the
caseworker decides up to 10 000 kr a month, the manager without limit)."""

from datetime import date

import pytest

from skutan.accounts.models import Delegation, Role, UnitKind
from skutan.accounts.services import unit_create, user_create


@pytest.fixture
def adult_units(units):
    return {**units,
            "vuxen": unit_create(name="Vuxen/missbruk", kind=UnitKind.ADULTS),
            "mobil": unit_create(name="Mobila teamet", kind=UnitKind.MOBILE_TEAM)}


@pytest.fixture
def adult_staff(adult_units, staff):
    def make(username, unit, role, first, last):
        return user_create(username=username, password="Skutan-demo-2026", first_name=first, last_name=last,
                           memberships=[(adult_units[unit], role)])

    users = {
        "worker": make("vuxen.handlaggare", "vuxen", Role.CASEWORKER, "Birgitta", "Bånk"),
        "manager": make("vuxen.chef", "vuxen", Role.UNIT_MANAGER, "Maria", "Wid"),
        "member": make("mobil.1", "mobil", Role.MOBILE_TEAM, "Fredrik", "Jonsson"),
        "member2": make("mobil.2", "mobil", Role.MOBILE_TEAM, "Kristina", "Hed"),
        "team_manager": make("mobil.chef", "mobil", Role.UNIT_MANAGER, "Mona", "Chef"),
    }
    Delegation.objects.create(decision_kind="vuxen_insats", point="5.1 Insats upp till 10 000 kr/mån",
                              unit=adult_units["vuxen"], role=Role.CASEWORKER, max_amount=10000,
                              valid_from=date(2020, 1, 1), source_body="Socialnämnden")
    Delegation.objects.create(decision_kind="vuxen_insats", point="5.2 Insats utan beloppsgräns",
                              unit=adult_units["vuxen"], role=Role.UNIT_MANAGER, valid_from=date(2020, 1, 1),
                              source_body="Socialnämnden")
    return {**staff, **users}


@pytest.fixture
def adult_case(person, adult_units, adult_staff):
    from skutan.adults.services import adult_case_open

    return adult_case_open(actor=adult_staff["worker"], person=person, unit=adult_units["vuxen"], area="addiction",
                           source="report_health_care", reporter="Psykiatriska akutmottagningen",
                           text="Inlagd berusad, vill ha hjälp.", assign_to=adult_staff["worker"])
