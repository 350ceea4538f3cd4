"""Barn och unga: reports of concern (orosanmälningar), their assessments, investigations and interventions.

Deadlines are computed once by ``skutan.children.deadlines`` from the dated time limits in ``timelimits``
and stored with their legal source, so boards can filter and sort on them in the database and a later change
of the law never rewrites an old deadline.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skutan.children.bbic import AREA_CHOICES
from skutan.core.models import VersionedModel


class ReporterCategory(models.TextChoices):
    SCHOOL = "school", gettext_lazy("Skola")
    PRESCHOOL = "preschool", gettext_lazy("Förskola")
    HEALTH_CARE = "health_care", gettext_lazy("Hälso- och sjukvård")
    DENTAL_CARE = "dental_care", gettext_lazy("Tandvård")
    POLICE = "police", gettext_lazy("Polis")
    SOCIAL_SERVICES = "social_services", gettext_lazy("Socialtjänst")
    OTHER_MUNICIPALITY = "other_municipality", gettext_lazy("Annan kommun")
    PRIVATE_PERSON = "private_person", gettext_lazy("Privatperson")
    ANONYMOUS = "anonymous", gettext_lazy("Anonym")
    OTHER = "other", gettext_lazy("Annan")


class ConcernCategory(models.TextChoices):
    VIOLENCE = "violence", gettext_lazy("Våld")
    WITNESSED_VIOLENCE = "witnessed_violence", gettext_lazy("Bevittnat våld i nära relation")
    PARENTAL_SUBSTANCE_ABUSE = "parental_substance_abuse", gettext_lazy("Missbruk hos vårdnadshavare")
    PARENTAL_MENTAL_ILLNESS = "parental_mental_illness", gettext_lazy("Psykisk ohälsa hos vårdnadshavare")
    CHILD_BEHAVIOUR = "child_behaviour", gettext_lazy("Barnets eget beteende")
    HONOUR_RELATED = "honour_related", gettext_lazy("Hedersrelaterat")
    CHILD_MARRIAGE = "child_marriage", gettext_lazy("Barnäktenskap")
    NEGLECT = "neglect", gettext_lazy("Brister i omsorgen")
    SEXUAL_ABUSE = "sexual_abuse", gettext_lazy("Sexuella övergrepp")
    OTHER = "other", gettext_lazy("Annat")


# Reporters who are professionals (SoL 14 kap. 1 §): they are told what became of their report.
PROFESSIONAL_REPORTERS = frozenset({
    ReporterCategory.SCHOOL, ReporterCategory.PRESCHOOL, ReporterCategory.HEALTH_CARE, ReporterCategory.DENTAL_CARE,
    ReporterCategory.POLICE, ReporterCategory.SOCIAL_SERVICES, ReporterCategory.OTHER_MUNICIPALITY,
})


class Channel(models.TextChoices):
    LETTER = "letter", gettext_lazy("Brev")
    DIGITAL = "digital", gettext_lazy("Digital brevlåda")
    EMAIL = "email", gettext_lazy("E-post")
    PHONE = "phone", gettext_lazy("Telefon")
    MEETING = "meeting", gettext_lazy("Vid möte")


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
    # Återkoppling to a professional reporter: whether and when they were told (see legal.py)
    feedback_given_on = models.DateField("återkoppling lämnad", null=True, blank=True)
    feedback_channel = models.CharField("återkoppling via", max_length=16, blank=True)
    feedback_not_given_reason = models.TextField("skäl till att återkoppling inte lämnas", blank=True)

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

    @property
    def reporter_is_professional(self) -> bool:
        return self.reporter_category in PROFESSIONAL_REPORTERS

    @property
    def feedback_done(self) -> bool:
        return self.feedback_given_on is not None or bool(self.feedback_not_given_reason)


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
    OPEN_INVESTIGATION = "open_investigation", gettext_lazy("Utredning inleds")
    NO_INVESTIGATION = "no_investigation", gettext_lazy("Utredning inleds inte")
    TRANSFER = "transfer", gettext_lazy("Överlämnas")


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
    delegation = models.ForeignKey(
        "accounts.Delegation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=gettext_lazy("delegationspunkt"),
    )
    reason = models.TextField("synnerliga skäl")
    previous_due = models.DateField()
    new_due = models.DateField("ny sista dag")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Förlängd förhandsbedömning till {self.new_due}"


class ChildConversation(models.Model):
    """A conversation with the child: an enskilt samtal (alone, without the guardians) or not, and why not.
    Held during the förhandsbedömning (``report``) or the investigation (``investigation``)."""

    report = models.ForeignKey(
        ChildReport, on_delete=models.PROTECT, null=True, blank=True, related_name="conversations"
    )
    investigation = models.ForeignKey(
        "Investigation", on_delete=models.PROTECT, null=True, blank=True, related_name="conversations"
    )
    held_on = models.DateField("datum")
    held_by = models.CharField("samtalet hölls av", max_length=200)
    alone = models.BooleanField("barnet ensamt (utan vårdnadshavare)", default=True)
    not_alone_reason = models.TextField("varför inte enskilt", blank=True)
    present = models.CharField("närvarande utöver barnet", max_length=200, blank=True)
    notes = models.TextField("anteckning", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Enskilt samtal {self.held_on}"


class InvestigationStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Pågår")
    CONCLUDED = "concluded", gettext_lazy("Avslutad")


class InvestigationOutcome(models.TextChoices):
    INTERVENTIONS = "interventions", gettext_lazy("Beslut om insats")
    CLOSED = "closed", gettext_lazy("Avslutad utan insats")


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
    child_views = models.TextField("barnets egna synpunkter", blank=True)
    child_not_heard_reason = models.TextField("skäl till att barnet inte kommit till tals", blank=True)

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
    delegation = models.ForeignKey(
        "accounts.Delegation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=gettext_lazy("delegationspunkt"),
    )
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
    BARNAHUS = "barnahus", gettext_lazy("Barnahus")
    POLICE = "police", gettext_lazy("Polisen")
    PROSECUTOR = "prosecutor", gettext_lazy("Åklagare")
    HEALTH_CARE = "health_care", gettext_lazy("Hälso- och sjukvård")
    CHILD_PSYCHIATRY = "child_psychiatry", gettext_lazy("Barn- och ungdomspsykiatrin")
    SCHOOL = "school", gettext_lazy("Skola")
    PRESCHOOL = "preschool", gettext_lazy("Förskola")
    OTHER = "other", gettext_lazy("Annan myndighet")


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
    CONTACT_PERSON = "contact_person", gettext_lazy("Kontaktperson")
    FOSTER_HOME = "foster_home", gettext_lazy("Familjehem")
    HVB = "hvb", gettext_lazy("HVB")
    SUPPORTED_HOUSING = "supported_housing", gettext_lazy("Stödboende")
    OUTPATIENT = "outpatient", gettext_lazy("Öppenvård")
    PARENTING_SUPPORT = "parenting_support", gettext_lazy("Föräldrastöd")
    OTHER = "other", gettext_lazy("Annan insats")


PLACEMENT_KINDS = frozenset({InterventionKind.FOSTER_HOME, InterventionKind.HVB, InterventionKind.SUPPORTED_HOUSING})


class LegalGround(models.TextChoices):
    SOL = "sol_assistance", gettext_lazy("SoL (bistånd)")
    LVU_2 = "lvu_2", gettext_lazy("LVU 2 §")
    LVU_3 = "lvu_3", gettext_lazy("LVU 3 §")


class BestInterestAssessment(models.Model):
    """Barnets bästa: the investigation's written assessment, which a decision on an insats refers to."""

    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="best_interest_assessments")
    assessed_on = models.DateField("datum")
    text = models.TextField("bedömning av barnets bästa")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"Barnets bästa {self.assessed_on}"


