"""Starting the generator in the background (demo.tasks): ``skutan generate --task``."""

from django.utils.translation import gettext

from skutan.accounts.models import Role
from skutan.accounts.selectors import user_has_role
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import AccessDeniedError, ApplicationError
from skutan.demo.scales import SCALES, scale_of


def generate_start(*, actor, scale: str | float, seed: int, core_only: bool = False):
    """Enqueue the generation of a synthetic municipality. From the command line ``actor`` is None; a user
    must be the systemförvaltare. The generator itself still refuses a database with real persons."""
    from skutan.core.tasks import task_enqueue
    from skutan.demo.tasks import generate_task

    if actor is not None and not (actor.is_superuser or user_has_role(user=actor, role=Role.SYSTEM_ADMIN)):
        raise AccessDeniedError(gettext("Bara systemförvaltaren kan generera en syntetisk kommun."))
    if not isinstance(scale, str):
        scale = float(scale)
        if scale <= 0:
            raise ApplicationError(gettext("Skalan måste vara större än noll."), field="scale")
    elif scale not in SCALES:
        raise ApplicationError(gettext("Okänd skala: %(scale)s.") % {"scale": scale}, field="scale")
    name = SCALES[scale].name if isinstance(scale, str) else f"{scale_of(scale):g}"

    def record(progress) -> None:
        audit_event_record(event_type=EventType.TASK_ENQUEUED, actor=actor, object_type="demo.generate",
                           object_id=str(progress.pk),
                           data={"kind": "demo.generate", "progress_id": progress.pk, "scale": scale, "seed": seed,
                                 "core_only": core_only})

    return task_enqueue(task=generate_task, kind="demo.generate",
                        label=gettext("Syntetisk kommun genereras (%(name)s, frö %(seed)s)") % {"name": name, "seed": seed},
                        actor=actor, record=record, scale=scale, seed=seed, core_only=core_only)
