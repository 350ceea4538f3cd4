"""An administrator's confirmation or correction of one version of a legal reference (lawref).

The shipped data set is lawref/references.json; a row here replaces the version (key, valid_from) it names,
or adds a new dated version. Its history (old and new value, who, when) is in the audit log (610).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class LegalReferenceCorrection(models.Model):
    key = models.CharField("lagrum", max_length=64)
    valid_from = models.DateField("gäller från")
    law = models.CharField("lag", max_length=120)
    short = models.CharField("kortnamn", max_length=60)
    sfs = models.CharField("SFS-nummer", max_length=20)
    chapter = models.CharField("kapitel", max_length=10, blank=True)
    paragraph = models.CharField("paragraf", max_length=20, blank=True)
    text = models.CharField("innehåll", max_length=300)
    source = models.CharField("källa", max_length=300)
    confirmed = models.BooleanField("bekräftad", default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["key", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="legal_correction_key_valid_from")
        ]
        verbose_name = "rättad lagrumshänvisning"
        verbose_name_plural = "rättade lagrumshänvisningar"

    def __str__(self) -> str:
        return f"{self.key} från {self.valid_from}"

    def as_correction(self) -> dict:
        return {
            "key": self.key, "valid_from": self.valid_from, "law": self.law, "short": self.short, "sfs": self.sfs,
            "chapter": self.chapter or None, "paragraph": self.paragraph or None, "text": self.text,
            "source": self.source, "confirmed": self.confirmed, "note": "",
        }
