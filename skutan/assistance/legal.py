"""Law references used in decisions and letters about ekonomiskt bistånd, read from the one dated data set
(lawref, with the administrators' corrections through skutan.legal.selectors).

A letter never prints an unconfirmed paragraph number: ``letter_citation`` names only the law and its SFS
number ("socialtjänstlagen (2025:400)"). The caseworker's screen shows the full citation and a warning until
a systemförvaltare confirms the reference (``unconfirmed_references``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lawref import LegalReference, load_references
from skutan.legal.selectors import references_current
from timelimits import limit_for

DECISION_KIND = "ekonomiskt_bistand"  # accounts.Delegation.decision_kind for these decisions
NEW_SOL = date(2025, 7, 1)

# What a month's decision rests on: the right to assistance, the riksnorm and reasonable costs.
MONTH_DECISION_REFS = ("sol.right_to_assistance", "sof.riksnorm", "sol.reasonable_costs")
# What an adverse decision's appeal text rests on (förvaltningslagen 43–46 §§, where it is appealed).
APPEAL_REFS = ("fl.appeal_submit", "fl.appeal_time", "fl.appeal_timeliness", "sol.appeal_body")


def _refs(keys: tuple[str, ...], day: date) -> list[LegalReference]:
    refs = references_current()
    result: list[LegalReference] = []
    for key in keys:
        ref = refs.get(key, day)
        if ref not in result:
            result.append(ref)
    return result


def _join(citations: list[str]) -> str:
    return "; ".join(dict.fromkeys(citations))


def default_legal_basis(month: date) -> str:
    """The rules applied to a month's decision, as the letter prints them (no unconfirmed paragraph)."""
    return _join([ref.letter_citation for ref in _refs(MONTH_DECISION_REFS, month)])


def screen_legal_basis(month: date) -> str:
    """The same rules for the caseworker, with paragraph notes and ⚠ where unconfirmed."""
    return _join([ref.citation if ref.confirmed else f"{ref.citation} ⚠" for ref in _refs(MONTH_DECISION_REFS, month)])


def unconfirmed_references(*, month: date, decided_on: date | None = None, adverse: bool = True) -> list[LegalReference]:
    """The references a decision on ``month`` cites that await confirmation (the decision page warns)."""
    refs = [ref for ref in _refs(MONTH_DECISION_REFS, month) if not ref.confirmed]
    if adverse:
        refs += [ref for ref in _refs(APPEAL_REFS, decided_on or month) if not ref.confirmed and ref not in refs]
    return refs


_MARKS = re.compile(r"\s*(?:⚠|✔✔|✔)(?:\s*obekräftat)?")


def letter_safe(text: str) -> str:
    """Text stored by an older version or typed with a screen citation, made fit for a letter: every known
    screen citation becomes its letter citation, and the internal marks (⚠, ✔, "obekräftat") are removed."""
    if not text:
        return ""
    versions = {*load_references().all(), *references_current().all()}
    for ref in sorted(versions, key=lambda r: len(r.citation), reverse=True):
        if ref.citation != ref.letter_citation and ref.citation in text:
            text = text.replace(ref.citation, ref.letter_citation)
    text = _MARKS.sub("", text)
    text = re.sub(r"\s*\((?:[^()]*obekräftat[^()]*)\)", "", text)
    return text.strip()


@dataclass(frozen=True)
class AppealInfo:
    body: str  # förvaltningsrätten
    body_source: str  # the caseworker's citation
    body_confirmed: bool
    body_letter_source: str  # what the letter prints
    length_text: str  # "tre veckor"
    limit_source: str  # Förvaltningslagen (2017:900) 44 §
    limit_confirmed: bool
    limit_letter_source: str
    submit_letter_source: str  # Förvaltningslagen (2017:900) 43 §

    @property
    def letter_rules(self) -> str:
        return _join([self.submit_letter_source, self.limit_letter_source, self.body_letter_source])

    @property
    def text(self) -> str:
        """The appeal paragraph in one text, for the letters that print it as one (letter_decision.html)."""
        return (
            f"Om du inte är nöjd med beslutet kan du överklaga det skriftligt till {self.body}. Skicka eller lämna "
            f"överklagandet till nämnden. Det måste ha kommit in inom {self.length_text} från den dag du fick del "
            "av beslutet. Skriv vilket beslut du överklagar, vilken ändring du vill ha och varför, och skriv under "
            f"med namn, adress och telefonnummer. Enligt {self.letter_rules}."
        )


_UNIT_SV = {"days": ("dag", "dagar"), "weeks": ("vecka", "veckor"), "months": ("månad", "månader")}
_NUMBER_SV = {1: "en", 2: "två", 3: "tre", 4: "fyra"}


def appeal_info(decided_on: date) -> AppealInfo:
    """How to appeal an EB decision made on ``decided_on`` (förvaltningslagen 2017:900 43–46 §§)."""
    limit = limit_for("appeal", decided_on)
    singular, plural = _UNIT_SV[limit.unit]
    unit = singular if limit.length == 1 else plural
    length = f"{_NUMBER_SV.get(limit.length, limit.length)} {unit}"
    refs = references_current()
    body = refs.get("sol.appeal_body", decided_on)
    time = refs.get("fl.appeal_time", decided_on)
    submit = refs.get("fl.appeal_submit", decided_on)
    return AppealInfo(
        body="förvaltningsrätten", body_source=body.citation, body_confirmed=body.confirmed,
        body_letter_source=body.letter_citation, length_text=length, limit_source=time.citation,
        limit_confirmed=time.confirmed, limit_letter_source=time.letter_citation,
        submit_letter_source=submit.letter_citation,
    )
