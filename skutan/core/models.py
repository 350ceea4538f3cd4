from django.db import models
from django.utils.translation import gettext_lazy


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


class TaskStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("I kö")
    RUNNING = "running", gettext_lazy("Pågår")
    DONE = "done", gettext_lazy("Klar")
    FAILED = "failed", gettext_lazy("Misslyckades")


class TaskProgress(models.Model):
    """How far a background task has come, for the page that polls it and the command line that follows it
    (skutan/core/tasks.py). One row per enqueued task; the task result itself is django-tasks-db's row
    (``task_result_id``). No personal data: a label, counts, and a link to the object the task works on."""

    kind = models.CharField("slag", max_length=60)
    label = models.CharField("beskrivning", max_length=200)
    owner_id = models.BigIntegerField("startad av (användar-id)", null=True)
    task_result_id = models.CharField("uppgiftens id", max_length=64, blank=True)
    status = models.CharField("status", max_length=8, choices=TaskStatus.choices, default=TaskStatus.QUEUED)
    done = models.PositiveIntegerField("klart", default=0)
    total = models.PositiveIntegerField("totalt", null=True, blank=True)
    message = models.CharField("meddelande", max_length=500, blank=True)
    result = models.JSONField("resultat", default=dict, blank=True)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField("startad", auto_now_add=True)
    started_at = models.DateTimeField("påbörjad", null=True, blank=True)
    finished_at = models.DateTimeField("avslutad", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "status"]), models.Index(fields=["object_type", "object_id"])]
        verbose_name = "bakgrundsuppgift"
        verbose_name_plural = "bakgrundsuppgifter"

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def percent(self) -> int | None:
        if self.status == TaskStatus.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)

    @property
    def is_finished(self) -> bool:
        return self.status in (TaskStatus.DONE, TaskStatus.FAILED)

    @property
    def file_expires_at(self):
        """When the file of a background export is deleted (skutan.core.exportfiles), or None."""
        from datetime import datetime

        meta = (self.result or {}).get("file") or {}
        return datetime.fromisoformat(meta["expires_at"]) if meta.get("expires_at") else None
