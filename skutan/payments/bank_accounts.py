"""Bank account numbers a payment can go to: an IBAN, or a Swedish clearing number + account number.

Pure Python (no Django). Each check raises AccountNumberError with a Swedish message naming the field.

- IBAN (ISO 13616): country code, two check digits, BBAN; valid when the number, rearranged with its first
  four characters last and letters as 10–35, leaves 1 modulo 97. A Swedish IBAN has 24 characters.
- Swedish account (Bankgirot's "Bankernas kontonummeruppbyggnad"): a 4-digit clearing number (Swedbank's
  8xxx-x has a fifth check digit) and an account number of at most 10 digits. The per-bank check digit rules
  of that document are not implemented here: the account must be verified by a person (PayeeAccount.verified)
  before any money goes to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class AccountNumberError(ValueError):
    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


# Lengths for the countries a Swedish municipality pays to most often (ISO 13616 registry). Other countries
# are checked against the general limits (15–34 characters) and the checksum.
IBAN_LENGTHS = {
    "SE": 24, "NO": 15, "DK": 18, "FI": 18, "IS": 26, "DE": 22, "PL": 28, "EE": 20, "LV": 21, "LT": 20,
    "GB": 22, "NL": 18, "FR": 27, "ES": 24,
}
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def iban_normalise(value: str) -> str:
    """'se45 5000 0000 0583 9825 7466' → 'SE4550000000058398257466' (spaces and dashes removed)."""
    return re.sub(r"[\s-]", "", value or "").upper()


def iban_checksum_ok(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def iban_validate(value: str, *, field: str = "iban") -> str:
    """The normalised IBAN, or AccountNumberError."""
    iban = iban_normalise(value)
    if not iban:
        raise AccountNumberError("Ange ett IBAN.", field=field)
    if not _IBAN_SHAPE.fullmatch(iban):
        raise AccountNumberError(
            "IBAN ska börja med landskod och två kontrollsiffror, t.ex. SE45 5000 0000 0583 9825 7466.",
            field=field,
        )
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        raise AccountNumberError(
            f"Ett IBAN från {iban[:2]} har {expected} tecken, inte {len(iban)}.", field=field
        )
    if not iban_checksum_ok(iban):
        raise AccountNumberError("IBAN:et har fel kontrollsiffror (modulus 97). Kontrollera numret.", field=field)
    return iban


def iban_with_check_digits(country: str, bban: str) -> str:
    """Build an IBAN from a country code and BBAN by computing its two check digits (used for test data)."""
    provisional = f"{bban}{country}00"
    digits = "".join(str(int(ch, 36)) for ch in provisional.upper())
    check = 98 - int(digits) % 97
    return f"{country.upper()}{check:02d}{bban}"


@dataclass(frozen=True)
class SwedishAccount:
    clearing: str
    number: str

    @property
    def bban(self) -> str:
        """Clearing number followed by the account number, digits only (what Swedish banks call BBAN)."""
        return f"{self.clearing}{self.number}"

    def display(self) -> str:
        return f"{self.clearing}-{self.number}"


def swedish_account_validate(clearing: str, number: str) -> SwedishAccount:
    """A Swedish clearing number and account number, normalised to digits, or AccountNumberError."""
    clearing_digits = re.sub(r"[\s-]", "", clearing or "")
    number_digits = re.sub(r"[\s-]", "", number or "")
    if not clearing_digits:
        raise AccountNumberError("Ange clearingnummer.", field="clearing_number")
    if not clearing_digits.isdigit() or not (
        len(clearing_digits) == 4 or (len(clearing_digits) == 5 and clearing_digits.startswith("8"))
    ):
        raise AccountNumberError(
            "Clearingnumret har fyra siffror (Swedbank: fem siffror som börjar med 8).", field="clearing_number"
        )
    if clearing_digits.startswith("0"):
        raise AccountNumberError("Det finns inget clearingnummer som börjar med 0.", field="clearing_number")
    if not number_digits:
        raise AccountNumberError("Ange kontonummer.", field="account_number")
    if not number_digits.isdigit() or len(number_digits) > 10:
        raise AccountNumberError("Kontonumret har högst tio siffror.", field="account_number")
    return SwedishAccount(clearing=clearing_digits, number=number_digits)
