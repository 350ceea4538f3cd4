"""Demo-like synthetic households as norm requests (the JSON contract of norm/README.md).

The mix follows the demo municipality (skutan/demo): single adults, single parents, couples with and without
children, Filipstad-level rents, and incomes from none to enough to need no assistance. Random with a seed, so
two runs measure the same households.
"""

import random
from datetime import date

MONTH = (2025, 5)  # a month whose riksnorm table has every amount the mix needs (lunch at home)
RENT_BY_SIZE = {1: 4900, 2: 6100, 3: 7000, 4: 7900, 5: 8600, 6: 9300}


def _birth(rng: random.Random, age_from: int, age_to: int) -> str:
    year, month = MONTH
    age = rng.randint(age_from, age_to)
    born = date(year - age - 1, rng.randint(1, 12), rng.randint(1, 28))
    return born.isoformat()


def household(rng: random.Random) -> dict:
    kind = rng.choices(["single", "single_parent", "couple", "couple_children"], weights=[45, 25, 10, 20])[0]
    adults = 2 if kind.startswith("couple") else 1
    children = rng.randint(1, 3) if kind == "single_parent" else rng.randint(1, 4) if kind == "couple_children" else 0
    members = [{"id": f"a{i}", "birth_date": _birth(rng, 20, 64), "role": "adult"} for i in range(adults)]
    members += [
        {"id": f"c{i}", "birth_date": _birth(rng, 0, 17), "role": "child", "lunch_at_home": True}
        for i in range(children)
    ]
    size = len(members)
    costs = [{"type": "rent", "amount": RENT_BY_SIZE[min(size, 6)] + rng.randint(-800, 1500)}]
    if rng.random() < 0.5:
        costs.append({"type": "household_electricity", "amount": rng.randint(150, 600)})
    if rng.random() < 0.3:
        costs.append({"type": "home_insurance", "amount": rng.randint(90, 250)})
    if rng.random() < 0.1:
        costs.append({"type": "other", "amount": rng.randint(200, 1500), "description": "tandvård"})
    incomes = []
    if children:
        incomes.append({"type": "child_allowance", "amount": 1250 * children})
    roll = rng.random()
    if roll < 0.35:
        incomes.append({"type": "unemployment_benefit", "amount": rng.randint(3000, 14000)})
    elif roll < 0.55:
        incomes.append({"type": "salary", "amount": rng.randint(2000, 16000), "member": "a0"})
    elif roll < 0.65:
        incomes.append({"type": "sickness_benefit", "amount": rng.randint(4000, 12000)})
    elif roll < 0.7:
        incomes.append({"type": "pension", "amount": rng.randint(9000, 22000)})
    return {
        "month": f"{MONTH[0]}-{MONTH[1]:02d}",
        "members": members,
        "cohabiting": adults == 2,
        "costs": costs,
        "incomes": incomes,
        "consecutive_months_on_assistance": rng.randint(0, 30),
        "job_stimulus_months_used": rng.randint(0, 6),
    }


def households(n: int, seed: int = 1782) -> list[dict]:
    rng = random.Random(seed)
    return [household(rng) for _ in range(n)]
