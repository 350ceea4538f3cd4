"""The code lists of the monthly EB register (HSLF-FS 2015:30, DOMAIN.md §9) and hushållstyp, as data.

The lists ship in register_codes.json, each with its source and whether it is confirmed; a municipality
points SKUTAN_EB_REGISTER_CODES_FILE at its own file when Socialstyrelsen's lists change. Pure functions
only: the register export (register.py) and the services use them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

SHIPPED = Path(__file__).with_name("register_codes.json")
LISTS = ("support_obstacles", "closing_reasons", "labour_market_measures")


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    valid_from: date
    source: str
    confirmed: bool


@dataclass(frozen=True)
class CodeList:
    name: str
    source: str
    confirmed: bool
    codes: tuple[Code, ...]

    def in_force(self, day: date | None = None) -> list[Code]:
        day = day or date.today()
        return [code for code in self.codes if code.valid_from <= day]

    def get(self, code: str, day: date | None = None) -> Code | None:
        return next((c for c in self.in_force(day) if c.code == code), None)

    def choices(self, day: date | None = None) -> list[tuple[str, str]]:
        return [(c.code, f"{c.code} {c.label}" if c.code.isdigit() else c.label) for c in self.in_force(day)]


def _path() -> Path:
    from django.conf import settings

    return Path(getattr(settings, "SKUTAN_EB_REGISTER_CODES_FILE", "") or SHIPPED)


@cache
def _load(path: str) -> dict[str, CodeList]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    result = {}
    for name in LISTS:
        entry = data[name]
        result[name] = CodeList(
            name=name, source=entry["source"], confirmed=bool(entry["confirmed"]),
            codes=tuple(
                Code(code=c["code"], label=c["label"], valid_from=date.fromisoformat(c["valid_from"]),
                     source=c.get("source", entry["source"]), confirmed=bool(c.get("confirmed", entry["confirmed"])))
                for c in entry["codes"]
            ),
        )
    return result


def code_list(name: str) -> CodeList:
    return _load(str(_path()))[name]


# -- hushållstyp (DOMAIN.md §9) -------------------------------------------------------------------------------

HOUSEHOLD_TYPES = {
    1: "Endast barn under 18 år",
    3: "Ensamstående man utan barn",
    4: "Ensamstående man med barn",
    5: "Ensamstående kvinna utan barn",
    6: "Ensamstående kvinna med barn",
    7: "Sammanboende utan barn",
    8: "Sammanboende med barn",
    9: "Okänd",
}


def household_type(*, adults: int, cohabiting: bool, applicant_sex: str | None, children_under_18: int) -> int:
    """The register's hushållstyp from the month's household. ``applicant_sex`` is "M", "K" or None
    (reservnummer: unknown). "With children" counts children under 18 (the register's barn-variable);
    that the hushållstyp uses the same age limit is unconfirmed (docs/statistics/eb-register.md)."""
    with_children = children_under_18 > 0
    if adults == 0:
        return 1 if with_children else 9
    if cohabiting and adults >= 2:
        return 8 if with_children else 7
    if applicant_sex == "M":
        return 4 if with_children else 3
    if applicant_sex == "K":
        return 6 if with_children else 5
    return 9


def sex_from_identity(identity_number: str) -> str | None:
    """Kön from a personnummer or samordningsnummer: the birth number's last digit, odd = man (DOMAIN.md §3)."""
    digits = "".join(ch for ch in identity_number if ch.isdigit())
    if len(digits) != 12:
        return None
    return "M" if int(digits[10]) % 2 else "K"
