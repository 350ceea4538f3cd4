"""The generator as a background task (``skutan generate --task``) with the real worker, at a tiny scale."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.cases.models import Case
from skutan.core.models import TaskProgress, TaskStatus
from skutan.core.tasks import task_enqueue, worker_run_pending
from skutan.demo import scales
from skutan.demo.services import generate_start
from skutan.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits and reconnects, as in production


@pytest.fixture
def tiny(monkeypatch):
    monkeypatch.setitem(scales.SCALES, "tiny", scales.Municipality("Tiny", 200, scales.Scale(0.02, name="tiny")))
    return "tiny"


def test_generate_task_enqueues_and_follows_with_the_worker_here(tiny):
    out = io.StringIO()
    call_command("generate", "--scale", tiny, "--seed", "5", "--core-only", "--task", "--worker-here", stdout=out)
    text = out.getvalue()
    assert "bakgrundskön" in text and "Klar" in text and "personer" in text
    task = TaskProgress.objects.get(kind="demo.generate")
    assert task.status == TaskStatus.DONE and task.owner_id is None
    assert task.result["persons"] == Person.objects.count() > 0 and task.result["cases"] == Case.objects.count()
    assert AuditEvent.objects.filter(event_type=EventType.TASK_ENQUEUED, object_type="demo.generate").count() == 1


def test_no_wait_only_enqueues_and_a_second_run_fails_visibly(tiny):
    call_command("generate", "--scale", tiny, "--core-only", "--task", "--no-wait", stdout=io.StringIO())
    assert TaskProgress.objects.get(kind="demo.generate").status == TaskStatus.QUEUED
    assert not Person.objects.exists()
    worker_run_pending()
    assert Person.objects.exists()
    # The same database again: the generator refuses, and the task shows failed with the reason.
    with pytest.raises(CommandError, match="redan demodata"):
        call_command("generate", "--scale", tiny, "--core-only", "--task", "--worker-here", stdout=io.StringIO())
    failed = TaskProgress.objects.filter(kind="demo.generate").order_by("-id").first()
    assert failed.status == TaskStatus.FAILED and "redan demodata" in failed.message


def test_only_the_systemforvaltare_may_start_it(staff, units):
    from skutan.accounts.models import Role
    from skutan.accounts.services import user_create
    from skutan.core.errors import AccessDeniedError

    with pytest.raises(AccessDeniedError):
        generate_start(actor=staff["eb_manager"], scale=0.02, seed=1)
    assert not TaskProgress.objects.exists()
    admin = user_create(username="sf", password=None, first_name="S", last_name="F",
                        memberships=[(units["logg"], Role.SYSTEM_ADMIN)])
    progress = generate_start(actor=admin, scale=0.02, seed=1, core_only=True)
    assert progress.owner_id == admin.pk and progress.status == TaskStatus.QUEUED


def test_the_progress_writer_moves_the_row_from_its_own_thread():
    """The generator runs in one transaction; the row must move anyway, written by a second connection."""
    import time

    from skutan.demo.tasks import _ProgressWriter

    class Nothing:
        @staticmethod
        def enqueue(**kwargs):
            from types import SimpleNamespace

            return SimpleNamespace(id="x")

    progress = task_enqueue(task=Nothing, kind="demo.generate", label="test")
    from skutan.core.tasks import _Running

    writer = _ProgressWriter(_Running(progress.pk), interval=0.01, threaded=True)
    writer("personer", 500, 2000)
    seen = None
    for _ in range(200):
        seen = TaskProgress.objects.values_list("done", "total", "message").get(pk=progress.pk)
        if seen[0]:
            break
        time.sleep(0.01)
    assert seen == (500, 2000, "personer")
    writer.write("[  1.0 s] Ärenden\n")
    writer("ärenden", 2000, 2000)
    writer.stop()
    assert not writer.thread.is_alive()
