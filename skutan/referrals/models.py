"""A prepared decision (beslutsunderlag) sent to someone who holds the delegation for it.

Generic across modules: the decision it prepares is named by ``subject_type`` and ``subject_id``
(e.g. ``assistance.application`` 42) and the page where it is decided by ``path``. The module that owns the
decision calls ``referral_complete`` in the same transaction as the decision itself.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from skutan.accounts.models import DecisionKind


class ReferralStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Väntar på beslut")
    DECIDED = "decided", gettext_lazy("Beslutad")
    RETURNED = "returned", gettext_lazy("Skickad tillbaka")


class DecisionReferral(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="decision_referrals")
    decision_kind = models.CharField("beslutstyp", max_length=64, choices=DecisionKind.choices)
    subject_type = models.CharField(max_length=64)
    subject_id = models.PositiveBigIntegerField()
    path = models.CharField("sida", max_length=300)
    summary = models.CharField("avser", max_length=200)
    amount = models.DecimalField("belopp (kr)", max_digits=12, decimal_places=2, null=True, blank=True)
    proposal = models.JSONField("beslutsunderlag", default=dict)
    message = models.TextField("meddelande", blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decision_referrals_received"
    )
    sent_at = models.DateTimeField("skickad", auto_now_add=True)
    status = models.CharField("status", max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.PENDING)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField("kommentar vid återsändning", blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], condition=models.Q(status="pending"),
                name="referral_one_pending_per_subject",
            )
        ]
        verbose_name = "beslutsunderlag för beslut"
        verbose_name_plural = "beslutsunderlag för beslut"

    def __str__(self) -> str:
        return f"{self.summary} → {self.sent_to_id} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == ReferralStatus.PENDING
