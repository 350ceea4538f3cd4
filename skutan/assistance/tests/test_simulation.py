"""The rule-change simulator. Expected numbers are worked out by hand from DOMAIN.md §4's 2024 and 2025 tables.

Households (all 2025-03, the 2025 table):
  A  single adult, rent 6 000, no income:
     3 910 (ensamstående) + 1 270 (common, 1 person) + 6 000 = 11 180 kr
  B  sambor + a child of 8 (7–10 band), rent 8 000, income 15 000:
     7 050 (sambor ⚠) + 3 790 (child 7–10) + 1 770 (common, 3) + 8 000 − 15 000 = 5 610 kr
  C  single adult, rent 5 000, income 20 000: 3 910 + 1 270 + 5 000 = 10 180 < 20 000 → 0 kr
  D  adult + a baby at förskola ("ej lunch"): the 2025 amount is missing (—) → cannot be calculated

+10 % (each amount × 1.1, rounded to the nearest 10 kr, half up):
  3 910 → 4 301 → 4 300; 1 270 → 1 397 → 1 400; 7 050 → 7 755 → 7 760; 3 790 → 4 169 → 4 170;
  1 770 → 1 947 → 1 950
  A 4 300 + 1 400 + 6 000 = 11 700 (+520)   B 7 760 + 4 170 + 1 950 + 8 000 − 15 000 = 6 880 (+1 270)
  C 4 300 + 1 400 + 5 000 = 10 700 < 20 000 → 0 (±0)
The 2024 table: A 3 800 + 1 230 + 6 000 = 11 030 (−150); B 6 850 + 3 680 + 1 720 + 8 000 − 15 000 = 5 250 (−360).
"""

from decimal import Decimal

import pytest

from norm import Amount, load_bundled_tables
from skutan.assistance.simulation import (
    BUCKETS,
    Household,
    Scenario,
    bucket_index,
    read_only_transaction,
    simulate,
    simulation_run,
    uplift_table,
)
from skutan.audit.context import AccessContext
from skutan.core.errors import AccessDeniedError

MONTH = "2025-03"
A = {"month": MONTH, "members": [{"id": "a", "birth_date": "1980-05-05", "role": "adult"}],
     "costs": [{"type": "rent", "amount": 6000}], "consecutive_months_on_assistance": 2}
B = {"month": MONTH, "cohabiting": True,
     "members": [{"id": "a", "birth_date": "1985-01-01", "role": "adult"},
                 {"id": "b", "birth_date": "1987-01-01", "role": "adult"},
                 {"id": "c", "birth_date": "2017-01-01", "role": "child"}],
     "costs": [{"type": "rent", "amount": 8000}],
     "incomes": [{"type": "unemployment_benefit", "amount": 15000}], "consecutive_months_on_assistance": 3}
C = {"month": MONTH, "members": [{"id": "a", "birth_date": "1970-01-01", "role": "adult"}],
     "costs": [{"type": "rent", "amount": 5000}], "incomes": [{"type": "pension", "amount": 20000}],
     "consecutive_months_on_assistance": 1}
D = {"month": MONTH, "members": [{"id": "a", "birth_date": "1990-01-01", "role": "adult"},
                                 {"id": "c", "birth_date": "2024-10-01", "role": "child", "lunch_at_home": False}],
     "consecutive_months_on_assistance": 1}


def households():
    return [
        Household("A", A, Decimal("11180")), Household("B", B, Decimal("5000")),
        Household("C", C, Decimal("0")), Household("D", D, Decimal("4000")),
    ]


def by_key(result):
    return {o.key: o for o in result.outcomes}


TABLES = load_bundled_tables()


def test_an_uplift_recalculates_every_household():
    result = simulate(households(), TABLES, Scenario(uplift_percent=Decimal("10")))
    outcomes = by_key(result)
    assert (outcomes["A"].baseline, outcomes["A"].alternative) == (Decimal(11180), Decimal(11700))
    assert (outcomes["B"].baseline, outcomes["B"].alternative) == (Decimal(5610), Decimal(6880))
    assert (outcomes["C"].baseline, outcomes["C"].alternative) == (Decimal(0), Decimal(0))
    assert result.baseline_total == Decimal(16790)
    assert result.alternative_total == Decimal(18580)
    assert result.change_total == Decimal(1790)
    assert result.change_percent == Decimal("10.7")  # 1 790 / 16 790
    assert result.change_percent_text == "+10,7 %"
    assert result.decided_total == Decimal(20180)
    assert [key for key, _ in result.failed] == ["D"]
    assert "ej lunch" in result.failed[0][1]
    assert result.households == 4
    assert (len(result.winners), len(result.losers), result.unchanged) == (2, 0, 1)


