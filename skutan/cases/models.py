from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skutan.core.clock import event_now
from skutan.core.models import VersionedModel


class CaseType(models.TextChoices):
    FINANCIAL_ASSISTANCE = "financial_assistance", gettext_lazy("Ekonomiskt bistånd")
    CHILDREN = "children", gettext_lazy("Barn och unga")
    ADULTS = "adults", gettext_lazy("Vuxen")


class CaseStatus(models.TextChoices):
    OPENED = "opened", gettext_lazy("Aktualiserat")
    ASSESSMENT = "assessment", gettext_lazy("Förhandsbedömning")
    INVESTIGATION = "investigation", gettext_lazy("Utredning")
    DECIDED = "decided", gettext_lazy("Beslut")
    INTERVENTION = "intervention", gettext_lazy("Insats")
    FOLLOW_UP = "follow_up", gettext_lazy("Uppföljning")
    CLOSED = "closed", gettext_lazy("Avslutat")


ACTIVE_STATUSES = [s for s in CaseStatus.values if s != CaseStatus.CLOSED]


class OpeningKind(models.TextChoices):
    APPLICATION = "application", gettext_lazy("Ansökan")
    REPORT = "report", gettext_lazy("Anmälan")
    OTHER = "other", gettext_lazy("Övrigt")


class Case(VersionedModel):
    """An ärende: one matter for one person (and household) in one unit."""

    reference = models.CharField("diarienummer", max_length=20, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    case_type = models.CharField("ärendetyp", max_length=32, choices=CaseType.choices)
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="cases")
    status = models.CharField("status", max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPENED)
    opening_kind = models.CharField("aktualisering", max_length=16, choices=OpeningKind.choices)
    opened_on = models.DateField("aktualiserat")
    closed_on = models.DateField("avslutat", null=True, blank=True)
    closing_reason = models.CharField("avslutsorsak", max_length=200, blank=True)
    summary = models.CharField("kort beskrivning", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["unit", "status"])]
        verbose_name = "ärende"
        verbose_name_plural = "ärenden"

    def __str__(self) -> str:
        return f"{self.reference} {self.get_case_type_display()}"

    @property
    def is_active(self) -> bool:
        return self.status != CaseStatus.CLOSED


class CaseAssignment(models.Model):
    """Who handles the case. A reallocation ends the old row; history stays."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.user_id}"


class CaseAccessGrant(models.Model):
    """Access beyond one's own units: granted by a manager, or taken in an emergency with a reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_grants")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField("skäl")
    emergency = models.BooleanField(default=False)
    granted_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id} → {self.case_id}{' (nödåtkomst)' if self.emergency else ''}"


class JournalEntry(VersionedModel):
    """A journalanteckning. A draft may change; once signed the database refuses any update
    or delete (SOSFS 2014:5) — a correction is a new entry pointing at the old one."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="journal_entries")
    event_date = models.DateField("händelsedatum")
    text = models.TextField("anteckning")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField("signerad", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    class Meta:
        ordering = ["-event_date", "-id"]
        verbose_name = "journalanteckning"
        verbose_name_plural = "journalanteckningar"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class CaseEvent(models.Model):
    """The case's own history (Saleor's OrderEvent). No database constraint on ``case``:
    the history outlives the records it describes."""

    case = models.ForeignKey(
        Case, on_delete=models.DO_NOTHING, db_constraint=False, related_name="events"
    )
    at = models.DateTimeField(default=event_now)
    event_type = models.CharField(max_length=40)
    user_id = models.BigIntegerField(null=True)
    username = models.CharField(max_length=150, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.event_type}"


class JournalTemplate(VersionedModel):
    """A journal template of one unit for one kind of event (Hembesök, Telefonsamtal, Nätverksmöte…),
    maintained by the unit's manager. Choosing it fills the journal form; the caseworker edits the text."""

    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="journal_templates")
    event_kind = models.CharField("typ av händelse", max_length=100)
    text = models.TextField("mall")
    active = models.BooleanField("används", default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["unit", "event_kind"]
        constraints = [models.UniqueConstraint(fields=["unit", "event_kind"], name="journal_template_unit_kind")]
        verbose_name = "journalmall"
        verbose_name_plural = "journalmallar"

    def __str__(self) -> str:
        return f"{self.event_kind} ({self.unit_id})"


class DocumentDirection(models.TextChoices):
    INCOMING = "incoming", gettext_lazy("Inkommande")
    OUTGOING = "outgoing", gettext_lazy("Utgående")


class DocumentKind(models.TextChoices):
    LEASE = "lease", gettext_lazy("Hyresavtal eller hyresavi")
    SALARY = "salary", gettext_lazy("Lönespecifikation")
    BANK = "bank", gettext_lazy("Kontoutdrag")
    MEDICAL = "medical", gettext_lazy("Läkarintyg")
    SCHOOL = "school", gettext_lazy("Skrivelse från skola eller förskola")
    AUTHORITY = "authority", gettext_lazy("Handling från annan myndighet")
    APPLICATION = "application", gettext_lazy("Ansökan eller blankett")
    LETTER = "letter", gettext_lazy("Brev eller beslut")
    OTHER = "other", gettext_lazy("Övrigt")


class DocumentChannel(models.TextChoices):
    POST = "post", gettext_lazy("Brev")
    EMAIL = "email", gettext_lazy("E-post")
    DIGITAL_MAILBOX = "digital_mailbox", gettext_lazy("Digital brevlåda")
    E_SERVICE = "e_service", gettext_lazy("E-tjänst")
    IN_PERSON = "in_person", gettext_lazy("Lämnat eller hämtat personligen")


def document_storage():
    """The storage the documents live in: ``STORAGES[SKUTAN_DOCUMENT_STORAGE]`` (default: "default", a
    FileSystemStorage under MEDIA_ROOT; an S3-compatible store through django-storages, docs/documents.md)."""
    from django.core.files.storage import storages

    return storages[getattr(settings, "SKUTAN_DOCUMENT_STORAGE", "default")]


def document_upload_to(instance, filename: str) -> str:
    # No name of a person, nor the uploader's file name, in the stored path: a random name per file.
    import uuid

    ext = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(instance.content_type, "bin")
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Document(models.Model):
    """A handling of the case: an incoming document (a lease, a salary slip, a medical certificate) or an
    outgoing letter. The file is in the storage, never in the database; the row is never changed or deleted
    (database triggers, skutan/core/dbguard.py) except by gallring."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    # What in the case the document belongs to, when it is more than the case: "assistance.application" 42.
    subject_type = models.CharField(max_length=64, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject_label = models.CharField("avser", max_length=200, blank=True)
    direction = models.CharField("riktning", max_length=16, choices=DocumentDirection.choices)
    kind = models.CharField("typ av handling", max_length=32, choices=DocumentKind.choices)
    title = models.CharField("beskrivning", max_length=200)
    received_on = models.DateField("inkom", null=True, blank=True)
    sent_on = models.DateField("skickad", null=True, blank=True)
    channel = models.CharField("kanal", max_length=32, choices=DocumentChannel.choices, blank=True)
    file = models.FileField(upload_to=document_upload_to, storage=document_storage, max_length=300)
    original_name = models.CharField("filnamn", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("storlek (byte)")
    sha256 = models.CharField(max_length=64)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registrerad", default=timezone.now)

    class Meta:
        ordering = ["-registered_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        verbose_name = "handling"
        verbose_name_plural = "handlingar"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"
