"""Follow-up: maintained summary tables, the population setting and cohort programmes (Projekt 200).

The summary tables hold no text about anyone, only keys and numbers; they are rebuilt from the decisions,
payments and children's records at any time (``skutan.followup.summaries``), so they are never the source of
a fact. A household is its applicant (the register's registerledare, ``Decision.payee``), never a case.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy


class HouseholdMonth(models.Model):
    """One household and one month the assistance is for: amounts in force and paid, from every case."""

    month = models.DateField("månad")
    payee = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    # The unit of the case with the latest decision for the month: each household-month belongs to one unit,
    # so the units' figures add up to the municipality's.
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    persons = models.PositiveSmallIntegerField("personer", default=1)
    granted = models.DecimalField("beviljat (kr)", max_digits=14, decimal_places=2, default=0)
    paid = models.DecimalField("utbetalt (kr)", max_digits=14, decimal_places=2, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "payee"], name="followup_household_month_once")]
        indexes = [models.Index(fields=["unit", "month"]), models.Index(fields=["payee", "month"])]
        verbose_name = "hushåll och månad (sammanställning)"
        verbose_name_plural = "hushåll och månader (sammanställning)"

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.payee_id}"


class HouseholdYear(models.Model):
    """One household and one calendar year: the number of months with assistance over every case it had."""

    year = models.PositiveSmallIntegerField("år")
    payee = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")  # of its last month
    months = models.PositiveSmallIntegerField("månader med bistånd")
    persons = models.PositiveSmallIntegerField("flest personer under året", default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "payee"], name="followup_household_year_once")]
        indexes = [models.Index(fields=["unit", "year"]), models.Index(fields=["payee", "year"])]
        verbose_name = "hushåll och år (sammanställning)"
        verbose_name_plural = "hushåll och år (sammanställning)"

    def __str__(self) -> str:
        return f"{self.year} {self.payee_id}: {self.months} mån"


class MonthlyFigure(models.Model):
    """One number per month, unit and measure (additive: the units' values sum to the whole)."""

    month = models.DateField("månad")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    measure = models.CharField("mått", max_length=40)
    value = models.DecimalField("värde", max_digits=16, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "unit", "measure"], name="followup_monthly_figure_once"),
        ]
        indexes = [models.Index(fields=["measure", "month"])]
        verbose_name = "månadssiffra (sammanställning)"
        verbose_name_plural = "månadssiffror (sammanställning)"

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.unit_id} {self.measure}"


