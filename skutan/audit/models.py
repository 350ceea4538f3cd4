"""Access log and audit trail.

Neither table has a foreign key: rows must outlive the users, persons and cases they describe,
so they keep plain ids and a snapshot of the names needed to read them later.
"""

from django.db import models
from django.utils.translation import gettext_lazy

from skutan.core.clock import event_now


class AccessAction(models.TextChoices):
    VIEW = "view", gettext_lazy("Visning")
    SEARCH = "search", gettext_lazy("Sökning")
    LIST = "list", gettext_lazy("Lista")
    EXPORT = "export", gettext_lazy("Export")
    PRINT = "print", gettext_lazy("Utskrift/PDF")


class AccessLog(models.Model):
    """One read of a person's or a case's data: who, when, what, why (loggkontroll)."""

    at = models.DateTimeField(default=event_now, db_index=True)
    user_id = models.BigIntegerField(null=True, db_index=True)
    username = models.CharField(max_length=150)
    person_id = models.BigIntegerField(null=True, db_index=True)
    case_id = models.BigIntegerField(null=True, db_index=True)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50, blank=True)
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    purpose = models.CharField(max_length=200)
    channel = models.CharField(max_length=8, default="web")  # web, api, cli
    path = models.CharField(max_length=300, blank=True)
    protected_person = models.BooleanField(default=False)
    outside_units = models.BooleanField(default=False)
    emergency = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]
        # The log reviewer's questions: one person, or one user, over a period (audit 0004).
        indexes = [
            models.Index(fields=["person_id", "at"], name="accesslog_person_at_idx"),
            models.Index(fields=["user_id", "at"], name="accesslog_user_at_idx"),
        ]
        verbose_name = "åtkomstlogg"
        verbose_name_plural = "åtkomstloggar"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type} {self.object_id}"


class AuditEvent(models.Model):
    """One write, recorded in the same transaction as the write itself."""

    at = models.DateTimeField(default=event_now, db_index=True)
    event_type = models.PositiveIntegerField(db_index=True)
    acting_user_id = models.BigIntegerField(null=True)
    acting_username = models.CharField(max_length=150, blank=True)
    person_id = models.BigIntegerField(null=True, db_index=True)
    case_id = models.BigIntegerField(null=True, db_index=True)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "granskningshändelse"
        verbose_name_plural = "granskningshändelser"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.event_type} {self.object_type} {self.object_id}"
