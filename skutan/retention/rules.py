"""The retention rules (gallringsregler) as data, and the decision for one person. No database here.

The rules live in ``rules.json`` next to this module, each with its legal source, the date it is valid from
and whether it is confirmed. ``retention_decide`` applies them to the facts about one person (gathered by
``skutan/retention/holdings.py``) and says whether the personakt is purged in a given year and under which
rule, or kept and why. It is the one place where the rules are applied; tests drive it table by table.

The reading of "not while other data on the person is kept" (SoL 12 kap. 1 §): the person is the unit of
purging. If any record about the person is kept (an exempt document, a newer entry in any unit, a mention in
another person's kept file), nothing of the personakt is purged. That never purges too much; it may keep more
than the law requires, which the archivist sees in the plan.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("rules.json")


@dataclass(frozen=True)
class RetentionRule:
    code: str
    kind: str
    applies_to: str
    title: str
    source: str
    confirmed: bool
    valid_from: date | None
    period_years: int | None = None
    finish: str = ""
    condition: str = ""
    exemptions: tuple[str, ...] = ()
    age: int | None = None
    birth_days: tuple[int, ...] = ()
    switch_setting: str = ""
    setting: str = ""

    def in_force(self, day: date, switched_on_from: date | None = None) -> bool:
        start = self.valid_from or switched_on_from
        return start is not None and start <= day

    @property
    def period_text(self) -> str:
        if self.kind == "keep_forever":
            return "gallras aldrig"
        if self.kind == "keep_until_age":
            return f"tills barnet fyller {self.age} år"
        if self.period_years:
            return f"{self.period_years} år efter sista anteckningen"
        return "enligt inställning"


def _rule(data: dict) -> RetentionRule:
    return RetentionRule(
        code=data["code"], kind=data["kind"], applies_to=data["applies_to"], title=data["title"],
        source=data["source"], confirmed=bool(data["confirmed"]),
        valid_from=date.fromisoformat(data["valid_from"]) if data.get("valid_from") else None,
        period_years=data.get("period_years"), finish=data.get("finish", ""), condition=data.get("condition", ""),
        exemptions=tuple(data.get("exemptions", ())), age=data.get("age"),
        birth_days=tuple(data.get("birth_days", ())), switch_setting=data.get("switch_setting", ""),
        setting=data.get("setting", ""),
    )


@cache
def rules_load(path: Path = RULES_FILE) -> dict[str, RetentionRule]:
    data = json.loads(path.read_text(encoding="utf-8"))
    rules = [_rule(item) for item in data["rules"]]
    codes = [r.code for r in rules]
    if len(set(codes)) != len(codes):
        raise ValueError("rules.json: every rule needs its own code")
    return {r.code: r for r in rules}


def add_years(day: date, years: int) -> date:
    """Same day ``years`` later; 29 February becomes 28 February (lag 1930:173 1 §: the month's last day)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class PersonFacts:
    """What the rules need to know about one person; no names."""

    person_id: int
    birth_date: date | None
    last_entry: date
    last_entry_unit: str = ""
    open_cases: int = 0
    placements: tuple[date, ...] = ()  # HVB / familjehem interventions: their start days
    paternity: bool = False
    adoption: bool = False
    custody_children_born: tuple[date | None, ...] = ()  # each custody agreement: the child's birth date
    children_case: bool = False  # the person had a case in Barn och unga


@dataclass(frozen=True)
class RetentionSettings:
    research_sample: bool = False
    child_records_30_years_from: date | None = None


@dataclass(frozen=True)
class Outcome:
    purge: bool
    rule_code: str
    reason: str
    keep_until: date | None = None
    due_year: int | None = None


def retention_decide(
    *, facts: PersonFacts, year: int, as_of: date, settings: RetentionSettings,
    rules: dict[str, RetentionRule] | None = None,
) -> Outcome:
    """Whether the person's personakt is purged in the gallring of ``year`` (run on ``as_of``), and why.

    The first rule that keeps the file wins; otherwise the five-year rule decides. Reasons hold dates and
    unit names only, never a name or an identity number: the plan report is shown to the archive role."""
    rules = rules or rules_load()
    base = rules["personakt_5_ar"]
    if facts.open_cases:
        return Outcome(False, base.code, f"{facts.open_cases} ärende(n) pågår (inte avslutade).")
    if facts.paternity and rules["faderskap_foraldraskap"].in_force(as_of):
        return Outcome(False, "faderskap_foraldraskap", rules["faderskap_foraldraskap"].title + ".")
    if facts.adoption and rules["adoption"].in_force(as_of):
        return Outcome(False, "adoption", rules["adoption"].title + ".")
    if facts.placements and rules["placering_hvb_familjehem"].in_force(as_of):
        first = min(facts.placements)
        return Outcome(
            False, "placering_hvb_familjehem",
            f"{rules['placering_hvb_familjehem'].title} (placering från {first.isoformat()}).",
        )
    sample = rules["forskningsurval"]
    if (
        settings.research_sample and sample.in_force(as_of) and facts.birth_date is not None
        and facts.birth_date.day in sample.birth_days
    ):
        return Outcome(False, sample.code, f"{sample.title} (kommunen ingår i urvalet).")
    custody = rules["vardnad_boende_umgange"]
    if facts.custody_children_born and custody.in_force(as_of):
        if any(born is None for born in facts.custody_children_born):
            return Outcome(False, custody.code, f"{custody.title}; barnets födelsedatum är okänt.")
        until = max(add_years(born, custody.age or 18) for born in facts.custody_children_born)
        if as_of < until:
            return Outcome(False, custody.code, f"{custody.title} ({until.isoformat()}).", keep_until=until)

    period, rule = base.period_years or 5, base
    child30 = rules["barnakt_30_ar"]
    if facts.children_case and child30.in_force(as_of, settings.child_records_30_years_from):
        period, rule = child30.period_years or 30, child30
    ends = add_years(facts.last_entry, period)
    due_year = ends.year + 1  # purging is finished in the calendar year after the period ends
    unit = f" ({facts.last_entry_unit})" if facts.last_entry_unit else ""
    if due_year > year:
        return Outcome(
            False, rule.code,
            f"Senaste anteckningen {facts.last_entry.isoformat()}{unit}; {period} år går ut {ends.isoformat()}, "
            f"gallras år {due_year}.",
            keep_until=ends, due_year=due_year,
        )
    return Outcome(
        True, rule.code,
        f"Senaste anteckningen {facts.last_entry.isoformat()}{unit}; {period} år gick ut {ends.isoformat()}, "
        f"ska vara gallrad senast {due_year}-12-31.",
        due_year=due_year,
    )
