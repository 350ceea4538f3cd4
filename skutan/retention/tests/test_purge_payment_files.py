"""A purged person's payments leave the stored payment files (pain.001) too: their transfer (name, account,
amount, reference) is redacted from every PaymentRun's file_content, through the controlled purge path,
while the other persons' transfers in the same file, the file's checksum and its totals stay as sent."""

from datetime import date

import pytest
from django.utils import timezone as django_timezone

from skutan.cases.services import case_close
from skutan.core.tests.rawsql import assert_refused
from skutan.payments import pain001
from skutan.payments import services as payments
from skutan.payments.bank_accounts import luhn_complete
from skutan.payments.models import PaymentRun
from skutan.payments.tests.factories import bank_day, make_decision, swedish_iban
from skutan.people.models import Person
from skutan.retention.services import purge_plan_approve, purge_plan_create, purge_plan_execute

pytestmark = pytest.mark.django_db
ACCOUNTS = {"purged": luhn_complete("987654321"), "kept": luhn_complete("123456789")}


@pytest.fixture
def sent_run(build, staff):
    """One sent payment file paying Anna Avslutad (closed case, purged) and Bertil Pagaende (open case, kept)."""
    month = django_timezone.localdate().replace(day=1)
    persons, cases = {}, {}
    for key, (first, last, serial, account) in {
        "purged": ("Anna", "Avslutad", 501, ACCOUNTS["purged"]), "kept": ("Bertil", "Pagaende", 503, ACCOUNTS["kept"]),
    }.items():
        person = build.person(first, date(1980, 5, 6), serial, last=last)
        case = build.case(person, unit="eb", when=django_timezone.localdate(), closed=False)
        registered = payments.payee_account_register(
            actor=staff["eb_worker"], person=person, clearing_number="8327-9", account_number=account
        )
        payments.payee_account_verify(actor=staff["eb_worker2"], account=registered)
        make_decision(case=case, decided_by=staff["eb_manager"], month=month, amount="5180")
        persons[key], cases[key] = person, case
    manager = staff["eb_manager"]
    run = payments.payment_run_execute(actor=manager, run=payments.payment_run_create(
        actor=manager, execution_date=bank_day()))
    run = payments.payment_run_mark_sent(actor=manager, run=run)
    case = cases["purged"]
    case.refresh_from_db()
    case_close(actor=staff["eb_worker"], case=case, reason="Avslutat", expected_version=case.version)
    return run, persons


def test_a_purged_persons_transfer_leaves_the_sent_file_and_the_others_stay(sent_run, archivists, later):
    run, persons = sent_run
    before = PaymentRun.objects.get(pk=run.pk)
    assert "Avslutad" in before.file_content and ACCOUNTS["purged"] in before.file_content  # the starting point
    assert before.total_count == 2

    plan = purge_plan_create(actor=archivists["planner"], year=later.year)
    plan = purge_plan_approve(actor=archivists["approver"], plan=plan, version=plan.version)
    plan = purge_plan_execute(actor=archivists["approver"], plan=plan)

    assert not Person.objects.filter(pk=persons["purged"].pk).exists()
    assert Person.objects.filter(pk=persons["kept"].pk).exists()
    for row in PaymentRun.objects.all():  # no row anywhere holds the purged person's name or account
        for secret in ("Anna", "Avslutad", ACCOUNTS["purged"], persons["purged"].identity_number):
            assert secret not in row.file_content
    after = PaymentRun.objects.get(pk=run.pk)
    assert "Bertil Pagaende" in after.file_content and ACCOUNTS["kept"] in after.file_content
    assert after.file_content.count("<CdtTrfTxInf>") == 1
    assert f"Gallrade betalningar ({plan.code})" in after.file_content
    # as sent: checksum, totals, message id, status
    assert (after.file_sha256, after.total_count, after.total_amount, after.message_id, after.status) == (
        before.file_sha256, before.total_count, before.total_amount, before.message_id, before.status)
    pain001.validate_pain001(after.file_content.encode("utf-8"))  # still a well-formed, valid file
    assert plan.summary["payment_files"] == {"transfers_removed": 1}
    # outside a purge the database still refuses any change to the sent file
    assert_refused("UPDATE payments_paymentrun SET file_content = '' WHERE id = %s", [run.pk])


def test_redaction_keeps_the_other_transfers_byte_for_byte():
    from decimal import Decimal

    batch = pain001.CreditTransferBatch(
        message_id="RUN-1", created_at=django_timezone.now(), execution_date=date(2026, 3, 25),
        debtor=pain001.Debtor(name="Filipstads kommun", iban=swedish_iban(9)),
        transfers=[
            pain001.Transfer(end_to_end_id=f"E2E-{n}", amount=Decimal("100.00"), creditor_name=name,
                             account=pain001.CreditorAccount(iban=acct),
                             remittance="Ekonomiskt bistånd")
            for n, (name, acct) in enumerate([("Ada One", swedish_iban(1)), ("Bo Two", swedish_iban(2))])
        ],
    )
    xml = pain001.build_pain001(batch)
    redacted, n = pain001.redact_transfers(xml, end_to_end_ids={"E2E-0"}, note="gallrad")
    assert n == 1
    text = redacted.decode("utf-8")
    assert "Ada One" not in text and swedish_iban(1) not in text and swedish_iban(2) in text
    kept = xml.decode("utf-8")
    start = kept.index("<CdtTrfTxInf>", kept.index("E2E-0"))
    assert kept[start:kept.index("</CdtTrfTxInf>", start)] in text  # Bo's transfer unchanged
    assert pain001.redact_transfers(redacted, end_to_end_ids={"E2E-0"}, note="gallrad") == (redacted, 0)
