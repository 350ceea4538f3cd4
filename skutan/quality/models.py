"""Avvikelser (deviations), Lex Sarah matters and risk analyses (old SoL 14 kap. 3–7 §§; SOSFS 2011:5).

The reporter is protected: only the quality role sees who reported (``reported_by``). Nothing here is
ever deleted; a deviation moves forward through its status.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class DeviationCategory(models.Model):
    """The configurable category list (seeded with the eight codes of the issue, Swedish labels)."""

    code = models.SlugField("kod", max_length=40, unique=True)
    label = models.CharField("benämning", max_length=120)
    active = models.BooleanField("används", default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "label"]
        verbose_name = "avvikelsekategori"
        verbose_name_plural = "avvikelsekategorier"

    def __str__(self) -> str:
        return self.label


class Severity(models.TextChoices):
    UNASSESSED = "unassessed", gettext_lazy("Ej bedömd")
    LOW = "low", gettext_lazy("Låg")
    MEDIUM = "medium", gettext_lazy("Medel")
    HIGH = "high", gettext_lazy("Hög")


class DeviationStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Utkast")
    REPORTED = "reported", gettext_lazy("Rapporterad")
    ASSESSED = "assessed", gettext_lazy("Bedömd")
    LEX_SARAH = "lex_sarah", gettext_lazy("Lex Sarah")
    CLOSED = "closed", gettext_lazy("Avslutad")


class Deviation(models.Model):
    occurred_on = models.DateField("inträffade")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="deviations")
    category = models.ForeignKey(DeviationCategory, on_delete=models.PROTECT, related_name="deviations")
    description = models.TextField("vad hände")
    immediate_action = models.TextField("omedelbar åtgärd", blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="deviations")
    severity = models.CharField("allvarlighetsgrad", max_length=16, choices=Severity.choices,
                                default=Severity.UNASSESSED)
    status = models.CharField(max_length=16, choices=DeviationStatus.choices, default=DeviationStatus.REPORTED)
    # A system fault reported from the page where it happened carries the page, the time and the request id.
    system_fault = models.BooleanField("systemfel", default=False)
    page_path = models.CharField("sida", max_length=300, blank=True)
    request_id = models.CharField("förfrågans id", max_length=64, blank=True)
    page_seen_at = models.DateTimeField("tidpunkt på sidan", null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField("rapporterad", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    assessment = models.TextField("kvalitetsansvarigs bedömning", blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["occurred_on", "unit"])]
        verbose_name = "avvikelse"
        verbose_name_plural = "avvikelser"

    def __str__(self) -> str:
        return f"Avvikelse {self.pk} ({self.occurred_on})"


class LexSarahKind(models.TextChoices):
    MISCONDUCT = "misconduct", gettext_lazy("Missförhållande")
    RISK = "risk", gettext_lazy("Påtaglig risk för missförhållande")


class LexSarahStep(models.TextChoices):
    """The chain, in order. The law says "utan dröjsmål" and "snarast": the targets are the municipality's."""

    REPORTED = "reported", gettext_lazy("Rapport")
    FIRST_ASSESSMENT = "first_assessment", gettext_lazy("Första bedömning och omedelbar åtgärd")
    INVESTIGATED = "investigated", gettext_lazy("Utredning klar")
    SERIOUSNESS_DECIDED = "seriousness_decided", gettext_lazy("Beslut om allvarligt missförhållande")
    REPORTED_TO_IVO = "reported_to_ivo", gettext_lazy("Anmäld till IVO")
    CLOSED = "closed", gettext_lazy("Avslutad")


