"""Reporting reads from a PostgreSQL streaming replica (docs/scaling.md).

With ``SKUTAN_REPORTING_DATABASE_URL`` set, settings define a second database alias, ``reporting``: a
read-only hot standby of the primary. Code that only reports (the follow-up dashboard and its exports) runs
its reads inside ``reporting_reads()``; ReportingRouter then sends every ORM read in that block to the
replica, and every write, always, to ``default``. Without the setting there is no ``reporting`` alias and
everything reads from ``default``, as before.

Reads outside the block never go to the replica: access checks, sessions and what a case worker just saved
must see the primary. A replica is some milliseconds behind (docs/scaling.md has the measured lag), which
statistics tolerate.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings

REPORTING = "reporting"
_reporting = ContextVar("skutan_reporting_reads", default=False)


def reporting_alias() -> str:
    """The alias reporting reads use: ``reporting`` if a replica is configured, otherwise ``default``."""
    return REPORTING if REPORTING in settings.DATABASES else "default"


@contextmanager
def reporting_reads() -> Iterator[str]:
    """Inside the block, ORM reads go to the replica (when there is one). Yields the alias."""
    token = _reporting.set(True)
    try:
        yield reporting_alias()
    finally:
        _reporting.reset(token)


def reads_from_reporting(func: Callable) -> Callable:
    """Decorator form of reporting_reads() for a reporting selector."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        with reporting_reads():
            return func(*args, **kwargs)

    return wrapper


class ReportingRouter:
    def db_for_read(self, model, **hints):
        if _reporting.get() and REPORTING in settings.DATABASES:
            return REPORTING
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # a standby replays the primary's schema; it is never migrated
