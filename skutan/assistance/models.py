"""Ekonomiskt bistånd: monthly applications, decisions, riksnorm corrections and municipal guidelines.

The rules live in the pure package ``norm``; these models only store what the case worker entered, the
administrators' corrections of the riksnorm tables, and the frozen result of a decision.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skutan.core.models import VersionedModel

COST_TYPE_CHOICES = [
    ("rent", gettext_lazy("Hyra")),
    ("household_electricity", gettext_lazy("Hushållsel")),
    ("home_insurance", gettext_lazy("Hemförsäkring")),
    ("work_travel", gettext_lazy("Arbetsresor")),
    ("union_fee", gettext_lazy("Fackavgift")),
    ("unemployment_fund_fee", gettext_lazy("A-kasseavgift")),
    ("other", gettext_lazy("Övrigt")),
]

INCOME_TYPE_CHOICES = [
    ("salary", gettext_lazy("Lön")),
    ("child_allowance", gettext_lazy("Barnbidrag")),
    ("housing_allowance", gettext_lazy("Bostadsbidrag")),
    ("maintenance_support", gettext_lazy("Underhållsstöd")),
    ("unemployment_benefit", gettext_lazy("Arbetslöshetsersättning")),
    ("sickness_benefit", gettext_lazy("Sjukpenning")),
    ("parental_benefit", gettext_lazy("Föräldrapenning")),
    ("study_allowance", gettext_lazy("Studiemedel")),
    ("pension", gettext_lazy("Pension")),
    ("other", gettext_lazy("Övrig inkomst")),
]


class NormAmountOverride(models.Model):
    """An administrator's correction or addition of one riksnorm amount (year, key).

    Merged over the bundled tables with ``norm.NormTable.with_overrides``. An amount entered without an
    official source is stored with mark ⚠ (unconfirmed) and every calculation, page and letter using it says
    so. One row per (year, key); its history is in the audit log (6xx events, old and new value).
    """

    year = models.PositiveSmallIntegerField("år")
    key = models.CharField("belopp", max_length=32)
    amount = models.DecimalField("belopp (kr)", max_digits=10, decimal_places=2, null=True, blank=True)
    mark = models.CharField("märkning", max_length=4)
    source = models.TextField("källa", blank=True)
    estimate = models.BooleanField(
        "uppskattning", default=False, help_text=gettext_lazy("Uppskattat belopp (t.ex. för demo), aldrig bekräftat.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year", "key"]
        constraints = [models.UniqueConstraint(fields=["year", "key"], name="norm_override_year_key")]
        verbose_name = "ändrat riksnormsbelopp"
        verbose_name_plural = "ändrade riksnormsbelopp"

    def __str__(self) -> str:
        return f"{self.year} {self.key}: {self.amount} ({self.mark})"


class GuidelineKind(models.TextChoices):
    MAX_RENT = "max_rent", gettext_lazy("Högsta skäliga boendekostnad")
    MAX_COST = "max_cost", gettext_lazy("Högsta skäliga kostnad (övrig kostnadstyp)")
    ONE_OFF_REFERENCE = "one_off_ref", gettext_lazy("Riktbelopp för enstaka behov (livsföring i övrigt)")


class Guideline(models.Model):
    """A municipal guideline (riktlinje), e.g. the maximum reasonable rent for a household size.

    A cost above a guideline raises a visible warning; it is never capped silently.
    ``household_size`` null means every size; ``cost_type`` is the norm cost type checked.
    """

    kind = models.CharField("typ", max_length=16, choices=GuidelineKind.choices, default=GuidelineKind.MAX_RENT)
    cost_type = models.CharField("kostnadstyp", max_length=32, choices=COST_TYPE_CHOICES, default="rent")
    household_size = models.PositiveSmallIntegerField("antal personer i hushållet", null=True, blank=True)
    # For kind one_off_ref: the one-off need (models_decisions.OneOffNeed) the reference amount is for.
    need = models.CharField("enstaka behov", max_length=16, blank=True)
    max_amount = models.DecimalField("högsta belopp (kr/månad)", max_digits=10, decimal_places=2)
    source = models.CharField("källa / beslut", max_length=300)
    valid_from = models.DateField("gäller från")
    valid_to = models.DateField("gäller till", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cost_type", "household_size", "-valid_from"]
        verbose_name = "riktlinje"
        verbose_name_plural = "riktlinjer"

    def __str__(self) -> str:
        if self.kind == GuidelineKind.ONE_OFF_REFERENCE:
            return f"Riktbelopp {self.need}: {self.max_amount} kr"
        size = f"{self.household_size} pers." if self.household_size else "alla hushåll"
        return f"{self.get_kind_display()} {size}: {self.max_amount} kr"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Under handläggning")
    DECIDED = "decided", gettext_lazy("Beslutad")


class Application(VersionedModel):
    """A monthly application (ansökan) for ekonomiskt bistånd on a financial-assistance case.

    The household, costs and incomes are rows of their own, editable until the month is decided; the decision
    then stores a frozen JSON snapshot and the rows become read-only.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assistance_applications")
    month = models.DateField("månad", help_text=gettext_lazy("Första dagen i den månad biståndet avser."))
    status = models.CharField(
        "status", max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    received_on = models.DateField("ansökan inkom", null=True, blank=True)
    cohabiting = models.BooleanField("sambor/makar", default=False)
    shared_household_size = models.PositiveSmallIntegerField(
        "antal i delat hushåll", null=True, blank=True
    )
    consecutive_months_on_assistance = models.PositiveSmallIntegerField(
        "månader i följd med bistånd", default=0
    )
    consecutive_months_computed = models.PositiveSmallIntegerField(
        "månader i följd enligt tidigare beslut", default=0
    )
    job_stimulus_months_used = models.PositiveSmallIntegerField("använda månader med jobbstimulans", default=0)
    attachments = models.JSONField(
        "underlag", default=list, blank=True, help_text=gettext_lazy('[{"name": "Hyresavi", "received": true}, …]')
    )
    notes = models.TextField("anteckning", blank=True)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="renewals"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "month"], name="assistance_application_month")]
        verbose_name = "ansökan om ekonomiskt bistånd"
        verbose_name_plural = "ansökningar om ekonomiskt bistånd"

    def __str__(self) -> str:
        return f"Ansökan {self.month:%Y-%m} ({self.case_id})"

    @property
    def is_decided(self) -> bool:
        return self.status == ApplicationStatus.DECIDED


