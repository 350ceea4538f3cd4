"""Fixtures for payments: decided months written directly (the assistance app's own tests cover how a
decision is made), payee accounts, and the roles that run payments."""

import pytest
from django.utils import timezone

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import unit_create, user_create
from skutan.core.tests.fixtures import *  # noqa: F401,F403
from skutan.payments.bank_accounts import luhn_complete
from skutan.payments.tests.factories import make_decision


@pytest.fixture
def decide(staff):
    def make(case, month=None, amount="5180", **kwargs):
        month = month or timezone.localdate().replace(day=1)
        return make_decision(case=case, decided_by=staff["eb_manager"], month=month, amount=amount, **kwargs)

    return make


@pytest.fixture
def verified_account(staff):
    """verified_account(person): an account registered by one caseworker and verified by another."""
    from skutan.payments.services import payee_account_register, payee_account_verify

    def make(person, registered_by=None, verified_by=None, **kwargs):
        kwargs = kwargs or {"clearing_number": "8327-9", "account_number": luhn_complete(f"{person.pk:09d}")}
        account = payee_account_register(actor=registered_by or staff["eb_worker"], person=person, **kwargs)
        return payee_account_verify(actor=verified_by or staff["eb_worker2"], account=account)

    return make


@pytest.fixture
def system_admin(units):
    return user_create(
        username="sysadmin", password="Skutan-demo-2026", first_name="Sam", last_name="System",
        memberships=[(units["logg"], Role.SYSTEM_ADMIN)],
    )


@pytest.fixture
def manager_user(units):
    management = unit_create(name="Ledningsgruppen", kind=UnitKind.MANAGEMENT)
    return user_create(
        username="ledning", password="Skutan-demo-2026", first_name="Lea", last_name="Ledning",
        memberships=[(management, Role.MANAGEMENT)],
    )
