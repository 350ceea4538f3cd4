"""The management group's meetings, minutes, decisions, assignments (uppdrag) and routines (seed 004).

This is not personal data about clients and must never contain any: the services warn when a personnummer
is typed. Nothing is deleted. Approved (justerade) minutes are frozen by the database; a later change is an
addendum with its date.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class ManagementGroup(models.Model):
    """The förvaltning's ledningsgrupp, or a unit's own group."""

    name = models.CharField("namn", max_length=160, unique=True)
    unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=gettext_lazy("ordförande"))
    secretary = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=gettext_lazy("sekreterare"))
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="management_groups",
                                     verbose_name=gettext_lazy("ledamöter"))

    class Meta:
        ordering = ["name"]
        verbose_name = "ledningsgrupp"
        verbose_name_plural = "ledningsgrupper"

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    group = models.ForeignKey(ManagementGroup, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("datum")
    location = models.CharField("plats", max_length=160, blank=True)
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                          verbose_name=gettext_lazy("närvarande"))
    # Justering: once approved by the chair the minutes are frozen (database triggers, migration 0002).
    approved_at = models.DateTimeField("justerat", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "möte"
        verbose_name_plural = "möten"

    def __str__(self) -> str:
        return f"{self.group} {self.held_on:%Y-%m-%d}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class FactKind(models.TextChoices):
    NONE = "", gettext_lazy("Ingen")
    FOLLOWUP_MEASURE = "followup_measure", gettext_lazy("Uppföljningsmått")
    RISK_ANALYSIS = "risk_analysis", gettext_lazy("Riskanalys")
    COHORT_PROGRAMME = "cohort_programme", gettext_lazy("Kohortprogram")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveSmallIntegerField("ordning", default=0)
    title = models.CharField("punkt", max_length=200)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    background = models.TextField("underlag", blank=True)
    discussion = models.TextField("diskussion", blank=True)
    # A decision whose follow-up date has passed comes back as an item of the first meeting after it.
    follows_up = models.ForeignKey("GroupDecision", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="follow_up_items")
    fact_kind = models.CharField("kopplat till", max_length=32, choices=FactKind.choices, blank=True)
    fact_ref = models.CharField("vilket", max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "dagordningspunkt"
        verbose_name_plural = "dagordningspunkter"

    def __str__(self) -> str:
        return self.title


class GroupDecision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField("beslut")
    follow_up_on = models.DateField("följs upp", null=True, blank=True)
    follow_up_question = models.CharField("fråga att besvara vid uppföljningen", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "beslut i ledningsgruppen"
        verbose_name_plural = "beslut i ledningsgruppen"

    def __str__(self) -> str:
        return self.text[:60]


class ReportBack(models.TextChoices):
    WRITTEN = "written_report", gettext_lazy("Skriftlig rapport")
    PRESENTATION = "presentation", gettext_lazy("Redovisning på möte")
    OTHER = "other", gettext_lazy("Annat")


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("Ej påbörjat")
    IN_PROGRESS = "in_progress", gettext_lazy("Pågår")
    DONE = "done", gettext_lazy("Klart")
    REPORTED_BACK = "reported_back", gettext_lazy("Återrapporterat")
    CANCELLED = "cancelled", gettext_lazy("Avskrivet")


OPEN_STATUSES = (AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS)


class Assignment(models.Model):
    """An uppdrag: from a meeting, or directly from the director. Never deleted; a closed one is avskrivet."""

    title = models.CharField("uppdrag", max_length=200)
    description = models.TextField("beskrivning", blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments",
                              verbose_name=gettext_lazy("ansvarig"))
    due_on = models.DateField("klart senast")
    expected_report = models.CharField("återrapportering", max_length=20, choices=ReportBack.choices,
                                       default=ReportBack.WRITTEN)
    group = models.ForeignKey(ManagementGroup, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="assignments")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.NOT_STARTED)
    status_note = models.TextField("senaste kommentar", blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField("påminnelse skickad", null=True, blank=True)
    fact_kind = models.CharField("kopplat till", max_length=32, choices=FactKind.choices, blank=True)
    fact_ref = models.CharField("vilket", max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]
        verbose_name = "uppdrag"
        verbose_name_plural = "uppdrag"

    def __str__(self) -> str:
        return self.title


class AssignmentUpdate(models.Model):
    """Each status change with its note: the assignment's history (append-only)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(max_length=20, choices=AssignmentStatus.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.status}"


class Addendum(models.Model):
    """A change to approved minutes: a new, dated text; the minutes themselves never change."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField("tillägg")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"Tillägg {self.added_at:%Y-%m-%d}"


class RoutineKind(models.TextChoices):
    ROUTINE = "routine", gettext_lazy("Rutin")
    GUIDELINE = "guideline", gettext_lazy("Riktlinje")


class Routine(models.Model):
    """The förvaltning's own routine or guideline, with an owner, a decision date, a revision date and versions."""

    title = models.CharField("titel", max_length=200, unique=True)
    kind = models.CharField("typ", max_length=16, choices=RoutineKind.choices, default=RoutineKind.ROUTINE)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=gettext_lazy("ägare"))
    decided_on = models.DateField("beslutad")
    revise_by = models.DateField("revideras senast")
    # Where Skutan uses the guideline's values (e.g. "eb_guidelines": the EB guidelines' maximum rents).
    used_for = models.CharField("används i Skutan för", max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title"]
        verbose_name = "rutin eller riktlinje"
        verbose_name_plural = "rutiner och riktlinjer"

    def __str__(self) -> str:
        return self.title


class RoutineVersion(models.Model):
    routine = models.ForeignKey(Routine, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("version")
    summary = models.TextField("innehåll eller ändring")
    decided_on = models.DateField("beslutad")
    decided_by = models.CharField("beslutad av", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["routine", "number"], name="routine_version_unique")]

    def __str__(self) -> str:
        return f"{self.routine_id} v{self.number}"


class Reminder(models.Model):
    """A reminder that went out (seven days before an assignment's due date), so it is sent once."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="reminders")
    sent_on = models.DateField()
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    emailed = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "to_user"], name="reminder_once")]

    def __str__(self) -> str:
        return f"Påminnelse {self.sent_on}"