class ApplicationMember(models.Model):
    """A member of the household for this month (copied from the case's household, editable per month)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    member_key = models.CharField("id i beräkningen", max_length=20)
    name = models.CharField("namn", max_length=200, blank=True)
    birth_date = models.DateField("födelsedatum")
    role = models.CharField("roll", max_length=8, choices=[("adult", gettext_lazy("Vuxen")), ("child", gettext_lazy("Barn"))])
    lunch_at_home = models.BooleanField("äter lunch hemma", null=True, blank=True)
    # The register (HSLF-FS 2015:30): one försörjningshinder per adult per application, and the month's
    # arbetsmarknadsinsatser; codes from register_codes.json.
    support_obstacle = models.CharField("försörjningshinder", max_length=8, blank=True)
    labour_market_measures = models.JSONField("arbetsmarknadsinsatser", default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "member_key"], name="assistance_member_key")
        ]

    def __str__(self) -> str:
        return f"{self.member_key} ({self.get_role_display()})"


class ApplicationCost(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="costs")
    type = models.CharField("kostnadstyp", max_length=32, choices=COST_TYPE_CHOICES)
    amount = models.DecimalField("belopp (kr)", max_digits=10, decimal_places=2)
    description = models.CharField("beskrivning", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.amount} kr"


class ApplicationIncome(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="incomes")
    type = models.CharField("inkomsttyp", max_length=32, choices=INCOME_TYPE_CHOICES)
    amount = models.DecimalField("belopp (kr)", max_digits=10, decimal_places=2)
    member_key = models.CharField("avser", max_length=20, blank=True)
    description = models.CharField("beskrivning", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.amount} kr"


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", gettext_lazy("Bifall")
    PARTLY_GRANTED = "partly_granted", gettext_lazy("Delvis bifall")
    REJECTED = "rejected", gettext_lazy("Avslag")


ADVERSE_OUTCOMES = (DecisionOutcome.PARTLY_GRANTED, DecisionOutcome.REJECTED)


class Decision(models.Model):
    """A beslut on one month's application. Immutable once written: ``calculation`` and ``inputs`` are the
    frozen calculation result and request, so later edits to the household never change a decided month."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assistance_decisions")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="decision")
    month = models.DateField("månad", help_text=gettext_lazy("Första dagen i den månad biståndet avser."))
    outcome = models.CharField("utfall", max_length=16, choices=DecisionOutcome.choices)
    amount = models.DecimalField("beviljat belopp (kr)", max_digits=12, decimal_places=2)
    calculated_amount = models.DecimalField(
        "beräknat bistånd (kr)", max_digits=12, decimal_places=2, default=0
    )
    payee = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="assistance_decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("beslutat")
    delegation = models.ForeignKey(
        "accounts.Delegation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delegation_source = models.CharField("delegation", max_length=200, blank=True)
    reasons = models.TextField("motivering")
    legal_basis = models.TextField("lagrum")
    calculation = models.JSONField("beräkning (fryst)")
    inputs = models.JSONField("underlag för beräkningen (fryst)")
    guideline_warnings = models.JSONField("riktlinjevarningar", default=list, blank=True)
    unconfirmed_amounts = models.JSONField("obekräftade belopp", default=list, blank=True)

    class Meta:
        ordering = ["-month", "-id"]
        indexes = [models.Index(fields=["case", "month"])]
        verbose_name = "beslut om ekonomiskt bistånd"
        verbose_name_plural = "beslut om ekonomiskt bistånd"

    def __str__(self) -> str:
        return f"Beslut {self.month:%Y-%m} {self.get_outcome_display()} {self.amount} kr"

    @property
    def is_adverse(self) -> bool:
        return self.outcome in ADVERSE_OUTCOMES


# Decisions beyond the monthly försörjningsstöd (one-off needs, changes, appeals, claims): their own module.
from skutan.assistance.models_decisions import (  # noqa: E402, F401
    Appeal,
    ClaimInstalment,
    ClaimRepayment,
    ClaimWriteOff,
    DecisionRevision,
    OneOffDecision,
    RepaymentClaim,
)


class CaseClosingCode(models.Model):
    """The register's coded avslutsorsak of a closed EB case (HSLF-FS 2015:30 bilaga 2; the list is
    configurable and unconfirmed, register_codes.json). It may follow up to four months after the close."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="assistance_closing_code")
    code = models.CharField("avslutsorsak (kod)", max_length=32)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "avslutsorsak för registret"
        verbose_name_plural = "avslutsorsaker för registret"

    def __str__(self) -> str:
        return f"{self.case_id}: {self.code}"


class DecisionSimulationInput(models.Model):
    """The simulator's columns of one decision's frozen request (Decision.inputs), written with the
    decision (simulation_store.py): the simulator reads plain numbers instead of taking JSON apart.
    ``slow``: calculate() decides this request (simulation_arrays); the simulator then reads the JSON."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, primary_key=True,
                                    related_name="simulation_input")
    slow = models.BooleanField(default=False)
    month_index = models.IntegerField(default=0)  # year × 12 + month − 1 of the calculation month
    adults = models.IntegerField(default=0)
    members = models.IntegerField(default=0)
    cohabiting = models.BooleanField(default=False)
    shared = models.IntegerField(default=0)
    costs = models.BigIntegerField(default=0)  # öre
    incomes = models.BigIntegerField(default=0)  # öre
    consecutive = models.IntegerField(default=0)
    job_used = models.IntegerField(default=0)
    children = models.TextField(blank=True, default="")  # child codes (age × 3 + lunch), comma-separated
    salaries = models.TextField(blank=True, default="")  # salary amounts in öre, comma-separated
    salary_child = models.TextField(blank=True, default="")  # per salary 1 when a child earns it, else 0

    class Meta:
        verbose_name = "simulatorns kolumner för ett beslut"

    def __str__(self) -> str:
        return f"{self.decision_id}"
