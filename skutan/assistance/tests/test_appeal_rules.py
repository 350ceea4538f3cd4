"""Rättidsprövning, with every date worked out by hand from förvaltningslagen 44 § and lag 1930:173."""

from datetime import date

import pytest

from skutan.assistance.appeal_rules import appeal_timeliness


@pytest.mark.parametrize(
    ("received", "appeal_in", "last_day", "in_time"),
    [
        # Tuesday 2 Sep 2025 + 3 weeks = Tuesday 23 Sep 2025, an ordinary weekday.
        (date(2025, 9, 2), date(2025, 9, 23), date(2025, 9, 23), True),
        (date(2025, 9, 2), date(2025, 9, 24), date(2025, 9, 23), False),
        # Saturday 8 Mar 2025 + 3 weeks = Saturday 29 Mar; Sunday 30 Mar closed too → Monday 31 Mar 2025.
        (date(2025, 3, 8), date(2025, 3, 31), date(2025, 3, 31), True),
        (date(2025, 3, 8), date(2025, 4, 1), date(2025, 3, 31), False),
        # Friday 30 May 2025 + 3 weeks = Friday 20 Jun 2025, midsommarafton; Saturday 21 Jun midsommardagen;
        # Sunday 22 Jun → Monday 23 Jun 2025.
        (date(2025, 5, 30), date(2025, 6, 23), date(2025, 6, 23), True),
        (date(2025, 5, 30), date(2025, 6, 24), date(2025, 6, 23), False),
        # Wednesday 3 Dec 2025 + 3 weeks = Wednesday 24 Dec, julafton; 25 juldagen; 26 annandag jul;
        # 27–28 weekend → Monday 29 Dec 2025.
        (date(2025, 12, 3), date(2025, 12, 29), date(2025, 12, 29), True),
        (date(2025, 12, 3), date(2025, 12, 30), date(2025, 12, 29), False),
    ],
)
def test_the_appeal_period_is_three_weeks_moved_past_closed_days(received, appeal_in, last_day, in_time):
    result = appeal_timeliness(decision_received_on=received, appeal_received_on=appeal_in)
    assert result.last_day == last_day
    assert result.in_time is in_time


def test_midsommar_moves_the_last_day_and_says_why():
    result = appeal_timeliness(decision_received_on=date(2025, 5, 30), appeal_received_on=date(2025, 6, 23))
    assert result.nominal_last_day == date(2025, 6, 20)
    assert len(result.moved_because) == 3
    assert "midsommarafton" in result.moved_because[0].lower()


def test_when_the_day_of_receipt_cannot_be_shown_the_appeal_is_in_time():
    result = appeal_timeliness(decision_received_on=None, appeal_received_on=date(2026, 1, 30))
    assert result.in_time is True
    assert result.last_day is None
