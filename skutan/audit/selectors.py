from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.selectors import user_can_review_log
from skutan.audit import subjects
from skutan.audit.models import AccessLog, AuditEvent
from skutan.core.errors import AccessDeniedError


def _start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def access_log_filter(
    *, reviewer, person_id: int | None = None, user_id: int | None = None, since: date | None = None,
    until: date | None = None, flagged_only: bool = False,
) -> QuerySet[AccessLog]:
    """Loggkontroll: only log reviewers may read the access log."""
    if not user_can_review_log(user=reviewer):
        raise AccessDeniedError(gettext("Bara loggranskare får läsa åtkomstloggen."))
    qs = AccessLog.objects.all()
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    if user_id is not None:
        qs = qs.filter(user_id=user_id)
    if since is not None:
        qs = qs.filter(at__gte=_start(since))
    if until is not None:
        qs = qs.filter(at__lt=_start(until) + timezone.timedelta(days=1))
    if flagged_only:
        from django.db.models import Q

        qs = qs.filter(Q(protected_person=True) | Q(outside_units=True) | Q(emergency=True))
    return qs.order_by("-at", "-id")


def access_log_people(*, rows) -> dict:
    """The persons named in log rows, for display to the reviewer (the rows were already authorized)."""
    return subjects.persons_by_ids(r.person_id for r in rows)


def person_id_for_review(*, value: str) -> int | None:
    """The reviewer filters by personnummer (as a person knows it) or by internal id; -1 matches nothing."""
    found = subjects.person_id_by_query(value)
    if found is not None:
        return found
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def audit_events_latest(*, limit: int = 300) -> list[AuditEvent]:
    """The newest audit events, for the log reviewer (the view checks the role)."""
    return list(AuditEvent.objects.all()[:limit])
