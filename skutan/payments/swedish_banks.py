"""The Swedish banks' account-number rules, as data: Bankgirot, "Bankernas kontonummer" (Bank Account Numbers
in Swedish Banks), the table of clearing-number series with account type and comment.

Type 1: clearing number (4 digits) + account number of 7 digits, the last a modulus-11 check digit.
  Comment 1: the check covers the clearing number's last three digits and the account number.
  Comment 2: the check covers all four clearing digits and the account number.
Type 2: the account number alone carries the check digit.
  Comment 1: 10 digits, modulus 10.
  Comment 2 (Handelsbanken): 9 digits, modulus 11; a shorter number is padded with zeros in front.
  Comment 3 (Swedbank 8xxx-x, Nordea/Plusgirot): at most 10 digits, modulus 10; padded with zeros in front.
    Swedbank's five-digit clearing numbers end with a modulus-10 check digit of their first four, and only
    the first four are sent to the bank. Bankgirot notes that a few old Swedbank accounts cannot be checked by
    their check digit; such an account is refused here, and the message says to check it with the bank (the
    systemförvaltare can register it as an IBAN instead).

Pure Python. A new bank or series is a new row here; the message for an unknown series says which table this is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from skutan.payments.bank_accounts import (
    AccountNumberError,
    SwedishAccount,
    luhn_check_digit,
    luhn_ok,
    mod11_ok,
)

SOURCE = "Bankgirot, Bankernas kontonummer (Bank Account Numbers in Swedish Banks), version 2017-03-07 och senare"


@dataclass(frozen=True)
class BankRule:
    bank: str
    first: int
    last: int
    type: int  # 1 or 2
    comment: int  # the comment in Bankgirot's table: which digits the check covers and how


RULES: tuple[BankRule, ...] = (
    # Type 1, comment 1
    BankRule("Nordea", 1100, 1199, 1, 1),
    BankRule("Danske Bank", 1200, 1399, 1, 1),
    BankRule("Nordea", 1400, 2099, 1, 1),
    BankRule("Nordea", 3000, 3299, 1, 1),
    BankRule("Nordea", 3301, 3399, 1, 1),
    BankRule("Länsförsäkringar Bank", 3400, 3409, 1, 1),
    BankRule("Nordea", 3410, 3781, 1, 1),
    BankRule("Nordea", 3783, 3999, 1, 1),
    BankRule("SEB", 5000, 5999, 1, 1),
    BankRule("Swedbank", 7000, 7999, 1, 1),
    BankRule("Länsförsäkringar Bank", 9060, 9069, 1, 1),
    BankRule("SEB", 9120, 9124, 1, 1),
    BankRule("SEB", 9130, 9149, 1, 1),
    BankRule("IKANO Bank", 9170, 9179, 1, 1),
    BankRule("Marginalen Bank", 9230, 9239, 1, 1),
    BankRule("SBAB", 9250, 9259, 1, 1),
    BankRule("ICA Banken", 9270, 9279, 1, 1),
    BankRule("Resurs Bank", 9280, 9289, 1, 1),
    BankRule("Forex Bank", 9400, 9449, 1, 1),
    BankRule("Santander Consumer Bank", 9460, 9469, 1, 1),
    BankRule("Lån & Spar Bank", 9630, 9639, 1, 1),
    BankRule("Bluestep Finans", 9680, 9689, 1, 1),
    # Type 1, comment 2
    BankRule("Ålandsbanken", 2300, 2399, 1, 2),
    BankRule("Nordea", 4000, 4999, 1, 2),
    BankRule("Länsförsäkringar Bank", 9020, 9029, 1, 2),
    BankRule("Citibank", 9040, 9049, 1, 2),
    BankRule("Nordnet Bank", 9100, 9109, 1, 2),
    BankRule("Skandiabanken", 9150, 9169, 1, 2),
    BankRule("DNB Bank", 9190, 9199, 1, 2),
    BankRule("DNB Bank", 9260, 9269, 1, 2),
    BankRule("Landshypotek", 9390, 9399, 1, 2),
    BankRule("BNP Paribas", 9470, 9479, 1, 2),
    BankRule("Avanza Bank", 9550, 9569, 1, 2),
    BankRule("Erik Penser", 9590, 9599, 1, 2),
    BankRule("Nordax Bank", 9640, 9649, 1, 2),
    BankRule("MedMera Bank", 9650, 9659, 1, 2),
    BankRule("Svea Bank", 9660, 9669, 1, 2),
    BankRule("JAK Medlemsbank", 9670, 9679, 1, 2),
    BankRule("Ekobanken", 9700, 9709, 1, 2),
    BankRule("Klarna Bank", 9780, 9789, 1, 2),
    BankRule("Riksgälden", 9880, 9889, 1, 2),
    # Type 2
    BankRule("Nordea (personkonto)", 3300, 3300, 2, 1),
    BankRule("Nordea (personkonto)", 3782, 3782, 2, 1),
    BankRule("Handelsbanken", 6000, 6999, 2, 2),
    BankRule("Swedbank", 8000, 8999, 2, 3),
    BankRule("Danske Bank", 9180, 9189, 2, 1),
    BankRule("Swedbank", 9300, 9349, 2, 1),
    BankRule("Nordea/Plusgirot", 9500, 9549, 2, 3),
    BankRule("Sparbanken Syd", 9570, 9579, 2, 1),
    BankRule("Riksgälden", 9890, 9899, 2, 1),
    BankRule("Nordea/Plusgirot", 9960, 9969, 2, 3),
)


def rule_for(clearing: str) -> BankRule | None:
    """The rule for a clearing number's first four digits, or None when no bank has that series."""
    series = int(clearing[:4])
    for rule in RULES:
        if rule.first <= series <= rule.last:
            return rule
    return None


