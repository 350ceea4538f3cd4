"""Input types shared by the API schemas of every app (django-ninja / pydantic).

- ``FreeText`` / ``text_type(n)``: a ``str`` checked by skutan.core.text (no NUL, control characters or lone
  surrogates; at most n characters).
- ``Amount``: kronor as ``Decimal``, finite (no NaN or infinity, whether sent as a JSON number or as a string)
  and within what the database stores (at most 99 999 999.99 in absolute value).
"""

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from skutan.core.text import FreeText, text_type

MAX_AMOUNT = Decimal("99999999.99")

Amount = Annotated[Decimal, Field(allow_inf_nan=False, ge=-MAX_AMOUNT, le=MAX_AMOUNT)]

__all__ = ["Amount", "FreeText", "MAX_AMOUNT", "text_type"]
