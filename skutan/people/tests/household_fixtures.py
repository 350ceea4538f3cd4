"""Fixtures for the household tests: a partner, a toddler (eats lunch at förskola or not) and a school child.

Import them into a test module with ``from skutan.people.tests.household_fixtures import *``. Birth dates
are relative to today, so the toddler stays in the riksnorm's 0–6 band whatever day the suite runs.
"""

from datetime import date

import pytest
from django.utils import timezone

from skutan.conftest import make_pnr
from skutan.people.services import person_create

__all__ = ["partner", "toddler", "schoolchild", "today", "years_ago"]


def today() -> date:
    return timezone.localdate()


def years_ago(years: int, month: int = 1, day: int = 1) -> date:
    return date(today().year - years, month, day)


@pytest.fixture
def partner(staff):
    return person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(date(1984, 7, 7), 457), first_name="Per",
        last_name="Svensson", street_address="Storgatan 1", postal_code="68230", city="Filipstad",
    )


@pytest.fixture
def toddler(staff):
    return person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(years_ago(3), 246), first_name="Lilla",
        last_name="Svensson", street_address="Storgatan 1", postal_code="68230", city="Filipstad",
    )


@pytest.fixture
def schoolchild(staff):
    return person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(years_ago(12, 4, 4), 268), first_name="Stina",
        last_name="Svensson", street_address="Storgatan 1", postal_code="68230", city="Filipstad",
    )
