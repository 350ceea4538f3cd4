"""The law cited by one-off decisions, changes of a decision, appeals and claims: in ONE function.

``citation(key, on)`` is the only place these decisions and their letters get a legal reference from, so it can
be repointed to the central legal-reference data set (issue 9 §1) when that lands, without touching callers.

- Old SoL (2001:453) paragraphs are confirmed in DOMAIN.md §4 for decisions before 2025-07-01.
- For Socialtjänstlag (2025:400) no paragraph number is confirmed here, so the law is cited by name and number
  only ("socialtjänstlagen (2025:400)"), with confirmed=False so the caseworker's page says so.
- Förvaltningslagen (2017:900) 36–39, 43–46 §§ are confirmed (DOMAIN.md §6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

NEW_SOL = date(2025, 7, 1)
OLD_SOL = "socialtjänstlagen (2001:453)"
NEW_SOL_NAME = "socialtjänstlagen (2025:400)"
FL = "förvaltningslagen (2017:900)"


@dataclass(frozen=True)
class Citation:
    text: str  # what a letter prints
    confirmed: bool  # False: the paragraph awaits confirmation; the decision page warns, the letter names only the law
    source: str


# key → (old SoL paragraph or None when the rule is not in SoL, the text for other laws)
_SOL_PARAGRAPHS = {
    "one_off_living": "4 kap. 1 §",
    "one_off_discretionary": "4 kap. 2 §",
    "claim_9_1": "9 kap. 1 §",
    "claim_9_2": "9 kap. 2 §",
    "appeal_body": "16 kap. 3 §",
}
_FL_PARAGRAPHS = {
    "correction": "36 §",
    "reconsideration": "37–39 §§",
    "appeal_time": "44 §",
    "appeal_dismissal": "45 §",
    "appeal_forward": "46 §",
    "appeal_lodged": "43 §",
}


def citation(key: str, on: date) -> Citation:
    """The legal reference for ``key`` on a decision made on ``on``."""
    if key in _FL_PARAGRAPHS:
        text = f"{_FL_PARAGRAPHS[key]} {FL}"
        return Citation(text=text, confirmed=True, source="DOMAIN.md §6")
    if key == "laglighetsprovning":
        # DOMAIN.md §4 confirms that bistånd utöver can only be challenged by laglighetsprövning; the chapter
        # of kommunallagen is not given there, so the law is named without it.
        return Citation(text="kommunallagen (2017:725)", confirmed=False, source="DOMAIN.md §4")
    if key not in _SOL_PARAGRAPHS:
        raise LookupError(f"Okänd lagrumsnyckel: {key!r}")
    if on < NEW_SOL:
        return Citation(text=f"{_SOL_PARAGRAPHS[key]} {OLD_SOL}", confirmed=True, source="DOMAIN.md §4")
    return Citation(text=NEW_SOL_NAME, confirmed=False, source="SFS 2025:400; paragrafnummer obekräftat")


def legal_basis_text(keys: list[str], on: date) -> str:
    """'4 kap. 1 § socialtjänstlagen (2001:453)' — the citations joined, each once, in order."""
    texts: list[str] = []
    for key in keys:
        text = citation(key, on).text
        if text not in texts:
            texts.append(text)
    return "; ".join(texts)


def unconfirmed(keys: list[str], on: date) -> list[str]:
    """The citations among ``keys`` whose paragraph awaits confirmation (for the caseworker's page)."""
    return [citation(key, on).text for key in keys if not citation(key, on).confirmed]
