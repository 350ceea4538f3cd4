"""The database never lets a decided month be undone (assistance migration 0003): raw SQL cannot delete a
decision, set the application back to draft, or delete, change or move its cost and income rows."""

import pytest

from skutan.assistance.models import Application, ApplicationCost, ApplicationIncome, Decision
from skutan.assistance.services import application_create, decision_make
from skutan.core.tests.rawsql import assert_refused, execute

from .conftest import MONTH, costs_incomes

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(family_case, staff, delegations):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH),
                                salary="1000")
    decision_make(actor=staff["eb_worker"], application=application, outcome="granted", reasons="Ok.")
    return Application.objects.get(pk=application.pk)


def test_a_decision_cannot_be_deleted(decided):
    assert_refused("DELETE FROM assistance_decision WHERE application_id = %s", [decided.pk])
    assert_refused("DELETE FROM assistance_decision")
    assert Decision.objects.filter(application=decided).exists()


def test_a_decided_application_cannot_go_back_to_draft_or_be_deleted(decided):
    assert_refused("UPDATE assistance_application SET status = 'draft' WHERE id = %s", [decided.pk])
    assert_refused("UPDATE assistance_application SET month = '2020-01-01' WHERE id = %s", [decided.pk])
    assert_refused("UPDATE assistance_application SET cohabiting = NOT cohabiting WHERE id = %s", [decided.pk])
    assert_refused("DELETE FROM assistance_application WHERE id = %s", [decided.pk])
    assert Application.objects.get(pk=decided.pk).status == "decided"


def test_the_cost_and_income_rows_of_a_decided_month_cannot_be_deleted_changed_or_moved(
    decided, family_case, staff
):
    draft = application_create(actor=staff["eb_worker"], case=family_case, month=MONTH.replace(month=6))
    for table in ("assistance_applicationcost", "assistance_applicationincome", "assistance_applicationmember"):
        assert_refused(f"DELETE FROM {table} WHERE application_id = %s", [decided.pk])
        assert_refused(f"UPDATE {table} SET application_id = %s WHERE application_id = %s", [draft.pk, decided.pk])
    assert_refused("UPDATE assistance_applicationcost SET amount = 1 WHERE application_id = %s", [decided.pk])
    assert_refused("UPDATE assistance_applicationincome SET amount = 0 WHERE application_id = %s", [decided.pk])
    assert list(ApplicationCost.objects.filter(application=decided).values_list("amount", flat=True)) == [8200]
    assert ApplicationIncome.objects.filter(application=decided).count() == 2


def test_a_draft_month_stays_editable(family_case, staff):
    draft = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    assert execute("UPDATE assistance_applicationcost SET amount = 1 WHERE application_id = %s", [draft.pk]) == 1
    assert execute("DELETE FROM assistance_applicationcost WHERE application_id = %s", [draft.pk]) == 1
