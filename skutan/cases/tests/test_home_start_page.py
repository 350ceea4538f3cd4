"""The start page for an EB caseworker: a fixed query budget, and the panels' unit checks (now answered from
the request's cached memberships) give the same answers as the queries they replace."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skutan.accounts.models import Membership, Role, Unit, UnitKind
from skutan.accounts.selectors import user_access_cache_clear
from skutan.accounts.services import membership_add, unit_create, user_create
from skutan.adults.selectors import user_in_adults_unit
from skutan.assistance.deadlines import eb_unit_ids_for_user
from skutan.mobile.selectors import team_units_of, user_in_team

# The EB caseworker's start page with one case (test data): 25 before issue 11, 22 after the panels read units
# from the cached memberships. Raise it only for a new panel, never for a query per row.
HOME_QUERY_BUDGET = 22


@pytest.fixture
def mixed_users(units):
    adults = unit_create(name="Vuxen", kind=UnitKind.ADULTS)
    team = unit_create(name="Mobila teamet", kind=UnitKind.MOBILE_TEAM)
    users = {
        "eb": user_create(username="m.eb", password=None, first_name="A", last_name="A",
                          memberships=[(units["eb"], Role.CASEWORKER)]),
        "adults": user_create(username="m.adults", password=None, first_name="B", last_name="B",
                              memberships=[(adults, Role.CASEWORKER), (units["eb"], Role.UNIT_MANAGER)]),
        "member": user_create(username="m.team", password=None, first_name="C", last_name="C",
                              memberships=[(team, Role.MOBILE_TEAM)]),
        "team_caseworker": user_create(username="m.teamcw", password=None, first_name="D", last_name="D",
                                       memberships=[(team, Role.CASEWORKER)]),
        "none": user_create(username="m.none", password=None, first_name="E", last_name="E", memberships=[]),
    }
    membership_add(actor=None, user=users["member"], unit=team, role=Role.UNIT_MANAGER)
    return users


def test_panel_unit_checks_equal_the_queries_they_replace(mixed_users):
    for user in mixed_users.values():
        user_access_cache_clear(user=user)
        assert user_in_adults_unit(user=user) == Membership.objects.filter(
            user=user, unit__kind=UnitKind.ADULTS).exists()
        assert eb_unit_ids_for_user(user=user) == set(Unit.objects.filter(
            memberships__user=user, kind=UnitKind.FINANCIAL_ASSISTANCE).values_list("pk", flat=True))
        assert user_in_team(user=user) == bool(team_units_of(user=user))
    assert user_in_adults_unit(user=mixed_users["adults"]) and not user_in_adults_unit(user=mixed_users["eb"])
    assert user_in_team(user=mixed_users["member"]) and not user_in_team(user=mixed_users["team_caseworker"])


def test_home_for_eb_caseworker_stays_within_query_budget(login, staff, person):
    from skutan.cases.services import case_open

    case = case_open(actor=staff["eb_worker"], person=person, unit=staff["eb_worker"].memberships.first().unit,
                     case_type="financial_assistance", opening_kind="application", assign_to=staff["eb_worker"])
    client = login(staff["eb_worker"])
    client.get("/")  # warm per-process caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    assert len(ctx.captured_queries) <= HOME_QUERY_BUDGET, "\n".join(q["sql"][:160] for q in ctx.captured_queries)
