"""Run by scripts/replica/run.sh (make replica-test) against a real primary and a streaming replica, never by
the normal suite (scripts/ is not a test path). Commits for real: the database is made fresh for each run.

Writes on the primary (a unit, a case worker, a case), and reads the follow-up statistics, which must come
from the replica: while the replica's replay is paused they still show the old numbers, and after it
resumes they show the new ones.
"""

import time
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import unit_create, user_create
from skutan.cases.services import case_open
from skutan.conftest import make_pnr
from skutan.followup.selectors import followup_measure
from skutan.people.services import person_create


@pytest.fixture
def real_databases(django_db_blocker):
    assert "reporting" in connections.databases, "SKUTAN_REPORTING_DATABASE_URL is not set (run make replica-test)"
    with django_db_blocker.unblock():
        call_command("migrate", verbosity=0)
        yield connections["default"], connections["reporting"]


def _one(connection, sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _wait_for_replay(primary, replica, timeout: float = 30.0) -> float:
    """Seconds until the replica has replayed everything the primary has written so far."""
    lsn = _one(primary, "SELECT pg_current_wal_lsn()::text")
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if _one(replica, f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"):
            return time.perf_counter() - started
        time.sleep(0.005)
    raise AssertionError(f"the replica did not replay {lsn} within {timeout} s")


@override_settings(SKUTAN_STATISTICS_SUPPRESSION_THRESHOLD=1)  # small counts shown: this is not a statistic for anyone
def test_statistics_written_on_the_primary_are_read_from_the_replica(real_databases):
    primary, replica = real_databases
    assert _one(primary, "SELECT pg_is_in_recovery()") is False
    assert _one(replica, "SELECT pg_is_in_recovery()") is True  # a hot standby, read-only

    unit = unit_create(name="Ekonomiskt bistånd Replik", kind=UnitKind.FINANCIAL_ASSISTANCE)
    worker = user_create(username="replik.handlaggare", password=None, first_name="Rut", last_name="Replik",
                         memberships=[(unit, Role.CASEWORKER)])
    _wait_for_replay(primary, replica)

    def active_cases() -> int:
        with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
            measure = followup_measure(unit_ids=[unit.pk], measure="arbetsbelastning")
        assert on_replica.captured_queries and not on_primary.captured_queries
        (row,) = [r for r in measure.rows if r["unit"] != "Totalt"]  # the unit's row (the total is the same)
        return row["active_cases"]

    assert active_cases() == 0

    def open_case(serial: int):
        person = person_create(actor=worker, identity_number=make_pnr(date(1980, 3, serial), 100 + 2 * serial),
                               first_name="Per", last_name=f"Replik{serial}")
        case_open(actor=worker, person=person, unit=unit, case_type="financial_assistance",
                  opening_kind="application", assign_to=worker)

    _one(replica, "SELECT pg_wal_replay_pause()::text")
    try:
        open_case(1)
        assert active_cases() == 0  # written on the primary, not yet replayed: the read was the replica's
    finally:
        _one(replica, "SELECT pg_wal_replay_resume()::text")
    _wait_for_replay(primary, replica)
    assert active_cases() == 1

    lags = []
    for serial in range(2, 12):
        open_case(serial)
        lags.append(_wait_for_replay(primary, replica))
    assert active_cases() == 11
    lags.sort()
    print(f"\nreplikeringsfördröjning efter en commit: median {lags[len(lags) // 2] * 1000:.1f} ms, "
          f"högst {lags[-1] * 1000:.1f} ms ({len(lags)} skrivningar)")
