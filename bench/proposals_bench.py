"""Proposals for a month's renewals: N cases with May decided and June drafted from it, every proposal at once
(assistance.selectors.application_proposals). Rows are bulk-inserted (the services would take longer than
what is measured). Call world.setup() first.

As a figure module (make bench --only proposals) it runs in the bench database of the scale, inside a
transaction that is rolled back, so the database is the same after as before and each run starts alike."""

import os
import time
from datetime import date, timedelta
from decimal import Decimal

from bench.households import households


def run(n: int = 12_000) -> dict:
    from django.utils import timezone

    from bench.world import World
    from skutan.assistance import selectors
    from skutan.assistance.models import (
        Application,
        ApplicationCost,
        ApplicationIncome,
        ApplicationMember,
        ApplicationStatus,
        Decision,
    )

    world = World(f"renew{n}")
    _, cases = world.persons_and_cases(n)
    data = households(n, seed=11)
    may, june = date(2025, 5, 1), date(2025, 6, 1)
    decided = Application.objects.bulk_create(
        [Application(case=c, month=may, status=ApplicationStatus.DECIDED, created_by=world.worker) for c in cases],
        batch_size=5000,
    )
    Decision.objects.bulk_create(
        [Decision(case=c, application=a, month=may, outcome="granted", amount=Decimal(4000 + i % 5000), payee=c.person,
                  decided_by=world.manager, decided_at=timezone.now() - timedelta(days=20), reasons="Bänk",
                  legal_basis="SoL", calculation={}, inputs=data[i])
         for i, (c, a) in enumerate(zip(cases, decided, strict=True))],
        batch_size=5000,
    )
    drafts = Application.objects.bulk_create(
        [Application(case=c, month=june, status=ApplicationStatus.DRAFT, created_by=world.worker, previous=a,
                     cohabiting=data[i]["cohabiting"],
                     consecutive_months_on_assistance=data[i]["consecutive_months_on_assistance"],
                     job_stimulus_months_used=data[i]["job_stimulus_months_used"])
         for i, (c, a) in enumerate(zip(cases, decided, strict=True))],
        batch_size=5000,
    )
    members, costs, incomes = [], [], []
    for draft, household in zip(drafts, data, strict=True):
        for pos, m in enumerate(household["members"]):
            members.append(ApplicationMember(application=draft, member_key=m["id"], birth_date=date.fromisoformat(m["birth_date"]),
                                             role=m["role"], lunch_at_home=m.get("lunch_at_home"), position=pos))
        for pos, c in enumerate(household["costs"]):
            costs.append(ApplicationCost(application=draft, type=c["type"], amount=Decimal(c["amount"]),
                                         description=c.get("description", ""), position=pos))
        for pos, i in enumerate(household["incomes"]):
            incomes.append(ApplicationIncome(application=draft, type=i["type"], amount=Decimal(i["amount"]),
                                             member_key=i.get("member", ""), position=pos))
    ApplicationMember.objects.bulk_create(members, batch_size=5000)
    ApplicationCost.objects.bulk_create(costs, batch_size=5000)
    ApplicationIncome.objects.bulk_create(incomes, batch_size=5000)

    started, cpu_started = time.perf_counter(), time.process_time()
    applications = list(Application.objects.filter(pk__in=[d.pk for d in drafts]).order_by("id"))
    proposals = selectors.application_proposals(applications=applications)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    sample = applications[:50]
    started = time.perf_counter()
    for application in sample:
        selectors.application_proposal(application=application)
    single_ms = (time.perf_counter() - started) / len(sample) * 1000
    return {
        "renewals": n,
        "batch_s": total,
        "batch_ms_each": total / n * 1000,
        "batch_cpu_s": cpu,  # this process only
        "single_ms_each": single_ms,
        "granted": sum(1 for p in proposals if p.outcome == "granted"),
        "failed": sum(1 for p in proposals if p.outcome is None),
    }


DJANGO = "own"


def figures(ctx: dict) -> list:
    from bench.figures import median_figure
    from bench.world import setup

    setup(ctx["database_url"])
    runs = [rolled_back(run, 12_000) for _ in range(max(1, ctx["runs"]))]
    return [median_figure(
        "proposals_12000_s", [r["batch_s"] for r in runs], "s", data={"renewals": 12_000, **ctx["sizes"]},
        note=(f"CPU i Python-processen {sorted(r['batch_cpu_s'] for r in runs)[len(runs) // 2]:.1f} s; "
              f"last {os.getloadavg()[0]:.1f} på {os.cpu_count()} kärnor"),
    )]


class _Rollback(Exception):
    pass


def rolled_back(func, *args):
    """func(*args) in a transaction that is rolled back: the bench database is left as it was."""
    from django.db import transaction

    try:
        with transaction.atomic():
            result = func(*args)
            raise _Rollback
    except _Rollback:
        return result
