import hashlib
import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.cases.models import CaseEvent
from skutan.cases.services import case_open
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.payments import services
from skutan.payments.models import PayeeAccount, Payment, PaymentRun, PaymentStatus, Reversal, RunStatus
from skutan.payments.pain001 import NAMESPACE, validation_errors
from skutan.payments.tests.factories import bank_day, swedish_iban

NS = {"p": NAMESPACE}


def events(event_type):
    return AuditEvent.objects.filter(event_type=int(event_type))


@pytest.fixture
def second_case(units, staff):
    from datetime import date

    from skutan.conftest import make_pnr
    from skutan.people.services import person_create

    other = person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(date(1979, 3, 4), 345), first_name="Örjan",
        last_name="Åberg", street_address="Gatan 2", postal_code="68232", city="Filipstad",
    )
    return case_open(
        actor=staff["eb_worker"], person=other, unit=units["eb"], case_type="financial_assistance",
        opening_kind="application", assign_to=staff["eb_worker"],
    )


# -- planning -----------------------------------------------------------------------------------------------


def test_granted_and_partly_granted_decisions_become_planned_payments(staff, eb_case, second_case, decide):
    granted = decide(eb_case, amount="5180")
    partly = decide(second_case, amount="1200.50", outcome="partly_granted")
    rejected_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    decide(eb_case, month=rejected_month.replace(day=1), amount="0", outcome="rejected")

    created = services.payments_plan_from_decisions(actor=staff["eb_manager"])

    assert {p.decision_id for p in created} == {granted.pk, partly.pk}
    payment = Payment.objects.get(decision=partly)
    assert payment.amount == Decimal("1200.50")
    assert payment.payee_id == second_case.person_id
    assert payment.status == PaymentStatus.PLANNED
    assert payment.due_date == timezone.localdate(partly.decided_at)
    assert payment.end_to_end_id == f"SK1782-EB-{partly.pk}"
    # One audit row for the step, with the count and the sum; one case event per payment in its own case.
    step = events(EventType.PAYMENTS_PLANNED).get()
    assert step.data["count"] == 2 and step.data["amount"] == "6380.50" and step.data["cases"] == 2
    assert step.acting_user_id == staff["eb_manager"].pk
    assert not events(EventType.PAYMENT_PLANNED).exists()
    assert CaseEvent.objects.filter(case=eb_case, event_type="payment_planned").count() == 1
    planned = CaseEvent.objects.get(case=second_case, event_type="payment_planned")
    assert planned.data["payment_id"] == payment.pk and planned.data["decision_id"] == partly.pk
    assert planned.data["amount"] == "1200.50" and planned.user_id == staff["eb_manager"].pk


def test_planning_is_idempotent(staff, eb_case, decide):
    decide(eb_case)
    first = services.payments_plan_from_decisions(actor=staff["eb_manager"])
    second = services.payments_plan_from_decisions(actor=staff["eb_manager"])
    third = services.payments_plan_from_decisions(actor=staff["eb_manager"], decisions=[first[0].decision])
    assert len(first) == 1 and second == [] and third == []
    assert Payment.objects.count() == 1
    assert events(EventType.PAYMENTS_PLANNED).count() == 1
    assert CaseEvent.objects.filter(event_type="payment_planned").count() == 1


