"""Vuxen: addiction, social psychiatry and violence in close relationships (issue 15, seed 001).

An adult case (cases.Case with case_type "adults") gets here: how it was opened, the investigation with the
person's own wishes and needs, decisions on insatser with their delegation, follow-up against the goal, LVM
anmälan and utredning with its own clock, the samordnad individuell plan (SIP), the boplan of a bostadssocialt
kontrakt with its step-down schedule and drug tests, and requests for a samordningsmöte between units.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skutan.core.models import VersionedModel


class AdultArea(models.TextChoices):
    ADDICTION = "addiction", gettext_lazy("Missbruk och beroende")
    PSYCHIATRY = "psychiatry", gettext_lazy("Socialpsykiatri")
    DOMESTIC_VIOLENCE = "domestic_violence", gettext_lazy("Våld i nära relation")


class OpeningSource(models.TextChoices):
    APPLICATION = "application", gettext_lazy("Ansökan från personen")
    REPORT_HEALTH_CARE = "report_health_care", gettext_lazy("Anmälan från hälso- och sjukvården")
    REPORT_POLICE = "report_police", gettext_lazy("Anmälan från polisen")
    REPORT_OTHER = "report_other", gettext_lazy("Annan anmälan")
    RELATIVE = "relative", gettext_lazy("Kontakt från anhörig")

    @classmethod
    def opening_kind(cls, source: str) -> str:
        """The case's aktualisering (cases.OpeningKind) for a source."""
        if source == cls.APPLICATION:
            return "application"
        if source == cls.RELATIVE:
            return "other"
        return "report"