class Intervention(VersionedModel):
    """An insats decided for the child, usually as the outcome of an investigation. A decision states its
    legal ground, its goal (what should change for the child), period, provider and reasons; it refers to the
    investigation's barnets-bästa assessment; a decision against the child or the guardians carries the
    appeal information (FL 32–33 §§)."""

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
    legal_ground = models.CharField("rättslig grund", max_length=24, choices=LegalGround.choices, blank=True)
    legal_source = models.CharField("lagrum", max_length=200, blank=True)
    goal = models.TextField("mål (vad ska förändras för barnet)", blank=True)
    reasons = models.TextField("skäl", blank=True)
    best_interest = models.ForeignKey(
        BestInterestAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="interventions"
    )
    against_party = models.BooleanField("går emot barnet eller vårdnadshavarna", default=False)
    appeal_information = models.TextField("överklagandehänvisning", blank=True)
    monthly_cost = models.DecimalField("kostnad per månad (kr)", max_digits=12, decimal_places=2, null=True, blank=True)
    delegation_source = models.CharField("delegation", max_length=200, blank=True)
    delegation = models.ForeignKey(
        "accounts.Delegation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=gettext_lazy("delegationspunkt"),
    )
    no_conversation_reason = models.TextField("skäl till att enskilt samtal inte hölls", blank=True)

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