class SummaryRefresh(models.Model):
    """When the summaries were last rebuilt in full (shown on the dashboard)."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Sammanställning {self.started_at:%Y-%m-%d %H:%M}"


class PopulationYear(models.Model):
    """The municipality's population for a year (folkmängd), entered by the systemförvaltare, for the
    per-inhabitant key figures (Kolada N31001 and N31807)."""

    year = models.PositiveSmallIntegerField("år", unique=True)
    inhabitants = models.PositiveIntegerField("invånare")
    source = models.CharField("källa", max_length=300)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year"]
        constraints = [models.CheckConstraint(condition=Q(inhabitants__gt=0), name="followup_population_positive")]
        verbose_name = "folkmängd"
        verbose_name_plural = "folkmängd per år"

    def __str__(self) -> str:
        return f"{self.year}: {self.inhabitants}"


# --- Cohort programmes ---------------------------------------------------------------------------------


class CohortProgramme(models.Model):
    """A named programme with a fixed cohort of households (Projekt 200): an entry rule evaluated once, in the
    database, and frozen. Members are never swapped out; a later addition is an explicit decision."""

    name = models.CharField("namn", max_length=120, unique=True)
    description = models.TextField("beskrivning", blank=True)
    starts_on = models.DateField("startdatum")
    goal_share = models.DecimalField("mål (andel %)", max_digits=5, decimal_places=1)
    goal_text = models.CharField("mål i ord", max_length=200)
    rule_months = models.PositiveSmallIntegerField("minst antal månader med bistånd")
    rule_window = models.PositiveSmallIntegerField("av de senaste antal månader")
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=gettext_lazy("Bara hushåll i denna enhet; tomt = hela kommunen."),
    )
    max_members = models.PositiveIntegerField("högst antal hushåll", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    frozen_at = models.DateTimeField("kohorten fastställd", null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    eligible_count = models.PositiveIntegerField("uppfyllde regeln", default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(rule_months__gte=1) & Q(rule_window__gte=1), name="cohort_rule_set"),
            models.CheckConstraint(condition=Q(rule_months__lte=models.F("rule_window")), name="cohort_rule_fits"),
        ]
        verbose_name = "kohortprogram"
        verbose_name_plural = "kohortprogram"

    def __str__(self) -> str:
        return self.name

    @property
    def rule_text(self) -> str:
        return (f"Ekonomiskt bistånd i minst {self.rule_months} av de {self.rule_window} månaderna närmast före "
                f"{self.starts_on:%Y-%m-%d}" + (f", i {self.unit.name}" if self.unit_id else "") + ".")

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class EntryKind(models.TextChoices):
    RULE = "rule", gettext_lazy("Enligt regeln när kohorten fastställdes")
    ADDED = "added", gettext_lazy("Tillagd genom särskilt beslut")


class CohortMember(models.Model):
    """A household of the programme (``in_cohort``) or of its comparison group: met the rule, not taken in."""

    programme = models.ForeignKey(CohortProgramme, on_delete=models.PROTECT, related_name="members")
    payee = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    in_cohort = models.BooleanField("i kohorten", default=True)
    entry = models.CharField("hur", max_length=8, choices=EntryKind.choices, default=EntryKind.RULE)
    entered_on = models.DateField("ingår från")
    months_in_window = models.PositiveSmallIntegerField("månader med bistånd före start", default=0)
    baseline_month = models.DateField("månaden före start")
    baseline_granted = models.DecimalField("bistånd månaden före start (kr)", max_digits=12, decimal_places=2,
                                           default=0)
    unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    added_reason = models.TextField("skäl (tillagd senare)", blank=True)

    class Meta:
        ordering = ["programme", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "payee"], name="cohort_member_once")]
        verbose_name = "hushåll i kohortprogram"
        verbose_name_plural = "hushåll i kohortprogram"

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.payee_id}"


class OutcomeKind(models.TextChoices):
    WORK = "work", gettext_lazy("Arbete")
    STUDIES = "studies", gettext_lazy("Studier")
    OTHER_BENEFIT = "other_benefit", gettext_lazy("Annan ersättning")
    MOVED = "moved", gettext_lazy("Flyttat")
    DECEASED = "deceased", gettext_lazy("Avliden")
    ON_ASSISTANCE = "on_assistance", gettext_lazy("Har fortfarande ekonomiskt bistånd")


SELF_SUPPORT = (OutcomeKind.WORK, OutcomeKind.STUDIES)  # egen försörjning
LEFT_PROGRAMME = (OutcomeKind.MOVED, OutcomeKind.DECEASED)  # out of the denominator


class EmploymentForm(models.TextChoices):
    """Forms of (supported) employment named in seed 004 and DOMAIN.md §9; the list is the programme's own."""

    NONE = "", "–"
    REGULAR = "regular", gettext_lazy("Osubventionerad anställning")
    TRYGGHET = "trygghetsanstallning", gettext_lazy("Trygghetsanställning")
    LONEBIDRAG = "lonebidrag", gettext_lazy("Lönebidragsanställning")
    UTVECKLING = "utvecklingsanstallning", gettext_lazy("Utvecklingsanställning")
    EXTRATJANST = "extratjanst", gettext_lazy("Extratjänst")
    NYSTART = "nystartsjobb", gettext_lazy("Nystartsjobb")
    OTHER = "other", gettext_lazy("Annan subventionerad anställning")


class CohortOutcome(models.Model):
    """What became of a household, with its date. Never edited: a new outcome is a new row; the latest counts."""

    member = models.ForeignKey(CohortMember, on_delete=models.PROTECT, related_name="outcomes")
    kind = models.CharField("utfall", max_length=16, choices=OutcomeKind.choices)
    employment_form = models.CharField("anställningsform", max_length=24, choices=EmploymentForm.choices,
                                       blank=True)
    occurred_on = models.DateField("datum")
    note = models.CharField("kommentar", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["member", "occurred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="work") | Q(employment_form=""), name="cohort_employment_form_only_for_work"
            ),
        ]
        verbose_name = "utfall i kohortprogram"
        verbose_name_plural = "utfall i kohortprogram"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%Y-%m-%d}"


class InvolvedUnit(models.TextChoices):
    FAMILY = "family", gettext_lazy("Familjeenheten")
    ADDICTION = "addiction", gettext_lazy("Vuxen/missbruk")
    LABOUR_MARKET = "labour_market", gettext_lazy("Arbetsmarknadsenheten")
    HOUSING = "housing", gettext_lazy("Boende")
    OTHER = "other", gettext_lazy("Annan enhet")


class CohortEffort(models.Model):
    """Another unit involved with the household and the measure used (seed 004: Familjeenheten, ASPANA)."""

    member = models.ForeignKey(CohortMember, on_delete=models.PROTECT, related_name="efforts")
    involved_unit = models.CharField("enhet", max_length=16, choices=InvolvedUnit.choices)
    measure = models.CharField("insats", max_length=120)
    started_on = models.DateField("från")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["member", "started_on", "id"]
        verbose_name = "insats från annan enhet"
        verbose_name_plural = "insatser från andra enheter"

    def __str__(self) -> str:
        return f"{self.get_involved_unit_display()}: {self.measure}"
