import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy


class UnitKind(models.TextChoices):
    INTAKE = "intake", gettext_lazy("Mottagning")
    FINANCIAL_ASSISTANCE = "financial_assistance", gettext_lazy("Ekonomiskt bistånd")
    CHILDREN = "children", gettext_lazy("Barn och unga")
    ADULTS = "adults", gettext_lazy("Vuxen")
    MOBILE_TEAM = "mobile_team", gettext_lazy("Mobila teamet")
    QUALITY = "quality", gettext_lazy("Kvalitet")
    MANAGEMENT = "management", gettext_lazy("Ledning")
    ADMINISTRATION = "administration", gettext_lazy("Systemförvaltning")


class Municipality(models.Model):
    """The municipality's own data for letters and reports: an administered setting (one row)."""

    name = models.CharField("kommunens namn", max_length=120)
    code = models.CharField("kommunkod", max_length=4, help_text=gettext_lazy("SCB:s fyrsiffriga kommunkod"))
    board_name = models.CharField("nämndens namn", max_length=160, blank=True)
    address = models.CharField("postadress", max_length=200, blank=True)
    phone = models.CharField("telefon", max_length=40, blank=True)
    email = models.EmailField("e-post", blank=True)
    logo = models.FileField("logotyp för brev", upload_to="municipality/", blank=True)
    letter_names_decision_maker = models.BooleanField(
        "beslutsfattarens namn i brev", default=True,
        help_text=gettext_lazy("Om beslutsbrev anger beslutsfattarens namn och titel. Annars anges bara funktionen "
        "(t.ex. handläggare) och nämnden."),
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
        verbose_name=gettext_lazy("förvaltning/avdelning"),
    )
    # Contact details printed on letters (the unit, never the caseworker's private data).
    address = models.CharField("besöks- och postadress", max_length=200, blank=True)
    phone = models.CharField("telefon", max_length=40, blank=True)
    email = models.EmailField("e-post", blank=True)
    opening_hours = models.CharField("telefontider/öppettider", max_length=200, blank=True)
    # Anonymity towards clients: letters and other citizen-facing texts name the unit and its phone instead of
    # the caseworker (the decision itself in the case file still records who decided).
    anonymous_to_clients = models.BooleanField(
        "anonymitet gentemot klienter", default=False,
        help_text=gettext_lazy("Brev och texter till enskilda visar enhetens namn och telefon i stället för handläggarens namn."),
    )
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
    CASEWORKER = "caseworker", gettext_lazy("Handläggare")
    UNIT_MANAGER = "unit_manager", gettext_lazy("Enhetschef")
    MOBILE_TEAM = "mobile_team", gettext_lazy("Mobilt team")
    QUALITY_OFFICER = "quality_officer", gettext_lazy("Kvalitetsansvarig")
    LOG_REVIEWER = "log_reviewer", gettext_lazy("Loggranskare")
    MANAGEMENT = "management", gettext_lazy("Ledning")
    SYSTEM_ADMIN = "system_admin", gettext_lazy("Systemförvaltare")
    ARCHIVIST = "archivist", gettext_lazy("Arkivansvarig")  # plans, approves and runs gallring (skutan/retention)


class User(AbstractUser):
    title = models.CharField("titel", max_length=120, blank=True)
    employed_since = models.DateField("anställd sedan", null=True, blank=True)
    # Optimistic locking for the systemförvaltare's edits (two administrators must not overwrite each other).
    version = models.PositiveIntegerField(default=1)
    # Unused since login throttling moved to django-axes (skutan/accounts/throttle.py); kept so the
    # migration history stays simple. Nothing reads or writes them.
    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "användare"
        verbose_name_plural = "användare"

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


class DecisionKind(models.TextChoices):
    """The kinds of decision a point of the delegationsordning covers. A module that checks delegation adds
    its kind here; the values are stored on the points and never change."""

    FINANCIAL_ASSISTANCE = "ekonomiskt_bistand", gettext_lazy("Ekonomiskt bistånd")
    CHILDREN_INTERVENTION = "bou_insats", gettext_lazy("Barn och unga: beslut om insats")
    CHILDREN_PLACEMENT = "bou_placering", gettext_lazy("Barn och unga: beslut om placering")
    CHILDREN_PRELIMINARY_EXTENSION = "bou_forlangd_forhandsbedomning", gettext_lazy("Barn och unga: förlängd förhandsbedömning")
    CHILDREN_INVESTIGATION_EXTENSION = "bou_forlangd_utredning", gettext_lazy("Barn och unga: förlängd utredning")
    ADULTS_INSATS = "vuxen_insats", gettext_lazy("Vuxen: beslut om insats (belopp = kostnad per månad)")


