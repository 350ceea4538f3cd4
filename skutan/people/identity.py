"""Swedish identity numbers (Skatteverket; folkbokföringslagen 18 §, 18 a §).

Pure functions: personnummer and samordningsnummer are validated by date and Luhn check digit and
normalised to ``YYYYMMDD-NNNN``; a reservnummer is a local, unverified identity kept as entered.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext


class InvalidIdentityNumber(ValueError):
    """``message`` is Swedish and names the problem."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class IdentityKind:
    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"
    RESERVNUMMER = "reservnummer"
    CHOICES = [
        (PERSONNUMMER, "Personnummer"),
        (SAMORDNINGSNUMMER, "Samordningsnummer"),
        (RESERVNUMMER, "Reservnummer"),
    ]


@dataclass(frozen=True)
class IdentityNumber:
    normalised: str
    kind: str
    birth_date: date | None
    sex: str  # "M", "K" or "" (birth number odd = man, even = woman)


_PATTERN = re.compile(r"^(\d{2})?(\d{6})([-+]?)(\d{4})$")
_RESERVE = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,19}$")


def luhn_check_digit(nine_digits: str) -> int:
    """Weights 2,1,2,1… over YYMMDDNNN, digit sum of the products, 10 − last digit (10 → 0)."""
    total = 0
    for i, ch in enumerate(nine_digits):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def parse_identity_number(raw: str, *, today: date | None = None) -> IdentityNumber:
    """Validate a personnummer or samordningsnummer in 10 or 12 digits, with or without separator."""
    today = today or timezone.localdate()
    text = (raw or "").strip().replace(" ", "")
    if not text:
        raise InvalidIdentityNumber("Personnummer saknas.")
    if not re.fullmatch(r"[\d+-]+", text):
        raise InvalidIdentityNumber("Personnumret får bara innehålla siffror och bindestreck eller plustecken.")
    match = _PATTERN.match(text)
    if not match:
        raise InvalidIdentityNumber(
            "Personnumret har fel längd: ange 10 eller 12 siffror, till exempel 19860211-1234."
        )
    century, yymmdd, separator, tail = match.groups()
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    kind = IdentityKind.PERSONNUMMER
    if dd > 60:  # samordningsnummer: day + 60
        kind = IdentityKind.SAMORDNINGSNUMMER
        dd -= 60
    if century is not None:
        year = int(century) * 100 + yy
    else:
        # The century follows from the separator: "+" from the year the person turns 100.
        year = today.year // 100 * 100 + yy
        if year > today.year:
            year -= 100
        if separator == "+":
            year -= 100
    try:
        born = date(year, mm, dd)
    except ValueError:
        raise InvalidIdentityNumber(gettext(
            "Personnumret innehåller ett datum som inte finns (%(yymmdd)s)."
        ) % {"yymmdd": yymmdd}) from None
    if born > today:
        raise InvalidIdentityNumber("Personnumret har ett födelsedatum i framtiden.")
    if luhn_check_digit(yymmdd + tail[:3]) != int(tail[3]):
        raise InvalidIdentityNumber("Personnumrets kontrollsiffra stämmer inte.")
    normalised = f"{century or str(year // 100)}{yymmdd}-{tail}"
    sex = "M" if int(tail[2]) % 2 else "K"
    return IdentityNumber(normalised=normalised, kind=kind, birth_date=born, sex=sex)


def parse_reserve_number(raw: str) -> IdentityNumber:
    """A reservnummer is a local temporary identity: accepted as entered, flagged as unverified."""
    text = (raw or "").strip().upper()
    if not _RESERVE.match(text):
        raise InvalidIdentityNumber("Reservnumret ska vara 4–20 tecken: bokstäver A–Z, siffror och bindestreck.")
    return IdentityNumber(normalised=text, kind=IdentityKind.RESERVNUMMER, birth_date=None, sex="")


def normalise_query(raw: str) -> str | None:
    """Turn a search string into a normalised number if it is one, else None (then it is a name)."""
    try:
        return parse_identity_number(raw).normalised
    except InvalidIdentityNumber:
        return None