class AdultOpening(models.Model):
    """How the adult case came in: an application, a report (health care, police, other) or relatives."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="adult_opening")
    area = models.CharField("område", max_length=24, choices=AdultArea.choices)
    source = models.CharField("aktualisering", max_length=24, choices=OpeningSource.choices)
    received_on = models.DateField("inkom")
    reporter = models.CharField("anmälare eller anhörig", max_length=200, blank=True)
    reporter_contact = models.CharField("kontaktuppgifter", max_length=200, blank=True)
    text = models.TextField("vad ansökan eller anmälan gäller", blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "aktualisering (vuxen)"
        verbose_name_plural = "aktualiseringar (vuxen)"

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_source_display()}"


class InvestigationStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Pågår")
    CONCLUDED = "concluded", gettext_lazy("Avslutad")


class AdultInvestigation(VersionedModel):
    """An utredning in an adult case, built on the person's own wishes and needs (seed 001)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="adult_investigations")
    opened_on = models.DateField("inledd")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    wishes = models.TextField("personens egna önskemål", blank=True)
    needs = models.TextField("behov", blank=True)
    assessment = models.TextField("bedömning", blank=True)
    status = models.CharField("status", max_length=16, choices=InvestigationStatus.choices,
                              default=InvestigationStatus.OPEN)
    concluded_on = models.DateField("avslutad", null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = "utredning (vuxen)"
        verbose_name_plural = "utredningar (vuxen)"

    def __str__(self) -> str:
        return f"Utredning {self.opened_on}"


class InsatsKind(models.TextChoices):
    HOUSING_SUPPORT = "housing_support", gettext_lazy("Boendestöd")
    TREATMENT_HOME = "treatment_home", gettext_lazy("Behandlingshem")
    OUTPATIENT = "outpatient", gettext_lazy("Öppenvård")
    DETOX = "detox", gettext_lazy("Avgiftning")
    CONTACT_PERSON = "contact_person", gettext_lazy("Kontaktperson")
    SHELTER = "shelter", gettext_lazy("Skyddat boende")
    HOUSING_CONTRACT = "housing_contract", gettext_lazy("Bostadssocialt kontrakt")


class InsatsStatus(models.TextChoices):
    PROPOSED = "proposed", gettext_lazy("Förslag till beslut")
    DECIDED = "decided", gettext_lazy("Beviljad")
    ENDED = "ended", gettext_lazy("Avslutad")


class AdultInsats(VersionedModel):
    """A decision on an insats: legal ground, goal, period, provider and cost, taken by someone with delegation.

    Prepared as a proposal; decided by the caseworker when their delegation covers it, otherwise sent to a
    holder of the delegation (referrals.DecisionReferral), who decides it."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="adult_insatser")
    investigation = models.ForeignKey(AdultInvestigation, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="insatser")
    kind = models.CharField("insats", max_length=24, choices=InsatsKind.choices)
    legal_ground = models.CharField("rättslig grund", max_length=24)
    legal_source = models.CharField("lagrum", max_length=200)
    legal_confirmed = models.BooleanField(default=False)
    goal = models.TextField("mål")
    starts_on = models.DateField("från")
    ends_on = models.DateField("till och med")
    provider = models.CharField("utförare", max_length=200)
    monthly_cost = models.DecimalField("kostnad per månad (kr)", max_digits=12, decimal_places=2)
    status = models.CharField("status", max_length=16, choices=InsatsStatus.choices, default=InsatsStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_on = models.DateField("beslutsdatum", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    delegation_source = models.CharField("delegation", max_length=200, blank=True)
    ended_on = models.DateField("avslutad", null=True, blank=True)
    end_reason = models.TextField("avslutsorsak", blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "insats (vuxen)"
        verbose_name_plural = "insatser (vuxen)"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}–{self.ends_on}"

    def is_active_on(self, day) -> bool:
        return self.status == InsatsStatus.DECIDED and self.starts_on <= day <= self.ends_on


class GoalStatus(models.TextChoices):
    MET = "met", gettext_lazy("Uppnått")
    PARTLY = "partly", gettext_lazy("Delvis uppnått")
    NOT_MET = "not_met", gettext_lazy("Inte uppnått")


class InsatsFollowUp(models.Model):
    """Uppföljning of an insats against its goal."""

    insats = models.ForeignKey(AdultInsats, on_delete=models.PROTECT, related_name="follow_ups")
    done_on = models.DateField("datum")
    goal_status = models.CharField("målet", max_length=16, choices=GoalStatus.choices)
    notes = models.TextField("anteckning")
    continue_insats = models.BooleanField("insatsen fortsätter", default=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-done_on", "-id"]

    def __str__(self) -> str:
        return f"Uppföljning {self.done_on}"


class LvmReporter(models.TextChoices):
    HEALTH_CARE = "health_care", gettext_lazy("Hälso- och sjukvården")
    POLICE = "police", gettext_lazy("Polisen")
    RELATIVE = "relative", gettext_lazy("Anhörig")
    OTHER = "other", gettext_lazy("Annan")


class LvmOutcome(models.TextChoices):
    APPLICATION = "application", gettext_lazy("Ansökan om vård enligt LVM till förvaltningsrätten")
    VOLUNTARY = "voluntary", gettext_lazy("Vård i frivilliga former")
    NO_ACTION = "no_action", gettext_lazy("Ingen åtgärd")


class LvmMatter(VersionedModel):
    """An LVM anmälan (lag 1988:870 om vård av missbrukare i vissa fall) and its utredning, with its own clock.

    The time limits are not confirmed in DOMAIN.md (§6): they are settings, stored here with their source text
    and marked unconfirmed, so the page says so."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="lvm_matters")
    received_on = models.DateField("anmälan inkom")
    reporter = models.CharField("anmälare", max_length=16, choices=LvmReporter.choices)
    reporter_name = models.CharField("anmälarens namn", max_length=200, blank=True)
    text = models.TextField("anmälan")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    investigation_opened_on = models.DateField("utredning inledd", null=True, blank=True)
    decide_due = models.DateField("beslut om utredning senast")
    investigation_due = models.DateField("utredningen klar senast", null=True, blank=True)
    limit_source = models.CharField(max_length=300)
    limit_confirmed = models.BooleanField(default=False)
    concluded_on = models.DateField("avslutad", null=True, blank=True)
    outcome = models.CharField("utfall", max_length=16, choices=LvmOutcome.choices, blank=True)
    conclusion = models.TextField("motivering", blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "LVM-ärende"
        verbose_name_plural = "LVM-ärenden"

    def __str__(self) -> str:
        return f"LVM {self.received_on}"

    @property
    def due(self):
        return self.investigation_due if self.investigation_opened_on else self.decide_due


class Sip(VersionedModel):
    """A samordnad individuell plan with the region's health care and other actors: participants with their
    responsibilities, the next meeting and the person's consent. Shown on the person's overview to every
    participating unit."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="sips")
    title = models.CharField("plan", max_length=200)
    consent_on = models.DateField("personens samtycke")
    consent_scope = models.CharField("samtycket gäller", max_length=300)
    next_meeting_on = models.DateField("nästa möte", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ended_on = models.DateField("avslutad", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "SIP"
        verbose_name_plural = "SIP"

    def __str__(self) -> str:
        return self.title


class SipParticipant(models.Model):
    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="participants")
    organisation = models.CharField("organisation", max_length=200)
    name = models.CharField("namn", max_length=200, blank=True)
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=gettext_lazy("enhet i kommunen"))
    responsibility = models.TextField("ansvar")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.organisation


class TestPlace(models.TextChoices):
    HOME = "home", gettext_lazy("Hemma")
    BORE = "bore", gettext_lazy("BoRe")


class Boplan(VersionedModel):
    """The signed plan of a bostadssocialt kontrakt (seed 001): drug tests (at home or at BoRe), visit frequency
    and contact with the landlord, the person's signature date and whether the landlord is informed."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="boplans")
    insats = models.ForeignKey(AdultInsats, on_delete=models.PROTECT, null=True, blank=True, related_name="boplans")
    test_place = models.CharField("drogtester", max_length=8, choices=TestPlace.choices)
    tests_per_month = models.PositiveSmallIntegerField("drogtester per månad")
    visits_per_week = models.PositiveSmallIntegerField("besök per vecka")
    landlord = models.CharField("hyresvärd", max_length=200)
    landlord_contact = models.TextField("kontakt med hyresvärden")
    signed_on = models.DateField("personens underskrift", null=True, blank=True)
    landlord_informed_on = models.DateField("hyresvärden informerad", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "boplan"
        verbose_name_plural = "boplaner"

    def __str__(self) -> str:
        return f"Boplan {self.case_id}"


class StepStatus(models.TextChoices):
    PLANNED = "planned", gettext_lazy("Planerad")
    DECIDED = "decided", gettext_lazy("Beslutad")
    POSTPONED = "postponed", gettext_lazy("Skjuts upp")


class BoplanStep(models.Model):
    """One planned easing of the boplan's conditions. It is proposed when its date comes near; someone decides it
    (the conditions ease only then), or postpones it to a new date."""

    boplan = models.ForeignKey(Boplan, on_delete=models.CASCADE, related_name="steps")
    planned_on = models.DateField("planerat datum")
    tests_per_month = models.PositiveSmallIntegerField("drogtester per månad")
    visits_per_week = models.PositiveSmallIntegerField("besök per vecka")
    status = models.CharField("status", max_length=16, choices=StepStatus.choices, default=StepStatus.PLANNED)
    decided_on = models.DateField("beslutat", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decision_note = models.TextField("motivering", blank=True)

    class Meta:
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return f"Steg {self.planned_on}"


class TestResult(models.TextChoices):
    NEGATIVE = "negative", gettext_lazy("Negativt")
    POSITIVE = "positive", gettext_lazy("Positivt")
    MISSED = "missed", gettext_lazy("Uteblivet")


class DrugTest(models.Model):
    """A drug test under a boplan. A missed test or a positive result is flagged to the caseworker until
    someone acknowledges it."""

    boplan = models.ForeignKey(Boplan, on_delete=models.PROTECT, related_name="tests")
    taken_on = models.DateField("datum")
    place = models.CharField("var", max_length=8, choices=TestPlace.choices)
    result = models.CharField("resultat", max_length=16, choices=TestResult.choices)
    substances = models.CharField("substanser", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    flagged = models.BooleanField(default=False)
    flag_acknowledged_at = models.DateTimeField(null=True, blank=True)
    flag_acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                             blank=True, related_name="+")

    class Meta:
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return f"Drogtest {self.taken_on} {self.get_result_display()}"


class CoordinationStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Väntar på svar")
    ACCEPTED = "accepted", gettext_lazy("Möte bokat")
    DECLINED = "declined", gettext_lazy("Avböjd")


class CoordinationRequest(models.Model):
    """A request for a samordningsmöte from a worker of one unit to another unit that has a case for the person,
    with the person's consent. The asker never learns the other unit's name or case until it answers."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    consent_on = models.DateField("personens samtycke")
    consent_how = models.CharField("samtycket lämnades", max_length=16,
                                   choices=[("oral", gettext_lazy("Muntligt")), ("written", gettext_lazy("Skriftligt"))])
    message = models.TextField("meddelande", blank=True)
    status = models.CharField(max_length=16, choices=CoordinationStatus.choices, default=CoordinationStatus.OPEN)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    meeting_on = models.DateField("mötesdatum", null=True, blank=True)
    answer = models.TextField("svar", blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"Samordningsmöte {self.person_id}"
