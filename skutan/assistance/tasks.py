"""The EB register file as a background task (skutan/core/tasks.py, docs/tasks.md): a month at Stockholm scale
is some 25 000 rows, too long for a request. services_register.register_export_start checks the right and
enqueues it; the file is kept for its starter (skutan.core.exportfiles) and the rows are access-logged per
case, in the starter's name, as the direct download logs them."""

from datetime import date

from django.tasks import task
from django.urls import reverse

from skutan.core.tasks import task_running

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@task
def register_export_task(*, progress_id: int, actor_id: int, month: str, fmt: str) -> dict:
    from skutan.accounts.models import User
    from skutan.assistance import register
    from skutan.audit.catalogue import EventType
    from skutan.audit.context import AccessContext
    from skutan.audit.services import audit_event_record
    from skutan.core.exportfiles import export_file_save

    actor = User.objects.get(pk=actor_id)
    first = date.fromisoformat(month)
    with task_running(progress_id) as progress:
        ctx = AccessContext(user=actor, purpose="Registret över ekonomiskt bistånd (export)", channel="task",
                            path=f"task:{progress_id}")
        rows = register.register_rows_for_user(
            ctx=ctx, month=first,
            on_progress=lambda done, total: progress.update(done=done, total=total, message="Hushåll"),
        )
        data = register.register_xlsx(rows) if fmt == "xlsx" else register.register_csv(rows)
        filename = f"eb-register-{first:%Y-%m}.{fmt}"
        saved = export_file_save(
            progress_id=progress_id, data=data, filename=filename,
            content_type=XLSX if fmt == "xlsx" else "text/csv; charset=utf-8",
            download_url=reverse("assistance:register_download", kwargs={"register_export_id": progress_id}),
        )
        audit_event_record(event_type=EventType.EXPORT_FILE_MADE, actor=actor, object_type="assistance.register",
                           object_id=str(progress_id),
                           data={"kind": "assistance.register", "month": f"{first:%Y-%m}", "format": fmt,
                                 "rows": len(rows), "bytes": len(data)})
        progress.result = {"rows": len(rows), **saved}
        progress.update(message=f"{len(rows)} rader")
        return {"rows": len(rows), "bytes": len(data)}
