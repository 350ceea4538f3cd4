"""The demo gives the adults unit and the mobile team a believable month (skutan/adults/demo.py,
skutan/mobile/demo.py), through the real generator at a small scale."""

from datetime import date

import pytest
from django.db import transaction

from skutan.adults.models import AdultInsats, AdultInvestigation, Boplan, DrugTest, LvmMatter, Sip
from skutan.cases.models import JournalEntry
from skutan.mobile.models import Escalation, MobileAssignment, MobileVisit
from skutan.referrals.models import DecisionReferral

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from skutan.demo.generator import generate_municipality

    with django_db_blocker.unblock(), transaction.atomic():
        yield generate_municipality(scale=0.1, seed=7, today=DAY,
                                    extensions=["skutan.staff.demo", "skutan.adults.demo", "skutan.mobile.demo"])
        transaction.set_rollback(True)


def test_adults_unit_has_a_month_of_casework(demo):
    assert AdultInvestigation.objects.exclude(wishes="").count() >= 3
    decided = AdultInsats.objects.filter(status="decided")
    assert decided.count() >= 3 and decided.exclude(delegation_source="").count() == decided.count()
    assert DecisionReferral.objects.filter(subject_type="adults.insats", status="pending").exists()  # to the manager
    assert LvmMatter.objects.filter(investigation_opened_on__isnull=False, limit_confirmed=False).exists()
    assert Sip.objects.filter(participants__unit__isnull=False).exists()
    assert Boplan.objects.filter(signed_on__isnull=False, steps__isnull=False).exists()
    flagged = DrugTest.objects.filter(flagged=True)
    assert flagged.filter(result="positive").exists() and flagged.filter(flag_acknowledged_at__isnull=True).exists()


def test_mobile_team_has_a_month_of_visits(demo):
    assert MobileAssignment.objects.count() >= 3
    visits = MobileVisit.objects.exclude(outcome="")
    assert visits.count() >= 40
    per_day = {}
    for v in visits:
        key = (v.member_id, v.visited_at.date())
        per_day[key] = per_day.get(key, 0) + 1
    assert max(per_day.values()) <= 6  # seed 001: up to six visits a day
    assert Escalation.objects.filter(acknowledged_at__isnull=True).exists()
    assert Escalation.objects.filter(acknowledged_at__isnull=False).exists()
    signed = JournalEntry.objects.filter(pk__in=visits.values("journal_entry"), signed_at__isnull=False)
    assert signed.count() >= visits.filter(outcome="met").count()
