from django.db import models


class VersionedModel(models.Model):
    """Optimistic locking: every update states the version it read (see core.concurrency)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
