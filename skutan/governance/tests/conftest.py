"""Fixtures for the management group's tests, on top of skutan/conftest.py (units, staff …)."""

from datetime import date

import pytest
from django.test import Client

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import unit_create, user_create
from skutan.governance import services


@pytest.fixture
def leadership(units):
    unit = unit_create(name="Förvaltningsledning", kind=UnitKind.MANAGEMENT)

    def make(username, first, last, title):
        return user_create(username=username, password="Skutan-demo-2026", first_name=first, last_name=last,
                           title=title, memberships=[(unit, Role.MANAGEMENT)])

    return {
        "director": make("socialdirektor", "Monica", "Persson", "Socialdirektör"),
        "secretary": make("utvecklingsledare", "Christina", "Ericsson", "Utvecklingsledare"),
        "controller": make("controller", "Carl", "Kontroll", "Controller"),
    }


@pytest.fixture
def group(leadership, staff):
    return services.group_create(
        actor=leadership["director"], name="Ledningsgruppen IFO", chair=leadership["director"],
        secretary=leadership["secretary"], members=[leadership["controller"], staff["eb_manager"]])


@pytest.fixture
def meeting(group, leadership):
    return services.meeting_create(actor=leadership["secretary"], group=group, held_on=date(2026, 11, 24))


@pytest.fixture
def item(meeting, leadership):
    return services.agenda_item_propose(actor=leadership["controller"], meeting=meeting,
                                        title="Ekonomiskt bistånd: prognos")[0]


@pytest.fixture
def login():
    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make
