"""Writing generated rows fast: COPY on PostgreSQL, one prepared INSERT per table elsewhere.

The generator builds model instances in memory with their final values (the log tables cannot be updated
afterwards, see skutan/core/dbguard.py) and primary keys chosen here, so that related rows can point at
them before anything is written. ``BulkWriter.write`` then sends a whole table's rows at once:

- PostgreSQL: ``COPY table (columns) FROM STDIN`` through psycopg's copy (about ten times faster than
  INSERT for millions of rows);
- SQLite and others: ``executemany`` of one INSERT, which skips the ORM's per-batch SQL compilation.

Nothing here calls ``save()``: ``auto_now`` fields and defaults must be set on the instances. The writer
assumes it is the only one inserting into these tables while it runs (the generator's transaction).
"""

from collections.abc import Iterable

from django.db import connection, models

from skutan.audit.models import AuditEvent


class BulkWriter:
    def __init__(self, conn=connection):
        self.conn = conn
        self.next_id: dict[str, int] = {}
        self.written: dict[str, int] = {}

    @property
    def postgresql(self) -> bool:
        return self.conn.vendor == "postgresql"

    def ids(self, model: type[models.Model], count: int) -> range:
        """Reserve ``count`` primary keys for ``model`` (contiguous), to assign before ``write``."""
        table = model._meta.db_table
        if count <= 0:
            return range(0)
        with self.conn.cursor() as cursor:
            if self.postgresql:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                    [table, table, count],
                )
                last = cursor.fetchone()[0]
                return range(last - count + 1, last + 1)
            if table not in self.next_id:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {self.conn.ops.quote_name(table)}")
                self.next_id[table] = cursor.fetchone()[0]
        first = self.next_id[table]
        self.next_id[table] = first + count
        return range(first, first + count)

    def assign_ids(self, objs: list[models.Model]) -> None:
        if objs:
            for obj, pk in zip(objs, self.ids(type(objs[0]), len(objs)), strict=True):
                obj.pk = pk

    def write(self, objs: Iterable[models.Model], *, model: type[models.Model] | None = None) -> int:
        """Insert the instances (all of one model) as they are; those without a pk get one first."""
        objs = list(objs)
        if not objs:
            return 0
        model = model or type(objs[0])
        missing = [o for o in objs if o.pk is None]
        if missing:
            self.assign_ids(missing)
        fields = [f for f in model._meta.concrete_fields]
        conn = self.conn
        table = model._meta.db_table
        qn = conn.ops.quote_name
        columns = ", ".join(qn(f.column) for f in fields)
        with conn.cursor() as cursor:
            if self.postgresql:
                with cursor.cursor.copy(f"COPY {qn(table)} ({columns}) FROM STDIN") as copy:
                    for obj in objs:
                        copy.write_row([f.get_db_prep_save(getattr(obj, f.attname), conn) for f in fields])
            else:
                marks = ", ".join(["%s"] * len(fields))
                rows = [[f.get_db_prep_save(getattr(obj, f.attname), conn) for f in fields] for obj in objs]
                for start in range(0, len(rows), 5000):
                    cursor.executemany(f"INSERT INTO {qn(table)} ({columns}) VALUES ({marks})", rows[start:start + 5000])
        self.written[table] = self.written.get(table, 0) + len(objs)
        return len(objs)


    def write_rows(self, model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
        """Stream plain value tuples (``columns`` are field names; the id comes from the table's sequence).
        Datetimes are aware; they are adapted here for SQLite. For the millions of access-log rows, where
        building model instances would cost more than the database."""
        conn, qn = self.conn, self.conn.ops.quote_name
        table = model._meta.db_table
        fields = [model._meta.get_field(name) for name in columns]
        cols = ", ".join(qn(f.column) for f in fields)
        count = 0
        with conn.cursor() as cursor:
            if self.postgresql:
                with cursor.cursor.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                adapt = [conn.ops.adapt_datetimefield_value if f.get_internal_type() == "DateTimeField" else None
                         for f in fields]
                marks = ", ".join(["%s"] * len(fields))
                sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})"
                batch = []
                for row in rows:
                    batch.append([a(v) if a else v for a, v in zip(adapt, row, strict=True)])
                    if len(batch) == 5000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        self.written[table] = self.written.get(table, 0) + count
        return count


def audit_row(
    *, event_type, actor, at, obj: models.Model | None = None, object_type: str = "", object_id="",
    person_id: int | None = None, case_id: int | None = None, data: dict | None = None,
) -> AuditEvent:
    """The row ``skutan.audit.services.audit_event_record`` would write, dated ``at``, not yet saved."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    return AuditEvent(
        at=at, event_type=int(event_type), acting_user_id=actor.pk if actor is not None else None,
        acting_username=actor.get_username() if actor is not None else "", person_id=person_id, case_id=case_id,
        object_type=object_type, object_id=str(object_id), data=data or {},
    )
