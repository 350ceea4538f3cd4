"""Fixtures shared by the foundation's test folders (imported by each folder's conftest.py).

They build on skutan/conftest.py (units, staff, person, protected_person, eb_case, bou_case, api).
"""

from datetime import date, timedelta

import pytest
from django.test import Client

from skutan.accounts.models import Role, SpecialRightKind
from skutan.accounts.services import user_create
from skutan.administration.services import special_right_grant
from skutan.cases.services import journal_entry_create, journal_entry_sign

STREET = "Hemliga vägen 7"  # the protected person's street in skutan/conftest.py


@pytest.fixture
def login():
    """login(user) -> a fresh Django test client with that user's session."""

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def superuser(db):
    user = user_create(username="admin", password="Skutan-demo-2026", first_name="Ada", last_name="Admin")
    user.is_superuser = True
    user.is_staff = True
    user.save(update_fields=["is_superuser", "is_staff"])
    return user


@pytest.fixture
def protected_viewer(units):
    """An EB caseworker who holds the explicit right to see protected addresses."""
    user = user_create(
        username="eb.skydd", password="Skutan-demo-2026", first_name="Sixten", last_name="Skydd",
        memberships=[(units["eb"], Role.CASEWORKER)],
    )
    special_right_grant(
        actor=None, user=user, unit=units["eb"], kind=SpecialRightKind.PROTECTED_ADDRESS,
        valid_to=date.today() + timedelta(days=30), reason="Handlägger ärenden med skyddade personuppgifter",
    )
    return user


@pytest.fixture
def draft_entry(eb_case, staff):
    return journal_entry_create(
        actor=staff["eb_worker"], case=eb_case, text="Utkast om hembesök.", event_date=date(2026, 1, 5)
    )


@pytest.fixture
def signed_entry(eb_case, staff):
    entry = journal_entry_create(
        actor=staff["eb_worker"], case=eb_case, text="Signerad anteckning om besök.", event_date=date(2026, 1, 2)
    )
    return journal_entry_sign(actor=staff["eb_worker"], entry=entry)


@pytest.fixture
def protected_case(protected_person, units, staff):
    from skutan.cases.services import case_open

    return case_open(
        actor=staff["eb_worker"], person=protected_person, unit=units["eb"], case_type="financial_assistance",
        opening_kind="application", assign_to=staff["eb_worker"],
    )
