"""Reminder and overdue days around weekends and holidays (skutan/governance/dates.py), worked out by hand."""

from datetime import date

import pytest

from skutan.governance.dates import effective_due, is_overdue, reminder_day


@pytest.mark.parametrize(("due", "effective"), [
    (date(2026, 11, 25), date(2026, 11, 25)),  # a Wednesday stays
    (date(2026, 11, 28), date(2026, 11, 30)),  # Saturday → Monday
    (date(2026, 11, 29), date(2026, 11, 30)),  # Sunday → Monday
    (date(2026, 6, 19), date(2026, 6, 22)),    # midsommarafton (Fri) → Monday (Saturday is midsommardagen)
    (date(2026, 12, 24), date(2026, 12, 28)),  # julafton, juldagen, annandag jul, Sunday → Monday 28th
])
def test_effective_due_moves_to_the_next_open_day(due, effective):
    assert effective_due(due) == effective


def test_overdue_from_the_day_after_the_effective_due_date():
    saturday = date(2026, 11, 28)
    assert not is_overdue(saturday, date(2026, 11, 28))
    assert not is_overdue(saturday, date(2026, 11, 30))  # Monday: still in time
    assert is_overdue(saturday, date(2026, 12, 1))


@pytest.mark.parametrize(("due", "reminder"), [
    (date(2026, 12, 2), date(2026, 11, 25)),   # Wednesday → the Wednesday before
    (date(2026, 12, 5), date(2026, 11, 27)),   # seven days before is Saturday 28 → Friday 27
    (date(2026, 12, 6), date(2026, 11, 27)),   # Sunday 29 → Friday 27
    (date(2026, 6, 26), date(2026, 6, 18)),    # seven days before is midsommarafton 19 → Thursday 18
])
def test_reminder_goes_out_on_the_open_day_before(due, reminder):
    assert reminder_day(due) == reminder
