"""Query-count guards for the main pages (issue 11): each page is rendered with N rows and with 2N rows, and
must issue exactly the same number of SQL queries. A page that starts to query per row (a member, an entry,
a decision, an application) fails here, on SQLite and PostgreSQL alike, long before a benchmark would notice.

Pages guarded elsewhere with the same N/2N rule: the start page, person search, unit board and my cases
(test_queries.py), the deadline board (children/tests/test_board.py), the follow-up dashboard
(followup/tests/test_views.py).
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skutan.assistance.inputs import ApplicationInput, CostInput, IncomeInput, MemberInput
from skutan.assistance.services import application_create
from skutan.cases.services import case_open, journal_entry_create, journal_entry_sign
from skutan.conftest import make_pnr
from skutan.payments.tests.factories import make_decision
from skutan.people.models import HouseholdMember
from skutan.people.services import household_create, person_create

N = 5
PERSON_OVERVIEW_MAX = 23  # issue 11: constant, at most 25 for a household of 10 (23 since acclog)


def _queries(client, url) -> int:
    client.get(url)  # per-process caches (content types, templates) and the session's first touch
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _assert_same_for_n_and_2n(client, url, grow) -> int:
    grow(N)
    few = _queries(client, url)
    grow(2 * N)
    many = _queries(client, url)
    assert many == few, f"{url}: {few} queries with {N} rows, {many} with {2 * N}: a query per row"
    return many


def _born(years: int, i: int) -> date:
    return date(2025, 1, 1) - timedelta(days=365 * years + i)


def test_person_overview_with_a_household_of_ten(login, staff, person, eb_case):
    """No one in the household is protected, so every member's address is decided (the expensive path)."""
    household = household_create(actor=staff["eb_worker"], cohabiting=False, since=date(2024, 1, 1),
                                 members=[(person, "adult")])

    def grow(n):
        while household.members.count() < n:
            i = household.members.count()
            child = person_create(actor=staff["eb_worker"], identity_number=make_pnr(_born(2 + i, i), 300 + 2 * i),
                                  first_name=f"Barn{i}", last_name="Svensson", street_address="Storgatan 1",
                                  postal_code="68230", city="Filipstad")
            HouseholdMember.objects.create(household=household, person=child, role="child",
                                           joined_on=date(2024, 1, 1))

    client = login(staff["eb_worker"])
    count = _assert_same_for_n_and_2n(client, f"/personer/{person.pk}/", grow)
    assert count <= PERSON_OVERVIEW_MAX
    html = client.get(f"/personer/{person.pk}/").content.decode()
    assert html.count('id="medlem-') == 2 * N and "Storgatan 1" in html


@pytest.mark.parametrize("kind", ["financial_assistance", "children"])
def test_case_page_of_each_kind(login, staff, units, person, kind):
    unit, worker = (units["eb"], staff["eb_worker"]) if kind == "financial_assistance" else (units["bou"],
                                                                                          staff["bou_worker"])
    case = case_open(actor=worker, person=person, unit=unit, case_type=kind,
                     opening_kind="application" if kind == "financial_assistance" else "report", assign_to=worker)
    made = []

    def grow(n):
        while len(made) < n:
            entry = journal_entry_create(actor=worker, case=case, text=f"Anteckning {len(made)}")
            made.append(journal_entry_sign(actor=worker, entry=entry))

    client = login(worker)
    _assert_same_for_n_and_2n(client, f"/arenden/{case.pk}/", grow)
    assert client.get(f"/arenden/{case.pk}/").content.decode().count('id="entry-') == 2 * N


def _application_input(size: int) -> ApplicationInput:
    members = [MemberInput(birth_date=date(1980, 1, 1), role="adult", key="a0")]
    members += [MemberInput(birth_date=_born(3 + i, i), role="child", lunch_at_home=True, key=f"c{i}")
                for i in range(size - 1)]
    return ApplicationInput(
        members=members,
        costs=[CostInput(type="rent", amount=Decimal("7000"))]
        + [CostInput(type="other", amount=Decimal(100 + i), description=f"Kostnad {i}") for i in range(size)],
        incomes=[IncomeInput(type="child_allowance", amount=Decimal("1250"), member_key=f"c{i}")
                 for i in range(size - 1)],
        consecutive_months_on_assistance=1, job_stimulus_months_used=0,
    )


def test_eb_application_page(login, staff, eb_case):
    """An application of N members and costs, and one of 2N: the same number of queries."""
    client = login(staff["eb_worker"])
    counts = []
    for month, size in ((date(2025, 3, 1), N), (date(2025, 4, 1), 2 * N)):
        application = application_create(actor=staff["eb_worker"], case=eb_case, month=month,
                                         data=_application_input(size))
        counts.append(_queries(client, f"/bistand/ansokan/{application.pk}/"))
    assert counts[0] == counts[1], f"application page: {counts[0]} queries for {N} members, {counts[1]} for {2 * N}"


def _month(i: int) -> date:
    return date(2020 + i // 12, i % 12 + 1, 1)


@pytest.mark.parametrize("page", ["beslut/", ""])
def test_eb_decisions_and_months_pages(login, staff, eb_case, page):
    """The EB case's decisions page and its month list, with N and 2N decided months."""
    made = []

    def grow(n):
        while len(made) < n:
            made.append(make_decision(case=eb_case, decided_by=staff["eb_manager"], month=_month(len(made)),
                                      amount="4200"))

    client = login(staff["eb_worker"])
    _assert_same_for_n_and_2n(client, f"/bistand/arenden/{eb_case.pk}/{page}", grow)