class GoalStatus(models.TextChoices):
    REACHED = "reached", gettext_lazy("Uppnått")
    PARTLY = "partly", gettext_lazy("Delvis uppnått")
    NOT_REACHED = "not_reached", gettext_lazy("Inte uppnått")


class InterventionFollowUp(models.Model):
    """A planned uppföljning of an intervention; overdue when its day has passed without being done."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="follow_ups")
    due_on = models.DateField("planerad", db_index=True)
    done_on = models.DateField("genomförd", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField("anteckning", blank=True)
    goal_status = models.CharField("målet", max_length=16, choices=GoalStatus.choices, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Uppföljning {self.due_on}"


# --- parties -------------------------------------------------------------------------------------------


class GuardianKind(models.TextChoices):
    PARENT = "parent", gettext_lazy("Förälder (vårdnadshavare)")
    APPOINTED = "appointed", gettext_lazy("Särskilt förordnad vårdnadshavare")


class Guardian(models.Model):
    """A vårdnadshavare of the child: a person of its own, so protected identity applies to them too."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="guardian_links")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="guardian_of")
    kind = models.CharField("slag", max_length=16, choices=GuardianKind.choices, default=GuardianKind.PARENT)
    lives_with_child = models.BooleanField("bor med barnet", default=True)
    phone = models.CharField("telefon", max_length=30, blank=True)
    email = models.CharField("e-post", max_length=200, blank=True)
    since = models.DateField("vårdnadshavare sedan", null=True, blank=True)
    ended_on = models.DateField("vårdnaden upphörde", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["child", "person"], name="guardian_once_per_child")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display()})"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class NoticeSubject(models.TextChoices):
    INVESTIGATION_OPENED = "investigation_opened", gettext_lazy("Utredning inledd")
    DECISION = "decision", gettext_lazy("Beslut")
    INVESTIGATION_CONCLUDED = "investigation_concluded", gettext_lazy("Utredning avslutad")
    OTHER = "other", gettext_lazy("Annat")


