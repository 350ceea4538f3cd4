"""Every legal reference the children's module cites, in one place, dated and with a confirmed flag.

The statutory *time limits* live in the pure ``timelimits`` package; this table holds the other citations:
the legal grounds of an insats, the appeal information, the party rule for a child of 15, återkoppling to a
professional reporter, medgivande for a familjehem. A new law is a new row (a later ``valid_from``), never an
edit of an old one. ``confirmed=False`` is shown in the UI as "obekräftad" (DOMAIN.md: ⚠).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SKUTAN_EARLIEST = date(2013, 1, 1)
NEW_SOL = date(2025, 7, 1)  # Socialtjänstlag (2025:400)


@dataclass(frozen=True)
class LegalReference:
    code: str
    label_sv: str
    source: str
    valid_from: date
    confirmed: bool

    @property
    def citation(self) -> str:
        return self.source if self.confirmed else f"{self.source} (obekräftad)"


REFERENCES: tuple[LegalReference, ...] = (
    # Legal grounds of an insats
    LegalReference("sol_assistance", "Bistånd enligt socialtjänstlagen", "SoL (2001:453) 4 kap. 1 §",
                   SKUTAN_EARLIEST, False),
    LegalReference("sol_assistance", "Insats enligt socialtjänstlagen",
                   "SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat)", NEW_SOL, False),
    LegalReference("lvu_2", "Vård enligt LVU, 2 § (hemförhållandena)", "LVU (1990:52) 2 §", SKUTAN_EARLIEST, True),
    LegalReference("lvu_3", "Vård enligt LVU, 3 § (eget beteende)", "LVU (1990:52) 3 §", SKUTAN_EARLIEST, True),
    LegalReference("lvu_6", "Omedelbart omhändertagande", "LVU (1990:52) 6 §", SKUTAN_EARLIEST, True),
    LegalReference("lvu_21", "Vården upphör", "LVU (1990:52) 21 §", SKUTAN_EARLIEST, False),
    # Decisions that go against the child or the guardians
    LegalReference("appeal", "Överklagande inom tre veckor från den dag beslutet togs emot, till förvaltningsrätten; "
                   "skrivelsen lämnas till nämnden", "Förvaltningslagen (2017:900) 43–44 §§", date(2018, 7, 1), True),
    LegalReference("reasons", "Beslut ska innehålla skälen", "Förvaltningslagen (2017:900) 32 §", date(2018, 7, 1), True),
    # Parties
    LegalReference("party_15", "Barn som fyllt 15 år för självt sin talan", "SoL (2001:453) 11 kap. 10 §",
                   SKUTAN_EARLIEST, True),
    LegalReference("party_15", "Barn som fyllt 15 år för självt sin talan",
                   "SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat)", NEW_SOL, False),
    # Återkoppling to a professional reporter
    LegalReference("reporter_feedback", "Uppgift till anmälare som är yrkesverksam om utredning inleds, inte "
                   "inleds eller redan pågår", "SoL (2001:453) 14 kap. 1 b §", SKUTAN_EARLIEST, False),
    # Familjehem
    LegalReference("foster_home_consent", "Medgivande att ta emot barn i familjehem",
                   "SoL (2001:453) 6 kap. 6 §", SKUTAN_EARLIEST, False),
    LegalReference("placement_consideration", "Övervägande minst var sjätte månad om vården behövs",
                   "SoL (2001:453) 6 kap. 8 §", SKUTAN_EARLIEST, True),
    # Barnets bästa and the child's views
    LegalReference("best_interest", "Barnets bästa ska beaktas; vid beslut om barn vara avgörande",
                   "SoL (2001:453) 1 kap. 2 §", SKUTAN_EARLIEST, False),
    LegalReference("child_views", "Barnet ska få relevant information och möjlighet att framföra sina åsikter",
                   "SoL (2001:453) 11 kap. 10 §", SKUTAN_EARLIEST, False),
)


def reference(code: str, on: date | None = None) -> LegalReference:
    """The version of the reference ``code`` in force on ``on`` (default: the newest)."""
    versions = [r for r in REFERENCES if r.code == code]
    if not versions:
        raise LookupError(f"Okänd lagrumshänvisning: {code!r}.")
    if on is not None:
        versions = [r for r in versions if r.valid_from <= on] or versions[:1]
    return max(versions, key=lambda r: r.valid_from)


def appeal_information(on: date) -> str:
    """The how-to-appeal text a decision against the child or the guardians carries (FL 33 §)."""
    ref = reference("appeal", on)
    return (
        "Beslutet kan överklagas till förvaltningsrätten. Skrivelsen lämnas eller skickas till socialnämnden "
        "inom tre veckor från den dag du fick del av beslutet. Skriv vilket beslut du överklagar, hur du vill "
        f"att det ändras och varför. ({ref.citation})"
    )
