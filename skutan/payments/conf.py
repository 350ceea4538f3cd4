"""The municipality's own payment details, from the environment (never from code in production).

- ``SKUTAN_PAYMENT_DEBTOR_IBAN``: the account payments are made from (IBAN).
- ``SKUTAN_PAYMENT_DEBTOR_BIC``: its bank's BIC (optional; the file then says NOTPROVIDED).
- ``SKUTAN_PAYMENT_DEBTOR_NAME``: the name on the file (default: SKUTAN_MUNICIPALITY_NAME).
- ``SKUTAN_PAYMENT_INITIATOR_ID``: the customer id the bank gave the municipality, if it wants one.
- ``SKUTAN_PAYMENT_REMITTANCE``: the text the payee sees on the statement, ``{month}`` replaced by ÅÅÅÅ-MM.
  Neutral by default: the statement should not tell anyone that the payee receives ekonomiskt bistånd.

Without ``SKUTAN_PAYMENT_DEBTOR_IBAN`` the local and test settings use a made-up demo account (the payment
run page says so); the production settings refuse to create a payment file.
"""

import os
from dataclasses import dataclass

from django.conf import settings

from skutan.payments.pain001 import Debtor

# Made up for the demo: a valid IBAN checksum on an account number nobody owns.
DEMO_DEBTOR_IBAN = "SE3550000000054910000003"
DEFAULT_REMITTANCE = "Utbetalning {month} från {municipality}"


@dataclass(frozen=True)
class PaymentSettings:
    debtor: Debtor
    remittance: str
    demo_account: bool


def _value(name: str, default: str = "") -> str:
    return str(getattr(settings, name, None) or os.environ.get(name, "") or default).strip()


def payment_settings() -> PaymentSettings:
    iban = _value("SKUTAN_PAYMENT_DEBTOR_IBAN")
    demo = not iban
    if demo:
        iban = DEMO_DEBTOR_IBAN
    return PaymentSettings(
        debtor=Debtor(
            name=_value("SKUTAN_PAYMENT_DEBTOR_NAME", settings.SKUTAN_MUNICIPALITY_NAME),
            iban=iban,
            bic=_value("SKUTAN_PAYMENT_DEBTOR_BIC"),
            initiator_id=_value("SKUTAN_PAYMENT_INITIATOR_ID"),
        ),
        remittance=_value("SKUTAN_PAYMENT_REMITTANCE", DEFAULT_REMITTANCE),
        demo_account=demo,
    )


def demo_account_refused() -> bool:
    """Production must name its real account: a file from the demo account would be rejected by the bank."""
    return (getattr(settings, "SETTINGS_MODULE", "") or "").endswith(".production")