class PartyNotice(models.Model):
    """A notice to a guardian, or to the child who is a party (15+): what, when and by which channel."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="party_notices")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, null=True, blank=True, related_name="notices")
    to_child = models.BooleanField("till barnet", default=False)
    subject = models.CharField("gäller", max_length=32, choices=NoticeSubject.choices)
    about = models.CharField("beskrivning", max_length=300, blank=True)
    sent_on = models.DateField("datum")
    channel = models.CharField("kanal", max_length=16, choices=Channel.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"Underrättelse {self.sent_on}: {self.get_subject_display()}"


class Consent(models.Model):
    """Samtycke to an insats: who gave it, when and to what; a withdrawal is dated and kept."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="child_consents")
    intervention = models.ForeignKey(
        "Intervention", on_delete=models.PROTECT, null=True, blank=True, related_name="consents"
    )
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, null=True, blank=True, related_name="consents")
    by_child = models.BooleanField("barnet själv (15 år eller äldre)", default=False)
    scope = models.CharField("samtycke till", max_length=300)
    given_on = models.DateField("lämnat")
    withdrawn_on = models.DateField("återkallat", null=True, blank=True)
    withdrawal_note = models.TextField("anteckning om återkallelse", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return f"Samtycke {self.given_on}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None


# --- familjehem and placements -------------------------------------------------------------------------


class FosterHome(VersionedModel):
    """A familjehem in the register: its members (persons, with their own secrecy), its medgivande, and the
    children placed there (through their placements)."""

    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="foster_homes")
    name = models.CharField("benämning", max_length=200)
    consent_on = models.DateField("medgivande/godkännande", null=True, blank=True)
    consent_reference = models.CharField("beslut om medgivande", max_length=200, blank=True)
    places = models.PositiveSmallIntegerField("antal platser", default=1)
    ended_on = models.DateField("avregistrerat", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "familjehem"
        verbose_name_plural = "familjehem"

    def __str__(self) -> str:
        return self.name


class FosterHomeMember(models.Model):
    foster_home = models.ForeignKey(FosterHome, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="foster_home_memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["foster_home", "person"], name="foster_home_member_once")]

    def __str__(self) -> str:
        return str(self.person)


class Placement(models.Model):
    """A placement in a familjehem, an HVB or a stödboende: the place, the start, and the placing decision
    (an insats; under LVU the insats with ground LVU)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="placements")
    intervention = models.OneToOneField("Intervention", on_delete=models.PROTECT, related_name="placement")
    kind = models.CharField("placeringsform", max_length=24, choices=InterventionKind.choices)
    foster_home = models.ForeignKey(FosterHome, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="placements")
    place_name = models.CharField("placeringsställe", max_length=200)
    starts_on = models.DateField("placerad från")
    ended_on = models.DateField("placeringen upphörde", null=True, blank=True)
    end_reason = models.TextField("skäl till att placeringen upphörde", blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.place_name} från {self.starts_on}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class ReviewKind(models.TextChoices):
    PLACEMENT = "placement_consideration", gettext_lazy("Övervägande av placering (SoL)")
    LVU_CONSIDERATION = "lvu_consideration", gettext_lazy("Övervägande av vård enligt 2 § LVU")
    LVU_RECONSIDERATION = "lvu_reconsideration", gettext_lazy("Omprövning av vård enligt 3 § LVU")


class CareReview(models.Model):
    """The six-monthly consideration whether the care is still needed: a dated clock with its source. When
    one is done the next is due six months from that day (lag 1930:173 1 §)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="care_reviews")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews")
    lvu_decision = models.ForeignKey("LvuDecision", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="reviews")
    kind = models.CharField("slag", max_length=32, choices=ReviewKind.choices)
    counted_from = models.DateField("räknas från")
    due_on = models.DateField("senast", db_index=True)
    limit_source = models.CharField(max_length=200)
    limit_confirmed = models.BooleanField(default=True)
    done_on = models.DateField("genomfört", null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    care_still_needed = models.BooleanField("vården behövs fortfarande", null=True, blank=True)
    notes = models.TextField("anteckning", blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} senast {self.due_on}"


# --- LVU -----------------------------------------------------------------------------------------------


class LvuKind(models.TextChoices):
    IMMEDIATE_CUSTODY = "immediate_custody", gettext_lazy("Omedelbart omhändertagande (6 § LVU)")
    CARE = "care", gettext_lazy("Vård enligt LVU")


class LvuGrounds(models.TextChoices):
    HOME = "2 §", gettext_lazy("2 § (hemförhållandena)")
    BEHAVIOUR = "3 §", gettext_lazy("3 § (eget beteende)")


class LvuDecision(models.Model):
    """An LVU decision on a case with its clocks. An omedelbart omhändertagande (6 §) is submitted to
    förvaltningsrätten within a week (7 §); the application for care is due within four weeks of the day it
    was carried out (8 §). Care (under 2 § or 3 §, from the day it began) is considered every six months
    (13 §). Each due date is stored with its source, moved by lag 1930:173 where the setting says so."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="lvu_decisions")
    kind = models.CharField("slag", max_length=24, choices=LvuKind.choices)
    grounds = models.CharField("grund", max_length=8, choices=LvuGrounds.choices)
    decided_on = models.DateField("beslutsdatum")
    executed_on = models.DateField("verkställt / vården började")
    reasons = models.TextField("skäl")
    decided_by_text = models.CharField("beslutsfattare", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    court_submission_due = models.DateField("underställning senast", null=True, blank=True, db_index=True)
    court_submission_source = models.CharField(max_length=200, blank=True)
    court_submitted_on = models.DateField("underställt", null=True, blank=True)
    care_application_due = models.DateField("ansökan om vård senast", null=True, blank=True, db_index=True)
    care_application_source = models.CharField(max_length=200, blank=True)
    care_applied_on = models.DateField("ansökan om vård inlämnad", null=True, blank=True)
    # 8 §: the court may extend the time for the application; the new last day replaces the due date
    care_application_extended_by_court = models.TextField("förvaltningsrättens förlängning", blank=True)
    moved_by_next_weekday_rule = models.BooleanField(default=True)
    ended_on = models.DateField("upphörde", null=True, blank=True)
    end_reason = models.TextField("skäl till att det upphörde", blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = "LVU-beslut"
        verbose_name_plural = "LVU-beslut"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on}"

    @property
    def in_force(self) -> bool:
        return self.ended_on is None
