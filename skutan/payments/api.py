from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext
from ninja import Router, Schema, Status

from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction
from skutan.core.apierrors import Error
from skutan.core.errors import ApplicationError, ConflictError
from skutan.core.schema import Amount, Day, FreeText
from skutan.payments import selectors, services
from skutan.payments.models import Payment, PaymentRun

router = Router(tags=["Utbetalningar"])


class PaymentRunIn(Schema):
    execution_date: Day


class PaymentRunOut(Schema):
    id: int
    message_id: str
    execution_date: date
    status: str
    status_label: str
    total_count: int
    processed_count: int
    percent: int
    total_amount: Decimal
    skipped_without_account: int
    file_sha256: str
    file_url: str | None
    demo_account: bool
    error: str
    created_at: datetime
    finished_at: datetime | None
    # The background task that runs it (skutan/payments/tasks.py): queued, running, done or failed; null
    # when no task was started. Poll progress_url (this run) until status is completed or failed.
    task_id: int | None = None
    task_status: str | None = None
    progress_url: str


class PaymentOut(Schema):
    id: int
    decision: int | None  # a month's decision; a one-off decision or a change of a decision below instead
    one_off_decision: int | None = None
    revision: int | None = None
    third_party_order: int | None = None  # paid to a landlord or supplier by bankgiro
    case: int
    payee: int
    amount: Decimal
    month: date
    due_date: date
    status: str
    end_to_end_id: str
    run: int | None
    reversed_amount: Decimal
    version: int


class StatusIn(Schema):
    status: FreeText
    note: FreeText = ""


class ReversalIn(Schema):
    amount: Amount
    reason: FreeText


class ReversalOut(Schema):
    id: int
    payment: int
    amount: Decimal
    reason: str
    created_at: datetime


def _ctx(request, purpose="Utbetalning via API"):
    return AccessContext.from_request(request, purpose=purpose, channel="api")


_NO_TASK = object()


def _run_out(run: PaymentRun, task=_NO_TASK) -> dict:
    if task is _NO_TASK:
        task = selectors.payment_run_task(run=run)
    return {
        "id": run.pk, "message_id": run.message_id, "execution_date": run.execution_date, "status": run.status,
        "status_label": run.get_status_display(), "total_count": run.total_count,
        "processed_count": run.processed_count, "percent": run.percent, "total_amount": run.total_amount,
        "skipped_without_account": run.skipped_without_account, "file_sha256": run.file_sha256,
        "file_url": f"/api/v1/payment-runs/{run.pk}/file" if run.file_sha256 else None,
        "demo_account": run.demo_account, "error": run.error, "created_at": run.created_at,
        "finished_at": run.finished_at, "task_id": task.pk if task is not None else None,
        "task_status": task.status if task is not None else None,
        "progress_url": f"/api/v1/payment-runs/{run.pk}",
    }


def _started(run: PaymentRun) -> Status:
    """202 Accepted: the run is on the background worker; its progress is at progress_url (also Location)."""
    return Status(202, _run_out(selectors.payment_run_reload(run=run)))


def _payment_out(payment: Payment) -> dict:
    return {
        "id": payment.pk, "decision": payment.decision_id, "one_off_decision": payment.one_off_id,
        "revision": payment.revision_id, "third_party_order": payment.third_party_order_id,
        "case": payment.case_id, "payee": payment.payee_id,
        "amount": payment.amount, "month": payment.month, "due_date": payment.due_date, "status": payment.status,
        "end_to_end_id": payment.end_to_end_id, "run": payment.run_id,
        "reversed_amount": selectors.payment_reversed_total(payment=payment), "version": payment.version,
    }


@router.post("/payment-runs", response={202: PaymentRunOut, 400: Error, 403: Error, 409: Error})
def payment_run_create(request, payload: PaymentRunIn, response: HttpResponse):
    """Collect the planned payments due by ``execution_date`` into a run and hand it to the background worker,
    which includes them and writes the pain.001 file. 202 with the run; GET ``progress_url`` until its
    ``status`` is ``completed`` (or ``failed``)."""
    run = services.payment_run_create(actor=request.user, execution_date=payload.execution_date)
    services.payment_run_start(actor=request.user, run=run)
    response["Location"] = f"/api/v1/payment-runs/{run.pk}"
    return _started(run)


