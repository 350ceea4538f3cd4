"""Weighted workload, the allocation suggestion and the qualification rule (issue 14 parts 2–3)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from skutan.accounts.models import Role
from skutan.accounts.services import user_create
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessLog
from skutan.cases.services import case_allocate, case_open
from skutan.core.errors import AccessDeniedError, ApplicationError, NotFoundError
from skutan.staff import selectors, services

pytestmark = pytest.mark.django_db


def _children_case(staff, units, person, status="investigation"):
    from skutan.cases.models import Case

    case = case_open(actor=staff["bou_worker"], person=person, unit=units["bou"], case_type="children",
                     opening_kind="report")
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


def test_weights_by_type_and_phase_with_a_per_case_adjustment(staff, units, person, eb_case):
    loads = selectors.weighted_loads(unit_ids={units["eb"].pk})
    assert loads[staff["eb_worker"].pk]["load"] == Decimal("2.0")  # EB, newly opened (example weight)
    services.case_weight_set(actor=staff["eb_manager"], case_type="financial_assistance", phase="opened", weight="2.5")
    assert selectors.weighted_loads(unit_ids={units["eb"].pk})[staff["eb_worker"].pk]["load"] == Decimal("2.5")
    with pytest.raises(ApplicationError):
        services.case_weight_adjust(actor=staff["eb_manager"], case=eb_case, weight="4", reason=" ")
    services.case_weight_adjust(actor=staff["eb_manager"], case=eb_case, weight="4", reason="Tolk och skuldsanering")
    assert selectors.weighted_loads(unit_ids={units["eb"].pk})[staff["eb_worker"].pk]["load"] == Decimal("4.0")
    with pytest.raises(AccessDeniedError):
        services.case_weight_adjust(actor=staff["eb_worker"], case=eb_case, weight="1", reason="x")


def test_suggestion_is_the_least_loaded_qualified_worker(staff, units, person, eb_case):
    from skutan.cases.services import case_open as open_case

    second = open_case(actor=staff["eb_manager"], person=person, unit=units["eb"], case_type="financial_assistance",
                       opening_kind="application", assign_to=staff["eb_worker"])
    suggestion = selectors.allocation_suggestion(case=second, workers=[staff["eb_worker"], staff["eb_worker2"]])
    assert suggestion["suggested"] == staff["eb_worker2"]
    assert [r["cases"] for r in suggestion["rows"]] == [2, 0]


def test_unqualified_worker_cannot_be_responsible_in_a_child_investigation(staff, units, person):
    case = _children_case(staff, units, person)
    manager = user_create(username="bou.chef", password=None, first_name="B", last_name="Chef",
                          memberships=[(units["bou"], Role.UNIT_MANAGER)])
    newcomer = user_create(username="bou.ny", password=None, first_name="Ny", last_name="Handläggare",
                           memberships=[(units["bou"], Role.CASEWORKER)])
    services.staff_profile_save(actor=manager, user=newcomer, degree="none")
    with pytest.raises(ApplicationError) as exc:
        case_allocate(actor=manager, case=case, assignee=newcomer)
    assert exc.value.field == "user"
    services.staff_profile_save(actor=manager, user=newcomer, degree="none",
                                dispensation_until=timezone.localdate() + timedelta(days=30),
                                dispensation_reason="Beslut av nämnden")
    assert case_allocate(actor=manager, case=case, assignee=newcomer).user == newcomer
    suggestion = selectors.allocation_suggestion(case=case, workers=[newcomer])
    assert suggestion["rows"][0]["qualified"]


def test_the_rule_does_not_apply_to_eb_cases(staff, units, eb_case):
    services.staff_profile_save(actor=staff["eb_manager"], user=staff["eb_worker2"], degree="none")
    assert case_allocate(actor=staff["eb_manager"], case=eb_case, assignee=staff["eb_worker2"]).user == staff["eb_worker2"]


def test_staff_data_is_for_the_member_their_manager_and_logged(staff, units):
    services.staff_profile_save(actor=staff["eb_manager"], user=staff["eb_worker"], degree="socionom")
    with pytest.raises(AccessDeniedError):  # the member does not edit their own record
        services.staff_profile_save(actor=staff["eb_worker"], user=staff["eb_worker"], degree="socionom")
    before = AccessLog.objects.count()
    user, profile, _ = selectors.staff_profile_for_viewer(ctx=AccessContext(user=staff["eb_manager"]),
                                                          user_id=staff["eb_worker"].pk)
    assert profile.degree == "socionom" and AccessLog.objects.count() == before + 1
    selectors.staff_profile_for_viewer(ctx=AccessContext(user=staff["eb_worker"]), user_id=staff["eb_worker"].pk)
    with pytest.raises(NotFoundError):
        selectors.staff_profile_for_viewer(ctx=AccessContext(user=staff["eb_worker2"]), user_id=staff["eb_worker"].pk)


def test_unit_dashboard_experience_mix_and_dispensations(staff, units):
    from skutan.accounts.models import User

    today = timezone.localdate()
    User.objects.filter(pk=staff["eb_worker"].pk).update(employed_since=today - timedelta(days=200))
    User.objects.filter(pk=staff["eb_worker2"].pk).update(employed_since=today - timedelta(days=6 * 365))
    services.staff_profile_save(actor=staff["eb_manager"], user=staff["eb_worker"], degree="none",
                                dispensation_until=today + timedelta(days=45), dispensation_reason="Nämndbeslut")
    services.introduction_step_add(actor=staff["eb_manager"], user=staff["eb_worker"], title="Introduktion EB",
                                   due_on=today + timedelta(days=10))
    d = selectors.unit_staff_dashboard(ctx=AccessContext(user=staff["eb_manager"]), unit_ids={units["eb"].pk})
    assert d["buckets"]["under 1 år"] == 1 and d["buckets"]["över 5 år"] == 1
    assert [p.user_id for p in d["dispensations_ending"]] == [staff["eb_worker"].pk]
    assert [n["user"] for n in d["newcomers"]] == [staff["eb_worker"]]


def test_workload_picture_over_time(staff, units, eb_case):
    months = selectors.workload_over_capacity_months(unit_ids={units["eb"].pk}, months=3)
    assert len(months) == 3 and not months[-1]["complete"]
    assert months[-1]["load"] == Decimal("2.0") and months[-1]["capacity"] > 0
    assert date.fromisoformat(months[0]["month"] + "-01") < date.fromisoformat(months[-1]["month"] + "-01")


def test_a_dispensation_is_warned_60_days_before_it_ends(staff, units, client, settings):
    today = timezone.localdate()
    services.staff_profile_save(actor=staff["eb_manager"], user=staff["eb_worker"], degree="none",
                                dispensation_until=today + timedelta(days=60), dispensation_reason="Nämndbeslut")
    services.staff_profile_save(actor=staff["eb_manager"], user=staff["eb_worker2"], degree="none",
                                dispensation_until=today + timedelta(days=61), dispensation_reason="Nämndbeslut")
    d = selectors.unit_staff_dashboard(ctx=AccessContext(user=staff["eb_manager"]), unit_ids={units["eb"].pk})
    assert [p.user_id for p in d["dispensations_ending"]] == [staff["eb_worker"].pk, staff["eb_worker2"].pk]
    assert [p.user_id for p in d["dispensation_warnings"]] == [staff["eb_worker"].pk]  # day 61 is not yet warned
    settings.SKUTAN_DISPENSATION_WARNING_DAYS = 61
    d = selectors.unit_staff_dashboard(ctx=AccessContext(user=staff["eb_manager"]), unit_ids={units["eb"].pk})
    assert len(d["dispensation_warnings"]) == 2


def test_the_unit_dashboard_page_shows_the_warning(staff, units, client):
    today = timezone.localdate()
    services.staff_profile_save(actor=staff["eb_manager"], user=staff["eb_worker"], degree="none",
                                dispensation_until=today + timedelta(days=30), dispensation_reason="Nämndbeslut")
    client.force_login(staff["eb_manager"])
    body = client.get("/personal/enhet/").content.decode()
    assert "1 dispens upphör inom 60 dagar." in body and staff["eb_worker"].display_name in body


def test_for_how_long_workers_have_been_over_capacity():
    from skutan.staff.selectors import over_capacity_streaks

    months = [{"over_ids": {1, 2}}, {"over_ids": {2}}, {"over_ids": {1, 2, 3}}, {"over_ids": {2, 3}}]
    # worker 2: the last four month ends; 3: the last two; 1: over before, but not in the latest month
    assert over_capacity_streaks(months) == {1: 0, 2: 4, 3: 2}
    assert over_capacity_streaks([]) == {}


def test_the_workload_page_shows_the_distribution(staff, units, eb_case, client, settings):
    settings.SKUTAN_DEFAULT_CASE_CAPACITY = "0.5"  # one open case is over capacity
    client.force_login(staff["eb_manager"])
    body = client.get("/personal/arbetsbelastning/").content.decode()
    assert "Hur länge handläggare har legat över kapacitet" in body and "Månader i rad över kapacitet" in body
