from django.db import models

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessAction, AccessLog, AuditEvent


def audit_event_record(
    *,
    event_type: EventType,
    actor,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    person_id: int | None = None,
    case_id: int | None = None,
    data: dict | None = None,
) -> AuditEvent:
    """Record a write. Call inside the service's transaction so both commit or neither does."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        event_type=int(event_type),
        acting_user_id=actor.pk if authenticated else None,
        acting_username=actor.get_username() if authenticated else "",
        person_id=person_id,
        case_id=case_id,
        object_type=object_type,
        object_id=str(object_id),
        data=data or {},
    )


def access_log_record(
    *,
    user,
    action: str,
    purpose: str,
    object_type: str,
    object_id: str | int = "",
    person=None,
    case_id: int | None = None,
    channel: str = "web",
    path: str = "",
    outside_units: bool = False,
    emergency: bool = False,
) -> AccessLog:
    """Record a read of personal data. Selectors call this; views never need to remember it."""
    return AccessLog.objects.create(
        user_id=user.pk,
        username=user.get_username(),
        person_id=getattr(person, "pk", None),
        case_id=case_id,
        object_type=object_type,
        object_id=str(object_id),
        action=action,
        purpose=purpose[:200],
        channel=channel,
        path=path[:300],
        protected_person=bool(getattr(person, "protected_identity", False)),
        outside_units=outside_units,
        emergency=emergency,
    )


REVIEW_PURPOSE = "Loggkontroll"


def access_log_review_record(
    *, user, rows, person_id: int | None = None, shown: dict[int, bool] | None = None, channel: str, path: str
) -> None:
    """Reading the log is itself a read of personal data: it shows who was read, and when. One row per person
    shown (the persons of ``rows``, those in ``shown`` – id to protected flag – and the person filtered for),
    with purpose "Loggkontroll", in one INSERT."""
    persons: dict[int, bool] = {}
    for row in rows:
        if row.person_id is not None:
            persons[row.person_id] = persons.get(row.person_id, False) or row.protected_person
    for pid, protected in (shown or {}).items():
        persons[pid] = persons.get(pid, False) or protected
    if person_id is not None and person_id > 0:
        persons.setdefault(person_id, False)
    AccessLog.objects.bulk_create(
        AccessLog(
            user_id=user.pk, username=user.get_username(), person_id=pid, object_type="access_log",
            object_id=str(pid), action="list", purpose=REVIEW_PURPOSE, channel=channel, path=path[:300],
            protected_person=protected,
        )
        for pid, protected in sorted(persons.items())
    )


def access_log_list_record(*, ctx, cases) -> None:
    """A list page shows names from many cases: one row per case shown, in one INSERT."""
    user = ctx.user
    AccessLog.objects.bulk_create(
        AccessLog(
            user_id=user.pk, username=user.get_username(), person_id=c.person_id, case_id=c.pk,
            object_type="case", object_id=str(c.pk), action="list", purpose=ctx.purpose, channel=ctx.channel,
            path=ctx.path[:300], protected_person=bool(c.person.protection),
        )
        for c in cases
    )


def export_file_download_record(*, ctx, progress, object_type: str) -> None:
    """A background export's file leaves the system (skutan.core.exportfiles): an export row in the access log,
    as the synchronous download has, and an audit event naming the task that made it."""
    from django.db import transaction

    meta = (progress.result or {}).get("file") or {}
    with transaction.atomic():
        access_log_record(user=ctx.user, action=AccessAction.EXPORT, purpose=ctx.purpose, object_type=object_type,
                          object_id=str(progress.pk), channel=ctx.channel, path=ctx.path)
        audit_event_record(event_type=EventType.EXPORT_FILE_DOWNLOADED, actor=ctx.user, object_type=progress.kind,
                           object_id=str(progress.pk),
                           data={"kind": progress.kind, "filename": meta.get("filename"), "bytes": meta.get("size")})
