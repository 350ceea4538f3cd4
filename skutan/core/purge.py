"""The one controlled path for deleting frozen and logged rows (gallring).

The database refuses to delete rows of the log tables, the case history, signed journal entries, decided
months and sent payments (skutan/core/dbguard.py) unless a purge authorization is open in the same
transaction. ``purge_authorized`` is the only code that opens one::

    with purge_authorized(plan_id="gallring-2026-01", actor=user):
        AccessLog.objects.filter(at__lt=cutoff).delete()

Inside the block the triggers let the deletes through and count them per table in ``core_purgecount``; on
leaving it the authorization is closed, in the same transaction, so no other transaction ever sees it open.
If the block fails, everything rolls back, the authorization row included. What remains is the trace: plan
id, the actor's id, start and end, and the number of rows per table, with no personal data. The database
refuses to change or delete that trace.

The retention (gallring) service that decides *what* to purge records its own audit event; this module only
opens the door and keeps the count.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.core.errors import ApplicationError, ConflictError
from skutan.core.models import PurgeAuthorization

PLAN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


@contextmanager
def purge_authorized(*, plan_id: str, actor) -> Iterator[PurgeAuthorization]:
    """Open a purge authorization for ``plan_id`` (a gallringsplan's id, never personal data) by ``actor``."""
    if not isinstance(plan_id, str) or not PLAN_ID.fullmatch(plan_id):
        raise ApplicationError(
            gettext("Gallringsplanens id ska vara 1–64 tecken: bokstäver a–z, siffror och . _ : -"), field="plan_id"
        )
    if actor is None or getattr(actor, "pk", None) is None:
        raise ApplicationError(gettext("En gallring måste ha en utförare."), field="actor")
    with transaction.atomic():
        if PurgeAuthorization.objects.filter(finished_at__isnull=True).exists():
            raise ConflictError(gettext("En gallring pågår redan i den här transaktionen."), field="plan_id")
        authorization = PurgeAuthorization.objects.create(
            plan_id=plan_id, actor_id=actor.pk, started_at=timezone.now()
        )
        yield authorization
        authorization.finished_at = timezone.now()
        authorization.save(update_fields=["finished_at"])


def purge_counts(*, authorization: PurgeAuthorization) -> dict[str, int]:
    """Rows deleted per table under ``authorization``, as counted by the database triggers."""
    return dict(authorization.counts.values_list("table_name", "count"))
