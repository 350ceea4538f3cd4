"""Decisions beyond the monthly försörjningsstöd: one-off needs, changes of a decision, appeals and claims.

- OneOffDecision: bistånd till livsföring i övrigt (old SoL 4 kap. 1 §) or bistånd utöver (old SoL 4 kap. 2 §)
  for a one-off need, with its amount, reasons and the rule applied.
- DecisionRevision: rättelse (förvaltningslagen 36 §) or omprövning (37–39 §§), or a change after a judgement.
  A new decision that refers to the one it changes; the changed decision is never edited (the monthly decision
  is frozen by database triggers, assistance/0002). This row *is* the "changed by" link.
- Appeal: an incoming överklagande, its rättidsprövning (44–45 §§), the nämnd's omprövning, the sending to
  förvaltningsrätten with the nämnd's yttrande (46 §), and the court's judgement.
- RepaymentClaim: återkrav (old SoL 9 kap. 1–2 §§), with its instalment plan, repayments and write-offs.

Each row of these tables is written once by a service and then changes only in its workflow fields (an
appeal's status, a claim's status); amounts and reasons of a decision are never edited.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from skutan.core.models import VersionedModel

from .models import ADVERSE_OUTCOMES, Decision, DecisionOutcome


class _DecisionRecord(models.Model):
    """What every decision records: who decided, when, under which delegation, why and under which rule."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("beslutat")
    delegation = models.ForeignKey(
        "accounts.Delegation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delegation_source = models.CharField("delegation", max_length=200, blank=True)
    reasons = models.TextField("motivering")
    legal_basis = models.TextField("lagrum")

    class Meta:
        abstract = True


class OneOffNeed(models.TextChoices):
    GLASSES = "glasses", gettext_lazy("Glasögon")
    DENTAL = "dental", gettext_lazy("Tandvård")
    FURNITURE = "furniture", gettext_lazy("Möbler och husgeråd")
    CHILDCARE_FEE = "childcare_fee", gettext_lazy("Barnomsorgsavgift")
    MEDICAL = "medical", gettext_lazy("Läkarvård")
    MEDICINE = "medicine", gettext_lazy("Medicin")
    OTHER = "other", gettext_lazy("Annat behov")


class OneOffRule(models.TextChoices):
    # Old SoL 4 kap. 1 § (second part): part of the right to assistance, appealable (förvaltningsbesvär).
    LIVING = "living", gettext_lazy("Bistånd till livsföring i övrigt")
    # Old SoL 4 kap. 2 §: discretionary, only laglighetsprövning (DOMAIN.md §4).
    DISCRETIONARY = "discretionary", gettext_lazy("Bistånd utöver (frivilligt bistånd)")


class OneOffDecision(_DecisionRecord):
    """A decision on a one-off need (glasögon, tandvård, möbler, barnomsorgsavgift …)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assistance_one_off_decisions")
    payee = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    need = models.CharField("behov", max_length=16, choices=OneOffNeed.choices)
    description = models.CharField("beskrivning av behovet", max_length=300)
    rule = models.CharField("bestämmelse", max_length=16, choices=OneOffRule.choices)
    outcome = models.CharField("utfall", max_length=16, choices=DecisionOutcome.choices)
    received_on = models.DateField("ansökan inkom", null=True, blank=True)
    requested_amount = models.DecimalField("sökt belopp (kr)", max_digits=12, decimal_places=2)
    amount = models.DecimalField("beviljat belopp (kr)", max_digits=12, decimal_places=2)
    reference_amount = models.DecimalField(
        "riktbelopp enligt riktlinje (kr)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    guideline = models.ForeignKey(
        "assistance.Guideline", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0) & Q(requested_amount__gte=0), name="one_off_amounts"),
        ]
        verbose_name = "beslut om bistånd för enstaka behov"
        verbose_name_plural = "beslut om bistånd för enstaka behov"

    def __str__(self) -> str:
        return f"Beslut {self.get_need_display()} {self.get_outcome_display()} {self.amount} kr"

    @property
    def is_adverse(self) -> bool:
        return self.outcome in ADVERSE_OUTCOMES

    @property
    def appealable(self) -> bool:
        """Bistånd utöver can only be challenged by laglighetsprövning (kommunallagen), not förvaltningsbesvär."""
        return self.rule == OneOffRule.LIVING


class RevisionKind(models.TextChoices):
    CORRECTION = "correction", gettext_lazy("Rättelse")  # förvaltningslagen 36 §
    RECONSIDERATION = "reconsideration", gettext_lazy("Omprövning")  # förvaltningslagen 37–39 §§
    JUDGEMENT = "judgement", gettext_lazy("Ändring efter dom")


class Settlement(models.TextChoices):
    NONE = "none", gettext_lazy("Ingen skillnad att betala eller kräva")
    EXTRA_PAYMENT = "extra_payment", gettext_lazy("Tilläggsutbetalning")
    CLAIM = "claim", gettext_lazy("För mycket utbetalt: återkrav prövas")


class AdverseGround(models.TextChoices):
    """When omprövning may change a decision to the person's disadvantage (förvaltningslagen 37 § andra
    stycket): never otherwise."""

    RESERVATION = "reservation", gettext_lazy("Förbehåll i beslutet")
    SAFETY = "safety", gettext_lazy("Tvingande säkerhetsskäl")
    WRONG_INFORMATION = "wrong_information", gettext_lazy("Beslutet har tillkommit på grund av att parten lämnat felaktiga uppgifter")


class DecisionRevision(_DecisionRecord):
    """A new decision that changes a decided month (or a one-off decision). The old one stays as it was.

    ``previous_amount`` is the amount the changed decision granted (or the last revision's); ``paid_before`` is
    the money paid or planned for it when this decision was made. The difference ``amount - paid_before`` is an
    extra payment (Payment.revision) when positive and an amount to reclaim when negative (RepaymentClaim).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assistance_revisions")
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    one_off = models.ForeignKey(
        OneOffDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    kind = models.CharField("typ", max_length=16, choices=RevisionKind.choices)
    outcome = models.CharField("utfall", max_length=16, choices=DecisionOutcome.choices)
    previous_amount = models.DecimalField("belopp före ändringen (kr)", max_digits=12, decimal_places=2)
    amount = models.DecimalField("belopp efter ändringen (kr)", max_digits=12, decimal_places=2)
    paid_before = models.DecimalField("utbetalt eller planerat före ändringen (kr)", max_digits=12, decimal_places=2)
    settlement = models.CharField("följd för utbetalningen", max_length=16, choices=Settlement.choices)
    adverse_ground = models.CharField(
        "skäl för ändring till nackdel", max_length=20, choices=AdverseGround.choices, blank=True
    )
    appeal = models.ForeignKey(
        "assistance.Appeal", on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(decision__isnull=False) & Q(one_off__isnull=True))
                | (Q(decision__isnull=True) & Q(one_off__isnull=False)),
                name="revision_changes_one_decision",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="revision_amount_not_negative"),
        ]
        verbose_name = "ändring av beslut"
        verbose_name_plural = "ändringar av beslut"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} kr"

    @property
    def difference(self) -> Decimal:
        return self.amount - self.paid_before

    @property
    def changed(self):
        return self.decision or self.one_off


