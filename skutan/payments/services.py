"""Writes for payments. Every function records its audit row (7xx) in the same transaction.

The guarantees a municipality needs from a payment system, and where they are kept:
- A decision is paid at most once: Payment has a unique constraint on its decision, and planning skips
  decisions that already have a payment (payments_plan_from_decisions is safe to run any number of times).
- A payment is in at most one file: a run claims payments with a conditional UPDATE (run IS NULL), and a run
  turns them into a file exactly once, under a row lock on the run (payment_run_process_step). Executing a
  finished run again, or twice at the same time, does nothing.
- Nothing is edited after the fact: a payment only changes status; money paid back is a Reversal row.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext

from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases.access import case_write_check
from skutan.cases.events import case_event_custom, case_events_custom_bulk
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.core.summaries import statistics_changed
from skutan.payments import pain001
from skutan.payments.bank_accounts import (
    AccountNumberError,
    SwedishAccount,
    bankgiro_validate,
    iban_validate,
    ocr_validate,
    swedish_account_validate,
)
from skutan.payments.conf import demo_account_refused, payment_settings
from skutan.payments.models import (
    REVERSIBLE_STATUSES,
    STATUS_TRANSITIONS,
    PayeeAccount,
    Payment,
    PaymentRun,
    PaymentStatus,
    Reversal,
    RunStatus,
    ThirdPartyOrder,
)
from skutan.payments.selectors import (
    payment_run_open_for_units,
    payment_units_for_user,
    user_can_handle_payment,
)
from skutan.people.access import person_write_check

CHUNK_SIZE = 500  # payments included per step (one transaction; progress moves per step)
PAYABLE_OUTCOMES = ("granted", "partly_granted")


def _end_to_end_id(decision_id: int, kind: str = "decision") -> str:
    # Deterministic per decision: even a payment planned twice by mistake would carry the same id, and the
    # bank refuses a repeated EndToEndId.
    return f"SK{settings.SKUTAN_MUNICIPALITY_CODE}-{_E2E_PREFIX[kind]}-{decision_id}"


def _message_id(execution_date: date) -> str:
    return f"SK{settings.SKUTAN_MUNICIPALITY_CODE}-{execution_date:%Y%m%d}-{uuid.uuid4().hex[:12].upper()}"


# -- payee accounts ------------------------------------------------------------------------------------------


@transaction.atomic
def payee_account_register(
    *, actor, person, iban: str = "", clearing_number: str = "", account_number: str = ""
) -> PayeeAccount:
    """Register the account a person is paid to (IBAN, or Swedish clearing + account number). It replaces the
    current account and is unverified until another user verifies it (payee_account_verify)."""
    if actor is not None:  # None: a system write (demo generator), not a user's request
        person_write_check(user=actor, person=person)
    iban = (iban or "").strip()
    swedish_given = bool((clearing_number or "").strip() or (account_number or "").strip())
    if iban and swedish_given:
        raise ApplicationError(gettext("Ange antingen IBAN eller clearing- och kontonummer, inte båda."), field="iban")
    try:
        if iban:
            fields = {"iban": iban_validate(iban)}
        elif swedish_given:
            account = swedish_account_validate(clearing_number, account_number)
            fields = {"clearing_number": account.clearing, "account_number": account.number}
        else:
            raise ApplicationError(gettext("Ange IBAN eller clearing- och kontonummer."), field="iban")
    except AccountNumberError as exc:
        raise ApplicationError(exc.message, field=exc.field) from None
    now = timezone.now()
    PayeeAccount.objects.filter(person=person, ended_at__isnull=True).update(ended_at=now)
    account = PayeeAccount.objects.create(person=person, created_by=actor, created_at=now, **fields)
    audit_event_record(
        event_type=EventType.PAYEE_ACCOUNT_REGISTERED, actor=actor, obj=account, person_id=person.pk,
        data={"account": account.masked, "kind": "iban" if account.iban else "swedish"},
    )
    return account


@transaction.atomic
def payee_account_verify(*, actor, account: PayeeAccount) -> PayeeAccount:
    """Mark an account as checked with the payee or the bank. Four eyes: not by the user who registered it."""
    account = PayeeAccount.objects.select_for_update().get(pk=account.pk)
    if actor is not None:
        person_write_check(user=actor, person=account.person)
    if account.ended_at is not None:
        raise ConflictError(gettext("Kontot är ersatt av ett nyare och kan inte verifieras."), field="account")
    if account.verified:
        raise ConflictError(gettext("Kontot är redan verifierat."), field="account")
    if actor is not None and account.created_by_id == actor.pk:
        raise ConflictError(
            gettext("Den som registrerade kontot kan inte också verifiera det: be en kollega kontrollera numret."),
            field="account",
        )
    account.verified, account.verified_by, account.verified_at = True, actor, timezone.now()
    account.save(update_fields=["verified", "verified_by", "verified_at"])
    audit_event_record(
        event_type=EventType.PAYEE_ACCOUNT_VERIFIED, actor=actor, obj=account, person_id=account.person_id,
        data={"account": account.masked},
    )
    return account


# -- third-party payments (rent to the landlord, electricity to the supplier) ---------------------------------


@transaction.atomic
def third_party_order_create(
    *, actor, decision=None, one_off=None, purpose: str, creditor_name: str, bankgiro: str, ocr: str = "",
    message: str = "", amount,
) -> ThirdPartyOrder:
    """Pay part of a granted decision straight to a landlord or supplier, by bankgiro with OCR or message.

    Only before the decision is paid; all orders together at most the decision's amount. The bankgiro number
    and the OCR reference are checked (modulus 10) so a typo is refused here, not at the bank.
    """
    from skutan.cases.access import case_write_check

    source = decision if decision is not None else one_off
    if source is None or (decision is not None and one_off is not None):
        raise ApplicationError(gettext("Ange vilket beslut utbetalningen avser."), field="decision")
    case_write_check(user=actor, case=source.case)
    if source.outcome not in PAYABLE_OUTCOMES or source.amount <= 0:
        raise ConflictError(gettext("Beslutet ger ingen utbetalning."), field="decision")
    if source.payments.exists() or (decision is not None and decision.revisions.exists()):
        raise ConflictError(
            gettext("Beslutet är redan planerat för utbetalning eller ändrat. Registrera utbetalningen till annan "
            "mottagare innan beslutet betalas ut."),
            field="decision",
        )
    if not (purpose or "").strip():
        raise ApplicationError(gettext("Ange vad utbetalningen avser, t.ex. hyra för maj."), field="purpose")
    if not (creditor_name or "").strip():
        raise ApplicationError(gettext("Ange mottagarens namn."), field="creditor_name")
    try:
        bankgiro_digits = bankgiro_validate(bankgiro)
        ocr_digits = ocr_validate(ocr) if (ocr or "").strip() else ""
    except AccountNumberError as exc:
        raise ApplicationError(exc.message, field=exc.field) from None
    message = (message or "").strip()
    if not ocr_digits and not message:
        raise ApplicationError(gettext("Ange OCR-nummer eller ett meddelande till mottagaren."), field="ocr")
    if ocr_digits and message:
        raise ApplicationError(gettext("Ange antingen OCR-nummer eller meddelande, inte båda."), field="message")
    try:
        value = Decimal(str(amount).replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ApplicationError(gettext("Beloppet måste vara ett tal."), field="amount") from None
    if not value.is_finite() or value <= 0 or value != value.to_integral():
        raise ApplicationError(gettext("Ange beloppet i hela kronor, större än 0."), field="amount")
    ordered = source.third_party_orders.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if ordered + value > source.amount:
        raise ApplicationError(
            gettext(
                "Beslutet gäller %(amount)s kr och %(ordered)s kr går redan till andra mottagare: högst "
                "%(room)s kr kan läggas till."
            ) % {
                "amount": int(source.amount),
                "ordered": int(ordered),
                "room": int(source.amount - ordered),
            },
            field="amount",
        )
    order = ThirdPartyOrder.objects.create(
        case=source.case, decision=decision, one_off=one_off, purpose=purpose.strip()[:100],
        creditor_name=creditor_name.strip()[:70], bankgiro=bankgiro_digits, ocr=ocr_digits, message=message[:140],
        amount=value, created_by=actor,
    )
    audit_event_record(
        event_type=EventType.PAYMENT_THIRD_PARTY_ORDERED, actor=actor, obj=order, person_id=source.payee_id,
        case_id=source.case_id,
        data={"decision_id": getattr(decision, "pk", None), "one_off_id": getattr(one_off, "pk", None),
              "purpose": order.purpose, "creditor": order.creditor_name, "bankgiro": bankgiro_digits,
              "ocr": ocr_digits, "amount": str(value)},
    )
    case_event_custom(
        case=source.case, event_type="payment_third_party_ordered", user=actor,
        data={"order_id": order.pk, "purpose": order.purpose, "amount": str(value)},
    )
    return order


# -- planning ------------------------------------------------------------------------------------------------


_PLANNING_FIELDS = ("id", "case_id", "payee_id", "amount", "decided_at", "outcome")


def _has_orders(field: str = "decision"):
    """Whether a decision has third-party orders: read in the planning query, so the orders are fetched only
    for the few decisions that have any."""
    return Exists(ThirdPartyOrder.objects.filter(**{field: OuterRef("pk")}))


def _payable_decisions(unit_ids: list[int] | None):
    """Granted months not yet paid. A month changed by rättelse or omprövning is paid through its
    DecisionRevision instead (the revision's payment is the difference to what was already paid)."""
    from skutan.assistance.models import Decision

    qs = Decision.objects.filter(
        outcome__in=PAYABLE_OUTCOMES, amount__gt=0, payments__isnull=True, revisions__isnull=True
    )
    if unit_ids is not None:
        qs = qs.filter(case__unit_id__in=unit_ids)
    # Only what a payment is made of: not the decision's calculation and inputs (JSON, kilobytes each).
    return qs.only(*_PLANNING_FIELDS, "month").annotate(has_orders=_has_orders()).order_by("decided_at", "id")


def _payable_one_offs(unit_ids: list[int] | None):
    from skutan.assistance.models import OneOffDecision

    qs = OneOffDecision.objects.filter(
        outcome__in=PAYABLE_OUTCOMES, amount__gt=0, payments__isnull=True, revisions__isnull=True
    )
    if unit_ids is not None:
        qs = qs.filter(case__unit_id__in=unit_ids)
    return qs.only(*_PLANNING_FIELDS).annotate(has_orders=_has_orders("one_off")).order_by("decided_at", "id")


def _payable_revisions(unit_ids: list[int] | None):
    """Rättelse and omprövning that raised the amount: the difference is an extra payment (once)."""
    from django.db.models import Exists, OuterRef, Q

    from skutan.assistance.models_decisions import DecisionRevision, Settlement

    # Only the latest change of a decision is paid: an earlier one not yet paid was superseded, and the latest
    # one's difference was counted against what had actually been paid.
    later = DecisionRevision.objects.filter(
        Q(decision_id=OuterRef("decision_id")) | Q(one_off_id=OuterRef("one_off_id")), pk__gt=OuterRef("pk")
    )
    qs = DecisionRevision.objects.filter(settlement=Settlement.EXTRA_PAYMENT, payments__isnull=True).filter(
        ~Exists(later)
    )
    if unit_ids is not None:
        qs = qs.filter(case__unit_id__in=unit_ids)
    return qs.select_related("case", "decision", "one_off").order_by("decided_at", "id")


def _source_kind(source) -> str:
    from skutan.assistance.models import Decision, OneOffDecision

    if isinstance(source, Decision):
        return "decision"
    if isinstance(source, OneOffDecision):
        return "one_off"
    return "revision"


_E2E_PREFIX = {"decision": "EB", "one_off": "EO", "revision": "ER"}


def _new_payment_pairs(candidates) -> list[tuple[object, Payment]]:
    """(source, payment) for every candidate, with the third-party orders of all of them read at once (only
    of those that have any, when the planning query said so: ``has_orders``)."""
    from django.db.models import prefetch_related_objects

    with_orders = [
        source for source in candidates if _source_kind(source) != "revision" and getattr(source, "has_orders", True)
    ]
    prefetch_related_objects(with_orders, "third_party_orders")
    return [
        (source, payment) for source in candidates
        for payment in _new_payments(source, with_orders=getattr(source, "has_orders", True))
    ]


def _new_payments(source, *, with_orders: bool = True) -> list[Payment]:
    """The payments one decision yields: its third-party orders (rent to the landlord …) and the rest to the
    payee. A revision pays the difference to what was paid before, always to the payee."""
    kind = _source_kind(source)
    code = settings.SKUTAN_MUNICIPALITY_CODE
    if kind == "revision":
        changed = source.decision or source.one_off
        month = getattr(changed, "month", None) or timezone.localdate(source.decided_at).replace(day=1)
        payee_id = changed.payee_id
        amount = source.amount - source.paid_before
        orders = []
    else:
        month = getattr(source, "month", None) or timezone.localdate(source.decided_at).replace(day=1)
        payee_id = source.payee_id
        orders = list(source.third_party_orders.all()) if with_orders else []
        amount = source.amount - sum((o.amount for o in orders), Decimal("0"))
    due = timezone.localdate(source.decided_at)
    common = {kind: source, "case_id": source.case_id, "payee_id": payee_id, "month": month, "due_date": due}
    payments = [
        Payment(**common, amount=order.amount, third_party_order=order, end_to_end_id=f"SK{code}-TP-{order.pk}")
        for order in orders
    ]
    if amount > 0:
        payments.append(Payment(**common, amount=amount, end_to_end_id=_end_to_end_id(source.pk, kind)))
    return payments


def _record_planned(actor, pairs: list[tuple[object, Payment]]) -> None:
    """The audit log gets one row for the whole planning step (who, how many, how much); each case's own
    history gets one event per payment, since a case's file must show every payment made on its decisions and
    the person's register extract (GDPR art. 15) lists them. Both in one INSERT each."""
    if not pairs:
        return
    payments = [payment for _, payment in pairs]
    case_events_custom_bulk(
        event_type="payment_planned", user=actor,
        entries=[
            (source.case_id, {"payment_id": payment.pk, "amount": str(payment.amount),
                              "month": f"{payment.month:%Y-%m}", f"{_source_kind(source)}_id": source.pk,
                              "third_party_order_id": payment.third_party_order_id})
            for source, payment in pairs
        ],
    )
    audit_event_record(
        event_type=EventType.PAYMENTS_PLANNED, actor=actor, object_type="payments.payment",
        object_id=f"{payments[0].pk}–{payments[-1].pk}" if len(payments) > 1 else payments[0].pk,
        data={"count": len(payments), "amount": str(sum((p.amount for p in payments), Decimal("0"))),
              "cases": len({p.case_id for p in payments}), "first_payment_id": payments[0].pk,
              "last_payment_id": payments[-1].pk},
    )


def payments_plan_from_decisions(*, actor, unit_ids: list[int] | None = None, decisions=None) -> list[Payment]:
    """Every decided month granted (or partly granted) with an amount above 0 kr becomes planned payments: its
    third-party orders, and the rest to the decision's payee, due the day it was decided. So do one-off
    decisions and changed decisions that raised the amount. Idempotent: a decision that already has a
    payment is skipped, and the database refuses a second payment for a decision even if two calls race."""
    if decisions is not None:
        from skutan.assistance.models_decisions import DecisionRevision

        candidates = [d for d in decisions if d.outcome in PAYABLE_OUTCOMES and d.amount > 0]
        # A changed month is paid through its revision, never at the old amount.
        revised = set(
            DecisionRevision.objects.filter(decision_id__in=[d.pk for d in candidates]).values_list("decision_id", flat=True)
        )
        candidates = [d for d in candidates if d.pk not in revised]
    else:
        candidates = (
            list(_payable_decisions(unit_ids)) + list(_payable_one_offs(unit_ids)) + list(_payable_revisions(unit_ids))
        )
    if not candidates:
        return []
    try:
        # The usual case, in one transaction: every candidate is new.
        with transaction.atomic():
            pairs = _new_payment_pairs(candidates)
            created = Payment.objects.bulk_create([payment for _, payment in pairs], batch_size=2000)
            _record_planned(actor, list(zip([source for source, _ in pairs], created, strict=True)))
        return created
    except IntegrityError:
        pass  # some decision was planned meanwhile (a race, or a decision passed in twice): one by one
    created = []
    for source in candidates:
        try:
            with transaction.atomic():
                payments = _new_payments(source)
                for payment in payments:
                    payment.save(force_insert=True)
                _record_planned(actor, [(source, payment) for payment in payments])
        except IntegrityError:
            continue  # another call planned this decision first: the constraint keeps it to one payment
        created.extend(payments)
    return created


# -- payment runs --------------------------------------------------------------------------------------------


def _check_execution_date(execution_date: date) -> None:
    from timelimits import closed_day_reason, next_open_day

    today = timezone.localdate()
    if execution_date < today:
        raise ApplicationError(
            gettext(
                "Utbetalningsdagen %(execution_date)s har redan varit. Välj i dag eller en senare bankdag."
            ) % {"execution_date": format(execution_date, "%Y-%m-%d")},
            field="execution_date",
        )
    reason = closed_day_reason(execution_date)
    if reason:
        raise ApplicationError(
            gettext(
                "%(execution_date)s är inte en bankdag (%(reason)s). Närmaste bankdag är %(next_day)s."
            ) % {
                "execution_date": format(execution_date, "%Y-%m-%d"),
                "reason": reason,
                "next_day": format(next_open_day(execution_date), "%Y-%m-%d"),
            },
            field="execution_date",
        )


def payment_run_create(*, actor, execution_date: date) -> PaymentRun:
    """Collect the planned payments due by ``execution_date`` in the actor's units into a new run.

    Decisions not yet planned are planned first (in their own transactions: planning stands even when no run
    is created). Payments whose payee has no verified account stay planned (counted in
    skipped_without_account). Refused while another run for the same units is unfinished.
    """
    units = payment_units_for_user(user=actor)
    if not units:
        raise AccessDeniedError(gettext("Bara enhetschef för ekonomiskt bistånd eller systemförvaltare kan göra utbetalningar."))
    _check_execution_date(execution_date)
    if payment_settings().demo_account and demo_account_refused():
        raise ConflictError(
            gettext("Kommunens utbetalningskonto är inte inställt (SKUTAN_PAYMENT_DEBTOR_IBAN)."), field="execution_date"
        )
    unit_ids = [u.pk for u in units]
    _check_no_open_run(unit_ids)
    payments_plan_from_decisions(actor=actor, unit_ids=unit_ids)
    return _payment_run_collect(actor=actor, execution_date=execution_date, units=units)


def _check_no_open_run(unit_ids: list[int]) -> None:
    open_run = payment_run_open_for_units(unit_ids=unit_ids)
    if open_run is not None:
        raise ConflictError(
            gettext(
                "Utbetalningskörning %(message_id)s är inte klar. Slutför den innan du startar en ny."
            ) % {"message_id": open_run.message_id},
            field="execution_date",
        )


@transaction.atomic
def _payment_run_collect(*, actor, execution_date: date, units) -> PaymentRun:
    unit_ids = [u.pk for u in units]
    _check_no_open_run(unit_ids)
    due = Payment.objects.filter(
        case__unit_id__in=unit_ids, status=PaymentStatus.PLANNED, run__isnull=True, due_date__lte=execution_date,
    )
    # A payment to a landlord or supplier goes to the bankgiro on its order; the payee's account is not used.
    # Counted and claimed in SQL (no list of ids: a month is 12 000 payments).
    verified = PayeeAccount.objects.filter(person_id=OuterRef("payee_id"), ended_at__isnull=True, verified=True)
    claimable = due.filter(Q(third_party_order__isnull=False) | Exists(verified))
    payable = claimable.count()
    skipped = due.count() - payable
    if not payable:
        message = gettext(
            "Det finns inga planerade utbetalningar att göra till och med %(execution_date)s"
        ) % {"execution_date": format(execution_date, "%Y-%m-%d")}
        if skipped:
            message += f" ({skipped} saknar verifierat konto)"
        raise ConflictError(message + ".", field="execution_date")

    run = PaymentRun.objects.create(
        message_id=_message_id(execution_date), execution_date=execution_date, created_by=actor,
        demo_account=payment_settings().demo_account, skipped_without_account=skipped,
    )
    run.units.set(units)
    # Conditional: a payment another run claimed a moment ago is not taken twice.
    claimed = claimable.filter(run__isnull=True, status=PaymentStatus.PLANNED).update(run=run)
    if not claimed:  # a run created at the same moment (a double click) took them all: this one is undone
        raise ConflictError(gettext("Utbetalningarna togs just med i en annan körning."), field="execution_date")
    total = run.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    run.total_count, run.total_amount = claimed, total
    run.save(update_fields=["total_count", "total_amount"])
    audit_event_record(
        event_type=EventType.PAYMENT_RUN_CREATED, actor=actor, obj=run,
        data={"message_id": run.message_id, "execution_date": execution_date.isoformat(), "count": claimed,
              "amount": str(total), "skipped_without_account": skipped, "units": unit_ids},
    )
    return run


# What the file needs of each included payment, read as plain rows (no model instances: 12 000 payments).
_TRANSFER_FIELDS = (
    "end_to_end_id", "amount", "month", "payee__first_name", "payee__last_name", "account__iban",
    "account__clearing_number", "account__account_number", "third_party_order_id",
    "third_party_order__creditor_name", "third_party_order__bankgiro", "third_party_order__message",
    "third_party_order__ocr",
)


def payment_run_batch(run: PaymentRun, *, created_at=None) -> pain001.CreditTransferBatch:
    """The run's included payments as the batch the pain.001 file is written from."""
    conf = payment_settings()
    rows = run.payments.filter(status=PaymentStatus.INCLUDED).order_by("id").values_list(*_TRANSFER_FIELDS)
    return pain001.CreditTransferBatch(
        message_id=run.message_id,
        created_at=timezone.localtime(created_at or timezone.now()),
        execution_date=run.execution_date,
        debtor=conf.debtor,
        transfers=[_transfer(row, conf.remittance) for row in rows],
    )


def _transfer(row: tuple, remittance: str) -> pain001.Transfer:
    (end_to_end_id, amount, month, first_name, last_name, iban, clearing, number, order_id, creditor_name,
     bankgiro, message, ocr) = row
    if order_id is not None:
        # To the landlord or supplier: their name, bankgiro, and the OCR (or message) from their invoice.
        return pain001.Transfer(
            end_to_end_id=end_to_end_id, amount=amount, creditor_name=creditor_name,
            account=pain001.CreditorAccount(bankgiro=bankgiro), remittance=message, ocr=ocr,
        )
    # As PayeeAccount.creditor_account() and Person.full_name, from the row.
    account = (pain001.CreditorAccount(iban=iban) if iban
               else pain001.CreditorAccount(swedish=SwedishAccount(clearing, number)))
    return pain001.Transfer(
        end_to_end_id=end_to_end_id, amount=amount, creditor_name=f"{first_name} {last_name}", account=account,
        remittance=remittance.format(month=f"{month:%Y-%m}", municipality=settings.SKUTAN_MUNICIPALITY_NAME),
    )


def payment_run_file_build(run: PaymentRun, *, created_at=None) -> bytes:
    """The pain.001 file of a run's included payments, validated against the schema (Pain001Error)."""
    xml = pain001.build_pain001(payment_run_batch(run, created_at=created_at))
    pain001.validate_pain001(xml)
    return xml


def payment_run_process_step(*, actor, run_id: int, chunk_size: int = CHUNK_SIZE) -> PaymentRun:
    """Advance a run by one step and return it: include the next ``chunk_size`` payments, or, when all are
    included, write and validate the file. A finished run is returned unchanged, so calling this again — or
    from two places at once — never includes a payment twice or writes a second file.
    """
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run_id)
        if run.is_finished:
            return run
        if run.status != RunStatus.RUNNING:
            run.status, run.error = RunStatus.RUNNING, ""
            run.started_at = run.started_at or timezone.now()
        chunk = list(
            run.payments.filter(status=PaymentStatus.PLANNED).order_by("id").values_list("pk", flat=True)[:chunk_size]
        )
        if chunk:
            _include(run, chunk)
            run.save(update_fields=["status", "error", "started_at", "processed_count", "total_count", "total_amount",
                                    "skipped_without_account"])
            return run
        try:
            xml = payment_run_file_build(run)
        except pain001.Pain001Error as exc:
            run.status, run.error, run.finished_at = RunStatus.FAILED, str(exc), timezone.now()
            run.save(update_fields=["status", "error", "started_at", "finished_at"])
            audit_event_record(
                event_type=EventType.PAYMENT_RUN_FAILED, actor=actor, obj=run, data={"error": str(exc)[:1000]}
            )
            return run
        run.file_content = xml.decode("utf-8")
        run.file_sha256 = hashlib.sha256(xml).hexdigest()
        run.status, run.finished_at = RunStatus.COMPLETED, timezone.now()
        run.save(update_fields=["status", "error", "started_at", "finished_at", "file_content", "file_sha256"])
        audit_event_record(
            event_type=EventType.PAYMENT_RUN_COMPLETED, actor=actor, obj=run,
            data={"message_id": run.message_id, "count": run.total_count, "amount": str(run.total_amount),
                  "sha256": run.file_sha256},
        )
        return run


