"""A seeded month paid from start to file, compared with what the payment run produced before it was made
set-based (tests/data/payment_run_seeded.json, written by the per-row code): the same payments, amounts,
accounts, counters, case events, audit rows and pain.001 file, apart from ids and timestamps.

Regenerate (only when a change of output is intended): SKUTAN_WRITE_GOLDEN=1 pytest this file."""

import json
import os
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db.models import F
from django.utils import timezone

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.cases.models import Case, CaseEvent
from skutan.payments import services
from skutan.payments.bank_accounts import luhn_complete
from skutan.payments.models import PayeeAccount, Payment, PaymentRun, ThirdPartyOrder
from skutan.payments.tests.factories import aware, bank_day, make_decision, swedish_iban
from skutan.people.models import Person

GOLDEN = Path(__file__).with_name("data") / "payment_run_seeded.json"
RUN_EVENTS = [EventType.PAYMENTS_PLANNED, EventType.PAYMENT_RUN_CREATED, EventType.PAYMENT_RUN_COMPLETED,
              EventType.PAYMENT_RUN_FAILED]
NAMES = ["Åsa Öberg", "Bo Ek & Co", "Łukasz Nowak", "Zoë Lindqvist", "Nils Månsson", "Eva Ärlig", "Per Utan Konto"]


def _seed(staff, units):
    worker, checker, manager = staff["eb_worker"], staff["eb_worker2"], staff["eb_manager"]
    today = timezone.localdate()
    decisions = []
    for i, name in enumerate(NAMES):
        first, last = name.split(" ", 1)
        person = Person.objects.create(identity_number=f"19800101-{1000 + i}", first_name=first, last_name=last,
                                       birth_date=date(1980, 1, 1), synthetic=True)
        case = Case.objects.create(reference=f"EQ-{i}", person=person, case_type="financial_assistance",
                                   unit=units["eb"], status="decided", opening_kind="application", opened_on=today)
        for month_back, month in ((2, date(2026, 1, 1)), (1, date(2026, 2, 1))):
            decisions.append(make_decision(
                case=case, decided_by=manager, month=month, amount=Decimal(3000 + 517 * i + month_back) + Decimal("0.25") * i,
                decided_at=aware(today - timedelta(days=month_back * 10 + i), 12),
            ))
        if name == "Per Utan Konto":
            continue
        kind = ({"clearing_number": "8327-9", "account_number": luhn_complete(f"{i + 1:09d}")} if i % 2
                else {"iban": swedish_iban(i + 1)})
        account = services.payee_account_register(actor=worker, person=person, **kind)
        services.payee_account_verify(actor=checker, account=account)
    services.third_party_order_create(actor=worker, decision=decisions[0], purpose="Hyra", creditor_name="Bostäder AB",
                                      bankgiro="5050-1055", ocr="1234567897", amount="1200")
    services.third_party_order_create(actor=worker, decision=decisions[3], purpose="El", creditor_name="Energi <AB>",
                                      bankgiro="5050-1055", message="Kundnr 4711; maj", amount="300")
    return decisions


def _normalized(decisions) -> dict:
    decision_no = {d.pk: n for n, d in enumerate(decisions)}
    order_no = {o.pk: n for n, o in enumerate(ThirdPartyOrder.objects.order_by("id"))}
    today = timezone.localdate()

    def ids(text: str) -> str:
        text = re.sub(r"SK(\d+)-EB-(\d+)", lambda m: f"SK{m[1]}-EB-d{decision_no[int(m[2])]}", text)
        return re.sub(r"SK(\d+)-TP-(\d+)", lambda m: f"SK{m[1]}-TP-o{order_no[int(m[2])]}", text)

    run = PaymentRun.objects.get()
    payments = [
        {"decision": decision_no[p.decision_id], "order": order_no.get(p.third_party_order_id), "amount": str(p.amount),
         "status": p.status, "month": p.month.isoformat(), "due_in_days": (p.due_date - today).days,
         "account": p.account.masked if p.account else None, "end_to_end_id": ids(p.end_to_end_id),
         "in_run": p.run_id == run.pk}
        for p in Payment.objects.select_related("account").order_by(
            "decision_id", F("third_party_order_id").asc(nulls_first=True))  # NULL first on every database
    ]
    events = sorted(
        json.dumps({"case": e.case.reference, "type": e.event_type,
                    "data": {k: v for k, v in e.data.items() if not k.endswith("_id")}}, sort_keys=True)
        for e in CaseEvent.objects.filter(event_type__startswith="payment_planned").select_related("case")
    )
    audit = [
        # Amounts as öre: a sum reads back as 51535.5 on SQLite and 51535.50 on PostgreSQL.
        {"type": a.event_type, "data": {k: f"{Decimal(v):.2f}" if k == "amount" else v for k, v in a.data.items()
                                         if k in ("count", "amount", "cases", "skipped_without_account")}}
        for a in AuditEvent.objects.filter(event_type__in=RUN_EVENTS).order_by("id")
    ]
    xml = run.file_content
    xml = re.sub(r"<(MsgId|PmtInfId)>[^<]*<", r"<\1>X<", xml)
    xml = re.sub(r"<CreDtTm>[^<]*<", "<CreDtTm>X<", xml)
    xml = re.sub(r"<ReqdExctnDt>[^<]*<", "<ReqdExctnDt>X<", xml)
    return {
        "run": {"status": run.status, "total_count": run.total_count, "processed_count": run.processed_count,
                "total_amount": str(run.total_amount), "skipped_without_account": run.skipped_without_account},
        "payments": payments, "case_events": events, "audit": audit, "file": ids(xml),
    }


def test_a_seeded_month_gives_the_same_payments_and_file_as_before(staff, units):
    decisions = _seed(staff, units)
    run = services.payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    services.payment_run_execute(actor=staff["eb_manager"], run=run, chunk_size=4)  # several steps
    got = _normalized(decisions)
    if os.environ.get("SKUTAN_WRITE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got["run"] == expected["run"]
    assert got["payments"] == expected["payments"]
    assert got["case_events"] == expected["case_events"]
    assert got["audit"] == expected["audit"]
    assert got["file"] == expected["file"]
    assert PayeeAccount.objects.count() == 6
