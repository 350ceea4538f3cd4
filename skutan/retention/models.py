"""Gallring (purge plans and their trace), bevarandemarkeringar, registerutdrag and GDPR requests.

A purge plan's items point at persons with a foreign key on purpose: purging a person deletes that person's
items with everything else about them, so what stays after the purge is the plan itself (year, rules, counts,
who planned, approved and executed) and the database's own trace (core.PurgeAuthorization/PurgeCount):
no names, no identity numbers, no person ids.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skutan.core.models import VersionedModel


class MarkKind(models.TextChoices):
    PATERNITY = "paternity", gettext_lazy("Utredning om faderskap eller föräldraskap")
    ADOPTION = "adoption", gettext_lazy("Adoptionsutredning")
    CUSTODY_AGREEMENT = "custody_agreement", gettext_lazy("Avtal om vårdnad, boende eller umgänge")


class RetentionMark(models.Model):
    """Bevarandemarkering: the personakt holds a document the law says to keep (Skutan has no record type of
    its own for these documents, so the caseworker marks that the file holds one)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="retention_marks")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField("handling", max_length=24, choices=MarkKind.choices)
    document_date = models.DateField("handlingens datum")
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=gettext_lazy("Barnet som avtalet gäller (vårdnad, boende, umgänge); tomt = personen själv."),
    )
    note = models.CharField("anteckning", max_length=200, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)
    # A mark registered by mistake is withdrawn, not deleted: it then keeps nothing (the history stays).
    withdrawn_at = models.DateTimeField("återkallad", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.CharField("skäl till återkallelsen", max_length=200, blank=True)

    class Meta:
        ordering = ["document_date", "id"]
        verbose_name = "bevarandemarkering"
        verbose_name_plural = "bevarandemarkeringar"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_date}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Väntar på godkännande")
    APPROVED = "approved", gettext_lazy("Godkänd")
    RUNNING = "running", gettext_lazy("Gallring pågår")
    DONE = "done", gettext_lazy("Genomförd")
    CANCELLED = "cancelled", gettext_lazy("Makulerad")


class PurgePlan(VersionedModel):
    """A gallringsplan for one year: a dry run until approved by a named archivist; then executed."""

    year = models.PositiveIntegerField("gallringsår")
    as_of = models.DateField("planerad per")
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_note = models.CharField("kommentar", max_length=500, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Counts only (never ids): {"rules": {code: {"persons": n, "kept": n}}, "logs": {table: {"cutoff": day}}}
    summary = models.JSONField(default=dict, blank=True)
    groups_total = models.PositiveIntegerField(default=0)
    groups_done = models.PositiveIntegerField(default=0)
    # Rows deleted per table, as counted by the database during execution.
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "gallringsplan"
        verbose_name_plural = "gallringsplaner"

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """The plan's id in the database's purge trace (core.PurgeAuthorization.plan_id): no personal data."""
        return f"gallring-{self.year}-{self.pk}"


class ItemOutcome(models.TextChoices):
    PURGE = "purge", gettext_lazy("Gallras")
    KEEP = "keep", gettext_lazy("Bevaras")


class PurgePlanItem(models.Model):
    """One person in a plan: purged (with the persons linked to them, ``group``) or kept, under which rule."""

    plan = models.ForeignKey(PurgePlan, on_delete=models.PROTECT, related_name="items")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    group = models.PositiveIntegerField("grupp", default=0)
    outcome = models.CharField(max_length=8, choices=ItemOutcome.choices)
    rule_code = models.CharField("regel", max_length=40)
    reason = models.CharField("skäl", max_length=300)
    record_count = models.PositiveIntegerField("antal poster", default=0)
    last_entry = models.DateField("senaste anteckning", null=True, blank=True)
    keep_until = models.DateField("bevaras till", null=True, blank=True)

    class Meta:
        ordering = ["outcome", "group", "id"]
        indexes = [models.Index(fields=["plan", "outcome", "group"])]
        verbose_name = "person i gallringsplan"
        verbose_name_plural = "personer i gallringsplan"

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.rule_code})"


class RegisterExtract(models.Model):
    """That a registerutdrag (GDPR art. 15) was produced: by whom, when, how much was left out."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    produced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    produced_at = models.DateTimeField(default=timezone.now)
    record_count = models.PositiveIntegerField(default=0)
    omitted_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-produced_at", "-id"]
        verbose_name = "registerutdrag"
        verbose_name_plural = "registerutdrag"

    def __str__(self) -> str:
        return f"Registerutdrag {self.produced_at:%Y-%m-%d}"


class RequestKind(models.TextChoices):
    RECTIFICATION = "rectification", gettext_lazy("Rättelse (art. 16)")
    ERASURE = "erasure", gettext_lazy("Radering (art. 17)")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", gettext_lazy("Mottagen")
    GRANTED = "granted", gettext_lazy("Bifallen")
    PARTLY = "partly", gettext_lazy("Delvis bifallen")
    REFUSED = "refused", gettext_lazy("Avslagen")


class DataSubjectRequest(VersionedModel):
    """A person's request for rättelse or radering (GDPR art. 16–17), registered and decided."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("begäran", max_length=16, choices=RequestKind.choices)
    received_on = models.DateField("inkom")
    description = models.TextField("vad personen begär")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=16, choices=RequestStatus.choices, default=RequestStatus.RECEIVED)
    decision_text = models.TextField("beslut och skäl", blank=True)
    legal_basis = models.TextField("rättslig grund", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "begäran om rättelse eller radering"
        verbose_name_plural = "begäranden om rättelse eller radering"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on}"
