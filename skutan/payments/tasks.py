"""The payment run as a background task (skutan/core/tasks.py, docs/tasks.md).

payment_run_start() enqueues it; the database worker runs every step of the run (payment_run_process_step:
include the payments chunk by chunk, then write and validate the pain.001 file). The run row carries the
counts the page shows; the task's progress row follows them.
"""

from django.tasks import task

from skutan.core.tasks import task_running


@task
def payment_run_task(*, progress_id: int, run_id: int, actor_id: int, chunk_size: int = 500) -> dict:
    from skutan.accounts.models import User
    from skutan.payments.models import RunStatus
    from skutan.payments.services import payment_run_process_step

    actor = User.objects.get(pk=actor_id)
    with task_running(progress_id) as progress:
        while True:
            run = payment_run_process_step(actor=actor, run_id=run_id, chunk_size=chunk_size)
            progress.update(done=run.processed_count, total=run.total_count,
                            message="Betalfilen skapas och valideras" if run.processed_count >= run.total_count else "")
            if run.is_finished or run.status == RunStatus.FAILED:
                break
        if run.status == RunStatus.FAILED:
            raise RuntimeError(run.error or "Utbetalningskörningen avbröts.")
        progress.result = {"run_id": run.pk, "count": run.total_count, "amount": str(run.total_amount),
                           "sha256": run.file_sha256}
        return progress.result
