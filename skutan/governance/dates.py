"""When an assignment is overdue and when its reminder goes out, around weekends and holidays.

An internal due date is not a statutory limit, but the same rule is used so that nobody is "late" on a
Sunday: a due date on a Saturday, Sunday, public holiday or midsommar-, jul- or nyårsafton moves to the next
open day, as lag (1930:173) 2 § moves statutory limits. The reminder goes out seven days before the due date;
if that day is closed, on the open day before it, so it reaches the owner at work.
"""

from datetime import date, timedelta

from timelimits.holidays import is_closed_day
from timelimits.periods import next_open_day

REMINDER_DAYS_BEFORE = 7


def effective_due(due_on: date) -> date:
    return next_open_day(due_on)


def is_overdue(due_on: date, today: date) -> bool:
    return today > effective_due(due_on)


def reminder_day(due_on: date) -> date:
    day = due_on - timedelta(days=REMINDER_DAYS_BEFORE)
    while is_closed_day(day):
        day -= timedelta(days=1)
    return day