def test_the_uplifted_table_rounds_to_ten_kronor_and_is_marked_unconfirmed():
    table = next(t for t in TABLES if t.year == 2025)
    up = uplift_table(table, Decimal("10"))
    assert up.amounts["adult_single"].amount == Decimal(4300)
    assert up.amounts["adult_couple"].amount == Decimal(7760)  # 7 755 rounds half up
    assert up.amounts["common_3"].amount == Decimal(1950)
    assert up.amounts["adult_single"].mark == "⚠" and not up.amounts["adult_single"].confirmed
    assert up.amounts["child_nolunch_0"].amount is None  # missing stays missing
    down = uplift_table(table, Decimal("-2.5"))
    assert down.amounts["adult_single"].amount == Decimal(3810)  # 3 910 × 0.975 = 3 812.25 → 3 810


def test_a_hypothetical_cap_limits_each_household():
    result = simulate(households(), TABLES, Scenario(cap=Decimal(6000)))
    outcomes = by_key(result)
    assert outcomes["A"].alternative == Decimal(6000) and outcomes["A"].capped
    assert outcomes["A"].change == Decimal(-5180)
    assert outcomes["B"].alternative == Decimal(5610) and not outcomes["B"].capped
    assert result.change_total == Decimal(-5180)
    assert [o.key for o in result.losers] == ["A"]
    assert result.loss_total == Decimal(5180) and result.loss_median == Decimal(5180)
    assert result.capped == 1


def test_an_uplift_and_a_cap_together():
    result = simulate(households(), TABLES, Scenario(uplift_percent=Decimal("10"), cap=Decimal(6000)))
    outcomes = by_key(result)
    assert outcomes["A"].change == Decimal(6000 - 11180)
    assert outcomes["B"].change == Decimal(6000 - 5610)  # 6 880 capped at 6 000
    assert result.change_total == Decimal(-5180 + 390)


def test_another_years_table():
    result = simulate(households(), TABLES, Scenario(table_year=2024))
    outcomes = by_key(result)
    assert outcomes["A"].alternative == Decimal(11030)
    assert outcomes["B"].alternative == Decimal(5250)
    assert result.change_total == Decimal(-150 - 360)
    assert sorted(o.key for o in result.losers) == ["A", "B"]
    with pytest.raises(ValueError):
        simulate(households(), TABLES, Scenario(table_year=2020))


def test_the_distribution_puts_each_household_in_one_bucket():
    result = simulate(households(), TABLES, Scenario(uplift_percent=Decimal("10"), cap=Decimal(6000)))
    buckets = {b.label: b for b in result.buckets()}
    assert buckets["Förlorar mer än 2 000 kr"].count == 1  # A −5 180
    assert buckets["Oförändrat"].count == 1  # C
    assert buckets["Får högst 500 kr mer"].count == 1  # B +390
    assert sum(b.count for b in buckets.values()) == len(result.outcomes) == 3
    assert buckets["Oförändrat"].share_percent == Decimal("33.3")
    assert buckets["Förlorar mer än 2 000 kr"].width_percent == 100
    assert len(result.buckets()) == len(BUCKETS)


@pytest.mark.parametrize(
    ("change", "label"),
    [(Decimal(-2000.01), "Förlorar mer än 2 000 kr"), (Decimal(-2000), "Förlorar mer än 1 000, högst 2 000 kr"),
     (Decimal("-0.01"), "Förlorar högst 500 kr"), (Decimal(0), "Oförändrat"), (Decimal(500), "Får högst 500 kr mer"),
     (Decimal("500.01"), "Får mer än 500, högst 1 000 kr mer"), (Decimal(2001), "Får mer än 2 000 kr mer")],
)
def test_bucket_edges(change, label):
    assert BUCKETS[bucket_index(change)][0] == label


def test_administrators_corrections_are_part_of_todays_rules():
    corrected = [t.with_overrides({"adult_single": Amount(Decimal(4000), "✔", "SFS (test)")}) if t.year == 2025 else t for t in TABLES]
    result = simulate(households()[:1], corrected, Scenario(cap=Decimal(100000)))
    assert result.outcomes[0].baseline == Decimal(4000 + 1270 + 6000)


def test_the_scenario_is_described_in_swedish():
    assert Scenario(uplift_percent=Decimal("2.5"), cap=Decimal(12000)).describe() == (
        "riksnormen +2,5 %, hypotetiskt bidragstak 12 000 kr per hushåll och månad"
    )
    with pytest.raises(ValueError):
        Scenario(uplift_percent=Decimal(1), table_year=2024)


# -- with the database ----------------------------------------------------------------------------------------


@pytest.fixture
def decided(staff, eb_case, protected_case):
    from datetime import date

    from skutan.payments.tests.factories import make_decision

    make_decision(case=eb_case, decided_by=staff["eb_manager"], month=date(2025, 2, 1), amount="10000",
                  inputs={**A, "month": "2025-02"})
    latest = make_decision(case=eb_case, decided_by=staff["eb_manager"], month=date(2025, 3, 1), amount="11180", inputs=A)
    other = make_decision(case=protected_case, decided_by=staff["eb_manager"], month=date(2025, 3, 1), amount="5610",
                          inputs=B)
    return latest, other