class ReceivedBasis(models.TextChoices):
    """How the day the person received the decision is known (förvaltningslagen 44 §: the appeal period runs
    from that day). When it cannot be shown, the appeal is treated as in time (the authority bears the
    burden of showing when the decision was received)."""

    HANDED_OVER = "handed_over", gettext_lazy("Lämnades över vid besök")
    RECEIPT = "receipt", gettext_lazy("Delgivningskvitto eller mottagningsbevis")
    STATED = "stated", gettext_lazy("Uppgift från den enskilde")
    UNKNOWN = "unknown", gettext_lazy("Kan inte visas")


class AppealStatus(models.TextChoices):
    RECEIVED = "received", gettext_lazy("Inkommet för sent, ska avvisas")
    IN_TIME = "in_time", gettext_lazy("I rätt tid, omprövas")
    DISMISSED = "dismissed", gettext_lazy("Avvisat (för sent)")
    CHANGED = "changed", gettext_lazy("Beslutet ändrat som den enskilde begärt (överklagandet förfaller)")
    SENT = "sent", gettext_lazy("Överlämnat till förvaltningsrätten")
    JUDGED = "judged", gettext_lazy("Dom meddelad")


class JudgementOutcome(models.TextChoices):
    UPHELD = "upheld", gettext_lazy("Överklagandet avslås (beslutet står fast)")
    GRANTED = "granted", gettext_lazy("Överklagandet bifalls")
    PARTLY_GRANTED = "partly_granted", gettext_lazy("Överklagandet bifalls delvis")
    REMANDED = "remanded", gettext_lazy("Återförvisat till nämnden")
    DISMISSED = "dismissed", gettext_lazy("Avvisat eller avskrivet av domstolen")


