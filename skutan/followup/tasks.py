"""The follow-up app's background tasks (skutan/core/tasks.py, docs/tasks.md): the full statistics refresh and
the export of the whole dashboard as one workbook. services.statistics_refresh_start and
services.followup_export_start check the user's right and enqueue them."""

from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from skutan.core.tasks import task_running


def _user(actor_id: int | None):
    from skutan.accounts.models import User

    return User.objects.get(pk=actor_id) if actor_id else None


@task
def statistics_refresh_task(*, progress_id: int, actor_id: int | None) -> dict:
    from skutan.followup.services import statistics_refresh_run

    with task_running(progress_id) as progress:
        run = statistics_refresh_run(
            actor=_user(actor_id),
            progress=lambda done, total, message: progress.update(done=done, total=total, message=message),
        )
        seconds = (run.finished_at - run.started_at).total_seconds()
        progress.result = {"rows": run.rows, "seconds": round(seconds, 1)}
        progress.update(message=f"{run.rows} hushållsmånader på {seconds:.1f} s")
        return progress.result


@task
def followup_export_task(*, progress_id: int, actor_id: int, query: dict) -> dict:
    """Every measure of the dashboard for the period and units in ``query`` (the dashboard's URL), in the
    starter's scope as it is when the task runs, as one XLSX file kept for the starter."""
    from skutan.audit.catalogue import EventType
    from skutan.audit.context import AccessContext
    from skutan.audit.services import audit_event_record
    from skutan.core.exportfiles import export_file_save
    from skutan.followup import exports
    from skutan.followup.selectors import (
        MEASURES,
        followup_access_record,
        followup_choice,
        followup_filters_text,
        followup_measure,
        followup_scope,
        followup_units,
    )

    actor = _user(actor_id)
    with task_running(progress_id) as progress:
        scope = followup_scope(user=actor)  # the right is checked again: it may have been taken away since
        today = timezone.localdate()
        period, unit_id, unit_ids, _ = followup_choice(params=query, scope=scope, today=today)
        keys = list(MEASURES)
        total = len(keys) + 1
        measures = []
        for i, key in enumerate(keys, start=1):
            measures.append(followup_measure(unit_ids=unit_ids, measure=key, period=period, today=today))
            progress.update(done=i, total=total, message=measures[-1].title)
        filters = followup_filters_text(period=period, unit_id=unit_id, units=followup_units(scope=scope))
        data = exports.dashboard_xlsx(measures, filters=filters)
        filename = f"uppfoljning-{today:%Y-%m-%d}.xlsx"
        followup_access_record(ctx=AccessContext(user=actor, purpose="Uppföljning (export i bakgrunden)",
                                                 channel="task", path=f"task:{progress_id}"),
                               measure="dashboard", export=True)
        saved = export_file_save(
            progress_id=progress_id, data=data, filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            download_url=reverse("followup:export_download", kwargs={"followup_export_id": progress_id}),
        )
        audit_event_record(event_type=EventType.EXPORT_FILE_MADE, actor=actor, object_type="followup.export",
                           object_id=str(progress_id),
                           data={"kind": "followup.export", "measures": len(measures), "bytes": len(data),
                                 "period": period.label, "unit_id": unit_id})
        progress.result = {"measures": len(measures), **saved}
        progress.update(done=total, total=total, message=filename)
        return {"measures": len(measures), "bytes": len(data)}
