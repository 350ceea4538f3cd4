"""Automated loggkontroll: review items found in the access log, closed by the log reviewer with a note.

Like the access log itself, an item has no foreign keys: it keeps plain ids (user, persons) so it outlives
what it describes, and it copies no names or personnummer: the reviewer sees those on the item's page,
where reading them is access-logged.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class ReviewKind(models.TextChoices):
    MANY_PERSONS = "many_persons", gettext_lazy("Många personer på kort tid")
    PROTECTED_PERSON = "protected_person", gettext_lazy("Läsning av person med skyddade personuppgifter")
    OUTSIDE_UNITS = "outside_units", gettext_lazy("Läsning utanför egna enheter utan ärendekoppling")
    NIGHT = "night", gettext_lazy("Läsning nattetid")
    POSSIBLE_RELATIVE = "possible_relative", gettext_lazy("Läsning av möjlig anhörig")


class ReviewStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Att granska")
    CLOSED = "closed", gettext_lazy("Granskad")


class LogReviewItem(models.Model):
    # kind:user:day (plus the person for per-person kinds): a second run over the same days finds the same
    # key and updates the count instead of adding an item.
    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField("typ", max_length=32, choices=ReviewKind.choices, db_index=True)
    user_id = models.BigIntegerField("användar-id", db_index=True)
    username = models.CharField("användare", max_length=150)
    day = models.DateField("dag", db_index=True)
    period_start = models.DateTimeField("från")
    period_end = models.DateTimeField("till")
    count = models.PositiveIntegerField("antal")
    details = models.JSONField("detaljer", default=dict, blank=True)
    status = models.CharField("status", max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    found_at = models.DateTimeField("hittad", default=timezone.now)
    closed_by_id = models.BigIntegerField(null=True, blank=True)
    closed_by_username = models.CharField("granskad av", max_length=150, blank=True)
    closed_at = models.DateTimeField("granskad", null=True, blank=True)
    note = models.TextField("anteckning", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-day", "kind", "username"]
        verbose_name = "loggkontrollpost"
        verbose_name_plural = "loggkontrollposter"

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.username}"

    @property
    def person_ids(self) -> list[int]:
        return list(self.details.get("person_ids", []))
