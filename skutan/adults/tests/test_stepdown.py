"""The step-down schedule as pure logic: table-driven, no database."""

from datetime import date

import pytest

from skutan.adults.stepdown import Sample, Step, next_step, period_start, proposal_for

SIGNED = date(2026, 1, 10)
STEPS = [Step(1, date(2026, 3, 1), "planned"), Step(2, date(2026, 5, 1), "planned")]


@pytest.mark.parametrize("today, tests, expected", [
    (date(2026, 2, 20), [Sample(date(2026, 2, 1), "negative")], None),  # more than 7 days before the step
    (date(2026, 2, 22), [Sample(date(2026, 2, 1), "negative")], (1, True, [])),  # due: all went well
    (date(2026, 3, 5), [Sample(date(2026, 2, 1), "negative"), Sample(date(2026, 2, 15), "positive")],
     (1, False, ["1 positiva drogtester sedan 2026-01-10"])),
    (date(2026, 3, 5), [Sample(date(2026, 2, 15), "missed")], (1, False, ["1 uteblivna drogtester sedan 2026-01-10"])),
    (date(2026, 3, 5), [], (1, False, ["inga drogtester registrerade sedan 2026-01-10"])),
    (date(2026, 3, 5), [Sample(date(2025, 12, 1), "positive"), Sample(date(2026, 2, 1), "negative")], (1, True, [])),
])
def test_proposal_for_the_next_step(today, tests, expected):
    proposal = proposal_for(signed_on=SIGNED, steps=STEPS, tests=tests, today=today, lead_days=7)
    if expected is None:
        assert proposal is None
    else:
        assert (proposal.step_id, proposal.recommend_easing, proposal.reasons) == expected


def test_after_a_decided_step_the_next_one_counts_tests_from_that_step():
    steps = [Step(1, date(2026, 3, 1), "decided", decided_on=date(2026, 3, 2)), Step(2, date(2026, 5, 1), "planned")]
    tests = [Sample(date(2026, 2, 20), "positive"), Sample(date(2026, 4, 1), "negative")]
    assert period_start(signed_on=SIGNED, steps=steps) == date(2026, 3, 2)
    proposal = proposal_for(signed_on=SIGNED, steps=steps, tests=tests, today=date(2026, 4, 28))
    assert proposal.step_id == 2 and proposal.recommend_easing  # the positive test was before step 1


def test_unsigned_plan_and_no_open_step_propose_nothing():
    assert proposal_for(signed_on=None, steps=STEPS, tests=[], today=date(2026, 3, 1)) is None
    done = [Step(1, date(2026, 3, 1), "decided")]
    assert next_step(done) is None
    assert proposal_for(signed_on=SIGNED, steps=done, tests=[], today=date(2026, 3, 1)) is None


def test_visits_not_reached_hold_the_step_back():
    proposal = proposal_for(signed_on=SIGNED, steps=STEPS, tests=[Sample(date(2026, 2, 1), "negative")],
                            today=date(2026, 3, 1), visits_not_reached=2)
    assert not proposal.recommend_easing and "2 besök där personen inte nåddes" in proposal.reasons


def test_stepdown_imports_no_django():
    import ast
    from pathlib import Path

    import skutan.adults.stepdown as module

    tree = ast.parse(Path(module.__file__).read_text())
    names = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(name.startswith(("django", "skutan")) for name in names)
