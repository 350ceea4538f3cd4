"""Free text from outside (API, forms): one check for every text field.

Refused: NUL and the other C0 control characters except tab, line feed and carriage return (PostgreSQL cannot
store NUL, and none belongs in a journal), lone UTF-16 surrogates such as ``"\\ud800"`` (they cannot be encoded
as UTF-8, so no database can store them), and text longer than the field's documented maximum. The message is
Swedish and names the field; the services call ``text_check`` and the API schemas use ``FreeText``/``text_type``
so the refusal comes before anything is stored.
"""

import re
from typing import Annotated

from django.utils.translation import gettext
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from skutan.core.errors import ApplicationError

# The longest free text anywhere (a journal entry, SOSFS 2014:5 sets no limit; ~50 pages of text).
TEXT_MAX_LENGTH = 100_000

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
INVALID_CHARACTERS = "Texten innehåller ogiltiga tecken (styrtecken eller trasig teckenkodning)."


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def text_problem(value: str, *, max_length: int = TEXT_MAX_LENGTH) -> str | None:
    """The Swedish reason ``value`` cannot be stored, or None."""
    if _FORBIDDEN.search(value):
        return INVALID_CHARACTERS
    if len(value) > max_length:
        return gettext(
            "Texten är för lång: högst %(max_length)s tecken (den har %(length)s)."
        ) % {"max_length": _thousands(max_length), "length": _thousands(len(value))}
    return None


def text_check(value: str, *, field: str, max_length: int = TEXT_MAX_LENGTH) -> str:
    """For services: raise ApplicationError(field=field) if ``value`` cannot be stored; return it otherwise."""
    problem = text_problem(value, max_length=max_length)
    if problem:
        raise ApplicationError(problem, field=field)
    return value


def text_type(max_length: int = TEXT_MAX_LENGTH):
    """A pydantic/ninja ``str`` that is checked by ``text_problem`` (error type ``free_text``)."""

    def validate(value: str) -> str:
        problem = text_problem(value, max_length=max_length)
        if problem:
            raise PydanticCustomError("free_text", problem)
        return value

    return Annotated[str, AfterValidator(validate)]


FreeText = text_type()
