"""Every guard of skutan/core/dbguard.py is in the database, TRUNCATE is refused on PostgreSQL, and the
documented role setup (scripts/postgres-roles.sql) leaves the application no UPDATE or DELETE on the logs.

The PostgreSQL-only tests are defined only when the tests run on PostgreSQL (the SQLite run does not
collect them)."""

import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from skutan.audit.models import AccessLog
from skutan.core import dbguard, dbroles
from skutan.core.tests.rawsql import POSTGRES, execute

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def test_every_guard_is_installed():
    """A later migration that rebuilds a guarded table on SQLite drops its triggers; this catches it."""
    present = _triggers()
    missing = [name for g in dbguard.GUARDED for name in g.names[connection.vendor] if name not in present]
    assert not missing


def test_the_roles_script_is_the_generated_one(capsys):
    call_command("dbroles")
    assert (ROOT / "scripts" / "postgres-roles.sql").read_text() == capsys.readouterr().out


if POSTGRES:

    @pytest.mark.parametrize("table", sorted({g.table for g in dbguard.GUARDED if g.no_truncate}))
    def test_truncate_is_refused(table):
        with pytest.raises(DatabaseError, match="TRUNCATE is refused"), transaction.atomic():
            execute(f"TRUNCATE {table} CASCADE")

    def test_the_application_role_has_no_update_or_delete_on_the_logs(staff, person):
        from skutan.audit.services import access_log_record

        row = access_log_record(user=staff["eb_worker"], action="view", purpose="Test", object_type="person",
                                object_id=person.pk, person=person)
        role = f"skutan_app_test_{uuid.uuid4().hex[:10]}"
        execute(f"CREATE ROLE {role} NOLOGIN")  # rolled back with the test's transaction
        for sql in dbroles.app_role_grants(role):
            execute(sql)
        with transaction.atomic():
            execute(f"SET LOCAL ROLE {role}")
            assert execute(
                "INSERT INTO audit_accesslog (at, user_id, username, object_type, object_id, action, purpose, "
                "channel, path, protected_person, outside_units, emergency) VALUES "
                "(now(), 1, 'x', 'person', '1', 'view', 'Test', 'web', '', false, false, false)"
            ) == 1
            assert execute("UPDATE people_person SET city = city WHERE id = %s", [person.pk]) == 1
            for sql in (
                "UPDATE audit_accesslog SET username = 'y' WHERE id = %s",
                "DELETE FROM audit_accesslog WHERE id = %s",
                "UPDATE audit_auditevent SET data = '{}' WHERE id = %s",
                "DELETE FROM cases_caseevent WHERE id = %s",
                "INSERT INTO core_purgeauthorization (plan_id, actor_id, started_at) VALUES ('x', %s, now())",
            ):
                with pytest.raises(DatabaseError) as caught, transaction.atomic():
                    execute(sql, [row.pk])
                assert caught.value.__cause__.sqlstate == "42501", sql  # insufficient_privilege
            with pytest.raises(DatabaseError) as caught, transaction.atomic():
                execute("TRUNCATE audit_accesslog")
            assert caught.value.__cause__.sqlstate == "42501"
            execute("RESET ROLE")
        assert AccessLog.objects.get(pk=row.pk).username == staff["eb_worker"].username
