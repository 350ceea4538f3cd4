"""Jobbstimulans follows the person, not the case (old SoL 4 kap. 1 b §; docs/assistance/jobbstimulans.md)."""

from datetime import date

import pytest

from skutan.assistance import selectors
from skutan.assistance.models import Application
from skutan.assistance.services import application_create, decision_make
from skutan.cases.services import case_close, case_open

from .conftest import costs_incomes

pytestmark = pytest.mark.django_db


def _decided(case, staff, month, **money):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=case, month=month), **money)
    decision_make(actor=staff["eb_manager"], application=application, outcome="granted", reasons="Styrkt.")
    return Application.objects.get(pk=application.pk)


def _months(start: date, n: int) -> list[date]:
    out, current = [], start
    for _ in range(n):
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def _reopen(case, staff, units):
    case.refresh_from_db()
    case_close(actor=staff["eb_worker"], case=case, reason="Flyttade", expected_version=case.version,
               closed_on=date(2024, 12, 31))
    new = case_open(actor=staff["eb_worker"], person=case.person, unit=units["eb"], case_type="financial_assistance",
                    opening_kind="application", assign_to=staff["eb_worker"])
    new.household = case.household
    new.save(update_fields=["household"])
    return new


def test_the_six_months_and_the_period_continue_in_a_reopened_case(family_case, staff, units, delegations):
    from skutan.cases.models import Case

    Case.objects.filter(pk=family_case.pk).update(opened_on=date(2024, 1, 1))
    family_case.refresh_from_db()
    # Six months granted in the first case, with salary: jobbstimulans applies from the seventh (2024-09)
    for month in _months(date(2024, 3, 1), 9):
        _decided(family_case, staff, month, salary="4000")
    reopened = _reopen(family_case, staff, units)
    january = application_create(actor=staff["eb_worker"], case=reopened, month=date(2025, 1, 1))
    # the run Mar–Nov 2024 is broken by December: the count starts over, but the 24 months do not
    assert january.consecutive_months_computed == 0
    assert january.job_stimulus_months_used == 4  # calendar months Sep, Oct, Nov, Dec 2024 since the start
    period = selectors.job_stimulus_period(application=january)
    assert (period.start, period.end) == (date(2024, 9, 1), date(2026, 8, 1))


def test_consecutive_months_follow_the_person_into_a_new_case(family_case, staff, units, delegations):
    from skutan.cases.models import Case

    Case.objects.filter(pk=family_case.pk).update(opened_on=date(2024, 1, 1))
    family_case.refresh_from_db()
    for month in _months(date(2024, 7, 1), 6):
        _decided(family_case, staff, month)
    reopened = _reopen(family_case, staff, units)
    january = application_create(actor=staff["eb_worker"], case=reopened, month=date(2025, 1, 1))
    assert january.consecutive_months_computed == 6  # Jul–Dec 2024 in the closed case
    period = selectors.job_stimulus_period(application=january)
    assert period.start == date(2025, 1, 1) and period.end == date(2026, 12, 1)


def test_the_applied_mode_counts_only_months_with_jobbstimulans(family_case, staff, units, delegations, settings):
    from skutan.cases.models import Case

    settings.SKUTAN_JOB_STIMULUS_PERIOD = "applied"
    Case.objects.filter(pk=family_case.pk).update(opened_on=date(2024, 1, 1))
    family_case.refresh_from_db()
    for month in _months(date(2024, 3, 1), 8):  # jobbstimulans in Sep and Oct 2024
        _decided(family_case, staff, month, salary="4000")
    january = application_create(actor=staff["eb_worker"], case=family_case, month=date(2025, 1, 1))
    assert january.job_stimulus_months_used == 2


def test_the_application_page_shows_the_period(login, family_case, staff, delegations):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=date(2025, 5, 1)))
    page = login(staff["eb_worker"]).get(f"/bistand/ansokan/{application.pk}/").content.decode()
    assert "Jobbstimulans för" in page and "ingen period ännu" in page and "4 kap. 1 b §" in page
