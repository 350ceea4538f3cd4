"""The demo's staff data (skutan/staff/demo.py) through the real generator, at a small scale."""

from datetime import date

import pytest
from django.db import transaction

from skutan.staff.models import SafetyMarker, StaffProfile, ThreatIncident

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from skutan.demo.generator import generate_municipality

    with django_db_blocker.unblock(), transaction.atomic():
        yield generate_municipality(scale=0.1, seed=7, today=date(2026, 11, 20), extensions=["skutan.staff.demo"])
        transaction.set_rollback(True)


def test_markers_incidents_and_qualifications(demo):
    assert SafetyMarker.objects.count() >= 2
    statuses = set(ThreatIncident.objects.values_list("police_status", flat=True))
    assert statuses == {"not_reported", "dropped"}  # the seeds' two cases
    assert ThreatIncident.objects.filter(channel="social_media").exists()
    assert StaffProfile.objects.filter(degree="none", dispensation_until__isnull=False).exists()
