"""Errors the norm package raises. Messages are Swedish because they reach the case worker unchanged."""

from __future__ import annotations

MONTH_NAMES_SV = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def month_sv(year: int, month: int) -> str:
    """'maj 2020' for (2020, 5)."""
    return f"{MONTH_NAMES_SV[month - 1]} {year}"


class NormError(Exception):
    """Base class: a calculation that cannot be made, with a message fit to show as is."""

    field: str | None = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, str | None]:
        return {"error": self.message, "field": self.field}


class NormInputError(NormError, ValueError):
    """The request breaks the input contract. `field` is a path such as "members[2].birth_date"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class MissingTableError(NormError, LookupError):
    """No riksnorm table covers the calculation month (e.g. 2020, which Skutan has no table for)."""

    field = "month"

    def __init__(self, year: int, month: int) -> None:
        super().__init__(f"Riksnorm saknas för {month_sv(year, month)}")
        self.year = year
        self.month = month


class MissingAmountError(NormError, LookupError):
    """The calculation needs an amount the table does not have (— in DOMAIN.md §4). Never guessed."""

    def __init__(
        self, key: str, label_sv: str, *, year: int | None = None, message: str | None = None
    ) -> None:
        if message is None:
            where = f"Riksnormen {year}" if year is not None else "Riksnormen"
            message = f"{where} saknar belopp för {label_sv} — beräkningen kan inte göras"
        super().__init__(message)
        self.key = key
        self.label_sv = label_sv
        self.year = year

    def to_dict(self) -> dict[str, str | None]:
        return {**super().to_dict(), "amount": self.key}


class MissingLegalSourceError(NormError, LookupError):
    """No legal reference is recorded for a line kind on the calculation month (legal_sources.json)."""

    def __init__(self, kind: str, day: str) -> None:
        super().__init__(f"Lagrum saknas för {kind} den {day} — beräkningen kan inte göras")
        self.kind = kind