def snapshot():
    from skutan.assistance.models import Decision
    from skutan.payments.models import Payment

    return (list(Decision.objects.order_by("id").values()), list(Payment.objects.order_by("id").values()))


def test_the_simulation_uses_the_latest_decided_month_and_changes_nothing(staff, units, decided, verified_payment):
    from skutan.accounts.models import Role, UnitKind
    from skutan.accounts.services import unit_create, user_create
    from skutan.audit.models import AccessLog

    management = user_create(username="ledning", password=None,
                             memberships=[(unit_create(name="Ledning", kind=UnitKind.MANAGEMENT), Role.MANAGEMENT)])
    before = snapshot()
    result = simulation_run(ctx=AccessContext(user=management, purpose="Test"), scenario=Scenario(uplift_percent=Decimal(10)))
    assert snapshot() == before
    assert sorted(o.key for o in result.outcomes) == sorted(str(d.pk) for d in decided)
    assert result.baseline_total == Decimal(11180 + 5610)
    assert result.alternative_total == Decimal(11700 + 6880)
    assert result.decided_total == Decimal(11180 + 5610)
    log = AccessLog.objects.get(object_type="simulation")
    assert log.user_id == management.pk and log.person_id is None and log.object_id == "2 hushåll"


def test_unit_managers_see_their_units_and_caseworkers_none(staff, units, decided):
    result = simulation_run(ctx=AccessContext(user=staff["eb_manager"]), scenario=Scenario(cap=Decimal(6000)))
    assert len(result.outcomes) == 2
    with pytest.raises(AccessDeniedError):
        simulation_run(ctx=AccessContext(user=staff["eb_worker"]), scenario=Scenario(cap=Decimal(6000)))


def test_closed_cases_are_not_current_households(staff, eb_case, decided):
    from skutan.cases.models import Case

    Case.objects.filter(pk=eb_case.pk).update(status="closed")
    result = simulation_run(ctx=AccessContext(user=staff["eb_manager"]), scenario=Scenario(cap=Decimal(6000)))
    assert [o.key for o in result.outcomes] == [str(decided[1].pk)]


def test_the_database_refuses_writes_inside_the_read_only_transaction(staff, eb_case):
    from django.db import DatabaseError

    from skutan.cases.models import Case

    with pytest.raises(DatabaseError), read_only_transaction():
        Case.objects.filter(pk=eb_case.pk).update(summary="ändrad")
    eb_case.refresh_from_db()
    assert eb_case.summary != "ändrad"
    # and the connection is writable again afterwards
    Case.objects.filter(pk=eb_case.pk).update(summary="efteråt")
    eb_case.refresh_from_db()
    assert eb_case.summary == "efteråt"


@pytest.fixture
def verified_payment(staff, decided):
    """A planned payment exists too, so 'no Payment row changes' is tested on a real row."""
    from skutan.payments.services import payments_plan_from_decisions

    return payments_plan_from_decisions(actor=staff["eb_manager"])


# -- the page -----------------------------------------------------------------------------------------------


def test_the_page_shows_totals_and_an_accessible_histogram(client, staff, decided):
    client.force_login(staff["eb_manager"])
    page = client.get("/bistand/regelsimulering/")
    assert page.status_code == 200 and "Bidragstak" in page.content.decode()
    response = client.get("/bistand/regelsimulering/", {"uplift_percent": "10", "cap": "6 000"})
    html = response.content.decode()
    assert response.status_code == 200, html
    assert "Hypotetiskt" in html
    # 11 180 + 5 610 = 16 790 today; 6 000 + 6 000 = 12 000 with +10 % and the cap
    assert "16\u00a0790\u00a0kr" in html and "12\u00a0000\u00a0kr" in html
    assert "−4\u00a0790\u00a0kr (−28,5 %)" in html  # 4 790 / 16 790
    assert '<th scope="row">Förlorar mer än 2 000 kr</th><td class="num">1</td>' in html
    assert '<th scope="row">Får högst 500 kr mer</th><td class="num">1</td>' in html


def test_bad_scenarios_are_400_in_swedish(client, staff, decided):
    client.force_login(staff["eb_manager"])
    both = client.get("/bistand/regelsimulering/", {"uplift_percent": "2", "table_year": "2024"})
    assert both.status_code == 400 and "inte båda" in both.content.decode()
    bad = client.get("/bistand/regelsimulering/", {"uplift_percent": "mycket"})
    assert bad.status_code == 400 and "Ange uppräkningen i procent" in bad.content.decode()
    assert client.get("/bistand/regelsimulering/", {"table_year": "2020"}).status_code == 400


def test_the_page_is_forbidden_for_caseworkers(client, staff):
    client.force_login(staff["eb_worker"])
    assert client.get("/bistand/regelsimulering/").status_code == 403
