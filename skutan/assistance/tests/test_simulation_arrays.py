"""The simulator's array calculation equals calculate(), household for household.

A seeded random sample of 10 000 households over every bundled year (2020 has no table; 2025 lacks the
"ej lunch" amounts for small children), with shared households, households beyond 7 members, salaries with
and without jobbstimulans, children's salaries, amounts in öre and as text, and some requests the contract
refuses. Each is calculated by norm.calculate() and by the arrays; the assistance, or the reason it cannot be
calculated, must be the same.
"""

import random
from datetime import date
from decimal import Decimal

import pytest

from norm import Amount, NormError, calculate, load_bundled_tables, parse_request
from skutan.assistance.simulation import (
    CurrentHouseholds,
    Household,
    Scenario,
    simulate,
    simulate_arrays,
)
from skutan.assistance.simulation_arrays import assistance_arrays, households_to_arrays

# The bundled tables have no prisbasbelopp (an administrator enters it); these have a made-up one for the
# children's salaries, except 2019, which keeps the refusal.
TABLES = [
    t if t.year == 2019 else t.with_overrides({"price_base_amount": Amount(Decimal(50000 + t.year), "⚠", "Testvärde")})
    for t in load_bundled_tables()
]
SAMPLE = 10_000
COST_TYPES = ("rent", "household_electricity", "home_insurance", "work_travel", "union_fee", "other")
INCOME_TYPES = ("child_allowance", "housing_allowance", "unemployment_benefit", "sickness_benefit", "pension",
                "study_allowance", "other")


def _birth(rng, year, month, age_from, age_to):
    age = rng.randint(age_from, age_to)
    return date(year - age - rng.randint(0, 1), rng.randint(1, 12), rng.randint(1, 28)).isoformat()


def _household(rng: random.Random) -> dict:
    year, month = rng.choice([2019, 2020, 2021, 2022, 2023, 2024, 2024, 2025, 2025, 2026]), rng.randint(1, 12)
    adults = rng.choice([1, 1, 1, 2, 2, 3])
    children = rng.choice([0, 0, 1, 2, 3, 4, 6, 9])
    members = [{"id": f"a{i}", "birth_date": _birth(rng, year, month, 18, 70), "role": "adult"} for i in range(adults)]
    for i in range(children):
        child = {"id": f"c{i}", "birth_date": _birth(rng, year, month, 0, 20), "role": "child"}
        if rng.random() < 0.8:
            child["lunch_at_home"] = rng.choice([True, True, False, None])
        members.append(child)
    data = {
        "month": f"{year}-{month:02d}",
        "members": members,
        "cohabiting": adults == 2 and rng.random() < 0.8,
        "consecutive_months_on_assistance": rng.randint(0, 30),
        "job_stimulus_months_used": rng.randint(0, 30),
    }
    if rng.random() < 0.15:
        data["shared_household_size"] = len(members) + rng.randint(0, 6)
    costs = []
    for _ in range(rng.randint(0, 4)):
        kind = rng.choice(COST_TYPES)
        cost = {"type": kind, "amount": rng.randint(0, 12000)}
        if kind == "other":
            cost["description"] = "tandvård"
        costs.append(cost)
    incomes = [{"type": rng.choice(INCOME_TYPES), "amount": rng.randint(0, 15000)} for _ in range(rng.randint(0, 2))]
    for _ in range(rng.choice([0, 0, 1, 2])):
        earner = rng.choice(members)["id"]
        incomes.append({"type": "salary", "amount": rng.randint(500, 70000), "member": earner})
    if rng.random() < 0.03:  # öre, or an amount as text: calculate() takes these
        (costs or incomes or [{}])[0]["amount"] = rng.choice(["1250.50", "980", 99.5])
    data["costs"], data["incomes"] = costs, incomes
    if rng.random() < 0.03:  # requests the contract refuses
        broken = rng.choice(["unknown", "no_member", "old_child", "bad_date", "cohabiting3"])
        if broken == "unknown":
            data["cohabitting"] = True
        elif broken == "no_member":
            data["incomes"].append({"type": "salary", "amount": 100})
        elif broken == "old_child":
            data["members"].append({"id": "old", "birth_date": f"{year - 25}-01-01", "role": "child"})
        elif broken == "bad_date":
            data["members"][0]["birth_date"] = f"{year}-02-30"
        else:
            data["members"] += [{"id": f"x{i}", "birth_date": "1980-01-01", "role": "adult"} for i in range(3)]
            data["cohabiting"] = True
    return data


