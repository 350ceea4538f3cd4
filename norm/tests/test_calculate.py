"""calculate(): expected values worked out by hand from DOMAIN.md §4's tables (arithmetic in each case)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from norm import (
    Amount,
    MissingAmountError,
    MissingTableError,
    NormInputError,
    calculate,
    load_bundled_tables,
    parse_request,
)

from .helpers import adult, child, contract, household, run

SOF = "Socialtjänstförordningen (2001:937) 2 kap. 1 §"
NEW_SOL = "SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat)"


def _with_override(year: int, key: str, amount: Amount):
    return [
        table.with_overrides({key: amount}) if table.year == year else table
        for table in load_bundled_tables()
    ]


def _assert_lines_add_up(result):
    # The signed lines are the whole explanation: they add up to need − counted income.
    assert sum(line.amount for line in result.lines) == result.need - result.income_total
    assert all(line.source for line in result.lines)


@pytest.mark.parametrize(
    ("month", "need"),
    [
        ("2019-05", 4080),  # adult_single 3090 + common_1 990
        ("2021-05", 4180),  # 3160 + 1020
        ("2022-05", 4250),  # 3210 + 1040
        ("2023-05", 4620),  # 3490 + 1130
        ("2024-05", 5030),  # 3800 + 1230
        ("2025-05", 5180),  # 3910 + 1270
        ("2026-05", 5220),  # 3940 + 1280 (the government's 5 220)
    ],
)
def test_single_adult(month, need):
    result = run(household(month, [adult()]))
    assert (result.norm_total, result.need, result.assistance, result.surplus) == (need, need, need, 0)
    assert result.unconfirmed_amounts == ()
    assert [line.kind for line in result.lines] == ["personal", "common"]
    assert all(line.source.startswith(SOF) for line in result.lines)
    _assert_lines_add_up(result)


@pytest.mark.parametrize(
    ("changes", "income_total", "assistance"),
    [
        # couple 5700 + child 5 years on 2021-05-01 without lunch, child_nolunch_4_6 2170 + common_3 1420 = 9290;
        # + rent 8200 + electricity 450 = need 17940; income 12000 + 1250 = 13250; 17940 − 13250 = 4690
        ({}, 13250, 4690),
        # 6 consecutive months: 25 % of 12000 = 3000 not counted; income 13250 − 3000 = 10250; 17940 − 10250 = 7690
        ({"consecutive_months_on_assistance": 6}, 10250, 7690),
        # 24 months of jobbstimulans used up: back to 4690
        ({"consecutive_months_on_assistance": 30, "job_stimulus_months_used": 24}, 13250, 4690),
        # 23 used: one month left, still applies: 7690
        ({"consecutive_months_on_assistance": 30, "job_stimulus_months_used": 23}, 10250, 7690),
    ],
)
def test_contract_example(changes, income_total, assistance):
    result = run(contract(**changes))
    assert result.norm_table == "2021"
    assert (result.norm_total, result.costs_total, result.need) == (9290, 8650, 17940)
    assert (result.income_total, result.assistance, result.surplus) == (income_total, assistance, 0)
    assert result.to_dict()["assistance"] == assistance
    _assert_lines_add_up(result)


def test_used_up_jobbstimulans_is_flagged():
    result = run(contract(consecutive_months_on_assistance=30, job_stimulus_months_used=24))
    assert result.warnings == ("Jobbstimulans tillämpas inte: de 24 månaderna är redan använda",)
    assert run(contract()).warnings == ()  # 2 months: simply not yet, nothing to flag


def test_contract_example_lines_explain_jobbstimulans():
    result = run(contract(consecutive_months_on_assistance=6))
    job = [line for line in result.lines if line.kind == "job_stimulus"]
    assert len(job) == 1
    assert (job[0].amount, job[0].member, job[0].source) == (3000, "a", "SoL (2001:453) 4 kap. 1 b §")
    child_line = next(line for line in result.lines if line.member == "c")
    assert "ej lunch" in child_line.label and "5 år" in child_line.label


@pytest.mark.parametrize(
    ("month", "birth_date", "need"),
    [
        # born 2014-03-01: 7 completed years on 2021-03-01 → child_7_10 3060; 3160 + 3060 + common_2 1130 = 7350
        ("2021-03", "2014-03-01", 7350),
        # the month before, 6 years → child_lunch_4_6 2440; 3160 + 2440 + 1130 = 6730
        ("2021-02", "2014-03-01", 6730),
        # one day younger: still 6 on 2021-03-01 → 6730
        ("2021-03", "2014-03-02", 6730),
        # born during the month: counts as 0 → child_lunch_0 2180; 3160 + 2180 + 1130 = 6470
        ("2021-03", "2021-03-15", 6470),
        # 20 years on 2021-05-01 (21 the next day) → child_19_20 4000; 3160 + 4000 + 1130 = 8290
        ("2021-05", "2000-05-02", 8290),
    ],
)
def test_age_is_completed_years_on_first_day_of_month(month, birth_date, need):
    assert run(household(month, [adult(), child("c", birth_date)])).need == need


def test_nine_members_2021():
    # couple 5700; children on 2021-03-01: 0 (lunch) 2180, 2 (no lunch) 2240, 3 (lunch) 2170, 9 → 3060,
    # 12 → 3520, 16 → 3970, 20 → 4000: sum 21140; common_9 = 2270 + 2 × (2270 − 2100) = 2610;
    # 5700 + 21140 + 2610 = 29450
    members = [
        adult("a"),
        adult("b"),
        child("c0", "2020-09-15"),
        child("c1", "2018-07-10", False),
        child("c2", "2017-12-01"),
        child("c3", "2011-06-30"),
        child("c4", "2008-05-05"),
        child("c5", "2004-08-20"),
        child("c6", "2001-03-01"),
    ]
    result = run(household("2021-03", members, cohabiting=True))
    common = next(line for line in result.lines if line.kind == "common")
    assert common.amount == 2610
    assert "2 270 kr + 2 × (2 270 kr − 2 100 kr)" in common.label
    assert result.need == 29450
    _assert_lines_add_up(result)


@pytest.mark.parametrize(
    ("month", "size", "common"),
    [
        ("2019-06", 8, 2390),  # 2220 + 1 × (2220 − 2050) = 2390
        ("2025-06", 10, 3380),  # 2810 + 3 × (2810 − 2620) = 2810 + 570 = 3380
    ],
)
def test_common_costs_beyond_seven(month, size, common):
    # one adult and size − 1 children aged 8 (born 2011-01-01 is 8 on 2019-06-01; 2017-01-01 on 2025-06-01)
    birth = "2011-01-01" if month.startswith("2019") else "2017-01-01"
    members = [adult()] + [child(f"c{i}", birth) for i in range(size - 1)]
    result = run(household(month, members))
    assert next(line.amount for line in result.lines if line.kind == "common") == common


@pytest.mark.parametrize(
    ("month", "members", "size", "share", "need"),
    [
        ("2021-05", [adult()], 2, 565, 3725),  # 1130 ÷ 2 = 565; 3160 + 565
        ("2021-05", [adult()], 3, 473, 3633),  # 1420 ÷ 3 = 473.33 → 473; 3160 + 473
        ("2021-05", [adult()], 4, 403, 3563),  # 1610 ÷ 4 = 402.50 → half up 403; 3160 + 403
        ("2023-05", [adult()], 5, 412, 3902),  # 2060 ÷ 5 = 412; 3490 + 412
        # 9 people: common_9 = 2220 + 2 × (2220 − 2050) = 2560; 2560 ÷ 9 = 284.44 → 284; 3090 + 284
        ("2019-05", [adult()], 9, 284, 3374),
        # parent + child 8 years (born 2012-09-01) in a household of 4: 1610 × 2 ÷ 4 = 805; 3160 + 3060 + 805
        ("2021-05", [adult(), child("c", "2012-09-01")], 4, 805, 7025),
    ],
)
def test_shared_household_share(month, members, size, share, need):
    result = run(household(month, members, shared_household_size=size))
    line = next(line for line in result.lines if line.kind == "common_share")
    assert line.amount == share
    assert line.label.startswith("hushållsgemensamma kostnader, andel")
    assert not [line for line in result.lines if line.kind == "common"]
    assert result.need == need
    assert result.warnings == ()


def test_income_above_need_gives_surplus():
    # 2022: 3210 + 1040 + rent 3000 = need 7250; salary 10000, no jobbstimulans (0 months);
    # assistance max(0, 7250 − 10000) = 0, surplus 10000 − 7250 = 2750
    data = household(
        "2022-05",
        [adult()],
        costs=[{"type": "rent", "amount": 3000}],
        incomes=[{"type": "salary", "amount": 10000, "member": "a"}],
    )
    result = run(data)
    assert (result.need, result.income_total, result.assistance, result.surplus) == (7250, 10000, 0, 2750)
    assert result.to_dict()["surplus"] == 2750


@pytest.mark.parametrize(
    ("income", "assistance"),
    [
        ("3679.50", 501),  # 4180 − 3679.50 = 500.50 → half up 501
        ("3679.51", 500),  # 4180 − 3679.51 = 500.49 → 500
    ],
)
def test_assistance_is_whole_kronor_half_up(income, assistance):
    result = run(household("2021-05", [adult()], incomes=[{"type": "pension", "amount": income}]))
    assert result.assistance == assistance
    assert result.to_dict()["income_total"] == 3680  # 3679.50 and 3679.51 both round to 3680


@pytest.mark.parametrize(
    ("members", "cohabiting", "key", "message"),
    [
        # child born 2010-03-03 is 16 on 2026-05-01: child_15_18 is — for 2026
        (
            [adult(), child("c", "2010-03-03")],
            False,
            "child_15_18",
            "Riksnormen 2026 saknar belopp för barn 15–18 år — beräkningen kan inte göras",
        ),
        # child 4 years: child_lunch_4_6 is —
        (
            [adult(), child("c", "2022-01-01")],
            False,
            "child_lunch_4_6",
            "Riksnormen 2026 saknar belopp för barn 4–6 år (lunch hemma) — beräkningen kan inte göras",
        ),
        # three people: common_3 is —
        (
            [adult("a"), adult("b"), child("c", "2017-06-01")],
            True,
            "common_3",
            "Riksnormen 2026 saknar belopp för hushållsgemensamma kostnader, 3 personer — beräkningen kan inte göras",
        ),
    ],
)
def test_2026_refuses_a_missing_amount(members, cohabiting, key, message):
    with pytest.raises(MissingAmountError) as raised:
        run(household("2026-05", members, cohabiting=cohabiting))
    assert (raised.value.key, str(raised.value)) == (key, message)


def test_more_than_seven_in_2026_needs_the_missing_six_person_amount():
    members = [adult()] + [child(f"c{i}", "2017-01-01") for i in range(7)]
    with pytest.raises(MissingAmountError) as raised:
        run(household("2026-05", members))
    assert raised.value.key == "common_6"


def test_2026_household_with_unconfirmed_amounts():
    # couple 7100 ✔✔ + child 8 (born 2017-06-01) 3820 ⚠ + child 12 (born 2013-06-01) 4390 ⚠ + common_4 2030 ⚠
    # = 17340
    members = [adult("a"), adult("b"), child("c", "2017-06-01"), child("d", "2013-06-01")]
    result = run(household("2026-05", members, cohabiting=True))
    assert result.need == 17340
    assert result.unconfirmed_amounts == (
        "barn 7–10 år: 3 820 kr ⚠ (2026)",
        "barn 11–14 år: 4 390 kr ⚠ (2026)",
        "hushållsgemensamma kostnader, 4 personer: 2 030 kr ⚠ (2026)",
    )
    assert [line.confirmed for line in result.lines] == [True, False, False, False]


def test_2025_couple_lists_the_unconfirmed_7050():
    # couple 7050 ⚠ + common_2 1400 = 8450
    result = run(household("2025-03", [adult("a"), adult("b")], cohabiting=True))
    assert result.need == 8450
    assert result.unconfirmed_amounts == ("sambor (paret): 7 050 kr ⚠ (2025)",)
    couple = result.lines[0]
    assert (couple.amount, couple.mark, couple.confirmed) == (7050, "⚠", False)
    assert "7 500" in couple.source  # the line says why the amount is uncertain


def test_2024_single_source_amounts_are_confirmed():
    # ✔ (one secondary source) counts as confirmed: 3800 + 1230 = 5030
    result = run(household("2024-05", [adult()]))
    assert result.unconfirmed_amounts == ()
    assert [line.mark for line in result.lines] == ["✔", "✔"]


def test_2020_has_no_table():
    with pytest.raises(MissingTableError) as raised:
        run(household("2020-05", [adult()]))
    assert str(raised.value) == "Riksnorm saknas för maj 2020"


def test_override_without_source_is_listed_as_unconfirmed():
    # 2022 has no "ej lunch" amounts; an administrator enters a test value 2000 without a source.
    # 3210 + 2000 + common_2 1150 = 6360
    tables = _with_override(2022, "child_nolunch_4_6", Amount(Decimal(2000), "✔", ""))
    result = run(household("2022-05", [adult(), child("c", "2017-01-01", False)]), tables)
    assert result.need == 6360
    assert result.unconfirmed_amounts == ("barn 4–6 år (ej lunch hemma 5 dagar/vecka): 2 000 kr ⚠ (2022)",)


def test_child_salary_needs_the_price_base_amount():
    data = household(
        "2024-07",
        [adult(), child("c", "2008-01-01")],
        incomes=[{"type": "salary", "amount": 3000, "member": "c"}],
    )
    with pytest.raises(MissingAmountError) as raised:
        run(data)
    assert raised.value.key == "price_base_amount"
    assert "prisbasbelopp" in str(raised.value).lower()


@pytest.mark.parametrize(
    ("salary", "not_counted", "assistance"),
    [
        # 1000 is a test value, not a real prisbasbelopp. 2024: adult 3800 + child 16 (born 2008-01-01) 4780
        # + common_2 1360 = 9940. Salary 3000: 1000 not counted, 2000 counted → 7940.
        (3000, 1000, 7940),
        # salary 800 is all below the prisbasbelopp: nothing counted → 9940
        (800, 800, 9940),
    ],
)
def test_child_salary_not_counted_up_to_price_base_amount(salary, not_counted, assistance):
    tables = _with_override(
        2024, "price_base_amount", Amount(Decimal(1000), "⚠", "testvärde, inget verkligt belopp")
    )
    data = household(
        "2024-07",
        [adult(), child("c", "2008-01-01")],
        consecutive_months_on_assistance=6,
        incomes=[{"type": "salary", "amount": salary, "member": "c"}],
    )
    result = run(data, tables)
    exempt = [line for line in result.lines if line.kind == "child_work_income"]
    assert [line.amount for line in exempt] == [not_counted]
    assert not [line for line in result.lines if line.kind == "job_stimulus"]  # not on a child's salary
    assert result.assistance == assistance
    assert "prisbasbelopp: 1 000 kr ⚠ (2024)" in result.unconfirmed_amounts
    _assert_lines_add_up(result)


def test_new_sol_references_are_flagged_from_july_2025():
    # 3910 + 1270 + rent 5000 = 10180
    before = run(household("2025-06", [adult()], costs=[{"type": "rent", "amount": 5000}]))
    after = run(household("2025-08", [adult()], costs=[{"type": "rent", "amount": 5000}]))
    assert before.need == after.need == 10180
    assert before.lines[-1].source == "SoL (2001:453) 4 kap. 3 §" and before.warnings == ()
    assert after.lines[-1].source == NEW_SOL
    assert after.warnings == (f"Lagrumshänvisningen är obekräftad: {NEW_SOL}",)


@pytest.mark.parametrize(
    ("members", "cohabiting", "need", "warning"),
    [
        # two adults not sambo: 2 × 3160 + common_2 1130 = 7450
        ([adult("a"), adult("b")], False, 7450, "var sitt ärende"),
        # sambo without a second adult: single 3160 + 1020 = 4180
        ([adult("a")], True, 4180, "bara en vuxen"),
        # lunch unknown for a 5-year-old: lunch-at-home amount 2440; 3160 + 2440 + 1130 = 6730
        ([adult("a"), child("c", "2016-01-20", None)], False, 6730, "Uppgift om lunch saknas"),
    ],
)
def test_warnings(members, cohabiting, need, warning):
    result = run(household("2021-05", members, cohabiting=cohabiting))
    assert result.need == need
    assert any(warning in text for text in result.warnings)


def test_other_cost_is_labelled_with_its_description():
    # 3160 + 1020 + 600 = 4780
    result = run(
        household(
            "2021-05", [adult()], costs=[{"type": "other", "amount": 600, "description": "akut tandvård"}]
        )
    )
    assert result.lines[-1].label == "övrigt: akut tandvård"
    assert result.need == 4780


def test_calculate_checks_requests_built_in_code():
    from datetime import date

    from norm import CalculationRequest, Member, calculate

    request = CalculationRequest(
        month=(2021, 5),
        members=[Member("c", date(2010, 1, 1), "child")],
        cohabiting=False,
        shared_household_size=None,
        costs=[],
        incomes=[],
        consecutive_months_on_assistance=0,
    )
    with pytest.raises(NormInputError) as raised:
        calculate(request, load_bundled_tables())
    assert raised.value.field == "members"


def test_to_dict_is_json_safe():
    import json

    data = run(contract(consecutive_months_on_assistance=6)).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert {
        key: data[key]
        for key in ("norm_total", "costs_total", "income_total", "need", "assistance", "surplus")
    } == {
        "norm_total": 9290,
        "costs_total": 8650,
        "income_total": 10250,
        "need": 17940,
        "assistance": 7690,
        "surplus": 0,
    }
    assert set(data["lines"][0]) == {"kind", "label", "amount", "source", "mark", "confirmed", "member", "letter_source"}
    assert data["norm_table"] == "2021"


@pytest.mark.parametrize(
    "income_type, label", [("housing_allowance", "bostadsbidrag"), ("maintenance_support", "underhållsstöd")]
)
def test_incomes_domain_marks_unconfirmed_are_flagged_not_dropped(income_type, label):
    # DOMAIN.md §4: bostadsbidrag ⚠, underhållsstöd ⚠ — counted, but the line and a warning say it is unconfirmed.
    # 2024 single adult: 3 800 + 1 230 = 5 030; minus 1 000 income → 4 030.
    request = parse_request(
        {
            "month": "2024-03",
            "members": [{"id": "a", "birth_date": "1980-01-01", "role": "adult"}],
            "costs": [],
            "incomes": [{"type": income_type, "amount": 1000}],
            "consecutive_months_on_assistance": 1,
        }
    )
    result = calculate(request, load_bundled_tables())
    line = next(li for li in result.lines if li.kind == "income")
    assert (line.mark, line.confirmed) == ("⚠", False)
    assert any(label in w and "Obekräftat" in w for w in result.warnings)
    assert result.to_dict()["assistance"] == 4030


def test_child_allowance_line_stays_confirmed():
    request = parse_request(
        {
            "month": "2024-03",
            "members": [{"id": "a", "birth_date": "1980-01-01", "role": "adult"}],
            "costs": [],
            "incomes": [{"type": "child_allowance", "amount": 1250}],
            "consecutive_months_on_assistance": 1,
        }
    )
    result = calculate(request, load_bundled_tables())
    line = next(li for li in result.lines if li.kind == "income")
    assert (line.mark, line.confirmed) == (None, True)
    assert result.warnings == ()