class Appeal(VersionedModel):
    """An överklagande of a decision, from the day it came in to the court's judgement."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assistance_appeals")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="appeals")
    one_off = models.ForeignKey(
        OneOffDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="appeals"
    )
    appellant = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("överklagandet kom in")
    decision_received_on = models.DateField("den enskilde fick del av beslutet", null=True, blank=True)
    decision_received_basis = models.CharField(
        "hur dagen är känd", max_length=16, choices=ReceivedBasis.choices
    )
    last_day = models.DateField("sista dag att överklaga", null=True, blank=True)
    last_day_moved_because = models.CharField("flyttad till nästa vardag för", max_length=200, blank=True)
    in_time = models.BooleanField("i rätt tid")
    content = models.TextField("vad den enskilde begär", blank=True)
    status = models.CharField("status", max_length=16, choices=AppealStatus.choices, default=AppealStatus.RECEIVED)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField()
    # Avvisning (förvaltningslagen 45 §): a decision of its own.
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissal_reasons = models.TextField("skäl för avvisning", blank=True)
    # Omprövning first (förvaltningslagen 37–39 §§, 46 §).
    reconsidered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reconsidered_at = models.DateTimeField(null=True, blank=True)
    reconsideration_note = models.TextField("omprövning", blank=True)
    # Sent to the court with the nämnd's yttrande (46 §).
    sent_on = models.DateField("överlämnat till förvaltningsrätten", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    court = models.CharField("domstol", max_length=200, blank=True)
    statement = models.TextField("nämndens yttrande", blank=True)
    # The judgement and what follows from it.
    court_case_number = models.CharField("målnummer", max_length=40, blank=True)
    judgement_on = models.DateField("dom meddelad", null=True, blank=True)
    judgement_outcome = models.CharField(
        "domslut", max_length=16, choices=JudgementOutcome.choices, blank=True
    )
    judgement_summary = models.TextField("domens innehåll", blank=True)
    follow_up = models.TextField("vad som följer av domen", blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(decision__isnull=False) & Q(one_off__isnull=True))
                | (Q(decision__isnull=True) & Q(one_off__isnull=False)),
                name="appeal_of_one_decision",
            ),
        ]
        verbose_name = "överklagande"
        verbose_name_plural = "överklaganden"

    def __str__(self) -> str:
        return f"Överklagande inkommet {self.received_on:%Y-%m-%d} ({self.get_status_display()})"

    @property
    def appealed(self):
        return self.decision or self.one_off

    @property
    def is_open(self) -> bool:
        return self.status in (AppealStatus.RECEIVED, AppealStatus.IN_TIME, AppealStatus.SENT)


class ClaimGround(models.TextChoices):
    # Old SoL 9 kap. 1 §: wrong information, failure to report, or otherwise caused it to be paid wrongly.
    WRONG_INFORMATION = "wrong_information", gettext_lazy("Oriktiga uppgifter eller underlåtenhet att lämna uppgifter")
    OTHERWISE_WRONG = "otherwise_wrong", gettext_lazy("Bistånd har på annat sätt utgått obehörigen eller med för högt belopp")
    # Old SoL 9 kap. 2 §: advance on a benefit, or assistance given on stated conditions of repayment.
    BENEFIT_ADVANCE = "benefit_advance", gettext_lazy("Förskott på förmån eller ersättning")
    AWAITING_INCOME = "awaiting_income", gettext_lazy("Bistånd under väntan på inkomst, med villkor om återbetalning")
    LABOUR_DISPUTE = "labour_dispute", gettext_lazy("Bistånd till den som är indragen i arbetskonflikt")


CLAIM_GROUND_PARAGRAPH = {
    ClaimGround.WRONG_INFORMATION: "9 kap. 1 §",
    ClaimGround.OTHERWISE_WRONG: "9 kap. 1 §",
    ClaimGround.BENEFIT_ADVANCE: "9 kap. 2 §",
    ClaimGround.AWAITING_INCOME: "9 kap. 2 §",
    ClaimGround.LABOUR_DISPUTE: "9 kap. 2 §",
}


class ClaimStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Pågår")
    PAID = "paid", gettext_lazy("Återbetald")
    WRITTEN_OFF = "written_off", gettext_lazy("Avskriven")


class RepaymentClaim(_DecisionRecord):
    """Ett beslut om återkrav: the ground, the amount, and the decisions and payments it concerns."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assistance_claims")
    debtor = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    ground = models.CharField("grund", max_length=20, choices=ClaimGround.choices)
    amount = models.DecimalField("återkrävt belopp (kr)", max_digits=12, decimal_places=2)
    decisions = models.ManyToManyField(Decision, related_name="claims", blank=True, verbose_name=gettext_lazy("beslut"))
    one_off_decisions = models.ManyToManyField(OneOffDecision, related_name="claims", blank=True)
    payments = models.ManyToManyField("payments.Payment", related_name="claims", blank=True)
    revision = models.ForeignKey(
        DecisionRevision, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    status = models.CharField("status", max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.OPEN)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive")]
        verbose_name = "återkrav"
        verbose_name_plural = "återkrav"

    def __str__(self) -> str:
        return f"Återkrav {self.amount} kr ({self.get_ground_display()})"

    @property
    def paragraph(self) -> str:
        return CLAIM_GROUND_PARAGRAPH[self.ground]


class ClaimInstalment(models.Model):
    """One instalment of a claim's repayment plan."""

    claim = models.ForeignKey(RepaymentClaim, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField("nummer")
    due_on = models.DateField("förfaller")
    amount = models.DecimalField("belopp (kr)", max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="claim_instalment_number"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_instalment_positive"),
        ]

    def __str__(self) -> str:
        return f"Delbetalning {self.number}: {self.amount} kr senast {self.due_on:%Y-%m-%d}"


class ClaimRepayment(models.Model):
    """Money the person paid back on a claim (registered from the bank statement or the cash desk)."""

    claim = models.ForeignKey(RepaymentClaim, on_delete=models.PROTECT, related_name="repayments")
    received_on = models.DateField("inbetald")
    amount = models.DecimalField("belopp (kr)", max_digits=12, decimal_places=2)
    reference = models.CharField("referens", max_length=100, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField()

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="claim_repayment_positive")]

    def __str__(self) -> str:
        return f"Inbetalning {self.amount} kr {self.received_on:%Y-%m-%d}"


class ClaimWriteOff(_DecisionRecord):
    """Avskrivning: a decision that the rest of a claim (or part of it) will not be collected."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey(RepaymentClaim, on_delete=models.PROTECT, related_name="write_offs")
    amount = models.DecimalField("avskrivet belopp (kr)", max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="claim_write_off_positive")]

    def __str__(self) -> str:
        return f"Avskrivning {self.amount} kr"
