"""Fixtures for the follow-up tests, on top of skutan/conftest.py (units, staff, person, eb_case, api …)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import unit_create, user_create
from skutan.children import services as children
from skutan.conftest import make_pnr
from skutan.people.services import person_create

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=STOCKHOLM)


@pytest.fixture
def management(units):
    unit = unit_create(name="Förvaltningsledning", kind=UnitKind.MANAGEMENT)
    return user_create(
        username="socialchef", password="Skutan-demo-2026", first_name="Sofia", last_name="Chef",
        memberships=[(unit, Role.MANAGEMENT)],
    )


@pytest.fixture
def login():
    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def new_person(staff):
    """new_person(n): a fresh adult or child (n picks the birth number, 1–99)."""

    def make(n: int, born: date = date(1980, 1, 1)):
        return person_create(
            actor=staff["eb_worker"], identity_number=make_pnr(born, 300 + n), first_name=f"P{n}",
            last_name="Testsson",
        )

    return make


@pytest.fixture
def new_case(staff):
    def make(*, person, unit, case_type="financial_assistance", assign_to=None, actor=None):
        from skutan.cases.services import case_open

        return case_open(
            actor=actor or staff["eb_worker"], person=person, unit=unit, case_type=case_type,
            opening_kind="application", assign_to=assign_to,
        )

    return make


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


@pytest.fixture
def refreshed():
    """refreshed(): rebuild the summary tables (the tests write decisions directly, not through services)."""
    from skutan.followup.summaries import statistics_refresh

    return statistics_refresh


@pytest.fixture
def decisions(staff, units, eb_case, new_person, new_case, refreshed):
    """Last month: 5 households in EB at 6000 kr and 1 in EB Norr at 1000 kr; this month one at 4000 kr."""
    from skutan.accounts.services import membership_add
    from skutan.followup.months import month_add
    from skutan.payments.tests.factories import make_decision

    last_month = month_add(timezone.localdate().replace(day=1), -1)
    other = unit_create(name="Ekonomiskt bistånd Norr", kind=UnitKind.FINANCIAL_ASSISTANCE)
    membership_add(actor=None, user=staff["eb_worker"], unit=other, role=Role.CASEWORKER)
    make_decision(case=eb_case, decided_by=staff["eb_manager"], month=last_month, amount="6000")
    for n in range(1, 5):
        make_decision(case=new_case(person=new_person(n), unit=units["eb"]), decided_by=staff["eb_manager"],
                      month=last_month, amount="6000")
    make_decision(case=new_case(person=new_person(9), unit=other), decided_by=staff["eb_manager"], month=last_month,
                  amount="1000")
    make_decision(case=eb_case, decided_by=staff["eb_manager"], month=timezone.localdate().replace(day=1),
                  amount="4000")
    refreshed()
    return {"month": last_month, "other": other}
