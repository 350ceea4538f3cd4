"""Fixtures for the quality tests, on top of skutan/conftest.py (units, staff, person, eb_case, api …)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import unit_create, user_create
from skutan.quality import services
from skutan.quality.defaults import seed_categories
from skutan.quality.models import DeviationCategory


@pytest.fixture
def categories(db):
    seed_categories(DeviationCategory)  # a transactional test before this one may have flushed the seed


@pytest.fixture
def officer(units, categories):
    unit = unit_create(name="Kvalitet och utveckling", kind=UnitKind.QUALITY)
    return user_create(username="kvalitet", password="Skutan-demo-2026", first_name="Kerstin", last_name="Kvist",
                       memberships=[(unit, Role.QUALITY_OFFICER)])


@pytest.fixture
def management(units):
    unit = unit_create(name="Förvaltningsledning", kind=UnitKind.MANAGEMENT)
    return user_create(username="socialchef", password="Skutan-demo-2026", first_name="Sofia", last_name="Chef",
                       memberships=[(unit, Role.MANAGEMENT)])


@pytest.fixture
def login():
    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def deviation(staff, units, eb_case, categories):
    """Reported by the EB caseworker, about the EB case, three days ago."""
    return services.deviation_report(
        actor=staff["eb_worker"], occurred_on=timezone.localdate() - timedelta(days=3), unit=units["eb"],
        category="documentation", description="Journalanteckningen från mötet finns inte kvar.",
        immediate_action="Anteckningen skrevs om.", case=eb_case,
    )