@router.get("/payment-runs", response=list[PaymentRunOut])
def payment_run_list(request):
    runs = list(selectors.payment_runs_for_user(user=request.user)[:100])
    tasks = selectors.payment_run_tasks(runs=runs)
    return [_run_out(run, tasks.get(run.pk)) for run in runs]


@router.get("/payment-runs/{run_id}", response={200: PaymentRunOut, 404: Error})
def payment_run_detail(request, run_id: int):
    # The run names who is paid: reading it is logged as a read of every payee.
    return _run_out(selectors.payment_run_get_for_user(ctx=_ctx(request), run_id=run_id, log_payees=True))


@router.post("/payment-runs/{run_id}/execute", response={202: PaymentRunOut, 404: Error, 409: Error})
def payment_run_execute(request, run_id: int, response: HttpResponse):
    """Hand an interrupted (or failed) run to the background worker again; it continues where it stopped.
    A finished run is refused (409): it is never paid twice. A run whose task is still queued or running is
    not started twice: the answer is the same 202 with that task."""
    run = selectors.payment_run_get_for_user(ctx=_ctx(request), run_id=run_id)
    if run.is_finished:
        raise ConflictError(gettext("Utbetalningskörningen är redan klar. Den körs inte en gång till."), field="status")
    task = selectors.payment_run_task(run=run)
    if task is None or task.is_finished:
        services.payment_run_start(actor=request.user, run=run)
    response["Location"] = f"/api/v1/payment-runs/{run.pk}"
    return _started(run)


@router.post("/payment-runs/{run_id}/sent", response={200: PaymentRunOut, 404: Error, 409: Error})
def payment_run_sent(request, run_id: int):
    run = selectors.payment_run_get_for_user(ctx=_ctx(request), run_id=run_id)
    return _run_out(services.payment_run_mark_sent(actor=request.user, run=run))


@router.get("/payment-runs/{run_id}/file", response={200: None, 403: Error, 404: Error, 409: Error})
def payment_run_file(request, run_id: int):
    """The pain.001.001.03 XML. Reading it is logged as an export of every payee's data."""
    run = selectors.payment_run_get_for_user(
        ctx=_ctx(request, "Export av betalfil via API"), run_id=run_id, action=AccessAction.EXPORT, log_payees=True,
        whole_run=True,
    )
    if not run.file_sha256:
        raise ConflictError(gettext("Betalfilen är inte klar än."), field="status")
    response = HttpResponse(run.file_content.encode("utf-8"), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{run.filename}"'
    response["X-Content-SHA256"] = run.file_sha256
    return response


@router.get("/payments/{payment_id}", response={200: PaymentOut, 404: Error})
def payment_detail(request, payment_id: int):
    return _payment_out(selectors.payment_get_for_user(ctx=_ctx(request), payment_id=payment_id))


@router.post("/payments/{payment_id}/status", response={200: PaymentOut, 400: Error, 403: Error, 404: Error, 409: Error})
def payment_status(request, payment_id: int, payload: StatusIn):
    payment = selectors.payment_get_for_user(ctx=_ctx(request), payment_id=payment_id)
    return _payment_out(
        services.payment_status_set(actor=request.user, payment=payment, status=payload.status, note=payload.note)
    )


@router.post(
    "/payments/{payment_id}/reversals", response={201: ReversalOut, 400: Error, 403: Error, 404: Error, 409: Error}
)
def payment_reversal_create(request, payment_id: int, payload: ReversalIn):
    payment = selectors.payment_get_for_user(ctx=_ctx(request), payment_id=payment_id)
    if not payload.amount.is_finite():
        raise ApplicationError(gettext("Ange ett belopp."), field="amount")
    reversal = services.payment_reverse(actor=request.user, payment=payment, amount=payload.amount, reason=payload.reason)
    return Status(201, {
        "id": reversal.pk, "payment": payment.pk, "amount": reversal.amount, "reason": reversal.reason,
        "created_at": reversal.created_at,
    })
