"""What every EB decision service checks before it writes: the case, the decider's delegation, the amount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Delegation
from skutan.assistance import selectors
from skutan.cases.access import case_write_check
from skutan.cases.models import Case, CaseType
from skutan.core.errors import AccessDeniedError, ApplicationError


def eb_case_check(*, actor, case: Case) -> None:
    """A write on an EB case: the user may write there, and it is an EB case."""
    case_write_check(user=actor, case=case)
    if case.case_type != CaseType.FINANCIAL_ASSISTANCE:
        raise ApplicationError(gettext("Beslutet kan bara fattas i ett ärende om ekonomiskt bistånd."), field="case")


def kronor_parse(value: Any, *, field: str = "amount", allow_zero: bool = True) -> Decimal:
    """Whole kronor from a form or JSON value ('1 200', '1200,00', 1200), or ApplicationError naming ``field``."""
    try:
        amount = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ApplicationError(gettext("Ange beloppet i hela kronor."), field=field) from None
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero):
        raise ApplicationError("Beloppet måste vara större än 0 kr." if not allow_zero else
                               "Beloppet kan inte vara negativt.", field=field)
    if amount != amount.to_integral():
        raise ApplicationError(gettext("Ange beloppet i hela kronor, utan öre."), field=field)
    return amount.quantize(Decimal("1"))


def delegation_require(*, actor, case: Case, amount: Decimal, on: date | None = None) -> Delegation:
    """The actor's delegation for an EB decision of ``amount`` kr, or AccessDeniedError saying who can decide."""
    from skutan.assistance.services import _who_can_decide

    today = on or timezone.localdate()
    delegation = selectors.delegation_for(user=actor, amount=amount, on=today, unit_id=case.unit_id)
    if delegation is None:
        has_any = selectors.delegation_for(user=actor, amount=Decimal(0), on=today, unit_id=case.unit_id) is not None
        why = (
            gettext("Beloppet %(amount)s kr är över din delegation.") % {"amount": int(amount)}
            if has_any
            else "Du har ingen delegation att besluta om ekonomiskt bistånd."
        )
        raise AccessDeniedError(f"{why} {_who_can_decide(case, amount, today)}", field="decided_by")
    return delegation


def text_require(value: str, *, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(message, field=field)
    return text
