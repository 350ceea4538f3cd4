"""The moment an audit row or a case event is stamped with.

Normally now. The demo generator describes the past and wraps service calls in ``recorded_at(when)`` so the
rows they write carry the simulated moment from the start: the log tables refuse every UPDATE (see
skutan/core/dbguard.py), so nothing may be re-dated afterwards.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_override: ContextVar[datetime | None] = ContextVar("skutan_recorded_at", default=None)


def event_now() -> datetime:
    """Default of the ``at`` field of the audit and case-event tables."""
    return _override.get() or timezone.now()


@contextmanager
def recorded_at(when: datetime):
    token = _override.set(when)
    try:
        yield
    finally:
        _override.reset(token)
