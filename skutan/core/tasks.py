"""Background work: Django's tasks framework (``django.tasks``) with django-tasks-db's database worker.

A long job (a payment run, the loggkontroll, later the statistics refresh, large exports and the generator)
is a module-level function decorated with ``@task`` that takes ``progress_id`` and plain JSON arguments.
A service enqueues it with task_enqueue(), which writes a TaskProgress row (the page polls it, the command
line follows it) and the task result row in the caller's transaction, with an audit row: either all three
are saved or none, and the worker sees the task only once the transaction commits.

The worker is ``skutan db_worker`` (``make demo`` starts it beside the web server). Inside the task,
``with task_running(progress_id) as progress:`` marks the row running, and ``progress.update(done=…)``
moves it; leaving the block marks it done (or failed, with the error, and re-raises so the task result says
so too). See docs/tasks.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management import call_command
from django.db import models, transaction
from django.utils import timezone

from skutan.core.errors import NotFoundError
from skutan.core.models import TaskProgress, TaskStatus

TASK_NOT_FOUND = "Bakgrundsuppgiften finns inte."


def task_enqueue(
    *, task, kind: str, label: str, actor=None, obj: models.Model | None = None, record: Callable | None = None,
    **kwargs: Any,
) -> TaskProgress:
    """Enqueue ``task(progress_id=…, **kwargs)`` and return its progress row.

    ``record(progress)`` is the caller's audit recorder (audit sits above core, so it is handed in; see
    payments.services.payment_run_start). ``obj`` is what the task works on, for the page that shows it.
    """
    with transaction.atomic():
        progress = TaskProgress.objects.create(
            kind=kind, label=label[:200], owner_id=getattr(actor, "pk", None),
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
        )
        result = task.enqueue(progress_id=progress.pk, **kwargs)
        progress.task_result_id = str(result.id)
        progress.save(update_fields=["task_result_id"])
        if record is not None:
            record(progress)
    return progress


class _Running:
    def __init__(self, progress_id: int) -> None:
        self.progress_id = progress_id

    def update(self, *, done: int | None = None, total: int | None = None, message: str | None = None) -> None:
        """Move the progress row (its own small write, visible to the page at once)."""
        fields: dict[str, Any] = {}
        if done is not None:
            fields["done"] = done
        if total is not None:
            fields["total"] = total
        if message is not None:
            fields["message"] = message[:500]
        if fields:
            TaskProgress.objects.filter(pk=self.progress_id).update(**fields)

    result: dict[str, Any] | None = None


@contextmanager
def task_running(progress_id: int) -> Iterator[_Running]:
    """Inside a task: running on entry, done (with ``progress.result``) or failed on exit."""
    TaskProgress.objects.filter(pk=progress_id).update(status=TaskStatus.RUNNING, started_at=timezone.now())
    running = _Running(progress_id)
    try:
        yield running
    except Exception as exc:
        TaskProgress.objects.filter(pk=progress_id).update(
            status=TaskStatus.FAILED, finished_at=timezone.now(), message=str(exc)[:500] or type(exc).__name__
        )
        raise
    TaskProgress.objects.filter(pk=progress_id).update(
        status=TaskStatus.DONE, finished_at=timezone.now(), result=running.result or {}
    )


def task_progress_get(*, progress_id: int) -> TaskProgress:
    try:
        return TaskProgress.objects.get(pk=progress_id)
    except TaskProgress.DoesNotExist:
        raise NotFoundError(TASK_NOT_FOUND) from None


def task_progress_get_for_user(*, user, progress_id: int) -> TaskProgress:
    """The progress of a task the user started (or any, for a superuser). Others: not found."""
    progress = task_progress_get(progress_id=progress_id)
    if not (user.is_superuser or progress.owner_id == user.pk):
        raise NotFoundError(TASK_NOT_FOUND)
    return progress


def task_progress_latest(*, kind: str, object_type: str = "", object_id: str | int = "") -> TaskProgress | None:
    qs = TaskProgress.objects.filter(kind=kind)
    if object_type:
        qs = qs.filter(object_type=object_type, object_id=str(object_id))
    return qs.order_by("-created_at", "-id").first()


def worker_run_pending() -> None:
    """Run the database worker here until the queue is empty, then return (``db_worker --batch``): the
    command line's ``--worker-here``, and the tests. The same worker code as ``skutan db_worker``."""
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)


def progress_text(progress: TaskProgress) -> str:
    """One line for the command line: "Pågår: 3 000 av 12 000 (25 %) – meddelande"."""
    parts = [progress.get_status_display()]
    if progress.total:
        parts.append(f"{progress.done:,} av {progress.total:,} ({progress.percent} %)".replace(",", " "))
    text = ": ".join(parts[:1]) + (f" {parts[1]}" if len(parts) > 1 else "")
    return f"{text} – {progress.message}" if progress.message else text


def task_follow(
    *, progress_id: int, write: Callable[[str], None], interval: float = 1.0, timeout: float | None = None,
    worker_here: bool = False,
) -> TaskProgress:
    """Follow a task from the command line until it is finished, writing a line whenever it moves. With
    ``worker_here`` this process runs the worker itself (no ``db_worker`` needed)."""
    if worker_here:
        worker_run_pending()
    started, last, told = time.monotonic(), None, False
    while True:
        progress = task_progress_get(progress_id=progress_id)
        line = progress_text(progress)
        if line != last:
            write(line)
            last = line
        if progress.is_finished:
            return progress
        waited = time.monotonic() - started
        if timeout is not None and waited > timeout:
            return progress
        if progress.status == TaskStatus.QUEUED and waited > 5 and not told:
            write("Väntar på bakgrundsarbetaren (skutan db_worker) …")
            told = True
        time.sleep(interval)
