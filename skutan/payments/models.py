"""Utbetalningar: where a payee's money goes, each payment of a decided month, payment runs and reversals.

A payment is created once per decision (a unique constraint, so a decision can never be paid twice), joins at
most one payment run, and is never edited afterwards except for its status. Money paid back or stopped is a
Reversal: a new row pointing at the payment.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skutan.core.models import VersionedModel
from skutan.payments.bank_accounts import SwedishAccount
from skutan.payments.pain001 import CreditorAccount


class PayeeAccount(models.Model):
    """A person's account for payments: an IBAN, or a Swedish clearing + account number.

    A new account ends the previous one (ended_at); only a verified account receives money. Verification is a
    person checking the number with the payee or the bank (Bankgirot's per-bank check digits are not
    computed here).
    """

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="payee_accounts")
    iban = models.CharField("IBAN", max_length=34, blank=True)
    clearing_number = models.CharField("clearingnummer", max_length=5, blank=True)
    account_number = models.CharField("kontonummer", max_length=10, blank=True)
    verified = models.BooleanField("verifierat", default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField("verifierat", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_at__isnull=True), name="payee_account_one_current"
            ),
            models.CheckConstraint(
                condition=(Q(iban="") & ~Q(clearing_number="") & ~Q(account_number=""))
                | (~Q(iban="") & Q(clearing_number="") & Q(account_number="")),
                name="payee_account_iban_or_swedish",
            ),
        ]
        verbose_name = "utbetalningskonto"
        verbose_name_plural = "utbetalningskonton"

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        if self.iban:
            return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))
        return f"{self.clearing_number}-{self.account_number}"

    @property
    def masked(self) -> str:
        """The last four digits only, for lists and logs."""
        digits = self.iban or f"{self.clearing_number}{self.account_number}"
        return f"…{digits[-4:]}"

    def creditor_account(self) -> CreditorAccount:
        if self.iban:
            return CreditorAccount(iban=self.iban)
        return CreditorAccount(swedish=SwedishAccount(self.clearing_number, self.account_number))


class PaymentStatus(models.TextChoices):
    PLANNED = "planned", gettext_lazy("Planerad")
    INCLUDED = "included", gettext_lazy("I betalfil")
    SENT = "sent", gettext_lazy("Skickad till banken")
    CONFIRMED = "confirmed", gettext_lazy("Bekräftad")
    FAILED = "failed", gettext_lazy("Misslyckad")
    REVERSED = "reversed", gettext_lazy("Återförd")


# Which status may follow which, set by payment_status_set (planned → included only through a payment run;
# → reversed only through payment_reverse).
STATUS_TRANSITIONS = {
    PaymentStatus.INCLUDED: {PaymentStatus.SENT, PaymentStatus.FAILED},
    PaymentStatus.SENT: {PaymentStatus.CONFIRMED, PaymentStatus.FAILED},
}
REVERSIBLE_STATUSES = (PaymentStatus.SENT, PaymentStatus.CONFIRMED)


class RunStatus(models.TextChoices):
    CREATED = "created", gettext_lazy("Skapad")
    RUNNING = "running", gettext_lazy("Pågår")
    COMPLETED = "completed", gettext_lazy("Klar")
    FAILED = "failed", gettext_lazy("Avbruten")
    SENT = "sent", gettext_lazy("Skickad till banken")


OPEN_RUN_STATUSES = (RunStatus.CREATED, RunStatus.RUNNING, RunStatus.FAILED)


class PaymentRun(models.Model):
    """One batch of payments turned into one pain.001 file. Progress is stored here so the web page and the
    command line can both show it, and a run interrupted half-way continues where it stopped."""

    message_id = models.CharField("meddelande-id", max_length=35, unique=True)
    execution_date = models.DateField("utbetalningsdag")
    units = models.ManyToManyField("accounts.Unit", related_name="payment_runs", verbose_name=gettext_lazy("enheter"))
    status = models.CharField("status", max_length=16, choices=RunStatus.choices, default=RunStatus.CREATED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    total_count = models.PositiveIntegerField("antal betalningar", default=0)
    processed_count = models.PositiveIntegerField("behandlade", default=0)
    total_amount = models.DecimalField("summa (kr)", max_digits=14, decimal_places=2, default=0)
    skipped_without_account = models.PositiveIntegerField("utan verifierat konto", default=0)
    file_content = models.TextField("betalfil", blank=True)
    file_sha256 = models.CharField("kontrollsumma (SHA-256)", max_length=64, blank=True)
    demo_account = models.BooleanField("från demokonto", default=False)
    error = models.TextField("fel", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "utbetalningskörning"
        verbose_name_plural = "utbetalningskörningar"

    def __str__(self) -> str:
        return f"Utbetalningskörning {self.message_id}"

    @property
    def steps_total(self) -> int:
        """Every payment is one step, and writing and validating the file is the last one."""
        return self.total_count + 1

    @property
    def steps_done(self) -> int:
        return self.processed_count + (1 if self.file_sha256 else 0)

    @property
    def percent(self) -> int:
        return 100 if self.status in (RunStatus.COMPLETED, RunStatus.SENT) else (
            min(99, self.steps_done * 100 // self.steps_total)
        )

    @property
    def is_in_progress(self) -> bool:
        """Created or running: the page keeps advancing it (a failed run waits for a person)."""
        return self.status in (RunStatus.CREATED, RunStatus.RUNNING)

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.COMPLETED, RunStatus.SENT)

    @property
    def filename(self) -> str:
        return f"pain001-{self.message_id}.xml"


class ThirdPartyOrder(models.Model):
    """Part of a decision paid straight to a third party: rent to the landlord, electricity to the supplier.

    Paid by bankgiro with an OCR reference or a message, in the same pain.001 file as the payee's own payments.
    Registered before the decision is paid; the payee's own payment is the decision's amount less its orders.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="third_party_orders")
    decision = models.ForeignKey(
        "assistance.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="third_party_orders"
    )
    one_off = models.ForeignKey(
        "assistance.OneOffDecision", on_delete=models.PROTECT, null=True, blank=True,
        related_name="third_party_orders",
    )
    purpose = models.CharField("avser", max_length=100)
    creditor_name = models.CharField("mottagare", max_length=70)
    bankgiro = models.CharField("bankgiro", max_length=8)
    ocr = models.CharField("OCR-nummer", max_length=25, blank=True)
    message = models.CharField("meddelande", max_length=140, blank=True)
    amount = models.DecimalField("belopp (kr)", max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="third_party_amount_positive"),
            models.CheckConstraint(condition=~Q(ocr="") | ~Q(message=""), name="third_party_ocr_or_message"),
            models.CheckConstraint(
                condition=Q(decision__isnull=False) | Q(one_off__isnull=False), name="third_party_has_decision"
            ),
        ]
        verbose_name = "utbetalning till annan mottagare"
        verbose_name_plural = "utbetalningar till annan mottagare"

    def __str__(self) -> str:
        return f"{self.purpose} till {self.creditor_name} {self.amount} kr"

    def creditor_account(self) -> CreditorAccount:
        return CreditorAccount(bankgiro=self.bankgiro)


