from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy

from skutan.core.models import VersionedModel
from skutan.people.identity import IdentityKind


class ProtectionKind(models.TextChoices):
    NONE = "", gettext_lazy("Ingen")
    CONFIDENTIALITY_MARK = "sekretessmarkering", gettext_lazy("Sekretessmarkering")
    PROTECTED_REGISTRATION = "skyddad_folkbokforing", gettext_lazy("Skyddad folkbokföring")


class Person(VersionedModel):
    identity_number = models.CharField("personnummer", max_length=20, unique=True)
    identity_kind = models.CharField(
        "typ av identitet", max_length=20, choices=IdentityKind.CHOICES, default=IdentityKind.PERSONNUMMER
    )
    first_name = models.CharField("förnamn", max_length=100)
    last_name = models.CharField("efternamn", max_length=100)
    birth_date = models.DateField("födelsedatum", null=True, blank=True)
    sex = models.CharField("kön", max_length=1, blank=True)
    born_abroad = models.BooleanField("född utomlands", null=True, blank=True)
    street_address = models.CharField("gatuadress", max_length=200, blank=True)
    postal_code = models.CharField("postnummer", max_length=6, blank=True)
    city = models.CharField("postort", max_length=100, blank=True)
    phone = models.CharField("telefon", max_length=30, blank=True)
    protection = models.CharField(
        "skyddade personuppgifter", max_length=32, choices=ProtectionKind.choices, blank=True, default=""
    )
    synthetic = models.BooleanField(default=False, help_text=gettext_lazy("Genererad demoperson, inte en verklig person."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(Lower("last_name"), Lower("first_name"), name="person_name_idx")]
        verbose_name = "person"
        verbose_name_plural = "personer"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.identity_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def protected_identity(self) -> bool:
        return bool(self.protection)

    @property
    def unverified_identity(self) -> bool:
        return self.identity_kind == IdentityKind.RESERVNUMMER


class Household(VersionedModel):
    """Makar/sambor and the children under 21 they support (SoL's hushåll)."""

    cohabiting = models.BooleanField("sambor/makar", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hushåll"
        verbose_name_plural = "hushåll"

    def __str__(self) -> str:
        return f"Hushåll {self.pk}"


class HouseholdRole(models.TextChoices):
    ADULT = "adult", gettext_lazy("Vuxen")
    CHILD = "child", gettext_lazy("Barn")


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="household_memberships")
    role = models.CharField("roll", max_length=8, choices=HouseholdRole.choices)
    lunch_at_home = models.BooleanField("äter lunch hemma", default=True)
    joined_on = models.DateField("från")
    left_on = models.DateField("till", null=True, blank=True)

    class Meta:
        ordering = ["role", "person__birth_date"]
        verbose_name = "hushållsmedlem"
        verbose_name_plural = "hushållsmedlemmar"

    def __str__(self) -> str:
        return f"{self.household_id}: {self.person_id} ({self.role})"