@pytest.fixture(scope="module")
def sample():
    rng = random.Random(20261202)
    return [_household(rng) for _ in range(SAMPLE)]


def _pure(data, tables=TABLES):
    try:
        return calculate(parse_request(data), tables).assistance
    except NormError as error:
        return getattr(error, "message", str(error))


def test_the_arrays_give_calculates_assistance_for_every_household(sample):
    arrays = households_to_arrays(sample)
    today = []
    for year, month in arrays.months:
        covering = [t for t in TABLES if t.covers(date(year, month, 1))]
        today.append(max(covering, key=lambda t: t.valid_from) if covering else None)
    assistance, slow = assistance_arrays(arrays, today)
    pure = [_pure(data) for data in sample]
    fast_rows = [i for i in range(SAMPLE) if not slow[i]]
    mismatches = [(i, pure[i], int(assistance[i])) for i in fast_rows if pure[i] != Decimal(int(assistance[i]))]
    assert mismatches == []
    # The sample exercises the arrays, not only the way back to calculate(): almost every household that can be
    # calculated is fast, and the rows left to calculate() include the unusual inputs and the missing amounts.
    calculable = [i for i in range(SAMPLE) if not isinstance(pure[i], str)]
    assert len(fast_rows) > len(calculable) * 0.95 > SAMPLE * 0.55
    assert any(isinstance(pure[i], str) for i in range(SAMPLE) if slow[i])
    assert any(not isinstance(pure[i], str) for i in range(SAMPLE) if slow[i])
    assert sum(1 for i in fast_rows if pure[i] > 0) > SAMPLE * 0.3


def _outcomes(result):
    return [(o.key, o.baseline, o.alternative, o.capped) for o in result.outcomes]


def _figures(result):
    return (result.households, result.computed, result.baseline_total, result.alternative_total,
            result.change_total, result.change_percent_text, result.loser_count, result.winner_count,
            result.unchanged, result.capped, result.loss_total, result.loss_median,
            [(b.label, b.count, b.share_percent, b.width_percent) for b in result.buckets()], result.failed,
            result.decided_total)


@pytest.mark.parametrize(
    "scenario",
    [Scenario(uplift_percent=Decimal("2.5"), cap=Decimal("9000.50")), Scenario(table_year=2022),
     Scenario(uplift_percent=Decimal("-4"))],
    ids=["uplift-and-cap", "another-year", "lowered"],
)
def test_simulate_arrays_equals_simulate(sample, scenario):
    households = [Household(str(i), data, Decimal(i % 5000)) for i, data in enumerate(sample[:2000])]
    pure = simulate(households, TABLES, scenario)
    fast = simulate_arrays(CurrentHouseholds.of(households), TABLES, scenario)
    assert _outcomes(fast) == _outcomes(pure)
    assert _figures(fast) == _figures(pure)
    assert pure.failed and pure.capped + len(pure.losers) + len(pure.winners) > 0


def test_administrators_corrections_reach_the_arrays(sample):
    corrected = [t.with_overrides({"adult_single": Amount(Decimal("4000.50"), "✔", "SFS (test)")})
                 if t.year == 2024 else t for t in TABLES]
    households = [Household(str(i), data, Decimal(0)) for i, data in enumerate(sample[:1000])]
    scenario = Scenario(uplift_percent=Decimal(3))
    assert _figures(simulate_arrays(households, corrected, scenario)) == _figures(simulate(households, corrected, scenario))