CHECK_FAILED = (
    "Kontonumret stämmer inte för {bank} (fel kontrollsiffra). Kontrollera clearing- och kontonumret med "
    "mottagaren eller banken."
)


def account_check(account: SwedishAccount) -> SwedishAccount:
    """The account normalised (Handelsbanken and Swedbank numbers padded with zeros), or AccountNumberError."""
    clearing, number = account.clearing, account.number
    if len(clearing) == 5 and not luhn_ok(clearing):
        raise AccountNumberError(
            gettext(
                "Clearingnumrets femte siffra ska vara %(digit)s (%(clearing)s-%(digit)s). "
                "Kontrollera clearingnumret."
            ) % {"digit": luhn_check_digit(clearing[:4]), "clearing": clearing[:4]},
            field="clearing_number",
        )
    rule = rule_for(clearing)
    if rule is None:
        raise AccountNumberError(
            gettext(
                "Clearingnumret %(clearing)s hör inte till någon bank i bankernas tabell. Kontrollera numret."
            ) % {"clearing": clearing[:4]},
            field="clearing_number",
        )
    if len(clearing) == 5 and rule.comment != 3:
        raise AccountNumberError(
            gettext(
                "Clearingnumret för %(bank)s har fyra siffror."
            ) % {"bank": rule.bank}, field="clearing_number"
        )
    if rule.type == 1:
        if len(number) != 7:
            raise AccountNumberError(
                gettext(
                    "Ett konto i %(bank)s har sju siffror efter clearingnumret (du angav %(given)s)."
                ) % {"bank": rule.bank, "given": len(number)},
                field="account_number",
            )
        covered = (clearing[1:4] if rule.comment == 1 else clearing[:4]) + number
        ok = mod11_ok(covered)
    elif rule.comment == 1:
        if len(number) != 10:
            raise AccountNumberError(
                gettext(
                    "Ett konto i %(bank)s har tio siffror efter clearingnumret (du angav %(given)s)."
                ) % {"bank": rule.bank, "given": len(number)},
                field="account_number",
            )
        ok = luhn_ok(number)
    elif rule.comment == 2:
        if len(number) > 9:
            raise AccountNumberError(
                gettext(
                    "Ett konto i %(bank)s har högst nio siffror efter clearingnumret."
                ) % {"bank": rule.bank}, field="account_number"
            )
        number = number.zfill(9)
        ok = mod11_ok(number)
    else:
        number = number.zfill(10)
        ok = luhn_ok(number)
    if not ok:
        raise AccountNumberError(CHECK_FAILED.format(bank=rule.bank), field="account_number")
    return SwedishAccount(clearing=clearing, number=number)


def bank_name(clearing: str) -> str:
    rule = rule_for(clearing)
    return rule.bank if rule else ""
