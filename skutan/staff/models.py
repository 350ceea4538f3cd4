"""Staff safety (threat markers, incidents against staff, lone-worker visits), workload weighted by difficulty,
and qualifications with introduction (issue 14). Staff data is personal data too: see selectors.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class SafetyMarkerKind(models.Model):
    """The configurable list of marker kinds (seeded: threat_to_staff, violence_history, dog, always_two, other)."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    requires_companion = models.BooleanField("besök kräver sällskap", default=True)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "label"]

    def __str__(self) -> str:
        return self.label


class SafetyMarker(models.Model):
    """A warning on a person, or on an address (every person registered there), with a review date.
    A marker expires unless reviewed: it is active while ``review_on`` has not passed and it is not ended."""

    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="safety_markers")
    street_address = models.CharField("adress", max_length=200, blank=True)
    postal_code = models.CharField("postnummer", max_length=10, blank=True)
    kind = models.ForeignKey(SafetyMarkerKind, on_delete=models.PROTECT, related_name="markers")
    reason = models.TextField("skäl")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_on = models.DateField("satt")
    review_on = models.DateField("omprövas senast")
    reviewed_on = models.DateField("senast omprövad", null=True, blank=True)
    ended_on = models.DateField("borttagen", null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-set_on", "-pk"]
        constraints = [models.CheckConstraint(
            condition=models.Q(person__isnull=False) | ~models.Q(street_address=""), name="marker_person_or_address")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.reason[:40]}"


class IncidentChannel(models.TextChoices):
    IN_PERSON = "in_person", gettext_lazy("Personligen")
    PHONE = "phone", gettext_lazy("Telefon")
    LETTER = "letter", gettext_lazy("Brev")
    EMAIL = "email", gettext_lazy("E-post")
    SOCIAL_MEDIA = "social_media", gettext_lazy("Sociala medier (t.ex. uthängd på Facebook)")


class PoliceStatus(models.TextChoices):
    NOT_REPORTED = "not_reported", gettext_lazy("Inte polisanmäld")
    REPORTED = "reported", gettext_lazy("Anmäld")
    INVESTIGATING = "investigating", gettext_lazy("Utredning pågår")
    DROPPED = "dropped", gettext_lazy("Nedlagd")
    PROSECUTED = "prosecuted", gettext_lazy("Åtal")


class ThreatIncident(models.Model):
    """Hot eller våld mot personal. Seen by the staff member affected and the unit manager; the quality role
    sees statistics only."""

    affected = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threat_incidents",
                                 verbose_name=gettext_lazy("drabbad medarbetare"))
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField("datum")
    channel = models.CharField("kanal", max_length=20, choices=IncidentChannel.choices)
    description = models.TextField("vad hände")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    police_status = models.CharField("polisanmälan", max_length=20, choices=PoliceStatus.choices,
                                     default=PoliceStatus.NOT_REPORTED)
    police_reported_on = models.DateField("polisanmäld", null=True, blank=True)
    police_case_number = models.CharField("polisens diarienummer", max_length=40, blank=True)
    support_given = models.TextField("stöd till medarbetaren (samtal, företagshälsovård …)", blank=True)
    follow_up_on = models.DateField("följs upp", null=True, blank=True)
    follow_up_note = models.TextField("uppföljning", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"Incident {self.occurred_on}"


class Visit(models.Model):
    """A planned home visit with lone-worker check-in and check-out. The address is never copied here: it is
    read from the person's register entry for whoever may see it (a protected address stays protected)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits")
    companion = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    starts_at = models.DateTimeField("börjar")
    expected_end = models.DateTimeField("beräknas sluta")
    purpose = models.CharField("syfte", max_length=200, blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    override_reason = models.TextField("chefens motivering för besök utan sällskap", blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    alarm_acknowledged_at = models.DateTimeField(null=True, blank=True)
    alarm_acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="+")
    alarm_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["unit", "checked_out_at", "expected_end"])]

    def __str__(self) -> str:
        return f"Besök {self.starts_at:%Y-%m-%d %H:%M}"


class CaseWeight(models.Model):
    """How heavy an open case weighs, by case type and phase (the case's status): a configurable table."""

    case_type = models.CharField(max_length=32)
    phase = models.CharField(max_length=16)
    weight = models.DecimalField(max_digits=4, decimal_places=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case_type", "phase"], name="case_weight_unique")]

    def __str__(self) -> str:
        return f"{self.case_type}/{self.phase}: {self.weight}"


class CaseWeightAdjustment(models.Model):
    """A per-case weight set by the manager, with a reason (the latest row applies)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(max_digits=4, decimal_places=1)
    reason = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-set_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.weight}"


class Degree(models.TextChoices):
    SOCIONOM = "socionom", gettext_lazy("Socionomexamen")
    OTHER_RELEVANT = "other_relevant", gettext_lazy("Annan relevant examen")
    NONE = "none", gettext_lazy("Ingen relevant examen")


class StaffProfile(models.Model):
    """Qualifications of a staff member. Never their private address or family: staff never enter those."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff_profile")
    degree = models.CharField("examen", max_length=20, choices=Degree.choices, default=Degree.SOCIONOM)
    validation = models.CharField("validering eller komplettering", max_length=200, blank=True)
    dispensation_until = models.DateField("dispens till och med", null=True, blank=True)
    dispensation_reason = models.CharField("dispensens grund", max_length=200, blank=True)
    child_specialist_training_on = models.DateField("vidareutbildning barn och unga (7,5 hp) klar", null=True,
                                                    blank=True)
    capacity = models.DecimalField("kapacitet (viktade ärenden)", max_digits=5, decimal_places=1, null=True,
                                   blank=True)
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Kompetens: {self.user}"


class IntroductionStep(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="introduction_steps")
    title = models.CharField("steg", max_length=200)
    due_on = models.DateField("planerat")
    done_on = models.DateField("klart", null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title
