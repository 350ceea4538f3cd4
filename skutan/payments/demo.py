"""Demo data for payments: accounts for the EB recipients, last month paid through a payment run, this month
planned.

Runs as an extension of the demo generator (DEMO_EXTENSIONS) after skutan.assistance.demo has written the
decisions. Account numbers are made up (valid in shape, checksums computed; nobody's real account) and the
municipality's account is the demo account of skutan/payments/conf.py.

- Every payee of a granted month gets an account, registered by the case's handläggare and verified by the
  unit manager (four eyes) — except a few payees of this month's decisions, whose accounts are not yet
  verified, so the payments page has something to work on.
- Months before last month: paid before the demo's first payment run (confirmed, no file).
- Last month: one payment run with its pain.001 file, sent to the bank and confirmed.
- This month: planned, waiting for the unit manager's payment run.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from skutan.accounts.models import UnitKind
from skutan.demo.context import STOCKHOLM, DemoContext
from skutan.payments.bank_accounts import AccountNumberError, iban_with_check_digits, swedish_account_validate
from skutan.payments.conf import payment_settings
from skutan.payments.models import PayeeAccount, Payment, PaymentRun, PaymentStatus, RunStatus
from skutan.payments.services import PAYABLE_OUTCOMES, payment_run_file_build

# Clearing numbers by bank (Bankgirot's list) with the account number's length (swedish_banks.py); random digits,
# the last one the check digit the bank's rule wants.
CLEARING = [("8327-9", 10), ("6789", 9), ("3300", 10), ("5001", 7), ("9660", 7), ("7856", 7)]
IBAN_BANK_CODES = ("500", "600", "800", "300")
HISTORY_NOTE = "Utbetald före demons första utbetalningskörning"


def _previous_month(month):
    return (month - timedelta(days=1)).replace(day=1)


def _account(ctx: DemoContext, person_id: int) -> dict:
    rng = ctx.rng
    if rng.random() < 0.15:
        bban = rng.choice(IBAN_BANK_CODES) + "".join(str(rng.randint(0, 9)) for _ in range(17))
        return {"iban": iban_with_check_digits("SE", bban)}
    clearing, length = rng.choice(CLEARING)
    clearing = clearing.replace("-", "")
    while True:  # random digits, then the check digit the bank's rule wants (retry when no digit fits)
        number = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(length - 2))
        for check in "0123456789":
            try:
                swedish_account_validate(clearing, number + check)
            except AccountNumberError:
                continue
            return {"clearing_number": clearing, "account_number": number + check}


def generate(ctx: DemoContext) -> None:
    from skutan.assistance.models import Decision

    manager = ctx.manager(UnitKind.FINANCIAL_ASSISTANCE)
    this_month = ctx.today.replace(day=1)
    last_month = _previous_month(this_month)
    decisions = list(
        Decision.objects.filter(outcome__in=PAYABLE_OUTCOMES, amount__gt=0, payments__isnull=True)
        .select_related("case").order_by("month", "id")
        # Not the frozen calculation and its inputs: at Stockholm's size that is a million JSON documents.
        .defer("calculation", "inputs", "reasons", "legal_basis", "guideline_warnings", "unconfirmed_amounts")
    )
    if not decisions:
        ctx.say("  inga beviljade beslut att betala ut")
        return

    # Accounts: registered by the handläggare, verified by the unit manager.
    first_decision = {}
    for d in decisions:
        first_decision.setdefault(d.payee_id, d)
    current_only = sorted(
        {d.payee_id for d in decisions if d.month >= this_month}
        - {d.payee_id for d in decisions if d.month < this_month}
    )
    unverified = set(ctx.rng.sample(current_only, min(len(current_only), ctx.scaled(3))))
    accounts = []
    for payee_id, decision in first_decision.items():
        registered_on = min(decision.decided_at, timezone.now())
        registrar = ctx.handler_on(decision.case, timezone.localdate(registered_on)) or manager
        if registrar.pk == manager.pk:
            registrar = next((u for u in ctx.caseworkers(UnitKind.FINANCIAL_ASSISTANCE) if u.pk != manager.pk), manager)
        verified = payee_id not in unverified and registrar.pk != manager.pk
        accounts.append(PayeeAccount(
            person_id=payee_id, created_by=registrar, created_at=registered_on - timedelta(days=1),
            verified=verified, verified_by=manager if verified else None,
            verified_at=registered_on - timedelta(hours=20) if verified else None,
            **_account(ctx, payee_id),
        ))
    PayeeAccount.objects.bulk_create(accounts, batch_size=2000)
    account_of = {a.person_id: a for a in PayeeAccount.objects.filter(ended_at__isnull=True)}
    ctx.audit_bulk(what="payments.payee_accounts", count=len(accounts), unverified=len(unverified))

    code = settings.SKUTAN_MUNICIPALITY_CODE
    history, last, planned = [], [], []
    for d in decisions:
        due = timezone.localdate(d.decided_at)
        payment = Payment(
            decision=d, case_id=d.case_id, payee_id=d.payee_id, amount=d.amount, month=d.month, due_date=due,
            end_to_end_id=f"SK{code}-EB-{d.pk}", created_at=d.decided_at,
        )
        if d.month < last_month:
            payment.status, payment.status_note = PaymentStatus.CONFIRMED, HISTORY_NOTE
            payment.account = account_of.get(d.payee_id)
            payment.status_changed_at = d.decided_at + timedelta(days=3)
            history.append(payment)
        elif d.month == last_month and account_of.get(d.payee_id) and account_of[d.payee_id].verified:
            last.append(payment)
        else:
            planned.append(payment)
    ctx.writer.create(history + planned)  # COPY on PostgreSQL
    ctx.audit_bulk(what="payments.history", count=len(history))
    ctx.audit_bulk(what="payments.planned", count=len(planned))
    ctx.say(f"  {len(accounts)} konton, {len(history)} tidigare utbetalningar, {len(planned)} planerade")
    if last:
        _last_months_run(ctx, last, account_of, manager, last_month)


def _last_months_run(ctx: DemoContext, payments: list[Payment], account_of: dict, manager, month) -> None:
    from timelimits import next_open_day

    latest_due = max(p.due_date for p in payments)
    execution_date = min(next_open_day(latest_due), ctx.today)
    created = ctx.at(latest_due, 14, 5)
    run = PaymentRun.objects.create(
        message_id=f"SK{settings.SKUTAN_MUNICIPALITY_CODE}-{execution_date:%Y%m%d}-DEMO{month:%Y%m}",
        execution_date=execution_date, created_by=manager, created_at=created, started_at=created,
        demo_account=payment_settings().demo_account,
    )
    run.units.set([ctx.units[UnitKind.FINANCIAL_ASSISTANCE]])
    for payment in payments:
        payment.run, payment.account, payment.status = run, account_of[payment.payee_id], PaymentStatus.INCLUDED
        payment.status_changed_at = created
    Payment.objects.bulk_create(payments, batch_size=2000)
    xml = payment_run_file_build(run, created_at=created)
    sent = created + timedelta(minutes=12)
    confirmed = datetime.combine(execution_date, time(16, 0), tzinfo=STOCKHOLM)
    run.file_content, run.file_sha256 = xml.decode("utf-8"), hashlib.sha256(xml).hexdigest()
    run.total_count, run.processed_count = len(payments), len(payments)
    run.total_amount = sum(p.amount for p in payments)
    run.status, run.finished_at, run.sent_at, run.sent_by = RunStatus.SENT, created + timedelta(seconds=4), sent, manager
    run.save()
    Payment.objects.filter(run=run).update(status=PaymentStatus.CONFIRMED, status_changed_at=max(confirmed, sent))
    ctx.audit_bulk(what="payments.run", count=len(payments), message_id=run.message_id, sha256=run.file_sha256)
    ctx.say(f"  utbetalningskörning {run.message_id}: {len(payments)} betalningar, {run.total_amount} kr")
