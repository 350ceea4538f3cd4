"""Each follow-up measure on a small hand-built dataset; the expected numbers are worked out in the test.

The decisions are written directly (the factories), so each test rebuilds the summary tables with
``refreshed()`` before reading, as the scheduled full refresh would.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from skutan.accounts.models import Role, UnitKind, User
from skutan.accounts.services import membership_add, unit_create, user_create
from skutan.cases.models import Case
from skutan.children import services as children
from skutan.core.errors import AccessDeniedError
from skutan.followup import selectors
from skutan.followup.compliance import compliance_counts
from skutan.followup.months import Period
from skutan.payments.tests.factories import make_decision


def by(measure, key, label=None):
    label = label or measure.rows and next(iter(measure.rows[0]))
    return {row[label]: row for row in measure.rows}[key]


@pytest.fixture
def no_suppression(settings):
    settings.SKUTAN_STATISTICS_SUPPRESSION_THRESHOLD = 1  # the hand-built sets are small


@pytest.fixture
def eb2(staff):
    unit = unit_create(name="Ekonomiskt bistånd Norr", kind=UnitKind.FINANCIAL_ASSISTANCE)
    membership_add(actor=None, user=staff["eb_worker"], unit=unit, role=Role.CASEWORKER)
    return unit


def revise(decision, *, amount, outcome="partly_granted", actor):
    from skutan.assistance.models import DecisionRevision

    return DecisionRevision.objects.create(
        case=decision.case, decision=decision, kind="reconsideration", outcome=outcome,
        previous_amount=decision.amount, amount=Decimal(amount), paid_before=0, settlement="none",
        decided_by=actor, decided_at=timezone.now(), reasons="Omprövat.", legal_basis="FL 37 §",
    )


def pay(decision, *, amount=None, status="sent", month=None):
    from skutan.payments.models import Payment

    return Payment.objects.create(
        decision=decision, case=decision.case, payee=decision.payee, amount=Decimal(amount or decision.amount),
        month=month or decision.month, due_date=decision.month, status=status,
        end_to_end_id=f"T-{decision.pk}-{status}",
    )


# --- 1. cost per household and month ---------------------------------------------------------------------


def test_cost_per_household_and_month_counts_amounts_in_force(staff, units, eb_case, new_person, new_case, eb2,
                                                            refreshed, no_suppression):
    manager = staff["eb_manager"]
    case2 = new_case(person=new_person(1), unit=units["eb"])
    other_unit = new_case(person=new_person(2), unit=eb2)
    feb = make_decision(case=eb_case, decided_by=manager, month=date(2026, 2, 1), amount="6000")
    feb2 = make_decision(case=case2, decided_by=manager, month=date(2026, 2, 1), amount="4000")
    make_decision(case=eb_case, decided_by=manager, month=date(2026, 3, 1), amount="5000", outcome="rejected")
    make_decision(case=case2, decided_by=manager, month=date(2026, 3, 1), amount="3000", outcome="partly_granted")
    make_decision(case=eb_case, decided_by=manager, month=date(2025, 2, 1), amount="7000")  # last year
    make_decision(case=other_unit, decided_by=manager, month=date(2026, 2, 1), amount="1001")
    revise(feb2, amount="2500", actor=manager)  # omprövning: 4000 → 2500 is what counts
    pay(feb)  # 6000 paid
    pay(feb2, amount="2500", status="planned")  # planned is not paid yet
    refreshed()

    period = Period(date(2026, 1, 1), date(2026, 3, 1))
    m = selectors.eb_cost_per_household(unit_ids=[units["eb"].pk], period=period, today=date(2026, 4, 10))
    # February: (6000 + 2500) / 2 households = 4250; paid 6000. Last year's February: 7000 for 1 household.
    feb_row = by(m, "2026-02")
    assert (feb_row["households"], feb_row["granted"], feb_row["paid"], feb_row["cost_per_household"]) == (
        2, Decimal("8500"), Decimal("6000"), Decimal("4250"))
    assert (feb_row["households_ly"], feb_row["granted_ly"], feb_row["cost_ly"]) == (1, Decimal("7000"), Decimal("7000"))
    # March: the rejection does not count; 3000 for 1 household. January: nothing, no cost to speak of.
    assert by(m, "2026-03")["cost_per_household"] == Decimal("3000")
    assert by(m, "2026-01")["households"] == 0 and by(m, "2026-01")["cost_per_household"] is None
    # All units: February (6000 + 2500 + 1001) / 3 = 3167 (rounded half up).
    everything = selectors.eb_cost_per_household(unit_ids=None, period=period, today=date(2026, 4, 10))
    assert by(everything, "2026-02")["cost_per_household"] == Decimal("3167")


def test_the_unfinished_month_is_marked(staff, eb_case, refreshed, no_suppression):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    make_decision(case=eb_case, decided_by=staff["eb_manager"], month=this_month, amount="5000")
    refreshed()
    m = selectors.eb_cost_per_household(unit_ids=None, period=selectors.default_period(today), today=today)
    last = m.rows[-1]
    assert last["unfinished"] and last["month"] == f"{this_month:%Y-%m} (pågår)"
    assert not any(r["unfinished"] for r in m.rows[:-1])
    assert any("pågår" in note for note in m.notes)


def test_forecast_scales_last_year_by_this_years_trend(staff, eb_case, refreshed, no_suppression):
    manager = staff["eb_manager"]
    for month in range(1, 13):
        make_decision(case=eb_case, decided_by=manager, month=date(2025, month, 1), amount="10000")
    for month in (1, 2):
        make_decision(case=eb_case, decided_by=manager, month=date(2026, month, 1), amount="9000")
    refreshed()
    m = selectors.eb_forecast(unit_ids=None, period=Period(date(2026, 1, 1), date(2026, 12, 1)),
                              today=date(2026, 3, 15))
    # Trend: (9000 + 9000) / (10000 + 10000) = 0.9; March–December forecast 10000 × 0.9 = 9000 each.
    assert [r["actual"] for r in m.rows[:2]] == [Decimal("9000"), Decimal("9000")]
    assert m.rows[2]["forecast"] == Decimal("9000") and m.rows[2]["kind"] == "Prognos (månaden pågår)"
    assert m.rows[11]["forecast"] == Decimal("9000")
    # Year: 12 × 9000 = 108 000 against 120 000: −10.0 %.
    assert "108\u00a0000\u00a0kr" in m.notes[0] and "120\u00a0000\u00a0kr" in m.notes[0] and "−10,0" in m.notes[0]
    assert "gånger årets trend" in m.definition


# --- 2. long-term, per household across cases, and at year boundaries ----------------------------------------


def test_long_term_counts_the_household_over_a_closed_and_reopened_case(staff, units, eb_case, new_case,
                                                                      refreshed, no_suppression):
    manager = staff["eb_manager"]
    later = new_case(person=eb_case.person, unit=units["eb"])  # closed in May, a new case from June
    for month in range(1, 6):
        make_decision(case=eb_case, decided_by=manager, month=date(2025, month, 1), amount="5000")
    for month in range(6, 11):
        make_decision(case=later, decided_by=manager, month=date(2025, month, 1), amount="5000")
    refreshed()
    m = selectors.eb_long_term(unit_ids=None, period=Period(date(2025, 1, 1), date(2025, 12, 1)),
                               today=date(2026, 3, 15))
    assert (m.rows[0]["households"], m.rows[0]["long_term"], m.rows[0]["share"]) == (1, 1, Decimal("100.0"))


def test_long_term_at_year_boundaries(staff, units, eb_case, new_person, new_case, refreshed, no_suppression,
                                      settings):
    settings.SKUTAN_FOLLOWUP_VERY_LONG_TERM_YEARS = 2
    manager = staff["eb_manager"]
    # A: ten months in a row across the new year (Aug 2024 – May 2025): 5 + 5, long-term in neither year.
    for month in [date(2024, m, 1) for m in range(8, 13)] + [date(2025, m, 1) for m in range(1, 6)]:
        make_decision(case=eb_case, decided_by=manager, month=month, amount="4000")
    # B: all of 2024 and January–October 2025: long-term both years, so very long-term (2 years) in 2025.
    b = new_case(person=new_person(1), unit=units["eb"])
    for month in [date(2024, m, 1) for m in range(1, 13)] + [date(2025, m, 1) for m in range(1, 11)]:
        make_decision(case=b, decided_by=manager, month=month, amount="4000")
    refreshed()
    m = selectors.eb_long_term(unit_ids=None, period=Period(date(2024, 1, 1), date(2025, 12, 1)),
                               today=date(2026, 3, 15))
    y2024, y2025 = m.rows
    assert (y2024["households"], y2024["long_term"], y2024["very_long_term"]) == (2, 1, 0)
    assert (y2025["households"], y2025["long_term"], y2025["very_long_term"]) == (2, 1, 1)
    assert y2025["very_share"] == Decimal("50.0")
    assert "2 kalenderår i följd" in m.definition and "obekräftad" in m.source


# --- per inhabitant -----------------------------------------------------------------------------------------


def test_per_inhabitant_uses_the_administered_population(staff, units, eb_case, refreshed, no_suppression):
    from skutan.followup.services import population_set

    admin = user_create(username="sysadm", password=None, first_name="S", last_name="F",
                        memberships=[(units["logg"], Role.SYSTEM_ADMIN)])
    population_set(actor=admin, year=2025, inhabitants=10_000, source="SCB, folkmängd 31 december 2024")
    for month in range(1, 3):
        pay(make_decision(case=eb_case, decided_by=staff["eb_manager"], month=date(2025, month, 1), amount="5000"))
    refreshed()
    m = selectors.eb_per_inhabitant(unit_ids=None, period=Period(date(2025, 1, 1), date(2025, 12, 1)),
                                    today=date(2026, 3, 1))
    # 10 000 kr paid / 10 000 inhabitants = 1 kr; 1 person (the household's largest size) of 10 000 = 0.0 %.
    assert (m.rows[0]["paid"], m.rows[0]["per_inhabitant"], m.rows[0]["persons"]) == (Decimal("10000"), Decimal("1"), 1)
    assert "N31001" in m.source and "N31807" in m.source


# --- 3. suppression -----------------------------------------------------------------------------------------


def test_small_counts_and_what_is_computed_from_them_are_suppressed(staff, units, eb_case, new_person, new_case,
                                                                   refreshed):
    manager = staff["eb_manager"]
    make_decision(case=eb_case, decided_by=manager, month=date(2026, 2, 1), amount="6000")  # 1 household
    for n in range(1, 6):  # 5 households in March
        make_decision(case=new_case(person=new_person(n), unit=units["eb"]), decided_by=manager,
                      month=date(2026, 3, 1), amount="5000")
    refreshed()
    m = selectors.eb_cost_per_household(unit_ids=None, period=Period(date(2026, 1, 1), date(2026, 3, 1)),
                                        today=date(2026, 4, 10))
    jan, feb, mar = m.rows
    assert jan["households"] == 0  # a zero is shown as 0
    assert feb["households"] is None and feb["granted"] is None and feb["cost_per_household"] is None
    assert "rows[1].households" in m.suppressed and "rows[1].cost_per_household" in m.suppressed
    assert (mar["households"], mar["cost_per_household"]) == (5, Decimal("5000"))


def test_complementary_suppression_where_a_total_would_reveal_the_cell():
    from skutan.followup.privacy import measure_suppress
    from skutan.followup.selectors import Column, Measure

    m = Measure(key="t", title="t", definition="", source="", period_label="", columns=[
        Column("step", "Steg", "text"), Column("count", "Antal", suppress="small"),
        Column("share", "Andel", "percent", suppress="count")],
        rows=[{"step": "Beslutade", "count": 40}, {"step": "Inleds", "count": 30}, {"step": "Inleds inte", "count": 7},
              {"step": "Överlämnas", "count": 3}],
        sum_groups=[([1, 2, 3], 0)])
    measure_suppress(m)
    # 3 is small; 40 − 30 − 7 would reveal it, so the next smallest cell of the group (7) goes too.
    assert [r["count"] for r in m.rows] == [40, 30, None, None]
    assert set(m.suppressed) == {"rows[2].count", "rows[3].count", "rows[2].share", "rows[3].share"}


def test_funnel_suppresses_the_complementary_outcome(children_data, units):
    m = selectors.children_funnel(unit_ids=[units["bou"].pk], period=Period(
        (children_data - timedelta(days=365)).replace(day=1), children_data.replace(day=1)), today=children_data)
    # Every count here is below 5, so all are hidden; zeros would stay.
    assert all(r["count"] is None or r["count"] == 0 or r["count"] >= 5 for r in m.rows)


# --- children's funnel --------------------------------------------------------------------------------------


def test_children_funnel_per_report_and_per_child(children_data, units, refreshed, no_suppression):
    refreshed()
    period = Period((children_data - timedelta(days=365)).replace(day=1), children_data.replace(day=1))
    m = selectors.children_funnel(unit_ids=[units["bou"].pk], period=period, today=children_data)
    rows = {r["step"]: (r["count"], r["share"]) for r in m.rows}
    # Received R1–R6 (R7 is 400 days ago: its month may fall in the period's first month; it is excluded when
    # it falls before it). Decided R1, R2, R3, R4, R6; utredning inleds R1, R4, R6; investigations 3, with insats 1.
    received = rows["Orosanmälningar"][0]
    assert received in (6, 7)
    assert rows["– utredning inleds"][0] == 3 and rows["– utredning inleds inte"][0] == 1
    assert rows["– överlämnas"][0] == 1 and rows["Utredningar"][0] == 3
    assert rows["Utredningar med minst en insats"] == (1, Decimal("33.3"))
    assert rows["Barn där utredning inleddes"][0] == 3 and rows["Barn med minst en insats"][0] == 1
    assert m.reference_lines[0][1] == Decimal("38") and "2018" in m.reference_lines[0][0]
    assert "DOMAIN" not in m.source and "seed" not in m.source.lower()


# --- 4. deadline compliance agrees with the deadline board ---------------------------------------------------


def test_compliance_counts_late_exactly_as_the_board_does(children_data, staff, units):
    from skutan.children.models import Intervention, Investigation
    from skutan.children.selectors import deadline_board

    today = children_data
    worker = staff["bou_worker"]
    manager = user_create(username="bou.chef", password=None, first_name="C", last_name="D",
                          memberships=[(units["bou"], Role.UNIT_MANAGER)])
    case = Investigation.objects.get(status="open", due__lt=today).case
    custody = children.lvu_decision_register(
        actor=worker, case=case, kind="immediate_custody", decided_on=today - timedelta(days=40),
        executed_on=today - timedelta(days=40), grounds="2 §", reasons="Akut.",
    )
    children.lvu_court_submission_record(actor=worker, decision=custody, submitted_on=custody.court_submission_due)
    intervention = Intervention.objects.get()
    children.intervention_follow_up_plan(actor=worker, intervention=intervention, due_on=today - timedelta(days=3))
    children.intervention_follow_up_plan(actor=worker, intervention=intervention, due_on=today + timedelta(days=20))

    board = deadline_board(user=manager, today=today)
    late_on_board = {}
    for row in board["late"]:
        late_on_board[row.kind] = late_on_board.get(row.kind, 0) + 1
    counts = compliance_counts(unit_ids=[units["bou"].pk], period=None, today=today)
    assert sum(late_on_board.values()) >= 4  # protection (R3, R5), preliminary (R5), investigation, LVU 8 §, follow-up
    for kind in ("protection", "preliminary", "investigation", "follow_up", "lvu_court", "lvu_application",
                 "care_review"):
        assert counts[kind]["late_open"] == late_on_board.get(kind, 0), kind
    assert counts["lvu_court"]["on_time"] == 1 and counts["follow_up"]["open"] == 1


def test_compliance_measure_judges_done_late_and_pending(children_data, units, no_suppression):
    period = Period((children_data - timedelta(days=365)).replace(day=1), children_data.replace(day=1))
    m = selectors.children_deadlines(unit_ids=[units["bou"].pk], period=period, today=children_data)
    rows = {r["limit"]: r for r in m.rows}
    prelim = rows["Förhandsbedömning inom 14 dagar"]
    # Decided on time: R1, R3, R4, R6; R2 decided late; R5 not decided and its day has passed (late on the board).
    assert (prelim["on_time"], prelim["late_done"], prelim["late_open"]) == (4, 1, 1)
    assert prelim["share"] == Decimal("66.7")
    protection = rows["Skyddsbedömning samma dag"]
    # Same day: R1, R4, R6; R2 the next day; R3 and R5 never (late on the board).
    assert (protection["on_time"], protection["late_done"], protection["late_open"]) == (3, 1, 2)


def test_compliance_counts_a_recorded_extension(children_data, staff, units):
    from skutan.children.models import Investigation

    overdue = Investigation.objects.get(status="open", due__lt=children_data)
    before = compliance_counts(unit_ids=[units["bou"].pk], period=None, today=children_data)["investigation"]
    children.investigation_extend(
        actor=staff["bou_worker"], investigation=overdue, new_due=children_data + timedelta(days=30),
        reason="Väntar på utlåtande från BUP.",
    )
    after = compliance_counts(unit_ids=[units["bou"].pk], period=None, today=children_data)["investigation"]
    assert (before["late_open"], after["late_open"], after["open"]) == (1, 0, before["open"] + 1)


# --- 5. workload and time in post -------------------------------------------------------------------------------


def test_caseworker_workload(staff, units, eb_case, bou_case, new_person, new_case):
    today = timezone.localdate()
    w1, w2 = staff["eb_worker"], staff["eb_worker2"]
    new_case(person=new_person(1), unit=units["eb"], assign_to=w1)
    new_case(person=new_person(2), unit=units["eb"], assign_to=w1)
    new_case(person=new_person(3), unit=units["eb"], assign_to=w2)
    closed = new_case(person=new_person(4), unit=units["eb"], assign_to=w2)
    Case.objects.filter(pk=closed.pk).update(status="closed")  # a closed case is no workload
    User.objects.filter(pk=w1.pk).update(employed_since=today - timedelta(days=365))
    User.objects.filter(pk=w2.pk).update(employed_since=today - timedelta(days=5 * 365))
    User.objects.filter(pk=staff["bou_worker"].pk).update(employed_since=today.replace(year=today.year - 2))

    m = selectors.caseworker_workload(unit_ids=None, today=today)
    eb, bou, total = by(m, "Ekonomiskt bistånd"), by(m, "Barn och unga"), by(m, "Totalt")
    # EB caseworkers: eb_worker 3 (eb_case + 2), eb_worker2 1, eb_manager (also caseworker?) -> as memberships say.
    assert (eb["active_cases"], eb["max"]) == (4, 3)
    assert eb["under_two_years"] == 1 and eb["share_under_two_years"] == Decimal("50.0")
    assert (bou["caseworkers"], bou["max"], bou["share_under_two_years"]) == (1, 1, Decimal("0.0"))
    # Over all units: 1 new of 3 with a known date.
    assert (total["under_two_years"], total["share_under_two_years"]) == (1, Decimal("33.3"))
    assert not any("user" in key for key in m.rows[0])


def test_scope(staff, management):
    assert selectors.followup_scope(user=management) is None
    assert selectors.followup_scope(user=staff["eb_manager"]) == [staff["eb_manager"].memberships.get(
        role=Role.UNIT_MANAGER).unit_id]
    with pytest.raises(AccessDeniedError):
        selectors.followup_scope(user=staff["eb_worker"])
