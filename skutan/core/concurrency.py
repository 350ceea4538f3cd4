from django.db import models

from skutan.core.errors import ConflictError

STALE_MESSAGE = (
    "Uppgifterna har ändrats av någon annan sedan du öppnade dem. Ladda om sidan och gör om din ändring."
)


def versioned_update(*, instance: models.Model, expected_version: int, fields: dict) -> models.Model:
    """Write ``fields`` only if nobody else changed the row since ``expected_version`` was read.

    The compare-and-set runs in one UPDATE so two racing users cannot both win.
    """
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        **fields, version=models.F("version") + 1
    )
    if updated != 1:
        raise ConflictError(STALE_MESSAGE, field="version")
    instance.refresh_from_db()
    return instance
