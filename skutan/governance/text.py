"""The management group's material must never hold client data: warn when a personnummer is typed."""

import re

from django.utils.translation import gettext

from skutan.core.errors import ApplicationError

# YYMMDD or YYYYMMDD, optional - or +, four digits; checked with the Luhn digit so that dates and
# phone numbers rarely trigger it.
_PNR = re.compile(r"(?<!\d)(?:19|20)?(\d{2})(\d{2})(\d{2})[-+]?(\d{3})(\d)(?!\d)")
PNR_WARNING = ("Texten verkar innehålla ett personnummer. Ledningsgruppens material får inte innehålla "
               "uppgifter om enskilda klienter – ta bort det.")
MAX_TEXT = 20_000


def _luhn_ok(nine: str, check: str) -> bool:
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10 == int(check)


def contains_personnummer(text: str) -> bool:
    for m in _PNR.finditer(text or ""):
        yy, mm, dd, serial, check = m.groups()
        day = int(dd) - 60 if int(dd) > 60 else int(dd)  # samordningsnummer: day + 60
        if 1 <= int(mm) <= 12 and 1 <= day <= 31 and _luhn_ok(yy + mm + dd + serial, check):
            return True
    return False


def clean(value: str, field: str, *, label: str, required: bool = False, max_length: int = MAX_TEXT) -> str:
    value = value if isinstance(value, str) else ""
    if "\x00" in value or any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise ApplicationError(gettext(
            "%(label)s innehåller ogiltiga tecken."
        ) % {"label": label}, field=field)
    if len(value) > max_length:
        raise ApplicationError(gettext(
            "%(label)s får vara högst %(max_length)s tecken."
        ) % {"label": label, "max_length": max_length}, field=field)
    value = value.strip()
    if required and not value:
        raise ApplicationError(gettext("%(label)s måste fyllas i.") % {"label": label}, field=field)
    return value


def warnings_for(**texts: str) -> list[dict]:
    return [{"field": field, "message": PNR_WARNING} for field, text in texts.items() if contains_personnummer(text)]
