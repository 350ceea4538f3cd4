"""The demo's payments (skutan/payments/demo.py) through the real generator, at a small scale: every payable
decision is paid once, with its amount, and last month's run went out and was confirmed."""

from datetime import date

import pytest

from skutan.assistance.models import Decision
from skutan.payments.models import Payment, PaymentRun, PaymentStatus
from skutan.payments.services import PAYABLE_OUTCOMES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction

    from skutan.demo.generator import generate_municipality

    with django_db_blocker.unblock(), transaction.atomic():
        yield generate_municipality(
            scale=0.05, seed=7, today=date(2026, 11, 20),
            extensions=["skutan.assistance.demo", "skutan.payments.demo"],
        )
        transaction.set_rollback(True)


def test_every_payable_decision_is_paid_once_with_its_amount(demo):
    payable = Decision.objects.filter(outcome__in=PAYABLE_OUTCOMES, amount__gt=0)
    assert payable.exists()
    paid = {p.decision_id: p for p in Payment.objects.filter(decision__isnull=False)}
    for decision in payable:
        payment = paid[decision.pk]
        assert (payment.amount, payment.case_id, payment.payee_id, payment.month) == (
            decision.amount, decision.case_id, decision.payee_id, decision.month)
    assert Payment.objects.filter(decision__isnull=False).count() == payable.count()
    history = Payment.objects.filter(status=PaymentStatus.CONFIRMED, run__isnull=True)
    assert history.exists() and not history.filter(account__isnull=True).exists()


def test_last_months_run_was_sent_and_confirmed(demo):
    run = PaymentRun.objects.get()
    assert run.total_count == run.payments.count() > 0
    assert set(run.payments.values_list("status", flat=True)) == {PaymentStatus.CONFIRMED}
