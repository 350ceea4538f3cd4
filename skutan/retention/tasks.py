"""The gallring as a background task (skutan/core/tasks.py, docs/tasks.md): purge_plan_execute_start()
enqueues it, the database worker runs purge_plan_execute() group by group and moves the progress row.

The task checks again that the plan is approved (``purge_plan_execute`` refuses it otherwise), and a task
enqueued again after a worker died continues where the first stopped: each group is its own transaction."""

from django.tasks import task

from skutan.core.tasks import task_running


@task
def purge_plan_execute_task(*, progress_id: int, plan_id: int, actor_id: int) -> dict:
    from skutan.accounts.models import User
    from skutan.retention.models import PurgePlan
    from skutan.retention.services import purge_plan_execute

    with task_running(progress_id) as progress:
        actor = User.objects.get(pk=actor_id)
        plan = PurgePlan.objects.get(pk=plan_id)
        plan = purge_plan_execute(
            actor=actor, plan=plan,
            progress=lambda done, total: progress.update(done=done, total=total),
        )
        reports = plan.summary.get("reports") or {}
        progress.result = {
            "plan": plan.code, "status": plan.status, "groups": plan.groups_done,
            "persons": sum((plan.summary.get("purged") or {}).values()), "reports": reports.get("purged", 0),
            "rows": sum(plan.counts.values()),
        }
        progress.update(message=f"{progress.result['persons']} personer och {progress.result['reports']} "
                                f"anmälningar gallrade, {progress.result['rows']} rader")
        return progress.result