def _include(run: PaymentRun, chunk: list[int]) -> None:
    """Include a chunk of the run's planned payments (ids; the caller holds the run's row lock, and planned
    payments of a run change only here). The run's counters move by what this chunk did: nothing is counted
    again. Set-based: one UPDATE for the third-party payments, one for the payees' (each gets its payee's
    current verified account, read in the same statement), one for those left out."""
    now = timezone.now()
    planned = Payment.objects.filter(pk__in=chunk, run=run, status=PaymentStatus.PLANNED)
    to_third_party = planned.filter(third_party_order__isnull=False).update(
        status=PaymentStatus.INCLUDED, status_changed_at=now, account=None
    )
    current = PayeeAccount.objects.filter(person_id=OuterRef("payee_id"), ended_at__isnull=True, verified=True)
    to_payee = planned.filter(third_party_order__isnull=True).filter(Exists(current)).update(
        status=PaymentStatus.INCLUDED, status_changed_at=now, account=Subquery(current.values("pk")[:1])
    )
    # A payee whose verified account was replaced since the run was created cannot be paid now: the payment
    # leaves the run and stays planned for the next one.
    dropped = list(planned.values_list("pk", "amount"))
    if dropped:
        Payment.objects.filter(pk__in=[pk for pk, _ in dropped], run=run, status=PaymentStatus.PLANNED).update(run=None)
        run.skipped_without_account += len(dropped)
        run.total_count -= len(dropped)
        run.total_amount -= sum((amount for _, amount in dropped), Decimal("0"))
    run.processed_count += to_third_party + to_payee