class Delegation(models.Model):
    """One point of the nämnd's delegationsordning: which decisions, on what legal ground, up to what amount,
    held by a named user or by a role in a unit, valid between two dates, with its source (the nämnd's decision,
    its date and paragraph). A point is never edited once decisions may refer to it: end it and add a new one."""

    decision_kind = models.CharField("beslutstyp", max_length=64, choices=DecisionKind.choices)
    point = models.CharField("punkt i delegationsordningen", max_length=200)
    legal_ground = models.CharField("lagrum", max_length=200, blank=True)
    max_amount = models.DecimalField(
        "högsta belopp (kr)", max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=gettext_lazy("Tomt betyder utan beloppsgräns."),
    )
    # The holder: a named user, or a role in a unit (exactly one of the two; checked in the service).
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="delegations", verbose_name=gettext_lazy("användare")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="delegations", verbose_name=gettext_lazy("enhet")
    )
    role = models.CharField("roll", max_length=32, choices=Role.choices, blank=True)
    valid_from = models.DateField("gäller från")
    valid_to = models.DateField("gäller till och med", null=True, blank=True)
    # The source: the nämnd's decision that adopted the point.
    source_body = models.CharField("beslutande organ", max_length=160, default="", blank=True)
    source_date = models.DateField("beslutsdatum", null=True, blank=True)
    source_paragraph = models.CharField("paragraf", max_length=40, default="", blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        ordering = ["decision_kind", "valid_from", "id"]
        verbose_name = "delegationspunkt"
        verbose_name_plural = "delegationspunkter"

    def __str__(self) -> str:
        return f"{self.point} ({self.holder_text})"

    @property
    def holder_text(self) -> str:
        if self.user_id:
            return self.user.display_name
        return f"{self.get_role_display()} i {self.unit}" if self.unit_id else "–"

    @property
    def source_text(self) -> str:
        """The point and its source as printed on a decision: »4.1.1 … (Socialnämnden 2026-01-15 § 12)«."""
        parts = [self.source_body, self.source_date.isoformat() if self.source_date else "", self.source_paragraph]
        source = " ".join(p for p in parts if p)
        return f"{self.point} ({source})" if source else self.point

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class SpecialRightKind(models.TextChoices):
    PROTECTED_ADDRESS = "protected_address", gettext_lazy("Se skyddade adresser")
    REPORTER_IDENTITY = "reporter_identity", gettext_lazy("Se sekretessbelagd anmälares identitet")
    LOG_REVIEWER = "log_reviewer", gettext_lazy("Loggranskare")
    EMERGENCY_ACCESS = "emergency_access", gettext_lazy("Nödåtkomst")


class SpecialRight(models.Model):
    """A right beyond the ordinary roles, granted per unit, for a limited time and with a reason.

    The systemförvaltare grants and revokes them; every grant is audited and listed for review."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="special_rights", verbose_name=gettext_lazy("användare"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="special_rights", verbose_name=gettext_lazy("enhet"))
    kind = models.CharField("behörighet", max_length=32, choices=SpecialRightKind.choices)
    valid_from = models.DateField("gäller från")
    valid_to = models.DateField("gäller till och med")
    reason = models.TextField("skäl")
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=gettext_lazy("beviljad av")
    )
    granted_at = models.DateTimeField("beviljad", auto_now_add=True)
    revoked_at = models.DateTimeField("återkallad", null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["valid_to", "id"]
        indexes = [models.Index(fields=["user", "kind"])]
        verbose_name = "särskild behörighet"
        verbose_name_plural = "särskilda behörigheter"

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()} i {self.unit} t.o.m. {self.valid_to}"

    def is_active_on(self, day) -> bool:
        return self.revoked_at is None and self.valid_from <= day <= self.valid_to


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Optional: a token for a one-off integration should stop working by itself.
    expires_at = models.DateTimeField("giltig till", null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API-nyckel"
        verbose_name_plural = "API-nycklar"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def expired(self) -> bool:
        from django.utils import timezone

        return self.expires_at is not None and self.expires_at <= timezone.now()


class UserSession(models.Model):
    """One logged-in browser session, so users can see and end their own (issue 8, part 7).

    Keyed to Django's session key; the row outlives the session as a record of when and from where.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="web_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("inloggad")
    last_seen_at = models.DateTimeField("senast aktiv")
    user_agent = models.CharField("webbläsare", max_length=300, blank=True)
    ip_address = models.GenericIPAddressField("IP-adress", null=True, blank=True)
    auth_method = models.CharField("inloggningssätt", max_length=20, blank=True)
    ended_at = models.DateTimeField("avslutad", null=True, blank=True)
    end_reason = models.CharField("orsak", max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "ended_at"])]
        verbose_name = "inloggningssession"
        verbose_name_plural = "inloggningssessioner"

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
