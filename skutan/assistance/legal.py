"""Law references used in decisions and letters about ekonomiskt bistånd, as dated data with their source.

The calculation lines carry their own references (norm/tables/legal_sources.json); these are the texts a
decision adds: its legal basis and how to appeal. A new law is a new dated row, never an edit of an old one.
Socialtjänstlag (2025:400) replaced SoL (2001:453) on 2025-07-01; where the new law's paragraph is not
confirmed (DOMAIN.md §4, §6) the row says so and is shown as unconfirmed (⚠).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from norm import legal_source_for, load_legal_sources
from timelimits import limit_for

DECISION_KIND = "ekonomiskt_bistand"  # accounts.Delegation.decision_kind for these decisions
NEW_SOL = date(2025, 7, 1)


@dataclass(frozen=True)
class LegalText:
    text: str
    source: str
    confirmed: bool
    valid_from: date


# Where an EB decision is appealed (DOMAIN.md §6: förvaltningsrätten, old SoL 16 kap. 3 §).
APPEAL_BODY: tuple[LegalText, ...] = (
    LegalText(
        text="förvaltningsrätten",
        source="SoL (2001:453) 16 kap. 3 §",
        confirmed=True,
        valid_from=date(2002, 1, 1),
    ),
    LegalText(
        text="förvaltningsrätten",
        source="SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat)",
        confirmed=False,
        valid_from=NEW_SOL,
    ),
)

# The right to assistance itself (DOMAIN.md §4: old SoL 4 kap. 1 §).
RIGHT_TO_ASSISTANCE: tuple[LegalText, ...] = (
    LegalText(
        text="rätt till bistånd för försörjningen",
        source="SoL (2001:453) 4 kap. 1 §",
        confirmed=True,
        valid_from=date(2002, 1, 1),
    ),
    LegalText(
        text="rätt till bistånd för försörjningen",
        source="SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat)",
        confirmed=False,
        valid_from=NEW_SOL,
    ),
)


def _in_force(rows: tuple[LegalText, ...], day: date) -> LegalText:
    return [row for row in rows if row.valid_from <= day][-1]


def default_legal_basis(month: date) -> str:
    """The rules applied to a month's decision: the right to assistance, the riksnorm and reasonable costs."""
    sources = load_legal_sources()
    parts = [_in_force(RIGHT_TO_ASSISTANCE, month)]
    for kind in ("norm", "reasonable_costs"):
        legal = legal_source_for(sources, kind, month)
        parts.append(LegalText(text="", source=legal.source, confirmed=legal.confirmed, valid_from=month))
    texts = []
    for part in parts:
        text = part.source if part.confirmed else f"{part.source} ⚠"
        if text not in texts:
            texts.append(text)
    return "; ".join(texts)


@dataclass(frozen=True)
class AppealInfo:
    body: str  # förvaltningsrätten
    body_source: str
    body_confirmed: bool
    length_text: str  # "3 veckor"
    limit_source: str  # Förvaltningslagen (2017:900) 44 §
    limit_confirmed: bool

    @property
    def text(self) -> str:
        return (
            f"Om du inte är nöjd med beslutet kan du överklaga det hos {self.body}. Skriv vilket beslut du "
            f"överklagar, hur du vill att det ska ändras och varför. Skicka eller lämna överklagandet till "
            f"socialtjänsten, inte direkt till {self.body}. Överklagandet måste ha kommit in inom "
            f"{self.length_text} från den dag du fick del av beslutet. Socialtjänsten prövar först om beslutet "
            f"ska ändras och skickar sedan överklagandet vidare till {self.body}."
        )


_UNIT_SV = {"days": ("dag", "dagar"), "weeks": ("vecka", "veckor"), "months": ("månad", "månader")}
_NUMBER_SV = {1: "en", 2: "två", 3: "tre", 4: "fyra"}


def appeal_info(decided_on: date) -> AppealInfo:
    """How to appeal an EB decision made on ``decided_on`` (förvaltningslagen 2017:900 44 §)."""
    limit = limit_for("appeal", decided_on)
    singular, plural = _UNIT_SV[limit.unit]
    unit = singular if limit.length == 1 else plural
    length = f"{_NUMBER_SV.get(limit.length, limit.length)} {unit}"
    body = _in_force(APPEAL_BODY, decided_on)
    return AppealInfo(
        body=body.text, body_source=body.source, body_confirmed=body.confirmed, length_text=length,
        limit_source=limit.source, limit_confirmed=limit.confirmed,
    )
