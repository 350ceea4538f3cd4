"""The demo's log-review patterns (skutan/logreview/demo.py) through the real generator, at a small scale."""

from datetime import timedelta

import pytest
from django.utils import timezone

from skutan.logreview.demo import REVIEW_DAYS
from skutan.logreview.models import LogReviewItem, ReviewKind
from skutan.logreview.services import logreview_run

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction

    from skutan.demo.generator import generate_municipality

    with django_db_blocker.unblock(), transaction.atomic():
        yield generate_municipality(scale=0.05, seed=7, extensions=["skutan.logreview.demo"])
        transaction.set_rollback(True)


def test_demo_review_finds_every_kind(demo):
    assert "skutan.logreview.demo" in demo.extensions
    found = set(LogReviewItem.objects.values_list("kind", flat=True))
    assert found == set(ReviewKind.values)


def test_demo_review_is_not_all_noise(demo):
    """A reviewer can read the result: a handful of items per kind, not one per ordinary read."""
    counts = {kind: LogReviewItem.objects.filter(kind=kind).count() for kind in ReviewKind.values}
    assert all(1 <= n <= 15 for n in counts.values()), counts


def test_rerunning_the_review_on_the_demo_adds_nothing(demo):
    before = LogReviewItem.objects.count()
    today = timezone.localdate()
    result = logreview_run(since=today - timedelta(days=REVIEW_DAYS - 1), until=today)
    assert result.created == 0 and LogReviewItem.objects.count() == before
