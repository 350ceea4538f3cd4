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

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, models

from skutan.audit.models import AuditEvent

TEXT_TYPES = {"CharField", "TextField", "SlugField", "EmailField"}


class BulkWriter:
    def __init__(self, conn=None):
        # The wrapper itself, not django.db.connection: the proxy costs a thread-local lookup per access,
        # which at millions of values was a fifth of the run time.
        self.conn = conn if conn is not None else connections[DEFAULT_DB_ALIAS]
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
            # Rows may have been added since without the writer (services, write_rows without ids), and
            # ids reserved here may not be written yet: past both.
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {self.conn.ops.quote_name(table)}")
            first = max(cursor.fetchone()[0], self.next_id.get(table, 0))
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
        fields = list(model._meta.concrete_fields)
        conn = self.conn
        table = model._meta.db_table
        qn = conn.ops.quote_name
        columns = ", ".join(qn(f.column) for f in fields)
        with conn.cursor() as cursor:
            if self.postgresql:
                # COPY's text format takes the attribute values as they are (ints, strings, dates, aware
                # datetimes); only JSON needs encoding. Far cheaper than get_db_prep_save per value.
                attnames = [f.attname for f in fields]
                json_at = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
                text_at = [i for i, f in enumerate(fields) if f.get_internal_type() in TEXT_TYPES]
                with cursor.cursor.copy(f"COPY {qn(table)} ({columns}) FROM STDIN") as copy:
                    for obj in objs:
                        row = [getattr(obj, name) for name in attnames]
                        for i in json_at:
                            row[i] = json.dumps(row[i])
                        for i in text_at:  # a choices member (CaseStatus.OPENED) as its value, as Django would
                            if row[i].__class__ is not str and row[i] is not None:
                                row[i] = str(row[i])
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(fields))
                rows = [[f.get_db_prep_save(getattr(obj, f.attname), conn) for f in fields] for obj in objs]
                for start in range(0, len(rows), 5000):
                    cursor.executemany(f"INSERT INTO {qn(table)} ({columns}) VALUES ({marks})", rows[start:start + 5000])
        self.written[table] = self.written.get(table, 0) + len(objs)
        return len(objs)


    def create(self, objs: Iterable[models.Model]) -> int:
        """``bulk_create`` through ``write``: foreign keys to parents written earlier (instances that got
        their pk since) are refreshed and ``auto_now``/``auto_now_add`` fields are set, as bulk_create
        would, so an app's plug-in can swap one for the other."""
        objs = list(objs)
        if not objs:
            return 0
        model = type(objs[0])
        stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
        for obj in objs:
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
            for f in stamped:  # as bulk_create: the time of writing, whatever was set
                setattr(obj, f.attname, f.pre_save(obj, add=True))
        return self.write(objs, model=model)

    @contextmanager
    def indexes_deferred(self, *models_: type[models.Model]) -> Iterator[None]:
        """On PostgreSQL, drop the tables' secondary indexes (not the primary key or the indexes behind a
        unique or other constraint) for a bulk load and build them again afterwards, with the same names
        and definitions: one sort per index at the end is much cheaper than keeping every index up to date
        row by row (the access log has six, the journal four). Runs inside the generator's transaction, so
        a failure leaves the schema as it was. Elsewhere it does nothing."""
        if not self.postgresql or not models_:
            yield
            return
        tables = [m._meta.db_table for m in models_]
        with self.conn.cursor() as cursor:
            # indexes of the tables themselves; on a partitioned table the parent's (ON ONLY) index, whose
            # partitions' indexes go with it and are made again by CREATE INDEX on the parent.
            cursor.execute(
                """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                   FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                   WHERE t.relname = ANY(%s) AND NOT i.indisprimary AND NOT i.indisunique
                     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                   ORDER BY 1""",
                [tables],
            )
            deferred = cursor.fetchall()
            # DROP/CREATE INDEX refuse a table with pending deferred foreign-key checks (rows written
            # earlier in this transaction): run those checks now, then defer again as Django's FKs are.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, _definition in deferred:
                cursor.execute(f"DROP INDEX {name}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield
        with self.conn.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _name, definition in deferred:
                cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def write_rows(self, model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
        """Stream plain value tuples (``columns`` are field attnames, ``case_id`` for a foreign key; without
        ``id`` it comes from the table's sequence, or reserve ids with ``ids``). Datetimes are aware; they
        and JSON are adapted here. For the millions of access-log rows, where
        building model instances would cost more than the database."""
        conn, qn = self.conn, self.conn.ops.quote_name
        table = model._meta.db_table
        fields = [_field(model, name) for name in columns]
        cols = ", ".join(qn(f.column) for f in fields)
        count = 0
        kinds = [f.get_internal_type() for f in fields]
        with conn.cursor() as cursor:
            if self.postgresql:
                json_at = [i for i, kind in enumerate(kinds) if kind == "JSONField"]
                text_at = [i for i, kind in enumerate(kinds) if kind in TEXT_TYPES]
                with cursor.cursor.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        row = list(row)
                        for i in json_at:
                            row[i] = json.dumps(row[i])
                        for i in text_at:
                            if row[i].__class__ is not str and row[i] is not None:
                                row[i] = str(row[i])
                        copy.write_row(row)
                        count += 1
            else:
                adapters = {"DateTimeField": conn.ops.adapt_datetimefield_value, "JSONField": json.dumps,
                            "DateField": conn.ops.adapt_datefield_value}
                adapt = [adapters.get(kind) for kind in kinds]
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


def _field(model, attname: str):
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f
    raise ValueError(f"{model.__name__} has no column {attname}")


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
