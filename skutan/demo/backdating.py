"""Giving generated rows the past they stand for.

The generator runs today but describes 2019 onwards. Services stamp their audit rows and case events with
``skutan.core.clock.event_now()``; inside ``Backdater.at(when)`` that is the simulated moment, so the rows
are written with their past time at once. (They cannot be moved afterwards: the database refuses every
UPDATE of the log tables.)
"""

from contextlib import contextmanager
from datetime import datetime

from django.db import models

from skutan.core.clock import recorded_at


class Backdater:
    @contextmanager
    def at(self, when: datetime):
        """Audit rows and case events written by the service calls inside the block get ``at = when``.
        Rows written outside any block (such as the bulk-step audit rows) keep their real time."""
        with recorded_at(when):
            yield


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
