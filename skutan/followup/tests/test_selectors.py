"""Each follow-up measure on a small hand-built dataset; the expected numbers are worked out by hand."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from skutan.accounts.models import Role, UnitKind, User
from skutan.accounts.services import membership_add, unit_create, user_create
from skutan.cases.models import Case
from skutan.children import services as children
from skutan.core.errors import AccessDeniedError
from skutan.followup import selectors
from skutan.payments.tests.factories import make_decision

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=STOCKHOLM)


def by(measure, key):
    return {row[measure.chart_label]: row for row in measure.rows}[key]


@pytest.fixture
def eb2(staff):
    unit = unit_create(name="Ekonomiskt bistånd Norr", kind=UnitKind.FINANCIAL_ASSISTANCE)
    membership_add(actor=None, user=staff["eb_worker"], unit=unit, role=Role.CASEWORKER)
    return unit


# --- 1. cost per household ---------------------------------------------------------------------------


def test_eb_cost_per_household(staff, units, eb_case, new_person, new_case, eb2):
    manager = staff["eb_manager"]
    case2 = new_case(person=new_person(1), unit=units["eb"])
    other_unit = new_case(person=new_person(2), unit=eb2)
    make_decision(case=eb_case, decided_by=manager, month=date(2026, 2, 1), amount="6000")
    make_decision(case=case2, decided_by=manager, month=date(2026, 2, 1), amount="4000")
    make_decision(case=eb_case, decided_by=manager, month=date(2026, 3, 1), amount="5000", outcome="rejected")
    make_decision(case=case2, decided_by=manager, month=date(2026, 3, 1), amount="3000", outcome="partly_granted")
    make_decision(case=eb_case, decided_by=manager, month=date(2024, 3, 1), amount="9999")  # 25 months back
    make_decision(case=other_unit, decided_by=manager, month=date(2026, 2, 1), amount="1000")

    m = selectors.eb_cost_per_household(unit_ids=[units["eb"].pk], today=date(2026, 3, 15))
    # 24 months: 2024-04 … 2026-03. February: (6000 + 4000) / 2 households = 5000.
    # March: only the partly granted 3000 (the rejection does not count) / 1 household = 3000.
    assert [r["month"] for r in m.rows][0] == "2024-04" and len(m.rows) == 24
    assert by(m, "2026-02") == {"month": "2026-02", "households": 2, "total": Decimal("10000.00"),
                                "per_household": Decimal("5000.00")}
    assert by(m, "2026-03")["per_household"] == Decimal("3000.00")
    assert by(m, "2026-01") == {"month": "2026-01", "households": 0, "total": Decimal("0.00"), "per_household": None}

    everything = selectors.eb_cost_per_household(unit_ids=None, today=date(2026, 3, 15))
    # All units: February (6000 + 4000 + 1000) / 3 = 3666.67
    assert by(everything, "2026-02")["per_household"] == Decimal("3666.67")


# --- 2. long-term recipients -------------------------------------------------------------------------


def test_eb_long_term(staff, units, eb_case, new_person, new_case):
    manager = staff["eb_manager"]
    case2 = new_case(person=new_person(1), unit=units["eb"])
    for month in range(1, 11):  # eb_case: ten months of 2025, one of them partly granted -> long-term
        make_decision(case=eb_case, decided_by=manager, month=date(2025, month, 1), amount="5000",
                      outcome="partly_granted" if month == 4 else "granted")
    for month in range(1, 10):  # case2: nine granted months and one rejection -> not long-term
        make_decision(case=case2, decided_by=manager, month=date(2025, month, 1), amount="5000")
    make_decision(case=case2, decided_by=manager, month=date(2025, 10, 1), amount="0", outcome="rejected")
    make_decision(case=case2, decided_by=manager, month=date(2026, 1, 1), amount="5000")

    m = selectors.eb_long_term(unit_ids=None, today=date(2026, 3, 15))
    # 2025: 2 households with assistance, 1 with >= 10 months -> 50.0 %. 2026 (ongoing): 1 household, 0.
    assert [r["year"] for r in m.rows] == ["2022", "2023", "2024", "2025", "2026 (pågår)"]
    assert by(m, "2025") == {"year": "2025", "households": 2, "long_term": 1, "share": Decimal("50.0")}
    assert by(m, "2026 (pågår)")["long_term"] == 0 and by(m, "2026 (pågår)")["households"] == 1
    assert by(m, "2022")["share"] is None  # nothing to divide by
    assert not any("mycket" in c.label.lower() for c in m.columns)


def test_eb_long_term_counts_the_household_not_the_case(staff, units, eb_case, new_person, new_case):
    manager = staff["eb_manager"]
    # The same applicant in two cases in 2025 (closed in May, a new case from June): 5 + 5 months = long-term
    later = new_case(person=eb_case.person, unit=units["eb"])
    for month in range(1, 6):
        make_decision(case=eb_case, decided_by=manager, month=date(2025, month, 1), amount="5000")
    for month in range(6, 11):
        make_decision(case=later, decided_by=manager, month=date(2025, month, 1), amount="5000")
    m = selectors.eb_long_term(unit_ids=None, today=date(2026, 3, 15))
    assert by(m, "2025") == {"year": "2025", "households": 1, "long_term": 1, "share": Decimal("100.0")}


# --- 3 and 4. children -------------------------------------------------------------------------------


@pytest.fixture
def children_data(staff, units, new_person):
    """Six reports in Barn och unga within the last twelve months, one older, one in another unit.

    R1 child A: skyddsbedömning same day; utredning inleds d0+5 (Inv1); insats d0+20 (Inv1 concluded on time)
    R2 child B: skyddsbedömning next day; utredning inleds inte d0+25 (late: due d0+14, at most a few days
        later for a holiday)
    R3 child C: no skyddsbedömning; överlämnas d0+3
    R4 child D: skyddsbedömning same day; utredning inleds d0+2 (Inv2, open, due ~4 months ahead)
    R5 unidentified child: nothing decided yet
    R6 child E (received today-200): skyddsbedömning same day; utredning inleds +3 (Inv3, open, overdue)
    Outside: R7 received 400 days ago; R8 in another children's unit.
    """
    worker = staff["bou_worker"]
    bou = units["bou"]
    today = timezone.localdate()
    d0 = today - timedelta(days=60)

    def report(child, day, hour=10, unit=bou):
        kwargs = {"child": child} if child else {"child_description": "Okänt barn, ca 8 år"}
        return children.child_report_register(
            actor=worker, unit=unit, received_at=at(day, hour), reporter_category="school", concerns=["neglect"],
            **kwargs,
        )

    def protect(r, when):
        children.protection_assessment_record(
            actor=worker, report=r, assessed_at=when, immediate_protection_needed=False, notes="Inget akut behov."
        )

    kids = [new_person(10 + i, born=date(2015, 1, 1 + i)) for i in range(6)]
    r1 = report(kids[0], d0)
    protect(r1, at(d0, 11))
    inv1 = children.preliminary_assessment_decide(
        actor=worker, report=r1, outcome="open_investigation", decided_on=d0 + timedelta(days=5)
    ).investigation
    from skutan.children.tests.conftest import GOAL, grant_delegations, ready_for_decision

    grant_delegations(worker)
    ready_for_decision(inv1, worker)
    children.intervention_decide(
        actor=worker, investigation=inv1, kind="contact_person", decided_on=d0 + timedelta(days=20),
        starts_on=d0 + timedelta(days=21), provider="Kontaktperson", **GOAL,
    )
    r2 = report(kids[1], d0)
    protect(r2, at(d0 + timedelta(days=1), 9))
    children.preliminary_assessment_decide(
        actor=worker, report=r2, outcome="no_investigation", decided_on=d0 + timedelta(days=25), reason="Ingen oro."
    )
    r3 = report(kids[2], d0)
    children.preliminary_assessment_decide(
        actor=worker, report=r3, outcome="transfer", decided_on=d0 + timedelta(days=3), transferred_to="Annan kommun"
    )
    r4 = report(kids[3], d0)
    protect(r4, at(d0, 16))
    children.preliminary_assessment_decide(
        actor=worker, report=r4, outcome="open_investigation", decided_on=d0 + timedelta(days=2)
    )
    report(None, d0)
    e0 = today - timedelta(days=200)
    r6 = report(kids[4], e0)
    protect(r6, at(e0, 12))
    children.preliminary_assessment_decide(
        actor=worker, report=r6, outcome="open_investigation", decided_on=e0 + timedelta(days=3)
    )
    report(kids[5], today - timedelta(days=400))
    other = unit_create(name="Barn och unga Norr", kind=UnitKind.CHILDREN)
    other_worker = user_create(username="bou2", password=None, first_name="A", last_name="B",
                               memberships=[(other, Role.CASEWORKER)])
    children.child_report_register(
        actor=other_worker, unit=other, received_at=at(d0), reporter_category="police",
        child_description="Okänt barn",
    )
    return today


def test_children_funnel(children_data, units):
    m = selectors.children_funnel(unit_ids=[units["bou"].pk], today=children_data)
    rows = {r["step"]: (r["count"], r["share"]) for r in m.rows}
    # received R1–R6 = 6; decided R1, R2, R3, R4, R6 = 5 (5/6 = 83.3 %); utredning inleds R1, R4, R6 = 3 (3/5 = 60.0 %);
    # investigations Inv1–Inv3 = 3; with insats Inv1 = 1 (1/3 = 33.3 %); screened out R2 = 1 (1/5 = 20.0 %);
    # transferred R3 = 1 (20.0 %).
    assert rows == {
        "Orosanmälningar": (6, None),
        "Förhandsbedömning beslutad": (5, Decimal("83.3")),
        "Utredning inleds": (3, Decimal("60.0")),
        "Utredningar": (3, None),
        "Utredningar med minst en insats": (1, Decimal("33.3")),
        "Utredning inleds inte (sållade)": (1, Decimal("20.0")),
        "Överlämnade": (1, Decimal("20.0")),
        # per child: the five identified children A–E received in the period, each counted once
        "Barn med orosanmälan (identifierade)": (5, None),
        "Barn med beslutad förhandsbedömning": (5, Decimal("100.0")),
        "Barn där utredning inleddes": (3, Decimal("60.0")),  # A, D, E
        "Barn med minst en insats": (1, Decimal("20.0")),  # A
        "Barn vars alla anmälningar sållades": (1, Decimal("20.0")),  # B
    }
    everything = selectors.children_funnel(unit_ids=None, today=children_data)
    assert everything.rows[0]["count"] == 7  # plus R8 in the other unit


def test_children_deadlines(children_data, units):
    m = selectors.children_deadlines(unit_ids=[units["bou"].pk], today=children_data)
    rows = {r["limit"]: (r["total"], r["on_time"], r["share"]) for r in m.rows}
    # Skyddsbedömning the same day: R1, R4, R6 of R1–R6 -> 3/6 = 50.0 %.
    # Förhandsbedömning on time: R1, R3, R4, R6 of the five decided (R2 late) -> 4/5 = 80.0 %.
    # Utredning: Inv1 concluded on time, Inv2 open within due, Inv3 open and overdue -> 2/3 = 66.7 %.
    assert rows == {
        "Skyddsbedömning samma dag": (6, 3, Decimal("50.0")),
        "Förhandsbedömning inom frist": (5, 4, Decimal("80.0")),
        "Utredning inom frist": (3, 2, Decimal("66.7")),
        "Underställning inom en vecka (7 § LVU)": (0, 0, None),
        "Ansökan om vård inom fyra veckor (8 § LVU)": (0, 0, None),
        "Övervägande/omprövning inom sex månader": (0, 0, None),
    }


def test_children_deadlines_count_lvu_and_considerations_as_the_board_does(children_data, staff, units):
    """The same stored due dates as the board (skutan.children.selectors)."""
    from skutan.children.models import Investigation

    worker = staff["bou_worker"]
    case = Investigation.objects.get(status="open", due__lt=children_data).case
    custody = children.lvu_decision_register(
        actor=worker, case=case, kind="immediate_custody", decided_on=children_data - timedelta(days=40),
        executed_on=children_data - timedelta(days=40), grounds="2 §", reasons="Akut.",
    )
    children.lvu_court_submission_record(actor=worker, decision=custody, submitted_on=custody.court_submission_due)
    # the application for care was never filed: four weeks (maybe moved a few days) have passed -> late
    m = selectors.children_deadlines(unit_ids=[units["bou"].pk], today=children_data)
    assert by(m, "Underställning inom en vecka (7 § LVU)")["on_time"] == 1
    assert (by(m, "Ansökan om vård inom fyra veckor (8 § LVU)")["total"],
            by(m, "Ansökan om vård inom fyra veckor (8 § LVU)")["on_time"]) == (1, 0)


def test_children_deadlines_count_a_recorded_extension(children_data, staff, units):
    from skutan.children.models import Investigation

    overdue = Investigation.objects.get(status="open", due__lt=children_data)
    children.investigation_extend(
        actor=staff["bou_worker"], investigation=overdue, new_due=children_data + timedelta(days=30),
        reason="Väntar på utlåtande från BUP.",
    )
    m = selectors.children_deadlines(unit_ids=[units["bou"].pk], today=children_data)
    assert by(m, "Utredning inom frist")["on_time"] == 3  # Inv3 is within its extended due date


# --- 5. workload --------------------------------------------------------------------------------------


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
    eb, bou = by(m, "Ekonomiskt bistånd"), by(m, "Barn och unga")
    # EB caseworkers: eb_worker 3 (eb_case + 2), eb_worker2 1, eb_manager (also caseworker) 0 -> median 1, max 3.
    # employed_since: eb_worker 1 year (new), eb_worker2 5 years, eb_manager unknown -> 1 of 2 = 50.0 %.
    assert (eb["caseworkers"], eb["active_cases"], eb["median"], eb["max"]) == (3, 4, Decimal("1.0"), 3)
    assert (eb["under_two_years"], eb["unknown_employed_since"], eb["share_under_two_years"]) == (1, 1, Decimal("50.0"))
    # BoU: bou_worker with bou_case, employed exactly two years ago: not under two years.
    assert (bou["caseworkers"], bou["median"], bou["max"], bou["share_under_two_years"]) == (
        1, Decimal("1.0"), 1, Decimal("0.0"))
    # Over all units: 1 new of 3 with a known date.
    assert "1 av 3" in m.notes[0]
    assert set(m.rows[0]) >= {"unit", "median"} and not any("user" in key for key in m.rows[0])

    scoped = selectors.caseworker_workload(unit_ids=[units["bou"].pk], today=today)
    assert [r["unit"] for r in scoped.rows] == ["Barn och unga"]


# --- scope and query count ----------------------------------------------------------------------------


def test_scope(staff, management):
    assert selectors.followup_scope(user=management) is None
    assert selectors.followup_scope(user=staff["eb_manager"]) == [staff["eb_manager"].memberships.get(
        role=Role.UNIT_MANAGER).unit_id]
    with pytest.raises(AccessDeniedError):
        selectors.followup_scope(user=staff["eb_worker"])


def test_dashboard_query_count_does_not_grow_with_data(staff, units, eb_case, new_person, new_case):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            selectors.followup_dashboard(unit_ids=None)
        return len(ctx.captured_queries)

    make_decision(case=eb_case, decided_by=staff["eb_manager"], month=timezone.localdate().replace(day=1),
                  amount="5000")
    small = count()
    month = timezone.localdate().replace(day=1)
    for n in range(1, 6):
        case = new_case(person=new_person(n), unit=units["eb"], assign_to=staff["eb_worker2"])
        make_decision(case=case, decided_by=staff["eb_manager"], month=month, amount="4000")
    assert count() == small
