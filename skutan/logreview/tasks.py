"""The loggkontroll as a background task (skutan/core/tasks.py, docs/tasks.md): logreview_start() enqueues it,
the database worker runs logreview_run() and moves the progress row as the findings are stored."""

from datetime import date

from django.tasks import task
from django.utils.translation import gettext

from skutan.core.tasks import task_running


@task
def logreview_task(*, progress_id: int, since: str | None, until: str | None, actor_id: int | None) -> dict:
    from skutan.accounts.models import User
    from skutan.logreview.services import logreview_run

    actor = User.objects.get(pk=actor_id) if actor_id else None
    with task_running(progress_id) as progress:
        result = logreview_run(
            since=date.fromisoformat(since) if since else None, until=date.fromisoformat(until) if until else None,
            actor=actor,
            on_progress=lambda done, total, message: progress.update(done=done, total=total, message=message or None),
        )
        progress.result = {"since": result.since.isoformat(), "until": result.until.isoformat(),
                           "reads": result.reads, "created": result.created, "updated": result.updated,
                           "by_kind": result.by_kind}
        progress.update(message=gettext(
            "%(reads)s läsningar granskade, %(created)s nya poster, %(updated)s uppdaterade"
        ) % {"reads": result.reads, "created": result.created, "updated": result.updated})
        return progress.result
