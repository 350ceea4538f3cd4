"""The backup and restore drill (docs/operations.md): a backup restored into a fresh database has the same
row count in every table and the same SHA-256 over the journal, the audit log, the access log and the case
history; and the restored database still refuses to change the logs. On SQLite in every run, on PostgreSQL
(pg_dump/pg_restore) in the PostgreSQL run."""

import json
import sqlite3
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from skutan.audit.services import access_log_record
from skutan.cases.services import journal_entry_create, journal_entry_sign
from skutan.core.backup import CHECKSUM_TABLES, fingerprint_of, pg_drop_database, target_from_settings


@pytest.fixture
def records(staff, eb_case, person):
    worker = staff["eb_worker"]
    for i in range(3):
        entry = journal_entry_create(actor=worker, case=eb_case, event_date=timezone.localdate(),
                                     text=f"Anteckning {i} med å, ä och ö.")
        journal_entry_sign(actor=worker, entry=entry)
        access_log_record(user=worker, action="view", purpose="Test", object_type="person", object_id=person.pk,
                          person=person)
    journal_entry_create(actor=worker, case=eb_case, text="Ett utkast.")


def _url(target: dict) -> str:
    if target["vendor"] == "sqlite":
        return f"sqlite:///{target['name']}"
    auth = target["user"] + (f":{target['password']}" if target["password"] else "")
    return f"postgres://{auth}@{target['host'] or 'localhost'}:{target['port'] or 5432}/{target['name']}"


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_the_same_rows_and_checksums(records, tmp_path, capsys):
    source = target_from_settings(connection.settings_dict)
    before = fingerprint_of(source)
    assert all(before["counts"][t] > 0 for t in CHECKSUM_TABLES)
    assert set(before["sha256"]) == set(CHECKSUM_TABLES)

    backup = tmp_path / ("skutan.dump" if source["vendor"] == "postgresql" else "skutan.sqlite3")
    call_command("backup", str(backup))
    if source["vendor"] == "sqlite":
        target = {"vendor": "sqlite", "name": str(tmp_path / "restored.sqlite3")}
    else:
        target = {**source, "name": f"{source['name']}_restore_{uuid.uuid4().hex[:8]}"}
    capsys.readouterr()
    try:
        call_command("restore", str(backup), into=_url(target))
        printed = json.loads(capsys.readouterr().out)
        after = fingerprint_of(target)
        _assert_logs_still_refuse_changes(target)
    finally:
        if target["vendor"] == "postgresql":
            pg_drop_database(target)
    assert after == before
    assert printed == before


def _assert_logs_still_refuse_changes(target: dict) -> None:
    if target["vendor"] == "sqlite":
        conn = sqlite3.connect(target["name"])
        try:
            with pytest.raises(sqlite3.DatabaseError):
                conn.execute("DELETE FROM audit_accesslog")
        finally:
            conn.close()
        return
    import psycopg

    from skutan.core.backup import _pg_connect

    with _pg_connect(target) as conn, pytest.raises(psycopg.errors.IntegrityConstraintViolation):
        conn.execute("DELETE FROM audit_accesslog")


@pytest.mark.django_db(transaction=True)
def test_a_restore_never_writes_over_an_existing_database(records, tmp_path):
    from django.core.management.base import CommandError

    source = target_from_settings(connection.settings_dict)
    backup = tmp_path / "b"
    call_command("backup", str(backup))
    with pytest.raises(CommandError, match="finns redan"):
        call_command("backup", str(backup))
    with pytest.raises(CommandError, match="finns redan|inte tom"):
        call_command("restore", str(backup), into=_url(source))
