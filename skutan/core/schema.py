"""Input types shared by the API schemas of every app (django-ninja / pydantic).

- ``FreeText`` / ``text_type(n)``: a ``str`` checked by skutan.core.text (no NUL, control characters or lone
  surrogates; at most n characters).
- ``Day``: a ``date`` given as ÅÅÅÅ-MM-DD, nothing else.
- ``Amount``: kronor as ``Decimal``, finite (no NaN or infinity, whether sent as a JSON number or as a string)
  and within what the database stores (at most 99 999 999.99 in absolute value).
"""

import re
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from skutan.core.text import FreeText, text_type

MAX_AMOUNT = Decimal("99999999.99")

Amount = Annotated[Decimal, Field(allow_inf_nan=False, ge=-MAX_AMOUNT, le=MAX_AMOUNT)]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value):
    """Only ÅÅÅÅ-MM-DD (or a date): pydantic alone would read ``0`` as 1970-01-01."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise PydanticCustomError("date_parsing", "Ange ett giltigt datum (ÅÅÅÅ-MM-DD).")


Day = Annotated[date, BeforeValidator(_iso_day)]

__all__ = ["Amount", "Day", "FreeText", "MAX_AMOUNT", "text_type"]
