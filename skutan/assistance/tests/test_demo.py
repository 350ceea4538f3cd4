"""The demo's assistance data (skutan/assistance/demo.py) through the real generator, at a small scale."""

from collections import Counter
from datetime import date

import pytest

from skutan.accounts.models import Delegation
from skutan.assistance.models import Application, ApplicationStatus, Decision, Guideline, NormAmountOverride
from skutan.assistance.selectors import application_outcome

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction

    from skutan.demo.generator import generate_municipality

    with django_db_blocker.unblock(), transaction.atomic():
        yield generate_municipality(
            scale=0.05, seed=7, today=date(2026, 11, 20), extensions=["skutan.assistance.demo"]
        )
        transaction.set_rollback(True)


def test_demo_months_and_decisions(demo):
    decisions = list(Decision.objects.select_related("application", "decided_by"))
    assert decisions, "the demo decides EB months"
    outcomes = Counter(d.outcome for d in decisions)
    assert outcomes["granted"] > outcomes["partly_granted"] + outcomes["rejected"]
    for d in decisions[:200]:
        assert d.application.status == ApplicationStatus.DECIDED
        assert d.calculation["month"] == f"{d.month:%Y-%m}" and d.inputs["month"] == d.calculation["month"]
        if d.outcome == "granted":
            assert d.amount == d.calculation["assistance"] > 0
        if d.outcome == "rejected":
            assert d.amount == 0
        # the decider held a delegation covering the amount
        assert any(
            g.max_amount is None or d.amount <= g.max_amount for g in Delegation.objects.filter(user=d.decided_by)
        )
    assert not Decision.objects.filter(month__year=2020).exists()  # no riksnorm table for 2020
    assert Application.objects.filter(status=ApplicationStatus.DRAFT).exists()  # this month's work
    assert Guideline.objects.filter(cost_type="rent").count() >= 6


def test_demo_codes_most_closed_cases_for_the_register(demo):
    from skutan.assistance.models import CaseClosingCode
    from skutan.cases.models import Case, CaseType

    closed = Case.objects.filter(case_type=CaseType.FINANCIAL_ASSISTANCE, closed_on__isnull=False).count()
    coded = CaseClosingCode.objects.count()
    assert closed and 0 < coded <= closed


def test_demo_has_a_letterhead(demo):
    from skutan.accounts.models import Municipality, Unit, UnitKind

    municipality = Municipality.objects.get()
    assert municipality.board_name and municipality.email.endswith(".example")
    unit = Unit.objects.filter(kind=UnitKind.FINANCIAL_ASSISTANCE).first()
    assert unit.phone.startswith("070-174 06") and unit.opening_hours


def test_demo_estimates_are_labelled_and_unconfirmed(demo):
    estimates = list(NormAmountOverride.objects.filter(year=2026))
    assert estimates and all(e.estimate and e.mark == "⚠" and "Uppskattning" in e.source for e in estimates)
    # the demo's today is 20 November: next year's table is filled as labelled estimates, and still reported
    next_year = list(NormAmountOverride.objects.filter(year=2027))
    assert next_year and all(e.estimate and e.mark == "⚠" and "2027 års tabell är inte beslutad" in e.source
                             for e in next_year)
    from skutan.assistance.selectors import norm_year_gap

    gap, this_year = norm_year_gap(year=2027), norm_year_gap(year=2026)
    # estimated where 2026 has an amount; what 2026 lacks too (— in DOMAIN.md §4) stays missing, never guessed
    assert gap is not None and gap.estimated and set(gap.missing) == set(this_year.missing)
    draft = Application.objects.filter(status=ApplicationStatus.DRAFT).first()
    outcome = application_outcome(application=draft)
    assert outcome.ok, outcome.error


def test_demo_decisions_beyond_the_month(demo):
    from skutan.assistance.models_decisions import Appeal, OneOffDecision, RepaymentClaim
    from skutan.payments.models import ThirdPartyOrder

    assert set(OneOffDecision.objects.values_list("rule", flat=True)) == {"living", "discretionary"}
    assert {a.in_time for a in Appeal.objects.all()} == {True, False}
    assert RepaymentClaim.objects.get().repayments.count() == 1
    assert ThirdPartyOrder.objects.get().bankgiro == "50501055"


def test_demo_decisions_have_the_simulators_columns_of_their_stored_request(demo):
    # The generator writes the columns from the requests it holds, beside the decisions (COPY); they must be
    # what simulation_input_rows gives for the request as stored (Decision.inputs), as the backfill would.
    from django.forms.models import model_to_dict

    from skutan.assistance.models import DecisionSimulationInput
    from skutan.assistance.simulation_store import simulation_input_rows

    decisions = list(Decision.objects.order_by("pk").values_list("pk", "inputs"))
    stored = {row.decision_id: model_to_dict(row) for row in DecisionSimulationInput.objects.all()}
    assert len(decisions) > 50 and set(stored) == {pk for pk, _ in decisions}
    for row in simulation_input_rows(decisions):
        assert stored[row.decision_id] == model_to_dict(row)
