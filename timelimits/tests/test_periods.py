"""Expected dates were checked against a real calendar, not computed with this package."""

from datetime import date, datetime

import pytest

from timelimits import (
    TimeLimit,
    add_days,
    add_months,
    add_weeks,
    days_left,
    deadline,
    limit_for,
    next_open_day,
)


@pytest.mark.parametrize(
    "start, days, expected",
    [
        (date(2026, 3, 2), 0, date(2026, 3, 2)),
        (date(2026, 3, 2), 14, date(2026, 3, 16)),
        (date(2026, 12, 20), 14, date(2027, 1, 3)),
        (date(2024, 2, 20), 14, date(2024, 3, 5)),  # through 29 Feb
    ],
)
def test_add_days(start, days, expected):
    assert add_days(start, days) == expected


@pytest.mark.parametrize(
    "start, weeks, expected",
    [
        (date(2026, 3, 2), 3, date(2026, 3, 23)),  # Monday to Monday
        (date(2026, 12, 3), 3, date(2026, 12, 24)),  # Thursday to Thursday
        (date(2026, 12, 17), 3, date(2027, 1, 7)),
    ],
)
def test_add_weeks(start, weeks, expected):
    assert add_weeks(start, weeks) == expected
    assert expected.weekday() == start.weekday()


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2026, 10, 31), 4, date(2027, 2, 28)),
        (date(2023, 10, 31), 4, date(2024, 2, 29)),
        (date(2025, 11, 15), 4, date(2026, 3, 15)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2026, 3, 31), 12, date(2027, 3, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 2, 28), 1, date(2026, 3, 28)),  # not "last day to last day"
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 3, 16), date(2026, 3, 16)),  # open Monday stays
        (date(2026, 3, 21), date(2026, 3, 23)),
        (date(2026, 12, 24), date(2026, 12, 28)),
        (date(2026, 4, 3), date(2026, 4, 7)),
    ],
)
def test_next_open_day(day, expected):
    assert next_open_day(day) == expected


FOURTEEN_DAYS = limit_for("preliminary_assessment", date(2026, 1, 1))


@pytest.mark.parametrize(
    "start, nominal, due, moved_because",
    [
        (date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 16), ()),
        (date(2026, 3, 7), date(2026, 3, 21), date(2026, 3, 23), ("lördag", "söndag")),
        (date(2026, 3, 8), date(2026, 3, 22), date(2026, 3, 23), ("söndag",)),
        # Julafton on a Tuesday: 25 and 26 are holidays, Friday 27 is open.
        (
            date(2024, 12, 10),
            date(2024, 12, 24),
            date(2024, 12, 27),
            ("julafton", "juldagen", "annandag jul"),
        ),
        # Julafton on a Thursday: the weekend follows the holidays.
        (
            date(2026, 12, 10),
            date(2026, 12, 24),
            date(2026, 12, 28),
            ("julafton", "juldagen", "annandag jul", "söndag"),
        ),
        (
            date(2025, 12, 10),
            date(2025, 12, 24),
            date(2025, 12, 29),
            ("julafton", "juldagen", "annandag jul", "lördag", "söndag"),
        ),
        (date(2025, 12, 17), date(2025, 12, 31), date(2026, 1, 2), ("nyårsafton", "nyårsdagen")),
        (
            date(2026, 12, 17),
            date(2026, 12, 31),
            date(2027, 1, 4),
            ("nyårsafton", "nyårsdagen", "lördag", "söndag"),
        ),
        (
            date(2026, 6, 5),
            date(2026, 6, 19),
            date(2026, 6, 22),
            ("midsommarafton", "midsommardagen", "söndag"),
        ),
        (
            date(2026, 3, 20),
            date(2026, 4, 3),
            date(2026, 4, 7),
            ("långfredagen", "lördag", "påskdagen", "annandag påsk"),
        ),
        (date(2026, 4, 30), date(2026, 5, 14), date(2026, 5, 15), ("Kristi himmelsfärdsdag",)),
    ],
)
def test_fourteen_day_deadline(start, nominal, due, moved_because):
    result = deadline(start, FOURTEEN_DAYS)
    assert result.start == start
    assert result.nominal == nominal
    assert result.due == due
    assert result.moved_because == moved_because
    assert result.limit is FOURTEEN_DAYS


@pytest.mark.parametrize(
    "start, nominal, due, moved_because",
    [
        # 28 Feb 2027 is a Sunday.
        (date(2026, 10, 31), date(2027, 2, 28), date(2027, 3, 1), ("söndag",)),
        # 29 Feb 2024 is a Thursday: nothing to move.
        (date(2023, 10, 31), date(2024, 2, 29), date(2024, 2, 29), ()),
    ],
)
def test_investigation_deadline_month_end(start, nominal, due, moved_because):
    result = deadline(start, limit_for("investigation", start))
    assert (result.nominal, result.due, result.moved_because) == (nominal, due, moved_because)


