"""The case planner at a city's scale: several cases per person over the years (Scale.returns)."""

import random
from collections import defaultdict
from datetime import date

from skutan.cases.models import CaseType
from skutan.demo.casework import HISTORY_START, CasePlanner
from skutan.demo.population import Population, age_on
from skutan.demo.scales import Scale

TODAY = date(2026, 11, 23)


def _plan(scale: Scale):
    rng = random.Random(11)
    population = Population(rng, TODAY)
    return population, CasePlanner(rng=rng, today=TODAY, scale=scale, population=population).plan()


def test_returns_give_persons_earlier_closed_spells_that_fit_their_lives():
    _, plain = _plan(Scale(0.5))
    population, specs = _plan(Scale(0.5, returns=3.5))
    subjects = {id(s.subject) for s in specs}
    assert len(specs) > 2.5 * len(plain)  # more cases …
    assert len(specs) / len(subjects) > 2.5  # … from several per person
    by_subject = defaultdict(list)
    for spec in specs:
        by_subject[id(spec.subject)].append(spec)
    for spells in by_subject.values():
        spells.sort(key=lambda s: s.opened_on)
        for earlier, later in zip(spells, spells[1:], strict=False):
            if earlier.case_type == later.case_type:
                assert earlier.closed_on is not None and earlier.closed_on < later.opened_on  # never overlapping
        for spec in spells:
            assert spec.opened_on >= HISTORY_START
            assert all(spec.opened_on <= day <= (spec.closed_on or TODAY) for day, _ in spec.statuses)
            assert spec.household.first_contact <= spec.opened_on
            born = spec.subject.birth_date
            if spec.case_type == CaseType.CHILDREN:
                assert born < spec.opened_on and age_on(born, spec.opened_on) < 18
            else:
                assert age_on(born, spec.opened_on) >= 18
    for plan in population.plans:  # the household was known no earlier than its adults came of age
        assert all(age_on(a.birth_date, plan.first_contact) >= 18 for a in plan.adults)


def test_the_demo_has_no_returns_and_keeps_its_plan():
    assert Scale(1.0).returns == 0
    _, first = _plan(Scale(0.5))
    _, again = _plan(Scale(0.5, returns=0))
    assert [(s.case_type, s.opened_on, s.closed_on) for s in first] == [
        (s.case_type, s.opened_on, s.closed_on) for s in again
    ]
