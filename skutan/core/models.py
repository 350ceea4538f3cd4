from django.db import models


class VersionedModel(models.Model):
    """Optimistic locking: every update states the version it read (see core.concurrency)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class PurgeAuthorization(models.Model):
    """One sanctioned purge (gallring): the only state in which the database lets rows of the frozen and log
    tables be deleted. Open (``finished_at`` null) only inside ``skutan.core.purge.purge_authorized``, within
    one transaction; the row itself stays as the trace. No personal data: a plan id and the actor's id."""

    plan_id = models.CharField("gallringsplan", max_length=64)
    actor_id = models.BigIntegerField("utförd av (användar-id)")
    started_at = models.DateTimeField("påbörjad")
    finished_at = models.DateTimeField("avslutad", null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "gallringsbehörighet"
        verbose_name_plural = "gallringsbehörigheter"

    def __str__(self) -> str:
        return f"Gallring {self.plan_id} ({self.started_at:%Y-%m-%d %H:%M})"


class PurgeCount(models.Model):
    """How many rows of one table a purge deleted. Written by the database triggers, not by Python."""

    authorization = models.ForeignKey(PurgeAuthorization, on_delete=models.PROTECT, related_name="counts")
    table_name = models.CharField("tabell", max_length=63)
    count = models.PositiveIntegerField("antal rader", default=0)

    class Meta:
        ordering = ["authorization", "table_name"]
        constraints = [
            models.UniqueConstraint(fields=["authorization", "table_name"], name="purge_count_table")
        ]

    def __str__(self) -> str:
        return f"{self.table_name}: {self.count}"