class LexSarahMatter(models.Model):
    deviation = models.OneToOneField(Deviation, on_delete=models.PROTECT, related_name="lex_sarah")
    kind = models.CharField("typ", max_length=16, choices=LexSarahKind.choices, default=LexSarahKind.MISCONDUCT)
    # Null when staff reported it as Lex Sarah directly (the reporter stays protected).
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_directly = models.BooleanField("rapporterad direkt som Lex Sarah", default=False)
    classified_at = models.DateTimeField()
    classification_note = models.TextField("motivering", blank=True)
    # The responsible person's first assessment and immediate remedy.
    first_assessment = models.TextField("första bedömning", blank=True)
    immediate_remedy = models.TextField("omedelbar åtgärd för att undanröja missförhållandet", blank=True)
    first_assessed_at = models.DateTimeField(null=True, blank=True)
    # The investigation looks for causes in the system, not in the individual.
    what_happened = models.TextField("vad har hänt", blank=True)
    causes = models.TextField("orsaker på systemnivå", blank=True)
    measures_summary = models.TextField("åtgärder", blank=True)
    informed = models.TextField("vilka som har informerats", blank=True)
    investigated_at = models.DateTimeField(null=True, blank=True)
    serious = models.BooleanField("allvarligt missförhållande", null=True)
    seriousness_reasons = models.TextField("motivering av beslutet", blank=True)
    seriousness_decided_at = models.DateTimeField(null=True, blank=True)
    seriousness_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ivo_sent_on = models.DateField("skickad till IVO", null=True, blank=True)
    ivo_reference = models.CharField("IVO:s diarienummer", max_length=60, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Lex Sarah-ärende"
        verbose_name_plural = "Lex Sarah-ärenden"

    def __str__(self) -> str:
        return f"Lex Sarah {self.pk}"

    @property
    def step(self) -> str:
        if self.closed_at:
            return LexSarahStep.CLOSED
        if self.ivo_sent_on:
            return LexSarahStep.REPORTED_TO_IVO
        if self.seriousness_decided_at:
            return LexSarahStep.SERIOUSNESS_DECIDED
        if self.investigated_at:
            return LexSarahStep.INVESTIGATED
        if self.first_assessed_at:
            return LexSarahStep.FIRST_ASSESSMENT
        return LexSarahStep.REPORTED

    @property
    def step_label(self) -> str:
        return LexSarahStep(self.step).label


class QualityTarget(models.Model):
    """The municipality's own target, in days from the report, for reaching a step of the Lex Sarah chain."""

    step = models.CharField(max_length=32, choices=LexSarahStep.choices, unique=True)
    days = models.PositiveSmallIntegerField("mål i dagar")
    decided_by = models.CharField("beslutat av", max_length=200, blank=True)

    class Meta:
        verbose_name = "egen måltid"
        verbose_name_plural = "egna måltider"

    def __str__(self) -> str:
        return f"{self.step}: {self.days} dagar"


class RiskAnalysis(models.Model):
    """A risk analysis of a process ("förhandsbedömning inom 14 dagar", "utbetalning till rätt konto")."""

    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="risk_analyses")
    process = models.CharField("process", max_length=200)
    description = models.TextField("beskrivning", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_on = models.DateField("senast granskad", null=True, blank=True)
    next_review_on = models.DateField("nästa årliga granskning")
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    deviations = models.ManyToManyField(Deviation, blank=True, related_name="risk_analyses")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["process"]
        verbose_name = "riskanalys"
        verbose_name_plural = "riskanalyser"

    def __str__(self) -> str:
        return self.process


class Risk(models.Model):
    analysis = models.ForeignKey(RiskAnalysis, on_delete=models.CASCADE, related_name="risks")
    description = models.CharField("risk", max_length=300)
    probability = models.PositiveSmallIntegerField("sannolikhet (1–4)")
    consequence = models.PositiveSmallIntegerField("konsekvens (1–4)")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(probability__gte=1, probability__lte=4), name="risk_probability_1_4"),
            models.CheckConstraint(condition=models.Q(consequence__gte=1, consequence__lte=4), name="risk_consequence_1_4"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def score(self) -> int:
        return self.probability * self.consequence


class Measure(models.Model):
    """A measure with an owner and a date, from a Lex Sarah investigation or a risk analysis, followed to done."""

    matter = models.ForeignKey(LexSarahMatter, null=True, blank=True, on_delete=models.PROTECT, related_name="measures")
    analysis = models.ForeignKey(RiskAnalysis, null=True, blank=True, on_delete=models.PROTECT, related_name="measures")
    description = models.CharField("åtgärd", max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("uppföljningsdatum")
    done_on = models.DateField("klar", null=True, blank=True)
    done_note = models.TextField("resultat", blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(matter__isnull=False) | models.Q(analysis__isnull=False), name="measure_has_parent"
            )
        ]

    def __str__(self) -> str:
        return self.description
