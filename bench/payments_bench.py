"""The payment run at scale: plan, include, pain.001, schema check (django_bench.payment_run), plus the rows
it wrote to the audit log and the case histories. Call django_bench.setup() first."""

from bench.django_bench import payment_run


def run(n: int = 12_000) -> dict:
    from skutan.audit.models import AuditEvent
    from skutan.cases.models import CaseEvent

    audit_before, events_before = AuditEvent.objects.count(), CaseEvent.objects.count()
    figures = payment_run(n)
    figures["audit_rows"] = AuditEvent.objects.count() - audit_before
    figures["case_events"] = CaseEvent.objects.count() - events_before
    return figures