def test_the_database_refuses_a_second_payment_for_a_decision(staff, eb_case, decide):
    decision = decide(eb_case)
    services.payments_plan_from_decisions(actor=staff["eb_manager"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            decision=decision, case=eb_case, payee=eb_case.person, amount=Decimal(1), month=decision.month,
            due_date=timezone.localdate(), end_to_end_id="OTHER-1",
        )


# -- payee accounts -----------------------------------------------------------------------------------------


def test_an_account_is_verified_by_someone_else_than_who_registered_it(staff, person):
    account = services.payee_account_register(actor=staff["eb_worker"], person=person, iban="SE45 5000 0000 0583 9825 7466")
    assert account.iban == "SE4550000000058398257466" and not account.verified
    with pytest.raises(ConflictError, match="kollega"):
        services.payee_account_verify(actor=staff["eb_worker"], account=account)
    verified = services.payee_account_verify(actor=staff["eb_worker2"], account=account)
    assert verified.verified and verified.verified_by == staff["eb_worker2"]
    with pytest.raises(ConflictError):
        services.payee_account_verify(actor=staff["eb_manager"], account=account)
    assert events(EventType.PAYEE_ACCOUNT_REGISTERED).get().data["account"] == "…7466"
    assert events(EventType.PAYEE_ACCOUNT_VERIFIED).filter(person_id=person.pk).count() == 1


def test_a_new_account_replaces_the_current_one(staff, person, verified_account):
    old = verified_account(person)
    new = services.payee_account_register(actor=staff["eb_worker"], person=person, clearing_number="6789", account_number="123456789")
    old.refresh_from_db()
    assert old.ended_at is not None
    assert PayeeAccount.objects.filter(person=person, ended_at__isnull=True).get() == new
    assert not new.verified


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"iban": "SE4550000000058398257467"}, "iban"),
        ({}, "iban"),
        ({"iban": "SE4550000000058398257466", "clearing_number": "8327"}, "iban"),
        ({"clearing_number": "12", "account_number": "1"}, "clearing_number"),
        ({"clearing_number": "8327", "account_number": ""}, "account_number"),
    ],
)
def test_bad_account_numbers_are_refused_and_nothing_is_saved(staff, person, kwargs, field):
    with pytest.raises(ApplicationError) as exc:
        services.payee_account_register(actor=staff["eb_worker"], person=person, **kwargs)
    assert exc.value.field == field
    assert not PayeeAccount.objects.exists()


# -- payment runs -------------------------------------------------------------------------------------------


@pytest.fixture
def two_payable(staff, eb_case, second_case, decide, verified_account):
    verified_account(eb_case.person)
    verified_account(second_case.person, iban=swedish_iban(7))
    return decide(eb_case, amount="5180"), decide(second_case, amount="7310.50")


def test_a_run_collects_due_payments_and_writes_a_valid_file(staff, two_payable):
    run = services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    assert run.status == RunStatus.CREATED
    assert (run.total_count, run.total_amount, run.processed_count) == (2, Decimal("12490.50"), 0)
    assert set(run.payments.values_list("status", flat=True)) == {PaymentStatus.PLANNED}

    run = services.payment_run_execute(actor=staff["eb_manager"], run=run)

    assert run.status == RunStatus.COMPLETED and run.percent == 100
    assert run.processed_count == 2
    assert set(run.payments.values_list("status", flat=True)) == {PaymentStatus.INCLUDED}
    xml = run.file_content.encode()
    assert validation_errors(xml) == []
    assert run.file_sha256 == hashlib.sha256(xml).hexdigest()
    root = ET.fromstring(xml)
    assert root.find(".//p:GrpHdr/p:MsgId", NS).text == run.message_id
    assert root.find(".//p:GrpHdr/p:CtrlSum", NS).text == "12490.50"
    assert root.find(".//p:ReqdExctnDt", NS).text == run.execution_date.isoformat()
    ids = sorted(e.text for e in root.findall(".//p:EndToEndId", NS))
    assert ids == sorted(f"SK1782-EB-{d.pk}" for d in two_payable)
    names = {e.text for e in root.findall(".//p:Cdtr/p:Nm", NS)}
    assert names == {"Anna Svensson", "Örjan Åberg"}
    assert events(EventType.PAYMENT_RUN_CREATED).count() == 1
    assert events(EventType.PAYMENT_RUN_COMPLETED).get().data["sha256"] == run.file_sha256


def test_progress_is_stored_step_by_step(staff, two_payable):
    run = services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    seen = []
    services.payment_run_execute(
        actor=staff["eb_manager"], run=run, chunk_size=1,
        on_progress=lambda r: seen.append((r.status, r.processed_count, r.percent)),
    )
    # 2 payments + the file = 3 steps
    assert seen == [(RunStatus.RUNNING, 1, 33), (RunStatus.RUNNING, 2, 66), (RunStatus.COMPLETED, 2, 100)]
    assert PaymentRun.objects.get(pk=run.pk).processed_count == 2


