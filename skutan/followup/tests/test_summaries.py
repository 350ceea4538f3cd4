"""The summary tables give the same numbers as a direct computation from the decisions and payments, on a random
dataset; the incremental refresh (the hook the writers call) keeps them so; the full refresh reports progress."""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import membership_add, unit_create
from skutan.core.summaries import statistics_changed
from skutan.followup.months import month_add
from skutan.followup.selectors import assistance_months, long_term_years
from skutan.followup.summaries import statistics_refresh
from skutan.payments.tests.factories import make_decision

FIRST, LAST = date(2024, 1, 1), date(2025, 12, 1)


def direct(*, unit_ids=None):
    """The definitions, computed naively from the source rows (no summary tables)."""
    from skutan.assistance.models import Decision
    from skutan.payments.models import Payment

    per = defaultdict(lambda: {"granted": Decimal(0), "paid": Decimal(0), "persons": 1, "unit": None, "at": None})
    for d in Decision.objects.select_related("case").prefetch_related("revisions"):
        revisions = sorted(d.revisions.all(), key=lambda r: (r.decided_at, r.pk))
        amount, outcome = (revisions[-1].amount, revisions[-1].outcome) if revisions else (d.amount, d.outcome)
        row = per[(d.payee_id, d.month)]
        if outcome in ("granted", "partly_granted"):
            row["granted"] += amount
        if row["at"] is None or d.decided_at > row["at"]:
            row["unit"], row["at"] = d.case.unit_id, d.decided_at
    for p in Payment.objects.filter(status__in=("sent", "confirmed", "reversed")).select_related("case"):
        row = per[(p.payee_id, p.month)]
        row["paid"] += p.amount - sum((r.amount for r in p.reversals.all()), Decimal(0))
        row["unit"] = row["unit"] or p.case.unit_id
    months = {}
    m = FIRST
    while m <= LAST:
        rows = [r for (payee, month), r in per.items() if month == m and (unit_ids is None or r["unit"] in unit_ids)]
        households = sum(1 for r in rows if r["granted"] > 0)
        granted = sum((r["granted"] for r in rows), Decimal(0))
        months[m] = {
            "households": households, "granted": granted.quantize(Decimal("1"), ROUND_HALF_UP),
            "paid": sum((r["paid"] for r in rows), Decimal(0)).quantize(Decimal("1"), ROUND_HALF_UP),
            "cost_per_household": (granted / households).quantize(Decimal("1"), ROUND_HALF_UP) if households else 0,
        }
        m = month_add(m, 1)
    long_term = {}
    for year in (2024, 2025):
        counts = defaultdict(set)
        last_unit = {}
        for (payee, month), r in sorted(per.items(), key=lambda kv: kv[0][1]):
            if month.year == year and r["granted"] > 0:
                counts[payee].add(month)
                last_unit[payee] = r["unit"]
        scoped = [p for p in counts if unit_ids is None or last_unit[p] in unit_ids]
        long_term[year] = (len(scoped), sum(1 for p in scoped if len(counts[p]) >= 10))
    return months, long_term


def summarised(*, unit_ids=None):
    months = {r["month"]: {k: r[k] for k in ("households", "granted", "paid", "cost_per_household")}
              for r in assistance_months(unit_ids=unit_ids, first=FIRST, last=LAST)}
    long_term = {r["year"]: (r["households"], r["long_term"])
                 for r in long_term_years(unit_ids=unit_ids, first_year=2024, last_year=2025)}
    return months, long_term


@pytest.fixture
def random_dataset(staff, units, new_person, new_case):
    """30 households over two EB units and two years: random months, amounts, some revised to a lower amount or
    to avslag, some paid (some of the payments partly reversed), and some households moving between cases."""
    from skutan.assistance.models import DecisionRevision
    from skutan.payments.models import Payment, Reversal

    rng = random.Random(20261202)
    north = unit_create(name="Ekonomiskt bistånd Norr", kind=UnitKind.FINANCIAL_ASSISTANCE)
    membership_add(actor=None, user=staff["eb_worker"], unit=north, role=Role.CASEWORKER)
    manager = staff["eb_manager"]
    decisions = []
    for n in range(1, 31):
        person = new_person(n)
        first_case = new_case(person=person, unit=rng.choice([units["eb"], north]))
        second_case = new_case(person=person, unit=rng.choice([units["eb"], north])) if n % 4 == 0 else None
        month = month_add(FIRST, rng.randrange(0, 6))
        while month <= LAST:
            if rng.random() < 0.8:
                case = second_case if second_case and month >= date(2025, 1, 1) else first_case
                decisions.append(make_decision(
                    case=case, decided_by=manager, month=month, amount=str(rng.randrange(1500, 12000)),
                    outcome=rng.choice(["granted", "granted", "granted", "partly_granted", "rejected"]),
                    decided_at=timezone.now() - timedelta(days=rng.randrange(1, 900)),
                ))
            month = month_add(month, 1)
    for d in rng.sample(decisions, 40):
        DecisionRevision.objects.create(
            case=d.case, decision=d, kind="reconsideration", outcome=rng.choice(["partly_granted", "rejected"]),
            previous_amount=d.amount, amount=(d.amount / 2).quantize(Decimal("1")), paid_before=0,
            settlement="none", decided_by=manager, decided_at=timezone.now(), reasons="Omprövat.", legal_basis="FL",
        )
    for i, d in enumerate(rng.sample(decisions, 120)):
        p = Payment.objects.create(decision=d, case=d.case, payee=d.payee, amount=d.amount + 1, month=d.month,
                                   due_date=d.month, status=rng.choice(["sent", "confirmed", "planned", "failed"]),
                                   end_to_end_id=f"R-{i}")
        if i % 10 == 0 and p.status in ("sent", "confirmed"):
            Reversal.objects.create(payment=p, amount=Decimal("100"), reason="Återförd.", created_by=manager)
    return {"north": north, "decisions": decisions}


