"""The demo's management group (skutan/governance/demo.py) through the real generator, at a small scale."""

from datetime import date

import pytest
from django.db import transaction

from skutan.governance.models import Assignment, AssignmentStatus, GroupDecision, Meeting, Routine

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from skutan.demo.generator import generate_municipality

    with django_db_blocker.unblock(), transaction.atomic():
        yield generate_municipality(scale=0.25, seed=7, today=TODAY, extensions=["skutan.governance.demo"])
        transaction.set_rollback(True)


def test_half_a_year_of_weekly_meetings_all_but_the_last_approved(demo):
    meetings = list(Meeting.objects.order_by("held_on"))
    assert len(meetings) >= 7
    assert all((b.held_on - a.held_on).days == 7 for a, b in zip(meetings, meetings[1:], strict=False))
    assert all(m.approved_at for m in meetings[:-1]) and meetings[-1].approved_at is None
    assert all(m.held_on.weekday() == 1 for m in meetings)


def test_assignments_in_every_status_and_decisions_followed_up(demo):
    statuses = set(Assignment.objects.values_list("status", flat=True))
    assert statuses >= {AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS, AssignmentStatus.DONE}
    assert GroupDecision.objects.filter(follow_up_on__isnull=False).exists()
    assert GroupDecision.objects.filter(follow_up_items__isnull=False).exists()  # came back on an agenda


def test_routines_with_one_past_revision(demo):
    routines = list(Routine.objects.all())
    assert len(routines) == 4 and sum(1 for r in routines if r.revise_by < TODAY) == 2
    assert Routine.objects.filter(used_for="eb_guidelines").exists()
