"""Fixtures for ekonomiskt bistånd, on top of skutan/conftest.py and the foundation's fixtures.

Months are in 2025: its riksnorm table (DOMAIN.md §4) has every amount, so calculations can be checked
against the handbook's numbers (single adult 3 910, child 7–10 3 790, common 1/2 persons 1 270/1 400).
"""

from datetime import date

import pytest

from skutan.accounts.models import Delegation, Role
from skutan.accounts.services import user_create
from skutan.conftest import make_pnr
from skutan.core.tests.fixtures import *  # noqa: F401,F403
from skutan.people.services import household_create, person_create

MONTH = date(2025, 5, 1)
KIND = "ekonomiskt_bistand"


@pytest.fixture
def delegations(staff):
    """eb_worker up to 20 000 kr, eb_manager without limit, eb_worker2 none (DOMAIN.md §1: above delegation
    the unit manager decides)."""
    return {
        "worker": Delegation.objects.create(
            user=staff["eb_worker"], decision_kind=KIND, max_amount=20000, point="Delegationsordning 3.1.1",
            valid_from=date(2020, 1, 1),
        ),
        "manager": Delegation.objects.create(
            user=staff["eb_manager"], decision_kind=KIND, max_amount=None, point="Delegationsordning 3.1.2",
            valid_from=date(2020, 1, 1),
        ),
    }


@pytest.fixture
def sysadmin(units):
    return user_create(
        username="systemforvaltare", password="Skutan-demo-2026", first_name="Sigrid", last_name="System",
        memberships=[(units["logg"], Role.SYSTEM_ADMIN)],
    )


@pytest.fixture
def child(staff):
    return person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(date(2016, 1, 20), 345), first_name="Olle",
        last_name="Svensson",
    )


@pytest.fixture
def family_case(person, child, units, staff):
    """Anna (adult, born 1986) and Olle (born 2016-01-20: 9 years on 1 May 2025) in one household."""
    from skutan.cases.services import case_open

    household = household_create(
        actor=staff["eb_worker"], members=[(person, "adult"), (child, "child")], cohabiting=False,
        since=date(2020, 1, 1),
    )
    case = case_open(
        actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="financial_assistance",
        opening_kind="application", assign_to=staff["eb_worker"],
    )
    case.household = household
    case.save(update_fields=["household"])
    return case


def costs_incomes(application, *, rent="8200", salary=None, child_allowance="1250", support_obstacle="111"):
    """Replace an application's costs and incomes (keeping its household) through the service. Every adult
    gets the försörjningshinder ``support_obstacle`` (required before a month is granted)."""
    from decimal import Decimal

    from skutan.assistance.services import CostInput, IncomeInput, application_input_from, application_update

    data = application_input_from(application)
    for member in data.members:
        if member.role == "adult":
            member.support_obstacle = support_obstacle
    data.costs = [CostInput(type="rent", amount=Decimal(rent))] if rent is not None else []
    data.incomes = []
    if salary is not None:
        data.incomes.append(IncomeInput(type="salary", amount=Decimal(salary), member_key=data.members[0].key))
    if child_allowance is not None:
        data.incomes.append(IncomeInput(type="child_allowance", amount=Decimal(child_allowance)))
    return application_update(
        actor=application.created_by, application=application, data=data, expected_version=application.version
    )