@pytest.mark.parametrize(
    "received, due, moved_because",
    [
        (date(2026, 3, 2), date(2026, 3, 23), ()),
        (date(2026, 12, 3), date(2026, 12, 28), ("julafton", "juldagen", "annandag jul", "söndag")),
    ],
)
def test_appeal_deadline(received, due, moved_because):
    result = deadline(received, limit_for("appeal", received))
    assert (result.due, result.moved_because) == (due, moved_because)


@pytest.mark.parametrize("start", [date(2026, 3, 7), date(2026, 12, 24), date(2026, 3, 16)])
def test_protection_assessment_is_due_the_same_day_even_when_closed(start):
    result = deadline(start, limit_for("protection_assessment", start))
    assert result.nominal == result.due == start
    assert result.moved_because == ()


def test_unmovable_limit_keeps_a_closed_last_day():
    limit = TimeLimit(
        code="test",
        length=14,
        unit="days",
        label_sv="Test",
        source="test",
        valid_from=date(2026, 1, 1),
        movable=False,
        confirmed=True,
    )
    result = deadline(date(2026, 3, 7), limit)
    assert result.due == date(2026, 3, 21)  # a Saturday
    assert result.moved_because == ()


def test_deadline_rejects_datetime():
    with pytest.raises(TypeError):
        deadline(datetime(2026, 3, 2, 23, 30), FOURTEEN_DAYS)


@pytest.mark.parametrize(
    "deadline_date, today, expected",
    [
        (date(2026, 3, 16), date(2026, 3, 10), 6),
        (date(2026, 3, 16), date(2026, 3, 16), 0),
        (date(2026, 3, 16), date(2026, 3, 20), -4),
        (date(2027, 1, 4), date(2026, 12, 28), 7),
    ],
)
def test_days_left(deadline_date, today, expected):
    assert days_left(deadline_date, today) == expected


# --- LVU 7 § and 8 §, and the six-monthly considerations, written out by hand -----------------------

from timelimits import deadline as _deadline  # noqa: E402
from timelimits import limit_for as _limit_for  # noqa: E402


@pytest.mark.parametrize(
    "decided_on, due, why",
    [
        (date(2025, 3, 5), date(2025, 3, 12), ()),  # Wednesday to Wednesday
        (date(2025, 3, 1), date(2025, 3, 10), ("lördag", "söndag")),  # Saturday → Monday
        # Easter 2025: långfredagen 18 April, påskdagen 20, annandag påsk 21 → Tuesday 22 April
        (date(2025, 4, 11), date(2025, 4, 22), ("långfredagen", "lördag", "påskdagen", "annandag påsk")),
        # Midsommar 2025: afton Friday 20 June, dagen Saturday 21 → Monday 23 June
        (date(2025, 6, 13), date(2025, 6, 23), ("midsommarafton", "midsommardagen", "söndag")),
        # Kristi himmelsfärd 2025 is Thursday 29 May → Friday 30 May
        (date(2025, 5, 22), date(2025, 5, 30), ("Kristi himmelsfärdsdag",)),
    ],
)
def test_lvu_7_court_submission_one_week(decided_on, due, why):
    d = _deadline(decided_on, _limit_for("lvu_court_submission", decided_on))
    assert d.due == due
    assert d.moved_because == why
    assert d.limit.source == "LVU (1990:52) 7 §"


@pytest.mark.parametrize(
    "executed_on, due",
    [
        (date(2025, 3, 4), date(2025, 4, 1)),  # Tuesday, four weeks later a Tuesday
        (date(2025, 3, 21), date(2025, 4, 22)),  # Friday 18 April 2025 is långfredagen → Tuesday after Easter
        (date(2026, 5, 22), date(2026, 6, 22)),  # Friday 19 June 2026 is midsommarafton → Monday 22 June
        (date(2025, 11, 30), date(2025, 12, 29)),  # Sunday → Monday
        (date(2025, 12, 3), date(2026, 1, 2)),  # nyårsafton, nyårsdagen → Friday 2 January
    ],
)
def test_lvu_8_care_application_four_weeks_from_execution(executed_on, due):
    assert _deadline(executed_on, _limit_for("lvu_care_application", executed_on)).due == due


def test_lvu_next_weekday_rule_can_be_switched_off():
    limit = _limit_for("lvu_court_submission", date(2025, 4, 11))
    assert _deadline(date(2025, 4, 11), limit, move=False).due == date(2025, 4, 18)
    assert limit.note  # the reading is unconfirmed and says so


@pytest.mark.parametrize(
    "code, start, due",
    [
        ("placement_consideration", date(2025, 8, 31), date(2026, 2, 28)),  # across a month end
        ("placement_consideration", date(2023, 8, 31), date(2024, 2, 29)),  # leap year
        ("lvu_consideration", date(2025, 3, 31), date(2025, 9, 30)),
        ("lvu_reconsideration", date(2025, 12, 31), date(2026, 6, 30)),
        # never moved later: Saturday 28 Feb 2026 stays
        ("placement_consideration", date(2025, 8, 28), date(2026, 2, 28)),
    ],
)
def test_six_monthly_consideration_across_month_end(code, start, due):
    assert _deadline(start, _limit_for(code, start)).due == due
