"""Legal references for each kind of calculation line, as dated data (norm/tables/legal_sources.json).

A line's source is looked up by the first day of the calculation month, so a month from 2025-07-01 on cites
Socialtjänstlag (2025:400) and says when the paragraph number is not confirmed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any

from .errors import MissingLegalSourceError
from .tables import TABLES_DIR

LEGAL_SOURCES_FILE = TABLES_DIR / "legal_sources.json"
KINDS = ("norm", "reasonable_costs", "income", "job_stimulus", "child_work_income")


@dataclass(frozen=True)
class LegalSource:
    kind: str
    valid_from: date
    source: str
    confirmed: bool
    parameters: Mapping[str, Any] = field(default_factory=dict)


LegalSources = Mapping[str, tuple[LegalSource, ...]]


def legal_sources_from_dict(d: Mapping[str, Any]) -> LegalSources:
    result: dict[str, tuple[LegalSource, ...]] = {}
    for kind, versions in d["kinds"].items():
        result[kind] = tuple(
            sorted(
                (
                    LegalSource(
                        kind=kind,
                        valid_from=date.fromisoformat(valid_from),
                        source=entry["source"],
                        confirmed=bool(entry["confirmed"]),
                        parameters=MappingProxyType(dict(entry.get("parameters", {}))),
                    )
                    for valid_from, entry in versions.items()
                ),
                key=lambda version: version.valid_from,
            )
        )
    missing = [kind for kind in KINDS if kind not in result]
    if missing:
        raise ValueError(f"legal sources missing for {missing}")
    return MappingProxyType(result)


@cache
def load_legal_sources() -> LegalSources:
    return legal_sources_from_dict(json.loads(LEGAL_SOURCES_FILE.read_text(encoding="utf-8")))


def legal_source_for(sources: LegalSources, kind: str, day: date) -> LegalSource:
    """The version in force on `day`: the latest valid_from on or before it."""
    in_force = [version for version in sources[kind] if version.valid_from <= day]
    if not in_force:
        raise MissingLegalSourceError(kind, day.isoformat())
    return in_force[-1]
