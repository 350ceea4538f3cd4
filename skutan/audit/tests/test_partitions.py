"""The access log partitioned by month on PostgreSQL, a plain table on SQLite; its guards hold on both."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from skutan.audit import partitions
from skutan.audit.models import AccessLog
from skutan.core.purge import purge_authorized, purge_counts
from skutan.core.tests.rawsql import execute, scalar

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _row(at: datetime, **fields) -> AccessLog:
    return AccessLog.objects.create(
        at=at, user_id=1, username="x", person_id=7, object_type="person", object_id="7", action="view",
        purpose="Test", **fields,
    )


def test_the_table_is_partitioned_by_month_only_on_postgresql():
    assert partitions.is_partitioned() == (connection.vendor == "postgresql")
    if connection.vendor == "postgresql":
        present = partitions.existing_partitions()
        assert {"audit_accesslog_default", "audit_accesslog_p201901", "audit_accesslog_p202612"} <= present


def test_a_row_lands_in_its_month_and_is_read_back_through_the_table():
    row = _row(datetime(2024, 5, 31, 23, 30, tzinfo=STOCKHOLM))
    assert AccessLog.objects.get(pk=row.pk).username == "x"
    if connection.vendor == "postgresql":
        # 23:30 in Stockholm is 21:30 UTC: the bounds are instants, so the row is in May.
        assert scalar("SELECT tableoid::regclass::text FROM audit_accesslog WHERE id = %s", [row.pk]) == (
            "audit_accesslog_p202405"
        )


def test_update_delete_and_truncate_are_refused_also_on_a_partition():
    row = _row(datetime(2024, 5, 2, 10, tzinfo=STOCKHOLM))
    tables = ["audit_accesslog"] + (["audit_accesslog_p202405"] if connection.vendor == "postgresql" else [])
    for table in tables:
        for sql in (f"UPDATE {table} SET username = 'y' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                execute(sql, [row.pk])
        if connection.vendor == "postgresql":
            with pytest.raises(DatabaseError, match="TRUNCATE is refused"), transaction.atomic():
                execute(f"TRUNCATE {table}")
    assert AccessLog.objects.get(pk=row.pk).username == "x"


def test_a_purge_deletes_across_partitions_and_counts_them_under_the_table(staff):
    old = [_row(datetime(2019, m, 3, 9, tzinfo=STOCKHOLM)) for m in (1, 2, 3)]
    kept = _row(datetime(2024, 1, 3, 9, tzinfo=STOCKHOLM))
    with purge_authorized(plan_id="gallring-test", actor=staff["eb_worker"]) as authorization:
        AccessLog.objects.filter(at__lt=datetime(2020, 1, 1, tzinfo=STOCKHOLM)).delete()
    assert purge_counts(authorization=authorization) == {"audit_accesslog": len(old)}
    assert list(AccessLog.objects.filter(person_id=7)) == [kept]


def test_partitions_ensure_creates_the_coming_months_once():
    if connection.vendor != "postgresql":
        assert partitions.partitions_ensure(until=date(2040, 1, 1)) == []  # a plain table: nothing to do
        return
    created = partitions.partitions_ensure(since=date(2039, 11, 20), until=date(2040, 1, 5))
    assert created == ["audit_accesslog_p203911", "audit_accesslog_p203912", "audit_accesslog_p204001"]
    assert partitions.partitions_ensure(since=date(2039, 11, 1), until=date(2040, 1, 1)) == []
    row = _row(datetime(2039, 12, 24, 15, tzinfo=STOCKHOLM))
    assert scalar("SELECT tableoid::regclass::text FROM audit_accesslog WHERE id = %s", [row.pk]) == (
        "audit_accesslog_p203912"
    )
    with pytest.raises(DatabaseError, match="TRUNCATE is refused"), transaction.atomic():
        execute("TRUNCATE audit_accesslog_p203912")


def test_a_row_beyond_the_partitions_lands_in_default_and_is_reported():
    _row(datetime(2099, 3, 1, 12, tzinfo=STOCKHOLM))
    assert partitions.default_partition_months() == (["2099-03"] if connection.vendor == "postgresql" else [])


def test_the_command_creates_months_ahead():
    out = StringIO()
    call_command("accesslog_partitions", "--months", "30", stdout=out)
    if connection.vendor == "postgresql":
        assert "nya partitioner" in out.getvalue()
        call_command("accesslog_partitions", "--months", "30", stdout=out)
        assert "0 nya partitioner" in out.getvalue()
    else:
        assert "inte partitionerad" in out.getvalue()


def test_the_reviewers_query_for_one_person_uses_the_composite_index():
    _row(datetime(2024, 5, 2, 10, tzinfo=STOCKHOLM))
    qs = AccessLog.objects.filter(person_id=7, at__gte=datetime(2024, 1, 1, tzinfo=STOCKHOLM)).order_by("-at", "-id")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = qs[:50].explain()
        assert "_person_id_at_idx on audit_accesslog_p2024" in plan, plan  # the partitions' copy of the index
        assert "audit_accesslog_p201901" not in plan, plan  # months before the period are pruned
    else:
        assert "accesslog_person_at_idx" in qs[:50].explain()
