"""The mobile team (mobila teamet / uppsökandeteamet, seed 001): assignments from caseworkers, the team's
capacity, visits with a note that becomes a journal draft, and escalations when a client could not be reached."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skutan.core.models import VersionedModel


class Purpose(models.TextChoices):
    SUPERVISION = "supervision", gettext_lazy("Tillsyn")
    MOTIVATION = "motivation", gettext_lazy("Motivation")
    ACCOMPANY_TO_CARE = "accompany_to_care", gettext_lazy("Följa med till vård")
    SOCIAL_VISIT = "social_visit", gettext_lazy("Sociala besök")
    HELP_TO_CONTACT = "help_to_contact", gettext_lazy("Hjälp att kontakta")


class TeamSettings(models.Model):
    """A mobile team unit's capacity: visits per member per day (default a setting, seed 001: six)."""

    unit = models.OneToOneField("accounts.Unit", on_delete=models.PROTECT, related_name="mobile_settings")
    visits_per_member_per_day = models.PositiveSmallIntegerField("besök per medarbetare och dag")
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.unit}: {self.visits_per_member_per_day} besök/dag"


class MobileAssignment(VersionedModel):
    """An uppdrag from a caseworker to the team: the client (the case's person), purpose, frequency, period and a
    start meeting with the client, the caseworker and the team. The team sees the client and what it needs for
    the visits, never the case's journal."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="mobile_assignments")
    team = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="mobile_assignments")
    purpose = models.CharField("syfte", max_length=24, choices=Purpose.choices)
    visits_per_week = models.PositiveSmallIntegerField("besök per vecka")
    starts_on = models.DateField("från")
    ends_on = models.DateField("till och med")
    instructions = models.TextField("vad teamet behöver veta", blank=True)
    start_meeting_on = models.DateField("startmöte (klient, handläggare, team)", null=True, blank=True)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(default=timezone.now)
    ended_on = models.DateField("avslutat", null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = "uppdrag till mobila teamet"
        verbose_name_plural = "uppdrag till mobila teamet"

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.visits_per_week}/v"

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on and (self.ended_on is None or day <= self.ended_on)


class Outcome(models.TextChoices):
    MET = "met", gettext_lazy("Träffade klienten")
    NOT_REACHED = "not_reached", gettext_lazy("Nådde inte klienten")


class MobileVisit(models.Model):
    """A visit of the team: planned (with the lone-worker check-in of staff.Visit), then recorded with its purpose,
    what happened and a short note. The note is a journal draft on the case for the team member to sign."""

    assignment = models.ForeignKey(MobileAssignment, on_delete=models.PROTECT, related_name="visits")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mobile_visits")
    planned_at = models.DateTimeField("planerat", null=True, blank=True)
    visited_at = models.DateTimeField("besöket", null=True, blank=True)
    purpose = models.CharField("syfte", max_length=24, choices=Purpose.choices)
    outcome = models.CharField("vad hände", max_length=16, choices=Outcome.choices, blank=True)
    note = models.TextField("anteckning", blank=True)
    staff_visit = models.ForeignKey("staff.Visit", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    journal_entry = models.ForeignKey("cases.JournalEntry", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["planned_at", "visited_at", "pk"]
        indexes = [models.Index(fields=["member", "planned_at"])]

    def __str__(self) -> str:
        return f"Besök {self.get_purpose_display()}"

    @property
    def when(self):
        return self.visited_at or self.planned_at

    @property
    def is_done(self) -> bool:
        return bool(self.outcome)


class Escalation(models.Model):
    """The team could not reach the client: the caseworker sees it until they acknowledge it."""

    visit = models.OneToOneField(MobileVisit, on_delete=models.PROTECT, related_name="escalation")
    assignment = models.ForeignKey(MobileAssignment, on_delete=models.PROTECT, related_name="escalations")
    raised_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    response = models.TextField("vad handläggaren gör", blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"Eskalering {self.raised_at:%Y-%m-%d}"
