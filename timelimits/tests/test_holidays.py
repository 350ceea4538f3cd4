"""Expected dates were checked against a real calendar, not computed with this package."""

from datetime import date

import pytest

from timelimits import closed_day_reason, easter_sunday, is_closed_day, public_holidays


@pytest.mark.parametrize(
    "year, expected",
    [
        (2019, date(2019, 4, 21)),
        (2020, date(2020, 4, 12)),
        (2021, date(2021, 4, 4)),
        (2022, date(2022, 4, 17)),
        (2023, date(2023, 4, 9)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2028, date(2028, 4, 16)),
        (2029, date(2029, 4, 1)),
        (2030, date(2030, 4, 21)),
    ],
)
def test_easter_sunday(year, expected):
    assert easter_sunday(year) == expected
    assert public_holidays(year)[expected] == "påskdagen"


def test_public_holidays_2026_complete():
    assert public_holidays(2026) == {
        date(2026, 1, 1): "nyårsdagen",
        date(2026, 1, 6): "trettondedag jul",
        date(2026, 4, 3): "långfredagen",
        date(2026, 4, 5): "påskdagen",
        date(2026, 4, 6): "annandag påsk",
        date(2026, 5, 1): "första maj",
        date(2026, 5, 14): "Kristi himmelsfärdsdag",
        date(2026, 5, 24): "pingstdagen",
        date(2026, 6, 6): "Sveriges nationaldag",
        date(2026, 6, 20): "midsommardagen",
        date(2026, 10, 31): "alla helgons dag",
        date(2026, 12, 25): "juldagen",
        date(2026, 12, 26): "annandag jul",
    }


@pytest.mark.parametrize(
    "year, day, name",
    [
        # 2008: Easter 23 March, so Ascension fell on 1 May.
        (2008, date(2008, 5, 1), "första maj och Kristi himmelsfärdsdag"),
        # 2049: Easter 18 April, so Whit Sunday falls on 6 June.
        (2049, date(2049, 6, 6), "pingstdagen och Sveriges nationaldag"),
    ],
)
def test_coinciding_holidays_keep_both_names(year, day, name):
    holidays = public_holidays(year)
    assert holidays[day] == name
    assert len(holidays) == 12


@pytest.mark.parametrize(
    "eve, day",
    [
        (date(2023, 6, 23), date(2023, 6, 24)),
        (date(2024, 6, 21), date(2024, 6, 22)),
        (date(2025, 6, 20), date(2025, 6, 21)),
        (date(2026, 6, 19), date(2026, 6, 20)),  # earliest possible
        (date(2027, 6, 25), date(2027, 6, 26)),  # latest possible
    ],
)
def test_midsummer(eve, day):
    assert public_holidays(day.year)[day] == "midsommardagen"
    assert eve not in public_holidays(eve.year)
    assert closed_day_reason(eve) == "midsommarafton"


@pytest.mark.parametrize(
    "day",
    [date(2024, 11, 2), date(2025, 11, 1), date(2026, 10, 31), date(2027, 11, 6)],
)
def test_all_saints_day(day):
    assert public_holidays(day.year)[day] == "alla helgons dag"


def test_ascension_2026():
    assert public_holidays(2026)[date(2026, 5, 14)] == "Kristi himmelsfärdsdag"


def test_public_holidays_returns_a_copy():
    public_holidays(2026).clear()
    assert len(public_holidays(2026)) == 13


@pytest.mark.parametrize(
    "day, reason",
    [
        (date(2026, 3, 16), None),  # Monday
        (date(2026, 3, 20), None),  # Friday
        (date(2026, 3, 21), "lördag"),
        (date(2026, 3, 22), "söndag"),
        (date(2026, 4, 3), "långfredagen"),
        (date(2026, 4, 5), "påskdagen"),  # a Sunday: the holiday name wins
        (date(2026, 6, 6), "Sveriges nationaldag"),  # a Saturday
        (date(2026, 6, 19), "midsommarafton"),
        (date(2025, 12, 24), "julafton"),  # Wednesday
        (date(2022, 12, 24), "julafton"),  # Saturday: the eve wins
        (date(2025, 12, 31), "nyårsafton"),
        (date(2026, 12, 26), "annandag jul"),
    ],
)
def test_closed_day_reason(day, reason):
    assert closed_day_reason(day) == reason
    assert is_closed_day(day) is (reason is not None)


@pytest.mark.parametrize("year", [2025, 2026])
def test_eves_are_not_public_holidays(year):
    holidays = public_holidays(year)
    assert date(year, 12, 24) not in holidays
    assert date(year, 12, 31) not in holidays
