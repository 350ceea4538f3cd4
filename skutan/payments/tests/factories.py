"""Test data for payments, shared by the payments tests and the access-log test's URL_KWARGS."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from skutan.payments.bank_accounts import iban_with_check_digits

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def household_inputs(month: date, *, rent: int = 0, income: int = 0, birth_date: str = "1986-02-11") -> dict:
    """A one-adult request in the norm contract shape (norm/README.md)."""
    request = {
        "month": f"{month:%Y-%m}",
        "members": [{"id": "a", "birth_date": birth_date, "role": "adult"}],
        "cohabiting": False,
        "shared_household_size": None,
        "costs": [{"type": "rent", "amount": rent}] if rent else [],
        "incomes": [{"type": "unemployment_benefit", "amount": income}] if income else [],
        "consecutive_months_on_assistance": 1,
        "job_stimulus_months_used": 0,
    }
    return request


def make_decision(
    *, case, decided_by, month: date, amount, outcome: str = "granted", payee=None, decided_at=None, inputs=None
):
    from skutan.assistance.models import Application, ApplicationStatus, Decision

    application = Application.objects.create(
        case=case, month=month, status=ApplicationStatus.DECIDED, created_by=decided_by
    )
    return Decision.objects.create(
        case=case, application=application, month=month, outcome=outcome, amount=Decimal(amount),
        calculated_amount=Decimal(amount), payee=payee or case.person, decided_by=decided_by,
        decided_at=decided_at or (timezone.now() - timedelta(days=2)), reasons="Prövat enligt riksnormen.",
        legal_basis="SoL", calculation={"assistance": int(Decimal(amount))},
        inputs=inputs or household_inputs(month),
    )


def swedish_iban(n: int) -> str:
    return iban_with_check_digits("SE", f"500{n:017d}")


def bank_day(start: date | None = None) -> date:
    from timelimits import next_open_day

    return next_open_day(start or timezone.localdate())


def aware(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=STOCKHOLM)


def payment_run_for(*, person_case, manager, registrar, verifier):
    """A finished payment run paying one decided month of ``person_case`` (for URL walks)."""
    from skutan.payments import services

    account = services.payee_account_register(
        actor=registrar, person=person_case.person, clearing_number="8327-9", account_number="123456782"
    )
    services.payee_account_verify(actor=verifier, account=account)
    make_decision(case=person_case, decided_by=manager, month=timezone.localdate().replace(day=1), amount="5180")
    run = services.payment_run_create(actor=manager, execution_date=bank_day())
    return services.payment_run_execute(actor=manager, run=run)
