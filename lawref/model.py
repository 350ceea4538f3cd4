"""The data model of lawref: a topic key with dated versions, each a citation of one provision."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

REFERENCES_FILE = Path(__file__).with_name("references.json")
UNCONFIRMED_PARAGRAPH = "motsvarande bestämmelse (paragrafnummer obekräftat)"


class MissingReferenceError(LookupError):
    def __init__(self, key: str, day: date | None = None) -> None:
        self.key, self.day = key, day
        when = f" den {day.isoformat()}" if day else ""
        super().__init__(f"Lagrumshänvisning saknas för {key}{when}.")


@dataclass(frozen=True)
class LegalReference:
    """One version of a reference: the provision cited for ``key`` from ``valid_from``."""

    key: str
    valid_from: date
    law: str  # "socialtjänstlagen"; lower case as in running text
    short: str  # "SoL", "Förvaltningslagen": how the screen citation names the law
    sfs: str  # "2025:400"
    chapter: str | None
    paragraph: str | None  # "1 b", "37–39"
    text: str  # what the provision says, in a few words
    source: str  # where the reference was checked
    confirmed: bool
    note: str = ""
    corrected: bool = False  # True when an administrator's correction replaces the shipped version

    @property
    def provision(self) -> str:
        """'4 kap. 3 §', '44 §', or '' when no paragraph is recorded."""
        if not self.paragraph:
            return ""
        return f"{self.chapter} kap. {self.paragraph} §" if self.chapter else f"{self.paragraph} §"

    @property
    def citation(self) -> str:
        """For the caseworker: the paragraph, and a visible note when it is unconfirmed."""
        law = f"{self.short} ({self.sfs})"
        if not self.provision:
            return f"{law}, {UNCONFIRMED_PARAGRAPH}"
        text = f"{law} {self.provision}"
        if self.note:
            return f"{text} ({self.note})"
        if not self.confirmed:
            return f"{text} (obekräftat)"
        return text

    @property
    def letter_citation(self) -> str:
        """For a letter: an unconfirmed paragraph number is never printed, only the law and its SFS number."""
        if self.confirmed and self.provision:
            return f"{self.short} ({self.sfs}) {self.provision}"
        return f"{self.law} ({self.sfs})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "valid_from": self.valid_from.isoformat(), "law": self.law, "short": self.short,
            "sfs": self.sfs, "chapter": self.chapter, "paragraph": self.paragraph, "text": self.text,
            "source": self.source, "confirmed": self.confirmed, "note": self.note, "corrected": self.corrected,
            "citation": self.citation, "letter_citation": self.letter_citation,
        }


class References:
    """All topics, each with its versions sorted by valid_from."""

    def __init__(self, versions: Iterable[LegalReference]) -> None:
        by_key: dict[str, list[LegalReference]] = {}
        for version in versions:
            by_key.setdefault(version.key, []).append(version)
        self._by_key = MappingProxyType(
            {key: tuple(sorted(rows, key=lambda r: r.valid_from)) for key, rows in by_key.items()}
        )

    def keys(self) -> list[str]:
        return list(self._by_key)

    def versions(self, key: str) -> tuple[LegalReference, ...]:
        if key not in self._by_key:
            raise MissingReferenceError(key)
        return self._by_key[key]

    def all(self) -> list[LegalReference]:
        return [version for key in self._by_key for version in self._by_key[key]]

    def get(self, key: str, day: date) -> LegalReference:
        """The version in force on ``day``: the latest valid_from on or before it."""
        in_force = [version for version in self.versions(key) if version.valid_from <= day]
        if not in_force:
            raise MissingReferenceError(key, day)
        return in_force[-1]

    def with_corrections(self, corrections: Iterable[Mapping[str, Any]]) -> References:
        """A copy where each correction (key, valid_from and the fields it changes) replaces that version.

        A correction for a (key, valid_from) not shipped adds a new version (e.g. a newly confirmed paragraph
        from a later date).
        """
        rows = {(v.key, v.valid_from): v for v in self.all()}
        for correction in corrections:
            key, valid_from = correction["key"], correction["valid_from"]
            if isinstance(valid_from, str):
                valid_from = date.fromisoformat(valid_from)
            changes = {
                name: correction[name]
                for name in ("law", "short", "sfs", "chapter", "paragraph", "text", "source", "confirmed", "note")
                if name in correction
            }
            for name in ("chapter", "paragraph"):
                if name in changes and not changes[name]:
                    changes[name] = None
            base = rows.get((key, valid_from))
            if base is None:
                previous = [v for v in self._by_key.get(key, ()) if v.valid_from <= valid_from]
                if not previous and not {"law", "short", "sfs", "text"} <= changes.keys():
                    raise MissingReferenceError(key, valid_from)
                base = previous[-1] if previous else None
                base = replace(base, valid_from=valid_from, note="") if base else None
            if base is None:
                rows[(key, valid_from)] = LegalReference(
                    key=key, valid_from=valid_from, corrected=True, **{"chapter": None, "paragraph": None,
                    "source": "", "confirmed": False, "note": "", **changes},
                )
            else:
                rows[(key, valid_from)] = replace(base, corrected=True, **changes)
        return References(rows.values())


def references_from_dict(data: Mapping[str, Any]) -> References:
    versions = []
    for key, rows in data["references"].items():
        for row in rows:
            if not row.get("source"):
                raise ValueError(f"{key}: every reference needs its source")
            versions.append(
                LegalReference(
                    key=key, valid_from=date.fromisoformat(row["valid_from"]), law=row["law"], short=row["short"],
                    sfs=row["sfs"], chapter=row.get("chapter"), paragraph=row.get("paragraph"), text=row["text"],
                    source=row["source"], confirmed=bool(row["confirmed"]), note=row.get("note", ""),
                )
            )
    return References(versions)


@cache
def load_references() -> References:
    """The shipped data set, without administrators' corrections."""
    return references_from_dict(json.loads(REFERENCES_FILE.read_text(encoding="utf-8")))
