"""The access log on PostgreSQL: one partition per month (native declarative partitioning).

At Stockholm's size the log grows by some 300 000 rows a month and the log reviewer asks for one person or
one user over a period. Partitioning by month on ``at`` keeps each month's indexes small, lets a query for a
period read only its months, and lets a future retention (gallring) drop whole months.

- ``audit 0004`` turns the table into a partitioned one and creates the months from January 2018 until
  ``MONTHS_AHEAD`` months after the day it runs, plus a DEFAULT partition that catches anything outside
  (an access-log write must never fail a read for want of a partition).
- ``skutan accesslog_partitions`` creates the coming months (run it monthly, e.g. from cron or the task
  runner; it is idempotent). The generator calls ``partitions_ensure`` for the months it writes.
- The guards (skutan/core/dbguard.py) stand on the parent: the row trigger is cloned by PostgreSQL to every
  partition, present and future, and counts a purged row as ``audit_accesslog``; the TRUNCATE trigger is a
  statement trigger, which PostgreSQL does not clone, so every partition gets its own here.

SQLite keeps a plain table: nothing in this module runs there.
"""

from datetime import date

from django.db import connection

TABLE = "audit_accesslog"
FIRST_MONTH = date(2018, 1, 1)
MONTHS_AHEAD = 24


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def months_ahead(months: int, *, today: date | None = None) -> date:
    """The first day of the month ``months`` after today's."""
    from django.utils import timezone

    today = today or timezone.localdate()
    index = today.year * 12 + today.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def partition_name(month: date) -> str:
    return f"{TABLE}_p{month:%Y%m}"


def is_partitioned(conn=connection) -> bool:
    if conn.vendor != "postgresql":
        return False
    with conn.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s AND relnamespace = 'public'::regnamespace", [TABLE])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def existing_partitions(conn=connection) -> set[str]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass", [TABLE],
        )
        return {row[0] for row in cursor.fetchall()}


def _partition_sql(name: str, bounds: str) -> list[str]:
    return [
        f"CREATE TABLE {name} PARTITION OF {TABLE} {bounds}",
        f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION skutan_refuse_truncate()",
    ]


def partitions_ensure(*, since: date | None = None, until: date, conn=connection) -> list[str]:
    """Create the monthly partitions from ``since``'s month (default: the first month) through ``until``'s
    month that do not exist yet; return their names. Does nothing on SQLite or on a plain table.

    Rows of a month without its partition sit in the DEFAULT partition; PostgreSQL refuses to create the
    month's partition while they do, so such a month is reported by ``default_partition_months``.
    """
    if not is_partitioned(conn):
        return []
    present = existing_partitions(conn)
    month = date((since or FIRST_MONTH).year, (since or FIRST_MONTH).month, 1)
    created = []
    with conn.cursor() as cursor:
        while month <= until:
            name = partition_name(month)
            if name not in present:
                bounds = f"FOR VALUES FROM ('{month.isoformat()}') TO ('{_next_month(month).isoformat()}')"
                for sql in _partition_sql(name, bounds):
                    cursor.execute(sql)
                created.append(name)
            month = _next_month(month)
    return created


def default_partition_months(conn=connection) -> list[str]:
    """Months (YYYY-MM) with rows in the DEFAULT partition: a partition was missing when they were written."""
    if not is_partitioned(conn):
        return []
    with conn.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT to_char(at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') FROM {TABLE}_default ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def partition_table(schema_editor, *, until: date) -> None:
    """Migration step: rebuild the plain table as a partitioned one with the same columns, defaults, identity
    and index names, move its rows, and leave the guards to the caller (they are dropped first)."""
    execute = schema_editor.execute
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname <> %s",
            [TABLE, f"{TABLE}_pkey"],
        )
        indexes = cursor.fetchall()
    old = f"{TABLE}_unpartitioned"
    execute(f"ALTER TABLE {TABLE} RENAME TO {old}", params=None)
    execute(f"ALTER TABLE {old} RENAME CONSTRAINT {TABLE}_pkey TO {TABLE}_pkey_old", params=None)
    for name, _definition in indexes:
        execute(f"ALTER INDEX {name} RENAME TO {name}_old", params=None)
    execute(
        f"CREATE TABLE {TABLE} (LIKE {old} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS) "
        f"PARTITION BY RANGE (at)",
        params=None,
    )
    # A primary key of a partitioned table must contain the partition key; id stays unique by its sequence.
    execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, at)", params=None)
    for sql in _partition_sql(f"{TABLE}_default", "DEFAULT"):
        execute(sql, params=None)
    partitions_ensure(until=until, conn=schema_editor.connection)
    execute(f"INSERT INTO {TABLE} OVERRIDING SYSTEM VALUE SELECT * FROM {old}", params=None)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {old}")
        next_id = cursor.fetchone()[0]
    execute(f"DROP TABLE {old}", params=None)
    execute(f"ALTER TABLE {TABLE} ALTER COLUMN id RESTART WITH {int(next_id)}", params=None)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
        sequence = cursor.fetchone()[0]
    if sequence and sequence.split(".")[-1] != f"{TABLE}_id_seq":
        execute(f"ALTER SEQUENCE {sequence} RENAME TO {TABLE}_id_seq", params=None)
    for _name, definition in indexes:
        execute(definition, params=None)  # on the parent: PostgreSQL builds it on every partition
