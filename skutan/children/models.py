"""Barn och unga: reports of concern (orosanmälningar), their assessments, investigations and interventions.

Deadlines are computed once by ``skutan.children.deadlines`` from the dated time limits in ``timelimits``
and stored with their legal source, so boards can filter and sort on them in the database and a later change
of the law never rewrites an old deadline.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from skutan.children.bbic import AREA_CHOICES
from skutan.core.models import VersionedModel


class ReporterCategory(models.TextChoices):
    SCHOOL = "school", "Skola"
    PRESCHOOL = "preschool", "Förskola"
    HEALTH_CARE = "health_care", "Hälso- och sjukvård"
    DENTAL_CARE = "dental_care", "Tandvård"
    POLICE = "police", "Polis"
    SOCIAL_SERVICES = "social_services", "Socialtjänst"
    OTHER_MUNICIPALITY = "other_municipality", "Annan kommun"
    PRIVATE_PERSON = "private_person", "Privatperson"
    ANONYMOUS = "anonymous", "Anonym"
    OTHER = "other", "Annan"


class ConcernCategory(models.TextChoices):
    VIOLENCE = "violence", "Våld"
    WITNESSED_VIOLENCE = "witnessed_violence", "Bevittnat våld i nära relation"
    PARENTAL_SUBSTANCE_ABUSE = "parental_substance_abuse", "Missbruk hos vårdnadshavare"
    PARENTAL_MENTAL_ILLNESS = "parental_mental_illness", "Psykisk ohälsa hos vårdnadshavare"
    CHILD_BEHAVIOUR = "child_behaviour", "Barnets eget beteende"
    HONOUR_RELATED = "honour_related", "Hedersrelaterat"
    CHILD_MARRIAGE = "child_marriage", "Barnäktenskap"
    NEGLECT = "neglect", "Brister i omsorgen"
    SEXUAL_ABUSE = "sexual_abuse", "Sexuella övergrepp"
    OTHER = "other", "Annat"


# A report with one of these concerns may not be screened out or transferred without a documented
# conversation with the child alone, or a written reason why it could not be held (DOMAIN.md §5, seed 003).
CONCERNS_REQUIRING_CHILD_CONVERSATION = frozenset({ConcernCategory.HONOUR_RELATED, ConcernCategory.CHILD_MARRIAGE})


class ChildReport(VersionedModel):
    """One orosanmälan. The child may be unknown at first: then ``child`` and ``case`` stay empty and
    ``child_description`` says what is known, until ``child_report_link_child`` identifies the child."""

    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="child_reports")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="child_reports"
    )
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="child_reports"
    )
    child_description = models.TextField("beskrivning av barnet (ej identifierat)", blank=True)
    received_at = models.DateTimeField("inkom")
    received_on = models.DateField("inkom (dag)", db_index=True)  # the local day: start of every period
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)
    reporter_category = models.CharField("anmälare", max_length=32, choices=ReporterCategory.choices)
    reporter_name = models.CharField("anmälarens namn", max_length=200, blank=True)
    reporter_contact = models.CharField("anmälarens kontaktuppgifter", max_length=200, blank=True)
    reporter_confidential = models.BooleanField("anmälarens identitet sekretessbelagd", default=False)
    text = models.TextField("anmälan", blank=True)
    protection_due = models.DateField("skyddsbedömning senast")
    protection_limit_source = models.CharField(max_length=200)
    preliminary_statutory_due = models.DateField("förhandsbedömning enligt lag senast")
    preliminary_due = models.DateField("förhandsbedömning senast", db_index=True)  # after any extension
    preliminary_limit_source = models.CharField(max_length=200)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["unit", "received_on"])]
        verbose_name = "orosanmälan"
        verbose_name_plural = "orosanmälningar"

    def __str__(self) -> str:
        return f"Orosanmälan {self.pk} ({self.received_on})"

    @property
    def concern_codes(self) -> list[str]:
        return [c.category for c in self.concerns.all()]

    @property
    def child_label(self) -> str:
        return self.child.full_name if self.child_id else "Ej identifierat barn"


class ChildReportConcern(models.Model):
    report = models.ForeignKey(ChildReport, on_delete=models.CASCADE, related_name="concerns")
    category = models.CharField("oro gäller", max_length=32, choices=ConcernCategory.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "category"], name="child_report_concern_unique")]
        ordering = ["category"]

    def __str__(self) -> str:
        return self.get_category_display()


class ProtectionAssessment(models.Model):
    """Skyddsbedömning: "genast", the day the report came in (SoL 11 kap. 1 a §)."""

    report = models.OneToOneField(ChildReport, on_delete=models.PROTECT, related_name="protection_assessment")
    assessed_at = models.DateTimeField("bedömd")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    immediate_protection_needed = models.BooleanField("behov av omedelbart skydd")
    notes = models.TextField("bedömning")
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Skyddsbedömning {self.assessed_at:%Y-%m-%d}"


class PreliminaryOutcome(models.TextChoices):
    OPEN_INVESTIGATION = "open_investigation", "Utredning inleds"
    NO_INVESTIGATION = "no_investigation", "Utredning inleds inte"
    TRANSFER = "transfer", "Överlämnas"


class PreliminaryAssessment(models.Model):
    """Förhandsbedömning: the decision whether to open an investigation (SoL 11 kap. 1 a §)."""

    report = models.OneToOneField(ChildReport, on_delete=models.PROTECT, related_name="preliminary_assessment")
    outcome = models.CharField("beslut", max_length=24, choices=PreliminaryOutcome.choices)
    decided_on = models.DateField("beslutsdatum")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("motivering", blank=True)
    transferred_to = models.CharField("överlämnas till", max_length=200, blank=True)
    no_conversation_reason = models.TextField("skäl till att enskilt samtal inte hölls", blank=True)
    investigation = models.ForeignKey(
        "Investigation", on_delete=models.PROTECT, null=True, blank=True, related_name="preliminary_assessments"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Förhandsbedömning {self.decided_on}: {self.get_outcome_display()}"

    @property
    def late(self) -> bool:
        return self.decided_on > self.report.preliminary_due


class PreliminaryExtension(models.Model):
    """Förhandsbedömning beyond 14 days: only for synnerliga skäl, written down, with a new date."""

    report = models.ForeignKey(ChildReport, on_delete=models.PROTECT, related_name="preliminary_extensions")
    decided_on = models.DateField("beslutsdatum")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("synnerliga skäl")
    previous_due = models.DateField()
    new_due = models.DateField("ny sista dag")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Förlängd förhandsbedömning till {self.new_due}"


class ChildConversation(models.Model):
    """Enskilt samtal: a conversation with the child alone, without the guardians present."""

    report = models.ForeignKey(ChildReport, on_delete=models.PROTECT, related_name="conversations")
    held_on = models.DateField("datum")
    held_by = models.CharField("samtalet hölls av", max_length=200)
    notes = models.TextField("anteckning", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Enskilt samtal {self.held_on}"


class InvestigationStatus(models.TextChoices):
    OPEN = "open", "Pågår"
    CONCLUDED = "concluded", "Avslutad"


class InvestigationOutcome(models.TextChoices):
    INTERVENTIONS = "interventions", "Beslut om insats"
    CLOSED = "closed", "Avslutad utan insats"


class Investigation(VersionedModel):
    """Utredning (BBIC), at most four months from the day it was opened unless extended by decision."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="investigations")
    opened_on = models.DateField("inledd")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    statutory_due = models.DateField("klar enligt lag senast")
    due = models.DateField("klar senast", db_index=True)  # after any extension
    limit_source = models.CharField(max_length=200)
    limit_confirmed = models.BooleanField(default=True)
    status = models.CharField(
        "status", max_length=16, choices=InvestigationStatus.choices, default=InvestigationStatus.OPEN
    )
    outcome = models.CharField("utfall", max_length=16, choices=InvestigationOutcome.choices, blank=True)
    concluded_on = models.DateField("avslutad", null=True, blank=True)
    conclusion_reason = models.TextField("motivering", blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["status", "due"])]
        verbose_name = "utredning"
        verbose_name_plural = "utredningar"

    def __str__(self) -> str:
        return f"Utredning {self.opened_on}"

    @property
    def is_open(self) -> bool:
        return self.status == InvestigationStatus.OPEN


