"""The statutory time limits Skutan tracks, as dated data with their legal source (cited from lawref).

Each code may have several versions; the one in force on a date is the one with the latest valid_from on or
before that date. A new law is a new row here, never an edit of an old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from lawref import load_references

Unit = Literal["days", "weeks", "months"]
UNITS: tuple[Unit, ...] = ("days", "weeks", "months")

# The earliest date Skutan needs, not necessarily the date the rule entered into force.
SKUTAN_EARLIEST = date(2013, 1, 1)
NEW_SOL = date(2025, 7, 1)  # Socialtjänstlag (2025:400) in force


@dataclass(frozen=True)
class TimeLimit:
    code: str
    length: int
    unit: Unit
    label_sv: str
    source: str
    valid_from: date
    movable: bool  # whether lag 1930:173 2 § may move the last day past a closed day
    confirmed: bool  # False when the source reference is not confirmed; show that in the UI
    note: str = ""  # what is not confirmed about the rule (e.g. whether 2 § applies), shown with it
    ref: str = ""  # the lawref key the source is cited from
    letter_source: str = ""  # the citation a letter prints (never an unconfirmed paragraph number)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if self.length < 0:
            raise ValueError("length must not be negative")
        if not self.source:
            raise ValueError("every time limit needs its legal source")


def _limit(code: str, ref: str, length: int, unit: Unit, label_sv: str, movable: bool) -> tuple[TimeLimit, ...]:
    """One TimeLimit per version of the cited lawref reference (the citation and its status come from there)."""
    return tuple(
        TimeLimit(
            code=code, length=length, unit=unit, label_sv=label_sv, source=version.citation,
            valid_from=max(version.valid_from, SKUTAN_EARLIEST), movable=movable, confirmed=version.confirmed,
            ref=ref, letter_source=version.letter_citation,
        )
        for version in load_references().versions(ref)
    )


LIMITS: tuple[TimeLimit, ...] = (
    # "Genast": the same day the report comes in, even on a weekend, so 2 § does not apply.
    *_limit("protection_assessment", "sol.protection_assessment", 0, "days", "Skyddsbedömning", movable=False),
    *_limit("preliminary_assessment", "sol.preliminary_assessment", 14, "days", "Förhandsbedömning", movable=True),
    *_limit("investigation", "sol.investigation", 4, "months", "Utredning", movable=True),
    # Counted from the day the person received the decision.
    *_limit("appeal", "fl.appeal_time", 3, "weeks", "Överklagande", movable=True),
)


LVU = "LVU (1990:52)"
# Whether lag 1930:173 2 § moves the LVU 7 § and 8 § limits is the ordinary reading, not confirmed
# (DOMAIN.md §6 ⚠). The caller may switch it off (Django setting SKUTAN_LVU_NEXT_WEEKDAY).
LVU_MOVE_NOTE = (
    "Att sista dagen flyttas till nästa vardag enligt lag (1930:173) 2 § är den vanliga läsningen (obekräftad)."
)

LIMITS += (
    # Omedelbart omhändertagande: submitted to förvaltningsrätten within one week of the decision.
    TimeLimit(
        code="lvu_court_submission",
        length=1,
        unit="weeks",
        label_sv="Underställning till förvaltningsrätten",
        source=f"{LVU} 7 §",
        valid_from=SKUTAN_EARLIEST,
        movable=True,
        confirmed=True,
        note=LVU_MOVE_NOTE,
    ),
    # The application for care reaches the court within four weeks of the day the omhändertagande was
    # carried out (verkställdes), unless the court extends the time.
    TimeLimit(
        code="lvu_care_application",
        length=4,
        unit="weeks",
        label_sv="Ansökan om vård till förvaltningsrätten",
        source=f"{LVU} 8 §",
        valid_from=SKUTAN_EARLIEST,
        movable=True,
        confirmed=True,
        note=LVU_MOVE_NOTE,
    ),
    # Care under 2 §: övervägande at least every six months; under 3 §: omprövning every six months.
    # A duty of the nämnd itself, not an act towards a court: kept on its day (never moved later).
    TimeLimit(
        code="lvu_consideration",
        length=6,
        unit="months",
        label_sv="Övervägande av vård enligt 2 § LVU",
        source=f"{LVU} 13 § första stycket",
        valid_from=SKUTAN_EARLIEST,
        movable=False,
        confirmed=True,
    ),
    TimeLimit(
        code="lvu_reconsideration",
        length=6,
        unit="months",
        label_sv="Omprövning av vård enligt 3 § LVU",
        source=f"{LVU} 13 § andra stycket",
        valid_from=SKUTAN_EARLIEST,
        movable=False,
        confirmed=True,
    ),
    # A child placed in familjehem or HVB under SoL: at least every six months, is the care still needed?
    TimeLimit(
        code="placement_consideration",
        length=6,
        unit="months",
        label_sv="Övervägande av placering",
        source="SoL (2001:453) 6 kap. 8 §",
        valid_from=SKUTAN_EARLIEST,
        movable=False,
        confirmed=True,
    ),
    TimeLimit(
        code="placement_consideration",
        length=6,
        unit="months",
        label_sv="Övervägande av placering",
        source="SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat)",
        valid_from=NEW_SOL,
        movable=False,
        confirmed=False,
    ),
)


def limit_for(code: str, on: date) -> TimeLimit:
    """The version of the time limit `code` in force on the date `on`."""
    versions = [limit for limit in LIMITS if limit.code == code]
    if not versions:
        raise LookupError(f"Okänd tidsfrist: {code!r}.")
    in_force = [limit for limit in versions if limit.valid_from <= on]
    if not in_force:
        raise LookupError(f"Tidsfristen {code!r} gällde inte den {on.isoformat()}.")
    return max(in_force, key=lambda limit: limit.valid_from)
