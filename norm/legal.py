"""Legal references for each kind of calculation line (norm/tables/legal_sources.json names a lawref key).

The citations themselves are in lawref (one dated data set for all of Skutan); this file adds the rule
parameters of a kind (jobbstimulans) by date. A line's source is looked up by the first day of the calculation
month, so a month from 2025-07-01 on cites Socialtjänstlag (2025:400) and says when the paragraph number is
not confirmed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any

from lawref import MissingReferenceError, References, load_references

from .errors import MissingLegalSourceError
from .tables import TABLES_DIR

LEGAL_SOURCES_FILE = TABLES_DIR / "legal_sources.json"
KINDS = ("norm", "reasonable_costs", "income", "job_stimulus", "child_work_income")
EARLIEST = date(2019, 1, 1)  # the first month the bundled riksnorm tables cover


@dataclass(frozen=True)
class LegalSource:
    kind: str
    valid_from: date
    source: str  # the caseworker's citation (lawref citation)
    confirmed: bool
    parameters: Mapping[str, Any] = field(default_factory=dict)
    ref: str = ""  # the lawref key
    letter_source: str = ""  # the citation a letter prints (never an unconfirmed paragraph number)


LegalSources = Mapping[str, tuple[LegalSource, ...]]


def legal_sources_from_dict(d: Mapping[str, Any], references: References | None = None) -> LegalSources:
    """One LegalSource per date where either the cited reference or the kind's parameters change."""
    references = references or load_references()
    result: dict[str, tuple[LegalSource, ...]] = {}
    for kind, entry in d["kinds"].items():
        ref = entry["ref"]
        parameters = {date.fromisoformat(k): v for k, v in entry.get("parameters", {}).items()}
        try:
            cited = references.versions(ref)
        except MissingReferenceError:
            raise ValueError(f"legal source {kind}: unknown reference {ref!r}") from None
        breakpoints = sorted({max(v.valid_from, EARLIEST) for v in cited} | set(parameters))
        versions = []
        for day in breakpoints:
            try:
                version = references.get(ref, day)
            except MissingReferenceError:
                continue
            in_force = [p for p in sorted(parameters) if p <= day]
            versions.append(
                LegalSource(
                    kind=kind, valid_from=day, source=version.citation, confirmed=version.confirmed,
                    parameters=MappingProxyType(dict(parameters[in_force[-1]]) if in_force else {}),
                    ref=ref, letter_source=version.letter_citation,
                )
            )
        result[kind] = tuple(versions)
    missing = [kind for kind in KINDS if kind not in result]
    if missing:
        raise ValueError(f"legal sources missing for {missing}")
    return MappingProxyType(result)


def legal_sources_data() -> dict[str, Any]:
    return json.loads(LEGAL_SOURCES_FILE.read_text(encoding="utf-8"))


@cache
def load_legal_sources() -> LegalSources:
    return legal_sources_from_dict(legal_sources_data())


def legal_source_for(sources: LegalSources, kind: str, day: date) -> LegalSource:
    """The version in force on `day`: the latest valid_from on or before it."""
    in_force = [version for version in sources[kind] if version.valid_from <= day]
    if not in_force:
        raise MissingLegalSourceError(kind, day.isoformat())
    return in_force[-1]