def payment_run_start(*, actor, run: PaymentRun, chunk_size: int = CHUNK_SIZE):
    """Hand the run to the background worker (payments.tasks.payment_run_task) and return its progress row.
    A finished run is not started again; a failed one is (the steps already done stay done)."""
    from skutan.core.tasks import task_enqueue
    from skutan.payments.tasks import payment_run_task

    if not payment_units_for_user(user=actor):
        raise AccessDeniedError(gettext("Bara enhetschef för ekonomiskt bistånd eller systemförvaltare kan göra utbetalningar."))
    if run.is_finished:
        raise ConflictError(gettext("Utbetalningskörningen är redan klar."), field="run")

    def record(progress) -> None:
        audit_event_record(
            event_type=EventType.TASK_ENQUEUED, actor=actor, obj=run,
            data={"kind": "payments.run", "progress_id": progress.pk, "message_id": run.message_id,
                  "count": run.total_count},
        )

    return task_enqueue(
        task=payment_run_task, kind="payments.run", label=f"Utbetalningskörning {run.message_id}", actor=actor,
        obj=run, record=record, run_id=run.pk, actor_id=actor.pk, chunk_size=chunk_size,
    )


def payment_run_execute(
    *, actor, run: PaymentRun, chunk_size: int = CHUNK_SIZE, on_progress: Callable[[PaymentRun], None] | None = None
) -> PaymentRun:
    """Run every remaining step of a run (the command line, the API and the benchmark). Re-executing a
    finished run returns it unchanged."""
    while True:
        run = payment_run_process_step(actor=actor, run_id=run.pk, chunk_size=chunk_size)
        if on_progress is not None:
            on_progress(run)
        if run.is_finished or run.status == RunStatus.FAILED:
            return run


