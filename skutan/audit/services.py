from django.db import models

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent


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


def access_log_review_record(*, user, person_id: int | None, channel: str, path: str) -> None:
    """Reading the log about a person is itself a read of that person's data."""
    if person_id is None:
        return
    from skutan.people.models import Person

    access_log_record(
        user=user, action="list", purpose="Loggkontroll", object_type="access_log", object_id=person_id,
        person=Person.objects.filter(pk=person_id).first(), channel=channel, path=path,
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
