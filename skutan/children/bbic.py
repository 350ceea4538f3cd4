"""The BBIC triangle (Barns behov i centrum) as data: sides and their areas, with Swedish labels.

Source: Socialstyrelsen, "Barns behov i centrum – grundbok för BBIC" (2018), the triangle's three sides and
their sub-areas. Codes are stable identifiers stored in the database; labels are what the UI shows.
A new edition of BBIC is a change to this table, not to code.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "Socialstyrelsen, Barns behov i centrum – grundbok för BBIC (2018)"


@dataclass(frozen=True)
class BbicArea:
    side: str
    code: str
    label_sv: str


SIDES: tuple[tuple[str, str], ...] = (
    ("child_development", "Barnets utveckling"),
    ("parenting_capacity", "Föräldrarnas förmåga"),
    ("family_environment", "Familj och miljö"),
)

AREAS: tuple[BbicArea, ...] = (
    BbicArea("child_development", "health", "Hälsa"),
    BbicArea("child_development", "education", "Utbildning"),
    BbicArea("child_development", "emotional_behavioural", "Känslo- och beteendemässig utveckling"),
    BbicArea("child_development", "identity", "Identitet"),
    BbicArea("child_development", "family_social_relationships", "Familjerelationer och sociala relationer"),
    BbicArea("child_development", "social_presentation", "Socialt uppträdande"),
    BbicArea("child_development", "self_care", "Förmåga att klara sig själv"),
    BbicArea("parenting_capacity", "basic_care", "Grundläggande omsorg"),
    BbicArea("parenting_capacity", "safety", "Säkerhet"),
    BbicArea("parenting_capacity", "emotional_availability", "Känslomässig tillgänglighet"),
    BbicArea("parenting_capacity", "stimulation", "Stimulans"),
    BbicArea("parenting_capacity", "guidance_boundaries", "Vägledning och gränssättning"),
    BbicArea("parenting_capacity", "stability", "Stabilitet"),
    BbicArea("family_environment", "family_history", "Familjens bakgrund och funktion"),
    BbicArea("family_environment", "wider_family", "Vidare familj"),
    BbicArea("family_environment", "housing", "Boende"),
    BbicArea("family_environment", "employment", "Arbete"),
    BbicArea("family_environment", "income", "Ekonomi"),
    BbicArea("family_environment", "social_integration", "Social integration"),
    BbicArea("family_environment", "community_resources", "Lokalsamhällets resurser"),
)

AREA_CHOICES: list[tuple[str, str]] = [(a.code, a.label_sv) for a in AREAS]
AREA_CODES: frozenset[str] = frozenset(a.code for a in AREAS)
SIDE_LABELS: dict[str, str] = dict(SIDES)


def area_label(code: str) -> str:
    return dict(AREA_CHOICES).get(code, code)


def areas_by_side() -> list[tuple[str, str, list[BbicArea]]]:
    """[(side code, side label, [areas])] in the triangle's order."""
    return [(side, label, [a for a in AREAS if a.side == side]) for side, label in SIDES]


# BBIC's phases (DOMAIN.md §5): names only, never Socialstyrelsen's texts.
PHASES: tuple[tuple[str, str], ...] = (
    ("actualise", "Aktualisera"),
    ("investigate", "Utreda"),
    ("decide", "Besluta"),
    ("implement", "Genomföra"),
    ("follow_up", "Följa upp"),
)


def bbic_phases(*, case, investigation=None) -> list[dict]:
    """The phases with the one the case is in now marked current (an aid to orientation, never a gate)."""
    from skutan.children.models import Intervention, InterventionFollowUp

    current = "actualise"
    if investigation is not None:
        current = "investigate" if investigation.is_open else "decide"
    interventions = Intervention.objects.filter(case=case)
    if interventions.exists():
        current = "implement"
        if InterventionFollowUp.objects.filter(intervention__case=case, done_on__isnull=False).exists():
            current = "follow_up"
    return [{"code": code, "label": label, "current": code == current} for code, label in PHASES]