@transaction.atomic
def payment_run_mark_sent(*, actor, run: PaymentRun) -> PaymentRun:
    """The file has been handed to the bank: the run and its payments become "sent"."""
    run = PaymentRun.objects.select_for_update().get(pk=run.pk)
    if run.status == RunStatus.SENT:
        raise ConflictError(gettext("Betalfilen är redan markerad som skickad."), field="status")
    if run.status != RunStatus.COMPLETED:
        raise ConflictError(gettext("Betalfilen är inte klar än."), field="status")
    now = timezone.now()
    count = run.payments.filter(status=PaymentStatus.INCLUDED).update(
        status=PaymentStatus.SENT, status_changed_at=now
    )
    run.status, run.sent_at, run.sent_by = RunStatus.SENT, now, actor
    run.save(update_fields=["status", "sent_at", "sent_by"])
    audit_event_record(
        event_type=EventType.PAYMENT_RUN_SENT, actor=actor, obj=run,
        data={"message_id": run.message_id, "count": count, "sha256": run.file_sha256},
    )
    statistics_changed(households=run.payments.values_list("payee_id", "month"))
    return run


# -- single payments -----------------------------------------------------------------------------------------


def _require_handler(actor, payment: Payment) -> None:
    case_write_check(user=actor, case=payment.case)
    if not user_can_handle_payment(user=actor, unit_id=payment.case.unit_id):
        raise AccessDeniedError(gettext("Bara enhetschefen eller systemförvaltare kan ändra en utbetalning."))


