"""Starting the EB register file in the background (assistance.tasks): the right first, then the queue."""

from datetime import date

from django.utils.translation import gettext

from skutan.assistance.register import register_right_require
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import ApplicationError


def register_export_start(*, actor, month: date, fmt: str):
    """Enqueue the register file of ``month`` (csv or xlsx) for ``actor`` (a unit manager or the
    systemförvaltare); returns the progress row the page follows."""
    from skutan.assistance.tasks import register_export_task
    from skutan.core.tasks import task_enqueue

    register_right_require(actor)
    if fmt not in ("csv", "xlsx"):
        raise ApplicationError(gettext("Formatet finns inte."), field="format")
    month = month.replace(day=1)

    def record(progress) -> None:
        audit_event_record(event_type=EventType.TASK_ENQUEUED, actor=actor, object_type="assistance.register",
                           object_id=str(progress.pk),
                           data={"kind": "assistance.register", "progress_id": progress.pk,
                                 "month": f"{month:%Y-%m}", "format": fmt})

    return task_enqueue(task=register_export_task, kind="assistance.register",
                        label=gettext("Registerfilen för %(month)s") % {"month": f"{month:%Y-%m}"},
                        actor=actor, record=record, actor_id=actor.pk, month=month.isoformat(), fmt=fmt)
