"""Maintained statistics summaries: the writers say what changed, the follow-up app refreshes its tables.

The services that write EB decisions, payments and the children's case events sit in lower layers than the
follow-up app, so they never import it. They call ``statistics_changed`` with the keys they touched; the
follow-up app registers its refresh in ``FollowupConfig.ready()`` (``statistics_listener_register``). The
refresh runs once the transaction commits, so it reads committed data and a rolled-back write leaves no trace;
keys from many writes in one transaction are refreshed together. Without a listener (the follow-up app not
installed) nothing happens. A periodic full refresh (``skutan statistics refresh``) repairs any drift.

Keys:
- ``households``: (payee person id, first day of the month the assistance is for);
- ``cases``: case ids whose every assistance month is to be refreshed (a case moved to another unit);
- ``children_units``: unit ids whose children's figures are to be refreshed.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.db import transaction

_listeners: list[Callable] = []
_pending: dict[str, set] = {"households": set(), "cases": set(), "children_units": set()}


def statistics_listener_register(listener: Callable) -> None:
    """``listener(households=set, cases=set, children_units=set)``, called after commit."""
    if listener not in _listeners:
        _listeners.append(listener)


def statistics_listeners_clear() -> None:
    _listeners.clear()


def statistics_changed(
    *, households: Iterable[tuple[int, date]] = (), cases: Iterable[int] = (), children_units: Iterable[int] = ()
) -> None:
    if not _listeners:
        return
    _pending["households"].update((int(p), m.replace(day=1)) for p, m in households if p is not None)
    _pending["cases"].update(int(c) for c in cases if c is not None)
    _pending["children_units"].update(int(u) for u in children_units if u is not None)
    # One callback per call; the first to run takes everything pending, the rest find nothing to do. Robust: a
    # failing refresh is logged and never undoes or fails the write (the nightly full refresh repairs it).
    transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    taken = {key: set(values) for key, values in _pending.items()}
    for values in _pending.values():
        values.clear()
    if not any(taken.values()):
        return
    for listener in list(_listeners):
        listener(**taken)
