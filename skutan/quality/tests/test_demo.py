"""The demo's quality data (skutan/quality/demo.py) through the real generator, at a small scale."""

from datetime import date

import pytest
from django.db import transaction

from skutan.quality.models import Deviation, LexSarahMatter, QualityTarget, RiskAnalysis

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from skutan.demo.generator import generate_municipality

    with django_db_blocker.unblock(), transaction.atomic():
        yield generate_municipality(scale=0.05, seed=7, today=TODAY, extensions=["skutan.quality.demo"])
        transaction.set_rollback(True)


def test_a_year_of_deviations_spread_over_units_and_categories(demo):
    deviations = list(Deviation.objects.select_related("category"))
    assert len(deviations) >= 12
    days = [d.occurred_on for d in deviations]
    assert min(days) >= date(2025, 11, 20) and max(days) < TODAY
    assert len({d.unit_id for d in deviations}) >= 2 and len({d.category.code for d in deviations}) >= 5
    assert all(d.reported_at.date() <= TODAY for d in deviations)  # backdated, not "now"


def test_two_lex_sarah_matters_one_reported_to_ivo(demo):
    matters = list(LexSarahMatter.objects.all())
    assert len(matters) == 2
    assert sum(1 for m in matters if m.ivo_sent_on) == 1
    reported = next(m for m in matters if m.ivo_sent_on)
    assert reported.serious and reported.investigated_at and reported.causes


def test_targets_and_a_risk_analysis_exist(demo):
    assert QualityTarget.objects.count() == 4
    analysis = RiskAnalysis.objects.get()
    assert analysis.risks.count() == 3 and analysis.measures.count() == 1
