"""Fixtures for Barn och unga, on top of skutan/conftest.py (units, staff, person, api …)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from skutan.accounts.models import Role, SpecialRightKind, UnitKind
from skutan.accounts.services import membership_add, unit_create, user_create
from skutan.administration.services import special_right_grant
from skutan.conftest import make_pnr
from skutan.people.services import household_create, person_create

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(y, m, d, hh=10, mm=0) -> datetime:
    """An aware Stockholm time."""
    return datetime(y, m, d, hh, mm, tzinfo=STOCKHOLM)


@pytest.fixture
def login():
    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def bou_manager(units, staff):
    return user_create(
        username="bou.chef", password="Skutan-demo-2026", first_name="Karin", last_name="Chef",
        memberships=[(units["bou"], Role.UNIT_MANAGER)],
    )


@pytest.fixture
def bou_worker2(units, staff):
    return user_create(
        username="bou.handlaggare2", password="Skutan-demo-2026", first_name="Sofia", last_name="Strand",
        memberships=[(units["bou"], Role.CASEWORKER)],
    )


@pytest.fixture
def other_unit(units):
    """A second children's unit (e.g. a neighbouring district): secrecy applies between them."""
    return unit_create(name="Barn och unga Väster", kind=UnitKind.CHILDREN)


@pytest.fixture
def other_worker(other_unit):
    return user_create(
        username="vaster.handlaggare", password="Skutan-demo-2026", first_name="Viktor", last_name="Väst",
        memberships=[(other_unit, Role.CASEWORKER)],
    )


@pytest.fixture
def reporter_viewer(units, staff):
    """A children's caseworker holding the explicit right to see a confidential reporter's identity."""
    user = user_create(
        username="bou.anmalare", password="Skutan-demo-2026", first_name="Rut", last_name="Rätt",
        memberships=[(units["bou"], Role.CASEWORKER)],
    )
    special_right_grant(
        actor=None, user=user, unit=units["bou"], kind=SpecialRightKind.REPORTER_IDENTITY,
        valid_to=date.today() + timedelta(days=30), reason="Utreder anmälningar med sekretessbelagd anmälare",
    )
    return user


@pytest.fixture
def child(staff):
    return person_create(
        actor=staff["bou_worker"], identity_number=make_pnr(date(2015, 3, 14), 457), first_name="Elsa",
        last_name="Ström", street_address="Skolvägen 3", postal_code="68230", city="Filipstad",
    )


@pytest.fixture
def sibling(staff):
    return person_create(
        actor=staff["bou_worker"], identity_number=make_pnr(date(2012, 8, 2), 461), first_name="Nils",
        last_name="Ström", street_address="Skolvägen 3", postal_code="68230", city="Filipstad",
    )


@pytest.fixture
def parent(staff):
    return person_create(
        actor=staff["bou_worker"], identity_number=make_pnr(date(1984, 5, 20), 482), first_name="Lena",
        last_name="Ström", street_address="Skolvägen 3", postal_code="68230", city="Filipstad",
    )


@pytest.fixture
def family(staff, child, sibling, parent):
    return household_create(
        actor=staff["bou_worker"], members=[(parent, "adult"), (child, "child"), (sibling, "child")],
        cohabiting=False, since=date(2015, 3, 14),
    )


@pytest.fixture
def register(units, staff, child):
    """register(**overrides) -> a report about `child` received in the bou unit."""
    from skutan.children.services import child_report_register

    def make(**kwargs):
        params = {
            "actor": staff["bou_worker"], "unit": units["bou"], "received_at": at(2025, 3, 3), "child": child,
            "reporter_category": "school", "text": "Eleven har blåmärken och säger att pappa slår.",
            "concerns": ["violence"], "reporter_name": "Rektor Berit Lund", "reporter_contact": "0590-123 45",
        }
        params.update(kwargs)
        return child_report_register(**params)

    return make


@pytest.fixture
def with_manager_role():
    def add(user, unit):
        membership_add(actor=None, user=user, unit=unit, role=Role.UNIT_MANAGER)
        user.__dict__.pop("_skutan_roles", None)
        user.__dict__.pop("_skutan_unit_ids", None)
        return user

    return add