@transaction.atomic
def payment_status_set(*, actor, payment: Payment, status: str, note: str = "") -> Payment:
    """Record what the bank reported: sent, confirmed (booked) or failed. Only forward steps are allowed."""
    _require_handler(actor, payment)
    current = Payment.objects.select_for_update().get(pk=payment.pk)
    if status not in PaymentStatus.values:
        raise ApplicationError(gettext("Okänd status."), field="status")
    allowed = STATUS_TRANSITIONS.get(current.status, set())
    if status not in allowed:
        raise ConflictError(
            gettext(
                "En utbetalning med status %(old)s kan inte få status %(new)s."
            ) % {
                "old": PaymentStatus(current.status).label.lower(),
                "new": PaymentStatus(status).label.lower(),
            },
            field="status",
        )
    if status == PaymentStatus.FAILED and not note.strip():
        raise ApplicationError(gettext("Ange varför utbetalningen misslyckades."), field="note")
    old = current.status
    current.status, current.status_note, current.status_changed_at = status, note.strip()[:300], timezone.now()
    current.version += 1
    current.save(update_fields=["status", "status_note", "status_changed_at", "version"])
    audit_event_record(
        event_type=EventType.PAYMENT_STATUS_CHANGED, actor=actor, obj=current, person_id=current.payee_id,
        case_id=current.case_id, data={"old": old, "new": status, "note": current.status_note},
    )
    case_event_custom(
        case=payment.case, event_type="payment_status_changed", user=actor,
        data={"payment_id": current.pk, "old": old, "new": status},
    )
    statistics_changed(households=[(current.payee_id, current.month)])
    return current


