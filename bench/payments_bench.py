"""The payment run at scale: plan, include, pain.001, schema check (world.payment_run), plus the rows
it wrote to the audit log and the case histories. Call world.setup() first.

As a figure module (make bench --only payments) it runs in the bench database of the scale, inside a
transaction that is rolled back (proposals_bench.rolled_back), so the database is unchanged afterwards."""

import os

from bench.world import payment_run


def run(n: int = 12_000) -> dict:
    from skutan.audit.models import AuditEvent
    from skutan.cases.models import CaseEvent

    audit_before, events_before = AuditEvent.objects.count(), CaseEvent.objects.count()
    figures = payment_run(n)
    figures["audit_rows"] = AuditEvent.objects.count() - audit_before
    figures["case_events"] = CaseEvent.objects.count() - events_before
    return figures


DJANGO = "own"


def figures(ctx: dict) -> list:
    from bench.figures import median_figure
    from bench.proposals_bench import rolled_back
    from bench.world import setup

    setup(ctx["database_url"])
    runs = [rolled_back(run, 12_000) for _ in range(max(1, ctx["runs"]))]
    mid = sorted(runs, key=lambda r: r["total_s"])[len(runs) // 2]
    return [median_figure(
        "payment_run_12000_s", [r["total_s"] for r in runs], "s", data={"households": 12_000, **ctx["sizes"]},
        note=(f"planering och urval {mid['plan_and_create_s']:.1f} s, körning med fil och XSD {mid['execute_s']:.1f} s "
              f"(XSD {mid['xsd_validation_s']:.2f} s); CPU i Python-processen {mid['total_cpu_s']:.1f} s; "
              f"{mid['audit_rows']} granskningsrader, {mid['case_events']} ärendehändelser; "
              f"last {os.getloadavg()[0]:.1f} på {os.cpu_count()} kärnor"),
    )]
