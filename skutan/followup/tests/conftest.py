"""Fixtures for the follow-up tests, on top of skutan/conftest.py (units, staff, person, eb_case, api …)."""

from datetime import date

import pytest
from django.test import Client

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import unit_create, user_create
from skutan.conftest import make_pnr
from skutan.people.services import person_create


@pytest.fixture
def management(units):
    unit = unit_create(name="Förvaltningsledning", kind=UnitKind.MANAGEMENT)
    return user_create(
        username="socialchef", password="Skutan-demo-2026", first_name="Sofia", last_name="Chef",
        memberships=[(unit, Role.MANAGEMENT)],
    )


@pytest.fixture
def login():
    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def new_person(staff):
    """new_person(n): a fresh adult or child (n picks the birth number, 1–99)."""

    def make(n: int, born: date = date(1980, 1, 1)):
        return person_create(
            actor=staff["eb_worker"], identity_number=make_pnr(born, 300 + n), first_name=f"P{n}",
            last_name="Testsson",
        )

    return make


@pytest.fixture
def new_case(staff):
    def make(*, person, unit, case_type="financial_assistance", assign_to=None, actor=None):
        from skutan.cases.services import case_open

        return case_open(
            actor=actor or staff["eb_worker"], person=person, unit=unit, case_type=case_type,
            opening_kind="application", assign_to=assign_to,
        )

    return make
