import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models


class UnitKind(models.TextChoices):
    INTAKE = "intake", "Mottagning"
    FINANCIAL_ASSISTANCE = "financial_assistance", "Ekonomiskt bistånd"
    CHILDREN = "children", "Barn och unga"
    ADULTS = "adults", "Vuxen"
    MOBILE_TEAM = "mobile_team", "Mobila teamet"
    QUALITY = "quality", "Kvalitet"
    MANAGEMENT = "management", "Ledning"
    ADMINISTRATION = "administration", "Systemförvaltning"


class Municipality(models.Model):
    """The municipality's own data for letters and reports: an administered setting (one row)."""

    name = models.CharField("kommunens namn", max_length=120)
    code = models.CharField("kommunkod", max_length=4, help_text="SCB:s fyrsiffriga kommunkod")
    board_name = models.CharField("nämndens namn", max_length=160, blank=True)
    address = models.CharField("postadress", max_length=200, blank=True)
    phone = models.CharField("telefon", max_length=40, blank=True)
    email = models.EmailField("e-post", blank=True)
    logo = models.FileField("logotyp för brev", upload_to="municipality/", blank=True)
    letter_names_decision_maker = models.BooleanField(
        "beslutsfattarens namn i brev", default=True,
        help_text="Om beslutsbrev anger beslutsfattarens namn och titel. Annars anges bara funktionen "
        "(t.ex. handläggare) och nämnden.",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "kommun"
        verbose_name_plural = "kommun"

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A förvaltning or avdelning that units belong to, so reports can roll up."""

    name = models.CharField("namn", max_length=160, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["name"]
        verbose_name = "förvaltning/avdelning"
        verbose_name_plural = "förvaltningar/avdelningar"

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An enhet. Secrecy applies between units (OSL 26 kap. 1 §), so access is granted per unit."""

    name = models.CharField("namn", max_length=120, unique=True)
    kind = models.CharField("typ", max_length=32, choices=UnitKind.choices)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="units",
        verbose_name="förvaltning/avdelning",
    )
    # Contact details printed on letters (the unit, never the caseworker's private data).
    address = models.CharField("besöks- och postadress", max_length=200, blank=True)
    phone = models.CharField("telefon", max_length=40, blank=True)
    email = models.EmailField("e-post", blank=True)
    opening_hours = models.CharField("telefontider/öppettider", max_length=200, blank=True)
    # A closed unit keeps its history; nothing new is opened in it.
    closed_on = models.DateField("stängd", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = "enhet"
        verbose_name_plural = "enheter"

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASEWORKER = "caseworker", "Handläggare"
    UNIT_MANAGER = "unit_manager", "Enhetschef"
    MOBILE_TEAM = "mobile_team", "Mobilt team"
    QUALITY_OFFICER = "quality_officer", "Kvalitetsansvarig"
    LOG_REVIEWER = "log_reviewer", "Loggranskare"
    MANAGEMENT = "management", "Ledning"
    SYSTEM_ADMIN = "system_admin", "Systemförvaltare"


class User(AbstractUser):
    title = models.CharField("titel", max_length=120, blank=True)
    employed_since = models.DateField("anställd sedan", null=True, blank=True)
    # Unused since login throttling moved to django-axes (skutan/accounts/throttle.py); kept so the
    # migration history stays simple. Nothing reads or writes them.
    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "användare"
        verbose_name_plural = "användare"
        permissions = [
            ("view_protected_identity", "Får se adress för person med skyddade personuppgifter"),
            ("view_reporter_identity", "Får se anmälarens identitet"),
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("roll", max_length=32, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")
        ]
        verbose_name = "medlemskap"
        verbose_name_plural = "medlemskap"

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} ({self.get_role_display()})"


class Delegation(models.Model):
    """One point of the nämnd's delegationsordning held by a user: which decisions, up to what amount."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="delegations")
    decision_kind = models.CharField("beslutstyp", max_length=64)
    max_amount = models.DecimalField(
        "högsta belopp (kr)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    source = models.CharField("punkt i delegationsordningen", max_length=200)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "delegation"
        verbose_name_plural = "delegationer"

    def __str__(self) -> str:
        return f"{self.user} – {self.decision_kind}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
