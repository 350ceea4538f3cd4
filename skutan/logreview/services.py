"""The automated log review: find unusual reading in the access log, and close what the reviewer has seen."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.selectors import user_can_review_log
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError, NotFoundError
from skutan.logreview import detection, selectors
from skutan.logreview.conf import logreview_settings
from skutan.logreview.models import LogReviewItem, ReviewStatus

NOTE_REQUIRED = "Skriv vad granskningen visade innan posten stängs."
ALREADY_CLOSED = "Posten är redan granskad och stängd."
CHANGED_MEANWHILE = "Posten har ändrats av någon annan. Ladda om sidan och försök igen."


@dataclass
class ReviewRunResult:
    since: date
    until: date
    reads: int
    created: int
    updated: int
    by_kind: dict[str, int]


def findings_for(*, reads: list[detection.Read]) -> list[detection.Finding]:
    """Every rule over the reads, with the thresholds from skutan/logreview/conf.py."""
    conf = logreview_settings()
    limit = conf.max_person_ids
    protected_ids = {r.person_id for r in reads if r.protected_person and r.person_id}
    return [
        *detection.many_persons(reads, persons=conf.burst_persons, minutes=conf.burst_minutes, limit=limit),
        *detection.protected_persons(
            reads, handlers=selectors.current_handlers(person_ids=protected_ids), limit=limit
        ),
        *detection.outside_units(reads, limit=limit),
        *detection.night(
            reads, start=conf.night_start, end=conf.night_end,
            exempt_users=selectors.users_with_roles(roles=conf.night_exempt_roles), limit=limit,
        ),
        *detection.possible_relatives(
            reads, relatives_of=selectors.relatives_by_user(user_ids={r.user_id for r in reads}), limit=limit
        ),
    ]


@transaction.atomic
def logreview_run(
    *, since: date | None = None, until: date | None = None, actor=None, on_progress=None
) -> ReviewRunResult:
    """Review the access log from ``since`` to ``until`` (days, both included; default the last
    SKUTAN_LOGREVIEW_LOOKBACK_DAYS days). Idempotent: an item is keyed by kind, user and day, so a second run
    updates an open item's count instead of adding one; a closed item is left as the reviewer closed it."""
    until = until or timezone.localdate()
    since = since or until - timedelta(days=logreview_settings().lookback_days - 1)
    if since > until:
        raise ApplicationError(gettext("Startdagen ligger efter slutdagen."), field="since")
    reads = selectors.access_log_reads(since=since, until=until)
    created = updated = 0
    by_kind: dict[str, int] = {}
    findings = findings_for(reads=reads)
    if on_progress is not None:
        on_progress(0, len(findings), gettext(
            "%(reads_count)s läsningar granskade"
        ) % {"reads_count": len(reads)})
    for done, finding in enumerate(findings, start=1):
        if on_progress is not None and done % 200 == 0:
            on_progress(done, len(findings), "")
        by_kind[finding.kind] = by_kind.get(finding.kind, 0) + 1
        values = {
            "kind": finding.kind, "user_id": finding.user_id, "username": finding.username, "day": finding.day,
            "period_start": finding.period_start, "period_end": finding.period_end, "count": finding.count,
            "details": {"person_ids": finding.person_ids, **finding.extra},
        }
        item = selectors.review_item_by_key(key=finding.key)
        if item is None:
            LogReviewItem.objects.create(key=finding.key, **values)
            created += 1
        elif item.status == ReviewStatus.OPEN and any(getattr(item, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(item, k, v)
            item.version += 1
            item.save()
            updated += 1
    audit_event_record(
        event_type=EventType.LOG_REVIEW_RUN, actor=actor, object_type="logreview.run",
        object_id=f"{since.isoformat()}/{until.isoformat()}",
        data={"since": since.isoformat(), "until": until.isoformat(), "reads": len(reads), "created": created,
              "updated": updated, "by_kind": by_kind},
    )
    if on_progress is not None:
        on_progress(len(findings), len(findings), "")
    return ReviewRunResult(since=since, until=until, reads=len(reads), created=created, updated=updated,
                           by_kind=by_kind)


def logreview_start(*, actor, since: date | None = None, until: date | None = None):
    """Hand a log review to the background worker (logreview.tasks) and return its progress row."""
    from skutan.core.tasks import task_enqueue
    from skutan.logreview.tasks import logreview_task

    if actor is not None and not user_can_review_log(user=actor):
        raise AccessDeniedError(gettext("Bara loggranskare kan starta loggkontrollen."))
    if since and until and since > until:
        raise ApplicationError(gettext("Startdagen ligger efter slutdagen."), field="since")

    def record(progress) -> None:
        audit_event_record(
            event_type=EventType.TASK_ENQUEUED, actor=actor, object_type="logreview.run",
            object_id=str(progress.pk),
            data={"kind": "logreview.run", "progress_id": progress.pk,
                  "since": since.isoformat() if since else None, "until": until.isoformat() if until else None},
        )

    return task_enqueue(
        task=logreview_task, kind="logreview.run", label=gettext("Automatisk loggkontroll"), actor=actor, record=record,
        since=since.isoformat() if since else None, until=until.isoformat() if until else None,
        actor_id=getattr(actor, "pk", None),
    )


@transaction.atomic
def logreview_item_close(*, actor, item_id: int, note: str, version: int) -> LogReviewItem:
    """The log reviewer closes an item with a note of what the review showed (audited)."""
    if not user_can_review_log(user=actor):
        raise AccessDeniedError(selectors.REVIEWERS_ONLY)
    note = (note or "").strip()
    if not note:
        raise ApplicationError(NOTE_REQUIRED, field="note")
    item = LogReviewItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise NotFoundError(selectors.ITEM_NOT_FOUND)
    if item.status == ReviewStatus.CLOSED:
        raise ConflictError(ALREADY_CLOSED)
    if item.version != version:
        raise ConflictError(CHANGED_MEANWHILE, field="version")
    item.status = ReviewStatus.CLOSED
    item.closed_by_id, item.closed_by_username = actor.pk, actor.get_username()
    item.closed_at = timezone.now()
    item.note = note
    item.version += 1
    item.save()
    audit_event_record(
        event_type=EventType.LOG_REVIEW_ITEM_CLOSED, actor=actor, obj=item,
        data={"kind": item.kind, "user_id": item.user_id, "day": item.day.isoformat()},
    )
    return item
