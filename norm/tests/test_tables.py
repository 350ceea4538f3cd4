"""The bundled tables must equal DOMAIN.md §4 cell by cell; these rows are typed from DOMAIN.md, not the JSON."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from norm import Amount, MissingTableError, NormTable, load_bundled_tables, table_for_month
from norm.legal import legal_source_for, load_legal_sources
from norm.tables import AMOUNT_KEYS, NO_SOURCE

LUNCH = [
    "child_lunch_0",
    "child_lunch_1_2",
    "child_lunch_3",
    "child_lunch_4_6",
    "child_7_10",
    "child_11_14",
    "child_15_18",
    "child_19_20",
]
NOLUNCH = ["child_nolunch_0", "child_nolunch_1_2", "child_nolunch_3", "child_nolunch_4_6"]
ADULT_COMMON = ["adult_single", "adult_couple"] + [f"common_{n}" for n in range(1, 8)]
N = None  # — in DOMAIN.md

ROWS = [
    # (year, keys, amounts, marks) — a single mark applies to the whole row.
    (2019, LUNCH, [2130, 2380, 2120, 2380, 2990, 3440, 3880, 3910], "✔✔"),
    (2021, LUNCH, [2180, 2440, 2170, 2440, 3060, 3520, 3970, 4000], "✔✔"),
    (2022, LUNCH, [2220, 2480, 2210, 2480, 3110, 3580, 4040, 4070], "✔✔"),
    (2023, LUNCH, [2420, 2700, 2410, 2700, 3380, 3890, 4390, 4430], "✔✔"),
    (2024, LUNCH, [2640, 2940, 2620, 2940, 3680, 4230, 4780, 4820], "✔"),
    (2025, LUNCH, [2720, 3030, 2700, 3030, 3790, 4350, 4920, 4960], "✔"),
    (2026, LUNCH, [N, N, N, N, 3820, 4390, N, N], ["—", "—", "—", "—", "⚠", "⚠", "—", "—"]),
    (2019, NOLUNCH, [2000, 2190, 1940, 2120], "✔✔"),
    (2021, NOLUNCH, [2050, 2240, 1990, 2170], "✔✔"),
    (2022, NOLUNCH, [N, N, N, N], "—"),
    (2023, NOLUNCH, [N, N, N, N], "—"),
    (2024, NOLUNCH, [N, N, N, N], "—"),
    (2025, NOLUNCH, [N, N, N, N], "—"),
    (2026, NOLUNCH, [N, N, N, N], "—"),
    (2019, ADULT_COMMON, [3090, 5570, 990, 1100, 1380, 1570, 1810, 2050, 2220], "✔✔"),
    (2021, ADULT_COMMON, [3160, 5700, 1020, 1130, 1420, 1610, 1860, 2100, 2270], "✔✔"),
    (2022, ADULT_COMMON, [3210, 5800, 1040, 1150, 1450, 1640, 1890, 2140, 2310], "✔✔"),
    # 2023 common_2 is 1 250: Engelholm's printed 1 150 is a typo (DOMAIN.md §4)
    (2023, ADULT_COMMON, [3490, 6300, 1130, 1250, 1580, 1790, 2060, 2330, 2510], "✔✔"),
    (2024, ADULT_COMMON, [3800, 6850, 1230, 1360, 1720, 1950, 2240, 2540, 2730], "✔"),
    (
        2025,
        ADULT_COMMON,
        [3910, 7050, 1270, 1400, 1770, 2010, 2310, 2620, 2810],
        ["✔", "⚠", "✔", "✔", "✔", "✔", "✔", "✔", "✔"],
    ),
    (
        2026,
        ADULT_COMMON,
        [3940, 7100, 1280, 1410, N, 2030, N, N, N],
        ["✔✔", "✔✔", "✔✔", "✔✔", "—", "⚠", "—", "—", "—"],
    ),
]


def _table(year: int) -> NormTable:
    return next(table for table in load_bundled_tables() if table.year == year)


def test_bundled_years_are_those_domain_gives_and_2020_stays_a_gap():
    assert [table.year for table in load_bundled_tables()] == [2019, 2021, 2022, 2023, 2024, 2025, 2026]


@pytest.mark.parametrize(("year", "keys", "amounts", "marks"), ROWS)
def test_bundled_row_equals_domain(year, keys, amounts, marks):
    table = _table(year)
    marks = marks if isinstance(marks, list) else [marks] * len(keys)
    for key, amount, mark in zip(keys, amounts, marks, strict=True):
        cell = table.amounts[key]
        assert (cell.amount, cell.mark) == (None if amount is None else Decimal(amount), mark), key
        assert cell.confirmed is (mark in ("✔✔", "✔")), key
        assert cell.source, key


def test_rows_above_cover_every_bundled_cell():
    spelled = {(year, key) for year, keys, _, _ in ROWS for key in keys}
    bundled = {(table.year, key) for table in load_bundled_tables() for key in table.amounts}
    assert spelled == bundled


def test_every_table_is_a_calendar_year_with_its_source():
    for table in load_bundled_tables():
        assert (table.valid_from, table.valid_to) == (date(table.year, 1, 1), date(table.year, 12, 31))
        assert set(AMOUNT_KEYS) <= set(table.amounts)
    assert "SFS 2020:1013" in _table(2021).source
    assert "7 500" in _table(2025).source  # the Typfallsmodellen typo behind the ⚠


@pytest.mark.parametrize(("year", "month", "expected"), [(2019, 1, 2019), (2021, 5, 2021), (2026, 12, 2026)])
def test_table_for_month(year, month, expected):
    assert table_for_month(load_bundled_tables(), year, month).year == expected


@pytest.mark.parametrize(
    ("year", "month", "message"),
    [
        (2020, 5, "Riksnorm saknas för maj 2020"),
        (2018, 12, "Riksnorm saknas för december 2018"),
        (2027, 1, "Riksnorm saknas för januari 2027"),
    ],
)
def test_table_for_month_refuses_a_gap(year, month, message):
    with pytest.raises(MissingTableError) as raised:
        table_for_month(load_bundled_tables(), year, month)
    assert str(raised.value) == message


def test_override_without_source_is_unconfirmed():
    table = _table(2022).with_overrides({"child_nolunch_4_6": Amount(Decimal(1), "✔", "")})
    cell = table.amounts["child_nolunch_4_6"]
    assert (cell.amount, cell.mark, cell.confirmed, cell.source) == (Decimal(1), "⚠", False, NO_SOURCE)
    assert _table(2022).amounts["child_nolunch_4_6"].amount is None  # the bundled table is unchanged


def test_override_with_official_source_keeps_its_mark():
    table = _table(2025).with_overrides({"adult_couple": Amount(Decimal(7050), "✔✔", "SFS (test)")})
    assert table.amounts["adult_couple"].confirmed is True


def test_override_of_unknown_key_is_refused():
    with pytest.raises(ValueError):
        _table(2021).with_overrides({"adult_triple": Amount(Decimal(1), "⚠", "x")})


@pytest.mark.parametrize(
    "kwargs",
    [
        {"amount": Decimal(1), "mark": "⚠", "source": "x", "confirmed": True},  # ⚠ cannot be confirmed
        {"amount": None, "mark": "✔", "source": "x"},  # a missing amount is marked —
        {"amount": Decimal(1), "mark": "—", "source": "x"},
        {"amount": Decimal(1), "mark": "ok", "source": "x"},
        {"amount": Decimal(-1), "mark": "⚠", "source": "x"},
    ],
)
def test_amount_rejects_inconsistent_cells(kwargs):
    with pytest.raises(ValueError):
        Amount(**kwargs)


def test_from_dict_requires_every_key():
    data = _table(2021).to_dict()
    del data["amounts"]["common_7"]
    with pytest.raises(ValueError):
        NormTable.from_dict(data)
    assert NormTable.from_dict(_table(2021).to_dict()) == _table(2021)


@pytest.mark.parametrize(
    ("kind", "day", "source", "confirmed"),
    [
        ("norm", date(2021, 5, 1), "Socialtjänstförordningen (2001:937) 2 kap. 1 §", True),
        ("norm", date(2026, 1, 1), "Socialtjänstförordningen (2001:937) 2 kap. 1 §", True),
        ("reasonable_costs", date(2025, 6, 1), "SoL (2001:453) 4 kap. 3 §", True),
        (
            "reasonable_costs",
            date(2025, 7, 1),
            "SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat)",
            False,
        ),
        ("job_stimulus", date(2025, 6, 1), "SoL (2001:453) 4 kap. 1 b §", True),
        (
            "job_stimulus",
            date(2025, 7, 1),
            "SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat)",
            False,
        ),
        ("income", date(2019, 1, 1), "SoL (2001:453) 4 kap. 1 §", True),
        (
            "income",
            date(2026, 3, 1),
            "SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat)",
            False,
        ),
    ],
)
def test_legal_source_by_date(kind, day, source, confirmed):
    legal = legal_source_for(load_legal_sources(), kind, day)
    assert (legal.source, legal.confirmed) == (source, confirmed)


def test_job_stimulus_parameters_are_data():
    # 25 %, after 6 consecutive months, for 24 months (old SoL 4 kap. 1 b §, DOMAIN.md §4)
    parameters = legal_source_for(load_legal_sources(), "job_stimulus", date(2021, 5, 1)).parameters
    assert dict(parameters) == {"rate_percent": 25, "after_consecutive_months": 6, "max_months": 24}
