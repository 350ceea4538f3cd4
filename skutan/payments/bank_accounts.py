"""Bank account numbers a payment can go to: an IBAN, or a Swedish clearing number + account number.

Pure Python (no Django). Each check raises AccountNumberError with a Swedish message naming the field.

- IBAN (ISO 13616): country code, two check digits, BBAN; valid when the number, rearranged with its first
  four characters last and letters as 10–35, leaves 1 modulo 97. A Swedish IBAN has 24 characters.
  The country-specific BBAN format is checked by python-stdnum (``stdnum.iban``), which carries the ISO
  13616 registry.
- Swedish account: the banks' own rules (Bankgirot, "Bankernas kontonummer", the table in
  ``skutan/payments/swedish_banks.py``): the clearing number's range gives the bank, the account type (1 or 2)
  and the check-digit rule; a typo is refused at entry, not at the bank. An account must still be verified by
  a person (PayeeAccount.verified) before money goes to it: a correct check digit is not the right person.
- Bankgiro numbers (7–8 digits) and OCR references end with a modulus-10 (Luhn) check digit (Bankgirot).

Why not the PyPI package ``bankkonto`` (1.0.1, read in full): its rules agree with Bankgirot's for type 1 and
for Handelsbanken, but it refuses valid Swedbank 8xxx-x accounts shorter than ten digits (the banks' rule is to
pad them with zeros), does not check Swedbank's fifth clearing digit, and its messages are in English. The
table here is the same published rule set, as data, with our own test vectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext


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
            gettext(
                "Ett IBAN från %(country)s har %(expected)s tecken, inte %(length)s."
            ) % {"country": iban[:2], "expected": expected, "length": len(iban)}, field=field
        )
    if not iban_checksum_ok(iban):
        raise AccountNumberError("IBAN:et har fel kontrollsiffror (modulus 97). Kontrollera numret.", field=field)
    from stdnum import iban as stdnum_iban
    from stdnum.exceptions import ValidationError

    try:
        stdnum_iban.validate(iban)
    except ValidationError:
        raise AccountNumberError(
            gettext(
                "IBAN:et har inte det format som gäller för %(country)s. Kontrollera numret."
            ) % {"country": iban[:2]}, field=field
        ) from None
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


def luhn_check_digit(digits: str) -> int:
    """The modulus-10 (Luhn) check digit for ``digits``: weights 2, 1, 2, … from the right, digit sums."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if i % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def luhn_complete(digits: str) -> str:
    """``digits`` followed by its Luhn check digit (test and demo data)."""
    return f"{digits}{luhn_check_digit(digits)}"


def luhn_ok(digits: str) -> bool:
    return len(digits) >= 2 and digits.isdigit() and luhn_check_digit(digits[:-1]) == int(digits[-1])


def mod11_ok(digits: str) -> bool:
    """Modulus 11 with the weights 1, 2, …, 10, 1, 2 … from the right (Bankgirot): the weighted sum is a
    multiple of 11."""
    total = sum(int(ch) * (i % 10 + 1) for i, ch in enumerate(reversed(digits)))
    return total % 11 == 0


def swedish_account_validate(clearing: str, number: str) -> SwedishAccount:
    """A Swedish clearing number and account number, normalised to digits, or AccountNumberError.

    Checked against the banks' rules: the clearing number must belong to a bank, the account number must have
    that bank's length, and its check digit must be right (``swedish_banks.rule_for``).
    """
    from skutan.payments.swedish_banks import account_check

    account = _swedish_account_shape(clearing, number)
    return account_check(account)


def _swedish_account_shape(clearing: str, number: str) -> SwedishAccount:
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


BANKGIRO_SHAPE = re.compile(r"[0-9]{7,8}")


def bankgiro_validate(value: str, *, field: str = "bankgiro") -> str:
    """A bankgiro number, digits only ('5050-1055' → '50501055'), or AccountNumberError.

    Seven or eight digits, the last a modulus-10 check digit (Bankgirot).
    """
    digits = re.sub(r"[\s-]", "", value or "")
    if not digits:
        raise AccountNumberError("Ange bankgironummer.", field=field)
    if not BANKGIRO_SHAPE.fullmatch(digits):
        raise AccountNumberError("Ett bankgironummer har sju eller åtta siffror, t.ex. 5050-1055.", field=field)
    if not luhn_ok(digits):
        raise AccountNumberError(
            "Bankgironumret har fel kontrollsiffra. Kontrollera numret mot fakturan.", field=field
        )
    return digits


def bankgiro_display(digits: str) -> str:
    return f"{digits[:-4]}-{digits[-4:]}"


def ocr_validate(value: str, *, field: str = "ocr") -> str:
    """An OCR reference (Bankgirot): 2–25 digits, the last a modulus-10 check digit, or AccountNumberError.

    A length digit (the second-to-last digit giving the length modulo 10) is used by some payees; it is part
    of the number and covered by the check digit, so it needs no check of its own here.
    """
    digits = re.sub(r"\s", "", value or "")
    if not digits:
        raise AccountNumberError("Ange OCR-nummer.", field=field)
    if not digits.isdigit() or not 2 <= len(digits) <= 25:
        raise AccountNumberError("Ett OCR-nummer har 2–25 siffror och inga andra tecken.", field=field)
    if not luhn_ok(digits):
        raise AccountNumberError(
            "OCR-numret har fel kontrollsiffra. Kontrollera numret mot fakturan.", field=field
        )
    return digits
