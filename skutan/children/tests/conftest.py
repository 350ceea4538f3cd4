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


def grant_delegations(user, *, max_amount=None, kinds=None):
    """The children's delegations (delegation.py) for a user: by default every kind, without a ceiling."""
    from skutan.accounts.models import Delegation
    from skutan.children.delegation import ALL_KINDS

    Delegation.objects.bulk_create(
        Delegation(user=user, decision_kind=kind, max_amount=max_amount, point=f"Testdelegation {kind}",
                   valid_from=date(2013, 1, 1))
        for kind in (kinds or ALL_KINDS)
    )
    return user


@pytest.fixture(autouse=True)
def _children_delegations(request):
    """The children's caseworker in the shared fixtures holds the children's delegations (tests of refusals
    use a user without them)."""
    if "staff" in request.fixturenames:
        grant_delegations(request.getfixturevalue("staff")["bou_worker"])


@pytest.fixture
def login():
    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def bou_manager(units, staff):
    return grant_delegations(user_create(
        username="bou.chef", password="Skutan-demo-2026", first_name="Karin", last_name="Chef",
        memberships=[(units["bou"], Role.UNIT_MANAGER)],
    ))


@pytest.fixture
def bou_worker2(units, staff):
    return grant_delegations(user_create(
        username="bou.handlaggare2", password="Skutan-demo-2026", first_name="Sofia", last_name="Strand",
        memberships=[(units["bou"], Role.CASEWORKER)],
    ))


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
        user.__dict__.pop("_skutan_memberships", None)
        return user

    return add


GOAL = {"goal": "Barnet ska ha en trygg vardag och gå till skolan varje dag.",
        "reasons": "Utredningen visar ett behov av stöd som inte kan tillgodoses på annat sätt."}


def ready_for_decision(investigation, actor, *, alone: bool = True):
    """What a decision on an insats needs from the investigation: a conversation with the child and a
    barnets-bästa assessment."""
    from skutan.children import services

    services.investigation_conversation_record(
        actor=actor, investigation=investigation, held_on=investigation.opened_on, held_by=actor.display_name,
        alone=alone, not_alone_reason="" if alone else "Barnet ville ha mamma med.",
    )
    return services.best_interest_assessment_record(
        actor=actor, investigation=investigation, assessed_on=investigation.opened_on,
        text="Barnets bästa är att få stöd i hemmet med tät uppföljning.",
    )
