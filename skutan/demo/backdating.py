"""Giving generated rows the past they stand for.

The generator runs today but describes 2019 onwards. Services stamp their audit rows and case events
with ``timezone.now()``; ``Backdater`` notes which rows a block of service calls wrote and, at the end,
moves them to the simulated moment of that block. It relies on ids growing within the generator's single
transaction, which holds for SQLite and PostgreSQL sequences alike.
"""

from contextlib import contextmanager
from datetime import datetime

from django.db import connection, models

from skutan.audit.models import AuditEvent
from skutan.cases.models import CaseEvent


class Backdater:
    MODELS = (AuditEvent, CaseEvent)

    def __init__(self):
        self.ranges: dict[type[models.Model], list[tuple[datetime, int, int]]] = {m: [] for m in self.MODELS}
        tables = ", ".join(
            f"(SELECT MAX(id) FROM {connection.ops.quote_name(m._meta.db_table)})" for m in self.MODELS
        )
        self._sql = f"SELECT {tables}"  # one cheap query: this runs twice per block, thousands of times

    def _marks(self) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(self._sql)
            return [value or 0 for value in cursor.fetchone()]

    @contextmanager
    def at(self, when: datetime):
        """Rows written by the audited service calls inside the block get ``at = when``.
        Rows written outside any block (such as the bulk-step audit rows) keep their real time."""
        before = self._marks()
        yield
        for model, low, high in zip(self.MODELS, before, self._marks(), strict=True):
            if high > low:
                self.ranges[model].append((when, low, high))

    def apply(self) -> int:
        """Write the simulated times; returns the number of id ranges moved."""
        moved = 0
        for model, ranges in self.ranges.items():
            if not ranges:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            adapt = connection.ops.adapt_datetimefield_value
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET at = %s WHERE id > %s AND id <= %s",
                    [(adapt(when), low, high) for when, low, high in ranges],
                )
            moved += len(ranges)
            ranges.clear()
        return moved


@contextmanager
def without_auto_now(model: type[models.Model], *field_names: str):
    """Let ``bulk_create`` keep the given ``created_at``/``updated_at`` instead of stamping now.

    Needed for rows that cannot be updated afterwards, such as signed journal entries (the database
    refuses any update of a signed entry). Touches process state: only for the single-threaded generator.
    """
    fields = [model._meta.get_field(name) for name in field_names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
