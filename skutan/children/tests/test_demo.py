"""The children's demo data: a believable year with something on the board and in the funnel."""

from datetime import date, timedelta

import pytest
from django.db.models import Count

from skutan.accounts.models import Role, UnitKind
from skutan.cases.models import Case, CaseStatus
from skutan.children import selectors
from skutan.children.models import (
    ChildReport,
    Intervention,
    Investigation,
    PreliminaryAssessment,
    ProtectionAssessment,
)

TODAY = date(2026, 3, 16)  # a Monday; fixed so the seed gives the same municipality every run


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from skutan.demo.generator import generate_municipality

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            summary = generate_municipality(scale=0.15, seed=1782, today=TODAY,
                                            extensions=["skutan.children.demo"])
            yield summary
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_year_of_reports_mostly_screened_out(demo):
    year = ChildReport.objects.filter(received_on__gt=TODAY - timedelta(days=365))
    assert 30 <= year.count() <= 60  # about 250 a year at scale 1.0, 37 at 0.15
    outcomes = dict(
        PreliminaryAssessment.objects.filter(report__in=year).values_list("outcome").annotate(n=Count("id"))
    )
    decided = sum(outcomes.values())
    screened = outcomes.get("no_investigation", 0) + outcomes.get("transfer", 0)
    assert 0.5 <= screened / decided <= 0.8, outcomes  # "up to two thirds are screened out"
    with_intervention = year.filter(case__child_interventions__isnull=False).distinct().count()
    assert 0.15 <= with_intervention / year.count() <= 0.4  # "about a quarter lead to interventions"


@pytest.mark.django_db
def test_every_report_opened_case_has_its_report_and_consistent_steps(demo):
    children_cases = Case.objects.filter(case_type="children", opening_kind="report")
    assert children_cases.exists()
    assert not children_cases.filter(child_reports__isnull=True).exists()
    for report in ChildReport.objects.select_related("protection_assessment", "preliminary_assessment")[:400]:
        assert report.protection_due == report.received_on
        assert report.preliminary_statutory_due >= report.received_on + timedelta(days=14)
        decision = getattr(report, "preliminary_assessment", None)
        if decision is not None:
            assert report.received_on <= decision.decided_on <= TODAY
    for investigation in Investigation.objects.all():
        assert investigation.statutory_due > investigation.opened_on
        assert investigation.due >= investigation.statutory_due
        if investigation.concluded_on:
            assert investigation.concluded_on >= investigation.opened_on
    # an open investigation belongs to an active case
    assert not Investigation.objects.filter(status="open", case__status=CaseStatus.CLOSED).exists()
    assert Intervention.objects.filter(ended_on__isnull=True).exists()


@pytest.mark.django_db
def test_the_board_has_something_to_show(demo):
    from skutan.accounts.models import User

    manager = User.objects.filter(
        memberships__role=Role.UNIT_MANAGER, memberships__unit__kind=UnitKind.CHILDREN, is_active=True
    ).first()
    board = selectors.deadline_board(user=manager, today=TODAY)
    kinds = {row.kind for row in board["rows"]}
    assert {"protection", "preliminary", "investigation", "follow_up"} <= kinds
    assert board["alarm"], "a few reports without skyddsbedömning"
    assert board["forecast"], "deadlines in the coming week"
    assert board["late"], "some deadlines already passed"
    assert any(r.kind == "investigation" and 0 <= r.status.days_left <= 14 for r in board["rows"])
    assert selectors.follow_ups_overdue(today=TODAY)
    assert ProtectionAssessment.objects.exists()
    assert ChildReport.objects.filter(child__isnull=True).exists()  # reports about unidentified children


@pytest.mark.django_db
def test_guardians_placements_lvu_and_patterns(demo):
    from skutan.accounts.models import User
    from skutan.children.models import CareReview, Guardian, LvuDecision, PartyNotice, Placement

    assert Guardian.objects.exists() and PartyNotice.objects.exists()
    assert Placement.objects.filter(ended_on__isnull=True).exists()
    assert CareReview.objects.filter(done_on__isnull=True, placement__isnull=False).exists()
    assert set(LvuDecision.objects.values_list("kind", flat=True)) == {"immediate_custody", "care"}
    assert Intervention.objects.filter(best_interest__isnull=False).exists()
    manager = User.objects.filter(
        memberships__role=Role.UNIT_MANAGER, memberships__unit__kind=UnitKind.CHILDREN, is_active=True
    ).first()
    kinds = {row.kind for row in selectors.deadline_board(user=manager, today=TODAY)["rows"]}
    assert {"lvu_court", "lvu_application", "care_review"} <= kinds
    flagged = [c for c in ChildReport.objects.values_list("child_id", flat=True).distinct() if c
               and selectors.child_pattern(child_id=c)]
    assert flagged, "some children with three screened-out reports in a year"
