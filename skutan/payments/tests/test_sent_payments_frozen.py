"""The database keeps what was sent to the bank (payments migration 0002): a sent payment only moves on in
status and is never deleted, the sent file is never changed, and a reversal is never changed or deleted."""

from decimal import Decimal

import pytest

from skutan.core.tests.rawsql import assert_refused, execute
from skutan.payments import services
from skutan.payments.models import Payment, PaymentStatus
from skutan.payments.tests.factories import bank_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(staff, eb_case, decide, verified_account):
    verified_account(eb_case.person)
    decide(eb_case, amount="5180")
    manager = staff["eb_manager"]
    run = services.payment_run_execute(
        actor=manager, run=services.payment_run_create(actor=manager, execution_date=bank_day())
    )
    run = services.payment_run_mark_sent(actor=manager, run=run)
    return run, run.payments.get()


def test_a_sent_payment_cannot_be_changed_deleted_or_sent_back(sent):
    run, payment = sent
    assert_refused("UPDATE payments_payment SET amount = 1 WHERE id = %s", [payment.pk])
    assert_refused("UPDATE payments_payment SET account_id = NULL WHERE id = %s", [payment.pk])
    assert_refused("UPDATE payments_payment SET status = 'planned', run_id = NULL WHERE id = %s", [payment.pk])
    assert_refused("UPDATE payments_payment SET status = 'included' WHERE id = %s", [payment.pk])
    assert_refused("DELETE FROM payments_payment WHERE id = %s", [payment.pk])
    assert Payment.objects.get(pk=payment.pk).amount == Decimal("5180")


def test_a_sent_payment_still_moves_on_in_status(sent, staff):
    _run, payment = sent
    confirmed = services.payment_status_set(actor=staff["eb_manager"], payment=payment, status="confirmed")
    assert confirmed.status == PaymentStatus.CONFIRMED
    reversal = services.payment_reverse(actor=staff["eb_manager"], payment=confirmed, amount=Decimal("100"),
                                        reason="Återbetalt.")
    assert_refused("UPDATE payments_reversal SET amount = 1 WHERE id = %s", [reversal.pk])
    assert_refused("DELETE FROM payments_reversal WHERE id = %s", [reversal.pk])


def test_a_sent_file_cannot_be_changed_or_deleted(sent):
    run, _payment = sent
    assert_refused("UPDATE payments_paymentrun SET file_content = '' WHERE id = %s", [run.pk])
    assert_refused("UPDATE payments_paymentrun SET status = 'completed' WHERE id = %s", [run.pk])
    assert_refused("UPDATE payments_paymentrun SET total_amount = 1 WHERE id = %s", [run.pk])
    assert_refused("DELETE FROM payments_paymentrun WHERE id = %s", [run.pk])


def test_a_planned_payment_is_not_frozen(staff, eb_case, decide):
    decide(eb_case, amount="5180")
    (payment,) = services.payments_plan_from_decisions(actor=staff["eb_manager"])
    assert payment.status == PaymentStatus.PLANNED
    assert execute("UPDATE payments_payment SET due_date = due_date WHERE id = %s", [payment.pk]) == 1