@transaction.atomic
def payment_reverse(*, actor, payment: Payment, amount: Decimal, reason: str) -> Reversal:
    """Record money stopped or paid back (återföring) as a new Reversal. The payment keeps its amount; when
    everything is reversed its status becomes "reversed"."""
    _require_handler(actor, payment)
    current = Payment.objects.select_for_update().get(pk=payment.pk)
    if current.status not in REVERSIBLE_STATUSES:
        raise ConflictError(
            gettext("Bara en utbetalning som är skickad eller bekräftad kan återföras."), field="status"
        )
    if not (reason or "").strip():
        raise ApplicationError(gettext("Ange skälet till återföringen."), field="reason")
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        raise ApplicationError(gettext("Ange ett belopp större än 0 kr."), field="amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise ApplicationError(gettext("Beloppet kan ha högst två decimaler (öre)."), field="amount")
    already = current.reversals.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    remaining = current.amount - already
    if amount > remaining:
        left = f"{remaining:.2f}".replace(".", ",")
        raise ApplicationError(gettext(
            "Högst %(left)s kr återstår att återföra av utbetalningen."
        ) % {"left": left}, field="amount")
    reversal = Reversal.objects.create(payment=current, amount=amount, reason=reason.strip(), created_by=actor)
    if already + amount == current.amount:
        current.status, current.status_changed_at = PaymentStatus.REVERSED, timezone.now()
        current.version += 1
        current.save(update_fields=["status", "status_changed_at", "version"])
    audit_event_record(
        event_type=EventType.PAYMENT_REVERSED, actor=actor, obj=reversal, person_id=current.payee_id,
        case_id=current.case_id,
        data={"payment_id": current.pk, "amount": str(amount), "reason": reversal.reason[:500],
              "fully_reversed": current.status == PaymentStatus.REVERSED},
    )
    case_event_custom(
        case=payment.case, event_type="payment_reversed", user=actor,
        data={"payment_id": current.pk, "amount": str(amount)},
    )
    statistics_changed(households=[(current.payee_id, current.month)])
    return reversal


def payment_files_redact(*, payment_ids: set[int], note: str) -> int:
    """Gallring: remove these payments' transfers (creditor name, account, amount, reference) from every
    stored payment file that holds them; the other payments in the same file are untouched. Only gallring
    calls it, inside ``skutan.core.purge.purge_authorized`` (the database refuses the change otherwise), in the
    transaction that deletes the payments. The file's checksum and totals stay as sent. Returns how many
    transfers were removed."""
    if not payment_ids:
        return 0
    removed = 0
    by_run: dict[int, set[str]] = {}
    for run_id, end_to_end_id in Payment.objects.filter(pk__in=payment_ids, run__isnull=False).values_list(
        "run_id", "end_to_end_id"
    ):
        by_run.setdefault(run_id, set()).add(end_to_end_id)
    for run in PaymentRun.objects.filter(pk__in=by_run).exclude(file_content="").select_for_update():
        content, n = pain001.redact_transfers(
            run.file_content.encode("utf-8"), end_to_end_ids=by_run[run.pk], note=note
        )
        if n:
            PaymentRun.objects.filter(pk=run.pk).update(file_content=content.decode("utf-8"))
            removed += n
    return removed