def test_summary_tables_equal_a_direct_computation(random_dataset, units):
    steps = []
    statistics_refresh(progress=lambda done, total, message: steps.append((done, total)))
    assert steps and steps[-1][0] == steps[-1][1]  # the progress callback reaches the end
    for unit_ids in (None, [units["eb"].pk], [random_dataset["north"].pk]):
        assert summarised(unit_ids=unit_ids) == direct(unit_ids=unit_ids)
    # The units add up to the whole.
    whole, _ = summarised()
    eb, _ = summarised(unit_ids=[units["eb"].pk])
    north, _ = summarised(unit_ids=[random_dataset["north"].pk])
    assert all(whole[m]["households"] == eb[m]["households"] + north[m]["households"] for m in whole)
    assert sum(v["households"] for v in whole.values()) > 200


def test_incremental_refresh_keeps_the_summaries_equal(random_dataset, staff, units, new_case,
                                                       django_capture_on_commit_callbacks):
    from skutan.assistance.models import DecisionRevision

    statistics_refresh()
    manager = staff["eb_manager"]
    changed = random_dataset["decisions"][:5]
    with django_capture_on_commit_callbacks(execute=True):
        for d in changed:
            DecisionRevision.objects.create(
                case=d.case, decision=d, kind="correction", outcome="granted", previous_amount=d.amount,
                amount=d.amount + 777, paid_before=0, settlement="none", decided_by=manager,
                decided_at=timezone.now() + timedelta(seconds=5), reasons="Rättat.", legal_basis="FL 36 §",
            )
            statistics_changed(households=[(d.payee_id, d.month)])
        new = make_decision(case=new_case(person=changed[0].payee, unit=units["eb"]), decided_by=manager,
                            month=date(2025, 12, 1), amount="4321")
        statistics_changed(households=[(new.payee_id, new.month)])
    assert summarised() == direct()
    assert summarised(unit_ids=[units["eb"].pk]) == direct(unit_ids=[units["eb"].pk])


def test_a_rolled_back_write_refreshes_nothing(staff, eb_case, django_capture_on_commit_callbacks):
    from django.db import transaction

    from skutan.followup.models import HouseholdMonth

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                d = make_decision(case=eb_case, decided_by=staff["eb_manager"], month=date(2025, 3, 1), amount="100")
                statistics_changed(households=[(d.payee_id, d.month)])
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert not HouseholdMonth.objects.exists()
    assert len(callbacks) == 0


def test_the_assistance_decision_service_announces_its_month(staff):
    """The writers call the hook (a static check: they must not import the follow-up app)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for path in ("assistance/services.py", "assistance/services_one_off.py", "assistance/services_revisions.py",
                 "payments/services.py", "children/services/reports.py", "children/services/assessments.py",
                 "children/services/interventions.py"):
        text = (root / path).read_text(encoding="utf-8")
        assert "statistics_changed(" in text, path
        assert "skutan.followup" not in text, path


def test_management_command_refreshes(staff, eb_case, capsys):
    from django.core.management import call_command

    from skutan.audit.models import AuditEvent
    from skutan.followup.models import HouseholdMonth

    make_decision(case=eb_case, decided_by=staff["eb_manager"], month=date(2025, 3, 1), amount="100")
    call_command("followup", "refresh", "--here")
    assert HouseholdMonth.objects.filter(month=date(2025, 3, 1)).count() == 1
    assert "klar" in capsys.readouterr().out.lower()
    assert AuditEvent.objects.filter(event_type=936).count() == 1