def test_executing_a_finished_run_again_pays_nothing_twice(staff, two_payable):
    run = services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    first = services.payment_run_execute(actor=staff["eb_manager"], run=run)
    again = services.payment_run_execute(actor=staff["eb_manager"], run=run)
    stale = services.payment_run_process_step(actor=staff["eb_manager"], run_id=run.pk)
    assert again.file_sha256 == first.file_sha256 == stale.file_sha256
    assert again.file_content == first.file_content
    assert events(EventType.PAYMENT_RUN_COMPLETED).count() == 1
    assert Payment.objects.filter(status=PaymentStatus.INCLUDED).count() == 2
    # Nothing is left to pay: a new run is refused, and the payments stay in the first run.
    with pytest.raises(ConflictError, match="inga planerade"):
        services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    assert set(Payment.objects.values_list("run_id", flat=True)) == {run.pk}


def test_a_failed_run_is_retried_without_paying_twice(staff, two_payable, monkeypatch):
    from skutan.payments import pain001

    run = services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    real_build = pain001.build_pain001

    def broken(batch):
        raise pain001.Pain001Error("Banken är nere (test)")

    monkeypatch.setattr(pain001, "build_pain001", broken)
    failed = services.payment_run_execute(actor=staff["eb_manager"], run=run)
    assert failed.status == RunStatus.FAILED and "Banken är nere" in failed.error
    assert not failed.file_content
    assert events(EventType.PAYMENT_RUN_FAILED).count() == 1
    # While the run is unfinished, no second run can take its payments.
    with pytest.raises(ConflictError, match="inte klar"):
        services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())

    monkeypatch.setattr(pain001, "build_pain001", real_build)
    done = services.payment_run_execute(actor=staff["eb_manager"], run=failed)
    assert done.status == RunStatus.COMPLETED and done.error == ""
    root = ET.fromstring(done.file_content.encode())
    ids = [e.text for e in root.findall(".//p:EndToEndId", NS)]
    assert len(ids) == len(set(ids)) == 2
    assert Payment.objects.filter(run=run, status=PaymentStatus.INCLUDED).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_executions_write_one_file(staff, two_payable):
    """Two workers execute the same run at once (double click, API retry): each payment is included once
    and exactly one file is written."""
    import threading
    import time

    from django.db import OperationalError, close_old_connections

    run = services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            for _attempt in range(400):
                try:
                    results.append(services.payment_run_execute(actor=staff["eb_manager"], run=run, chunk_size=1))
                    return
                except OperationalError:  # SQLite: "database table is locked" while the other worker writes
                    time.sleep(0.02)
            errors.append("the database stayed locked for 8 s")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 2
    assert {r.file_sha256 for r in results} == {PaymentRun.objects.get(pk=run.pk).file_sha256}
    assert events(EventType.PAYMENT_RUN_COMPLETED).count() == 1
    root = ET.fromstring(PaymentRun.objects.get(pk=run.pk).file_content.encode())
    assert len(root.findall(".//p:CdtTrfTxInf", NS)) == 2


def test_payments_without_a_verified_account_wait_for_the_next_run(staff, eb_case, second_case, decide, verified_account):
    verified_account(eb_case.person)
    services.payee_account_register(actor=staff["eb_worker"], person=second_case.person, iban=swedish_iban(3))
    decide(eb_case)
    waiting = decide(second_case)
    run = services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    assert run.total_count == 1 and run.skipped_without_account == 1
    assert Payment.objects.get(decision=waiting).run is None


def test_a_payee_whose_account_is_replaced_during_the_run_leaves_it(staff, two_payable, eb_case):
    run = services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    services.payee_account_register(actor=staff["eb_worker"], person=eb_case.person, iban=swedish_iban(9))
    run = services.payment_run_execute(actor=staff["eb_manager"], run=run)
    assert run.status == RunStatus.COMPLETED
    assert (run.total_count, run.total_amount, run.skipped_without_account) == (1, Decimal("7310.50"), 1)
    left = Payment.objects.get(decision=two_payable[0])
    assert left.run is None and left.status == PaymentStatus.PLANNED
    assert ET.fromstring(run.file_content.encode()).find(".//p:NbOfTxs", NS).text == "1"


def test_payments_due_after_the_execution_date_wait(staff, eb_case, decide, verified_account):
    verified_account(eb_case.person)
    decision = decide(eb_case, decided_at=timezone.now() + timedelta(days=40))
    with pytest.raises(ConflictError, match="inga planerade"):
        services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    # Planning stands (it is idempotent), but no run is created.
    assert Payment.objects.get(decision=decision).status == PaymentStatus.PLANNED
    assert not PaymentRun.objects.exists()


