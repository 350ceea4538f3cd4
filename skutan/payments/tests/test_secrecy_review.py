"""Secrecy review: a payment run that a system administrator made for every EB unit must not show a unit
manager the payees of the other units (OSL 26 kap.: secrecy applies between units too)."""

from datetime import date

import pytest

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import unit_create, user_create
from skutan.audit.models import AccessLog
from skutan.cases.services import case_open
from skutan.conftest import make_pnr
from skutan.payments.services import payment_run_create, payment_run_execute
from skutan.payments.tests.factories import bank_day
from skutan.people.services import person_create


@pytest.fixture
def two_unit_run(staff, units, eb_case, decide, verified_account, system_admin):
    """A finished run by the system administrator paying one person in each of two EB units."""
    other_unit = unit_create(name="Ekonomiskt bistånd Väst", kind=UnitKind.FINANCIAL_ASSISTANCE)
    other_manager = user_create(
        username="eb.vast.chef", password="Skutan-demo-2026", first_name="Olle", last_name="Väst",
        memberships=[(other_unit, Role.UNIT_MANAGER), (other_unit, Role.CASEWORKER)],
    )
    other = person_create(
        actor=other_manager, identity_number=make_pnr(date(1979, 3, 4), 457), first_name="Greta",
        last_name="Annanenhet",
    )
    other_case = case_open(
        actor=other_manager, person=other, unit=other_unit, case_type="financial_assistance",
        opening_kind="application", assign_to=other_manager,
    )
    verified_account(eb_case.person)
    other_worker = user_create(username="eb.vast.hl", password=None, memberships=[(other_unit, Role.CASEWORKER)])
    verified_account(other, registered_by=other_manager, verified_by=other_worker)
    decide(eb_case, amount="5180")
    decide(other_case, amount="4200")
    run = payment_run_execute(
        actor=system_admin, run=payment_run_create(actor=system_admin, execution_date=bank_day())
    )
    assert run.total_count == 2 and set(run.units.values_list("pk", flat=True)) == {units["eb"].pk, other_unit.pk}
    return run, other


def test_run_page_lists_only_payees_of_the_managers_own_units(login, staff, eb_case, two_unit_run):
    run, other = two_unit_run
    before = AccessLog.objects.count()
    page = login(staff["eb_manager"]).get(f"/utbetalningar/korningar/{run.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert eb_case.person.last_name in html
    assert other.last_name not in html
    logged = set(AccessLog.objects.order_by("id")[before:].exclude(person_id=None).values_list("person_id", flat=True))
    assert logged == {eb_case.person_id}
    assert "1 betalningar till personer i enheter du inte har behörighet till visas inte" in html


def test_system_administrator_still_sees_every_payee(login, system_admin, eb_case, two_unit_run):
    run, other = two_unit_run
    html = login(system_admin).get(f"/utbetalningar/korningar/{run.pk}/").content.decode()
    assert eb_case.person.last_name in html and other.last_name in html
    assert "visas inte" not in html


def test_file_with_other_units_payees_is_refused_to_a_unit_manager(login, staff, two_unit_run, system_admin):
    run, other = two_unit_run
    manager = login(staff["eb_manager"])
    for url in (f"/utbetalningar/korningar/{run.pk}/fil/", f"/api/v1/payment-runs/{run.pk}/file"):
        response = manager.get(url)
        assert response.status_code == 403, url
        assert other.last_name.encode() not in response.content
    assert login(system_admin).get(f"/utbetalningar/korningar/{run.pk}/fil/").status_code == 200


def test_api_run_detail_logs_only_the_managers_own_payees(login, staff, eb_case, two_unit_run):
    run, other = two_unit_run
    before = AccessLog.objects.count()
    assert login(staff["eb_manager"]).get(f"/api/v1/payment-runs/{run.pk}").status_code == 200
    logged = set(AccessLog.objects.order_by("id")[before:].exclude(person_id=None).values_list("person_id", flat=True))
    assert other.pk not in logged and eb_case.person_id in logged