class Payment(VersionedModel):
    """One payment: of a decided month, a one-off decision or a changed decision's difference, to the payee
    or (``third_party_order``) to a landlord or supplier. Only the status changes after creation."""

    decision = models.ForeignKey(
        "assistance.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    one_off = models.ForeignKey(
        "assistance.OneOffDecision", on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    revision = models.ForeignKey(
        "assistance.DecisionRevision", on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    third_party_order = models.OneToOneField(
        ThirdPartyOrder, on_delete=models.PROTECT, null=True, blank=True, related_name="payment"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="payments")
    payee = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField("belopp (kr)", max_digits=12, decimal_places=2)
    month = models.DateField("avser månad")
    due_date = models.DateField("ska betalas")
    status = models.CharField(
        "status", max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PLANNED
    )
    end_to_end_id = models.CharField("EndToEndId", max_length=35, unique=True)
    run = models.ForeignKey(
        PaymentRun, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    # What the file said, kept as it was sent (the payee's account may change later).
    account = models.ForeignKey(
        PayeeAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_note = models.CharField("kommentar", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            # A decision never yields two payments to its payee (payments_plan_from_decisions relies on it);
            # its third-party orders are one payment each (the one-to-one field).
            models.UniqueConstraint(
                fields=["decision"], condition=Q(third_party_order__isnull=True, revision__isnull=True),
                name="payment_one_per_decision",
            ),
            models.UniqueConstraint(
                fields=["one_off"], condition=Q(third_party_order__isnull=True), name="payment_one_per_one_off"
            ),
            models.UniqueConstraint(fields=["revision"], name="payment_one_per_revision"),
            models.CheckConstraint(
                condition=Q(decision__isnull=False) | Q(one_off__isnull=False) | Q(revision__isnull=False),
                name="payment_has_a_decision",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]
        verbose_name = "utbetalning"
        verbose_name_plural = "utbetalningar"

    def __str__(self) -> str:
        return f"Utbetalning {self.end_to_end_id} {self.amount} kr"

    @property
    def to_third_party(self) -> bool:
        return self.third_party_order_id is not None


class Reversal(models.Model):
    """Money stopped or paid back (återföring): a new record, the payment itself is never edited."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="reversals")
    amount = models.DecimalField("belopp (kr)", max_digits=12, decimal_places=2)
    reason = models.TextField("skäl")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="reversal_amount_positive")]
        verbose_name = "återföring"
        verbose_name_plural = "återföringar"

    def __str__(self) -> str:
        return f"Återföring {self.amount} kr av {self.payment_id}"