def test_the_protected_persons_address_never_reaches_the_file(staff, protected_case, decide, verified_account):
    verified_account(protected_case.person)
    decide(protected_case)
    run = services.payment_run_execute(
        actor=staff["eb_manager"], run=services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    )
    assert run.status == RunStatus.COMPLETED
    assert "Hemliga" not in run.file_content and "68231" not in run.file_content
    assert "PstlAdr" not in run.file_content
    assert "Sara Skyddad" in run.file_content


@pytest.mark.parametrize("days", [-1])
def test_an_execution_date_in_the_past_is_refused(staff, two_payable, days):
    with pytest.raises(ApplicationError, match="redan varit") as exc:
        services.payment_run_create(actor=staff["eb_manager"], execution_date=timezone.localdate() + timedelta(days=days))
    assert exc.value.field == "execution_date"
    assert not PaymentRun.objects.exists()


def test_an_execution_date_on_a_closed_day_is_refused(staff, two_payable):
    from timelimits import closed_day_reason

    day = timezone.localdate() + timedelta(days=1)
    while closed_day_reason(day) is None:
        day += timedelta(days=1)
    with pytest.raises(ApplicationError, match="inte en bankdag"):
        services.payment_run_create(actor=staff["eb_manager"], execution_date=day)


def test_only_payment_roles_create_runs(staff, two_payable, system_admin):
    with pytest.raises(AccessDeniedError):
        services.payment_run_create(actor=staff["eb_worker"], execution_date=bank_day())
    with pytest.raises(AccessDeniedError):
        services.payment_run_create(actor=staff["bou_worker"], execution_date=bank_day())
    run = services.payment_run_create(actor=system_admin, execution_date=bank_day())
    assert run.total_count == 2


def test_a_run_only_takes_payments_of_the_managers_units(staff, units, two_payable):
    from skutan.accounts.models import Role, UnitKind
    from skutan.accounts.services import unit_create, user_create

    other_unit = unit_create(name="Försörjningsstöd Norr", kind=UnitKind.FINANCIAL_ASSISTANCE)
    other_manager = user_create(username="norr.chef", password="x" * 12, memberships=[(other_unit, Role.UNIT_MANAGER)])
    with pytest.raises(ConflictError, match="inga planerade"):
        services.payment_run_create(actor=other_manager, execution_date=bank_day())


# -- after the file: sent, confirmed, failed, reversed ------------------------------------------------------


@pytest.fixture
def sent_run(staff, two_payable):
    run = services.payment_run_execute(
        actor=staff["eb_manager"], run=services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    )
    return services.payment_run_mark_sent(actor=staff["eb_manager"], run=run)


def test_marking_the_file_sent_marks_its_payments(staff, sent_run):
    assert sent_run.status == RunStatus.SENT and sent_run.sent_by == staff["eb_manager"]
    assert set(sent_run.payments.values_list("status", flat=True)) == {PaymentStatus.SENT}
    with pytest.raises(ConflictError, match="redan"):
        services.payment_run_mark_sent(actor=staff["eb_manager"], run=sent_run)
    assert events(EventType.PAYMENT_RUN_SENT).count() == 1


def _payment(run):
    payment = run.payments.select_related("case").order_by("id").first()
    return payment


def test_status_moves_forward_only(staff, sent_run):
    payment = _payment(sent_run)
    confirmed = services.payment_status_set(actor=staff["eb_manager"], payment=payment, status="confirmed")
    assert confirmed.status == PaymentStatus.CONFIRMED
    with pytest.raises(ConflictError, match="kan inte få status"):
        services.payment_status_set(actor=staff["eb_manager"], payment=payment, status="sent")
    with pytest.raises(ConflictError):
        services.payment_status_set(actor=staff["eb_manager"], payment=payment, status="planned")
    event = events(EventType.PAYMENT_STATUS_CHANGED).get()
    assert event.data == {"old": "sent", "new": "confirmed", "note": ""}
    assert event.person_id == payment.payee_id


