from datetime import date

import pytest

from timelimits import LIMITS, TimeLimit, limit_for


@pytest.mark.parametrize(
    "code, on, source, confirmed",
    [
        ("preliminary_assessment", date(2025, 6, 30), "SoL (2001:453) 11 kap. 1 a §", True),
        ("preliminary_assessment", date(2025, 7, 1), "SoL (2025:400) 20 kap. 2 §", True),
        ("investigation", date(2025, 6, 30), "SoL (2001:453) 11 kap. 2 §", True),
        (
            "investigation",
            date(2025, 7, 1),
            "SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat)",
            False,
        ),
        ("protection_assessment", date(2026, 1, 1), "SoL (2001:453) 11 kap. 1 a §", True),
        ("appeal", date(2018, 7, 1), "Förvaltningslagen (2017:900) 44 §", True),
    ],
)
def test_limit_for_picks_version_in_force(code, on, source, confirmed):
    limit = limit_for(code, on)
    assert limit.code == code
    assert limit.source == source
    assert limit.confirmed is confirmed


@pytest.mark.parametrize(
    "code, length, unit, movable",
    [
        ("protection_assessment", 0, "days", False),
        ("preliminary_assessment", 14, "days", True),
        ("investigation", 4, "months", True),
        ("appeal", 3, "weeks", True),
    ],
)
def test_limit_lengths(code, length, unit, movable):
    limit = limit_for(code, date(2026, 1, 1))
    assert (limit.length, limit.unit, limit.movable) == (length, unit, movable)


def test_limit_for_unknown_code():
    with pytest.raises(LookupError, match="Okänd tidsfrist"):
        limit_for("no_such_limit", date(2026, 1, 1))


def test_limit_for_before_first_version():
    with pytest.raises(LookupError, match="gällde inte den 2018-06-30"):
        limit_for("appeal", date(2018, 6, 30))


def test_each_version_is_unique_and_sourced():
    keys = [(limit.code, limit.valid_from) for limit in LIMITS]
    assert len(keys) == len(set(keys))
    assert all(limit.source and limit.label_sv for limit in LIMITS)


@pytest.mark.parametrize("unit, length", [("years", 1), ("days", -1)])
def test_time_limit_rejects_bad_data(unit, length):
    with pytest.raises(ValueError):
        TimeLimit(
            code="x",
            length=length,
            unit=unit,
            label_sv="X",
            source="x",
            valid_from=date(2026, 1, 1),
            movable=True,
            confirmed=True,
        )