class InvestigationExtension(models.Model):
    """A decision to extend the investigation for särskilda skäl, for a set time (SoL 11 kap. 2 §)."""

    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="extensions")
    decided_on = models.DateField("beslutsdatum")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("särskilda skäl")
    previous_due = models.DateField()
    new_due = models.DateField("ny sista dag")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Förlängd utredning till {self.new_due}"


class BbicNote(VersionedModel):
    """The investigation's text for one area of the BBIC triangle (see bbic.py)."""

    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="bbic_notes")
    area = models.CharField("område", max_length=40, choices=AREA_CHOICES)
    text = models.TextField("anteckning")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["investigation", "area"], name="bbic_note_one_per_area")]

    def __str__(self) -> str:
        return self.get_area_display()


class Agency(models.TextChoices):
    BARNAHUS = "barnahus", "Barnahus"
    POLICE = "police", "Polisen"
    PROSECUTOR = "prosecutor", "Åklagare"
    HEALTH_CARE = "health_care", "Hälso- och sjukvård"
    CHILD_PSYCHIATRY = "child_psychiatry", "Barn- och ungdomspsykiatrin"
    SCHOOL = "school", "Skola"
    PRESCHOOL = "preschool", "Förskola"
    OTHER = "other", "Annan myndighet"


class Consultation(models.Model):
    """Samråd with Barnahus or another agency during the investigation."""

    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="consultations")
    held_on = models.DateField("datum")
    agency = models.CharField("myndighet", max_length=24, choices=Agency.choices)
    agency_name = models.CharField("namn/enhet", max_length=200, blank=True)
    participants = models.TextField("deltagare")
    notes = models.TextField("anteckning", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Samråd {self.held_on} ({self.get_agency_display()})"


class InterventionKind(models.TextChoices):
    CONTACT_PERSON = "contact_person", "Kontaktperson"
    FOSTER_HOME = "foster_home", "Familjehem"
    HVB = "hvb", "HVB"
    OUTPATIENT = "outpatient", "Öppenvård"
    PARENTING_SUPPORT = "parenting_support", "Föräldrastöd"
    OTHER = "other", "Annan insats"


class Intervention(VersionedModel):
    """An insats decided for the child, usually as the outcome of an investigation."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="child_interventions")
    investigation = models.ForeignKey(
        Investigation, on_delete=models.PROTECT, null=True, blank=True, related_name="interventions"
    )
    kind = models.CharField("insats", max_length=24, choices=InterventionKind.choices)
    kind_other = models.CharField("annan insats", max_length=200, blank=True)
    decided_on = models.DateField("beslutsdatum")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("startdatum")
    ends_on = models.DateField("slutdatum", null=True, blank=True)
    provider = models.CharField("utförare", max_length=200)
    end_reason = models.TextField("avslutsorsak", blank=True)
    ended_on = models.DateField("avslutad", null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "insats"
        verbose_name_plural = "insatser"

    def __str__(self) -> str:
        return f"{self.label} från {self.starts_on}"

    @property
    def label(self) -> str:
        return self.kind_other if self.kind == InterventionKind.OTHER and self.kind_other else self.get_kind_display()

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class InterventionFollowUp(models.Model):
    """A planned uppföljning of an intervention; overdue when its day has passed without being done."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="follow_ups")
    due_on = models.DateField("planerad", db_index=True)
    done_on = models.DateField("genomförd", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField("anteckning", blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Uppföljning {self.due_on}"
