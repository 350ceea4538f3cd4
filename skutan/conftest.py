"""Shared fixtures: a small municipality with two units, their staff, and a few persons.

Identity numbers here are generated with valid check digits on dates in the future-proof
synthetic range used by the demo (see skutan/demo/identity.py), never taken from real people.
"""

import os
from datetime import date

import pytest

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import api_token_create, membership_add, unit_create, user_create
from skutan.people.identity import luhn_check_digit
from skutan.people.services import person_create

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def make_pnr(born: date, serial: int) -> str:
    """A valid personnummer for a date and a 3-digit birth number (odd = man)."""
    yymmdd = born.strftime("%y%m%d")
    nine = f"{yymmdd}{serial:03d}"
    return f"{born:%Y%m%d}-{serial:03d}{luhn_check_digit(nine)}"


def emergency_right(user, unit):
    """The special right to take nödåtkomst to the unit's cases, as the systemförvaltare grants it."""
    from datetime import timedelta

    from skutan.accounts.models import SpecialRightKind
    from skutan.administration.services import special_right_grant

    return special_right_grant(
        actor=None, user=user, unit=unit, kind=SpecialRightKind.EMERGENCY_ACCESS,
        valid_to=date.today() + timedelta(days=30), reason="Socialjour: nödåtkomst vid akuta ärenden",
    )


@pytest.fixture
def units(db):
    return {
        "eb": unit_create(name="Ekonomiskt bistånd", kind=UnitKind.FINANCIAL_ASSISTANCE),
        "bou": unit_create(name="Barn och unga", kind=UnitKind.CHILDREN),
        "logg": unit_create(name="Systemförvaltning", kind=UnitKind.ADMINISTRATION),
    }


@pytest.fixture
def staff(units):
    def make(username, unit, role, first, last):
        return user_create(
            username=username, password="Skutan-demo-2026", first_name=first, last_name=last,
            memberships=[(units[unit], role)],
        )

    users = {
        "eb_worker": make("eb.handlaggare", "eb", Role.CASEWORKER, "Eva", "Berg"),
        "eb_worker2": make("eb.handlaggare2", "eb", Role.CASEWORKER, "Erik", "Lind"),
        "eb_manager": make("eb.chef", "eb", Role.UNIT_MANAGER, "Maria", "Holm"),
        "bou_worker": make("bou.handlaggare", "bou", Role.CASEWORKER, "Bo", "Ek"),
        "reviewer": make("loggranskare", "logg", Role.LOG_REVIEWER, "Lena", "Gran"),
    }
    membership_add(actor=None, user=users["eb_manager"], unit=units["eb"], role=Role.CASEWORKER)
    return users


@pytest.fixture
def person(staff):
    return person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(date(1986, 2, 11), 123), first_name="Anna",
        last_name="Svensson", street_address="Storgatan 1", postal_code="68230", city="Filipstad",
    )


@pytest.fixture
def protected_person(staff):
    return person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(date(1990, 6, 1), 234), first_name="Sara",
        last_name="Skyddad", street_address="Hemliga vägen 7", postal_code="68231", city="Filipstad",
        protection="skyddad_folkbokforing",
    )


@pytest.fixture
def eb_case(person, units, staff):
    from skutan.cases.services import case_open

    return case_open(
        actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="financial_assistance",
        opening_kind="application", assign_to=staff["eb_worker"],
    )


@pytest.fixture
def bou_case(person, units, staff):
    from skutan.cases.services import case_open

    return case_open(
        actor=staff["bou_worker"], person=person, unit=units["bou"], case_type="children",
        opening_kind="report", assign_to=staff["bou_worker"],
    )


@pytest.fixture
def token_for():
    def make(user):
        return api_token_create(user=user)[1]

    return make


@pytest.fixture
def api(client):
    """A JSON client for the API with a bearer token: api(user).post(path, data)."""
    import json

    class Api:
        def __init__(self, key):
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

        def _call(self, method, path, data=None):
            kwargs = dict(self.headers)
            if data is not None:
                kwargs.update(data=json.dumps(data), content_type="application/json")
            return getattr(client, method)(f"/api/v1{path}", **kwargs)

        def get(self, path):
            return self._call("get", path)

        def post(self, path, data=None):
            return self._call("post", path, data if data is not None else {})

        def patch(self, path, data):
            return self._call("patch", path, data)

    def make(user):
        return Api(api_token_create(user=user)[1])

    return make


@pytest.fixture
def task_worker(transactional_db):
    """A real background worker (``skutan db_worker``) in its own process, on the test database, for the
    tests that need tasks to run while they watch (the browser tests). Stopped at the end of the test."""
    import subprocess
    import sys

    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    from django.conf import settings

    # The same private storage as the test's server, so an export file the worker writes can be downloaded.
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "skutan.settings.local",
           "SKUTAN_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "skutan", "db_worker", "--interval", "1", "--no-startup-delay", "--no-reload"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
