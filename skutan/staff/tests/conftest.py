"""Fixtures for the staff tests, on top of skutan/conftest.py."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from skutan.staff import services
from skutan.staff.models import SafetyMarkerKind
from skutan.staff.rules import seed_marker_kinds


@pytest.fixture
def kinds(db):
    seed_marker_kinds(SafetyMarkerKind)


@pytest.fixture
def threat_marker(person, staff, kinds, eb_case):
    return services.safety_marker_set(actor=staff["eb_worker"], person=person, kind="threat_to_staff",
                                      reason="Hotade handläggare i receptionen",
                                      review_on=timezone.localdate() + timedelta(days=90))


@pytest.fixture
def login():
    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make