def test_a_failed_payment_needs_a_reason(staff, sent_run):
    payment = _payment(sent_run)
    with pytest.raises(ApplicationError) as exc:
        services.payment_status_set(actor=staff["eb_manager"], payment=payment, status="failed")
    assert exc.value.field == "note"
    failed = services.payment_status_set(actor=staff["eb_manager"], payment=payment, status="failed", note="Kontot avslutat")
    assert failed.status == PaymentStatus.FAILED and failed.status_note == "Kontot avslutat"


def test_a_caseworker_cannot_change_a_payment(staff, sent_run):
    with pytest.raises(AccessDeniedError):
        services.payment_status_set(actor=staff["eb_worker"], payment=_payment(sent_run), status="confirmed")
    with pytest.raises(AccessDeniedError):
        services.payment_reverse(actor=staff["eb_worker"], payment=_payment(sent_run), amount=Decimal(1), reason="x")


def test_a_reversal_is_a_new_record_and_never_edits_the_payment(staff, sent_run):
    payment = _payment(sent_run)
    original = (payment.amount, payment.end_to_end_id, payment.month, payment.due_date)

    part = services.payment_reverse(actor=staff["eb_manager"], payment=payment, amount=Decimal("1000.00"), reason="Felaktigt belopp")
    payment.refresh_from_db()
    assert (payment.amount, payment.end_to_end_id, payment.month, payment.due_date) == original
    assert payment.status == PaymentStatus.SENT
    assert part.payment == payment and part.created_by == staff["eb_manager"]

    left = payment.amount - Decimal("1000.00")
    with pytest.raises(ApplicationError, match="återstår") as exc:
        services.payment_reverse(actor=staff["eb_manager"], payment=payment, amount=left + Decimal("0.01"), reason="För mycket")
    assert exc.value.field == "amount"

    services.payment_reverse(actor=staff["eb_manager"], payment=payment, amount=left, reason="Återbetalt")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REVERSED
    assert payment.amount == original[0]
    assert Reversal.objects.filter(payment=payment).count() == 2
    assert sum(r.amount for r in payment.reversals.all()) == payment.amount
    assert events(EventType.PAYMENT_REVERSED).count() == 2
    assert events(EventType.PAYMENT_REVERSED).filter(data__fully_reversed=True).count() == 1
    with pytest.raises(ConflictError):
        services.payment_reverse(actor=staff["eb_manager"], payment=payment, amount=Decimal(1), reason="Igen")


@pytest.mark.parametrize(
    ("amount", "reason", "field"),
    [(Decimal("0"), "Skäl", "amount"), (Decimal("-5"), "Skäl", "amount"), (Decimal("1.005"), "Skäl", "amount"),
     (Decimal("10"), "  ", "reason")],
)
def test_bad_reversals_are_refused(staff, sent_run, amount, reason, field):
    with pytest.raises(ApplicationError) as exc:
        services.payment_reverse(actor=staff["eb_manager"], payment=_payment(sent_run), amount=amount, reason=reason)
    assert exc.value.field == field
    assert not Reversal.objects.exists()


def test_a_payment_not_yet_sent_cannot_be_reversed(staff, two_payable):
    services.payments_plan_from_decisions(actor=staff["eb_manager"])
    payment = Payment.objects.select_related("case").first()
    with pytest.raises(ConflictError, match="skickad eller bekräftad"):
        services.payment_reverse(actor=staff["eb_manager"], payment=payment, amount=Decimal(1), reason="x")


def test_a_run_created_at_the_same_moment_as_another_takes_nothing(staff, two_payable, monkeypatch):
    """Two clicks on "create" pass the open-run check together; the conditional claim lets only one run
    take the payments and the other is undone."""
    first = services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    monkeypatch.setattr(services, "_check_no_open_run", lambda unit_ids: None)
    # Pretend the payments were still free when the second request read them.
    from skutan.payments import models as payment_models

    real_filter = payment_models.Payment.objects.filter

    def stale_filter(*args, **kwargs):
        if kwargs.get("run__isnull") is True and "due_date__lte" in kwargs:
            kwargs = {k: v for k, v in kwargs.items() if k != "run__isnull"}
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(payment_models.Payment.objects, "filter", stale_filter)
    with pytest.raises(ConflictError, match="annan körning"):
        services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    assert list(PaymentRun.objects.values_list("pk", flat=True)) == [first.pk]
    assert set(Payment.objects.values_list("run_id", flat=True)) == {first.pk}
