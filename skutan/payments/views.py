"""Utbetalningar in the browser: payment runs with a live progress bar, the file, single payments and accounts.

A run is carried out by the background worker (payments.tasks, docs/tasks.md). The run page polls
``run_progress`` every second (HTMX ``hx-trigger="every 1s"``), which only reads: its numbers come from the
PaymentRun row and the task's progress row. ``run_step`` (POST) hands a failed run to the worker again.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.audit.models import AccessAction
from skutan.core.errors import AccessDeniedError, ApplicationError
from skutan.core.web import ctx, is_htmx, staff_view
from skutan.payments import selectors, services
from skutan.payments.conf import payment_settings
from skutan.payments.forms import PayeeAccountForm, PaymentStatusForm, ReversalForm, RunCreateForm
from skutan.payments.models import PaymentRun
from skutan.people.selectors import person_address_for_request


def _require_payment_units(request) -> list:
    units = selectors.payment_units_for_user(user=request.user)
    if not units:
        raise AccessDeniedError(gettext("Utbetalningar är för enhetschefer inom ekonomiskt bistånd och systemförvaltare."))
    return units


def _next_bank_day():
    from timelimits import next_open_day

    return next_open_day(timezone.localdate())


def _index_page(request, form=None, status=200):
    units = _require_payment_units(request)
    unit_ids = [u.pk for u in units]
    context = {
        "units": units,
        "form": form or RunCreateForm(initial={"execution_date": _next_bank_day()}),
        "summary": selectors.payments_planned_summary(unit_ids=unit_ids),
        "runs": list(selectors.payment_runs_for_user(user=request.user)[:50]),
        "open_run": selectors.payment_run_open_for_units(unit_ids=unit_ids),
        "without_account": selectors.payees_without_verified_account(
            ctx=ctx(request, "Utbetalningar: mottagare utan verifierat konto"), unit_ids=unit_ids
        ),
        "settings": payment_settings(),
    }
    return render(request, "payments/index.html", context, status=status)


@staff_view
def index(request):
    return _index_page(request)


@staff_view
@require_POST
def run_create(request):
    _require_payment_units(request)
    form = RunCreateForm(request.POST)
    if not form.is_valid():
        return _index_page(request, form=form, status=400)
    try:
        run = services.payment_run_create(actor=request.user, execution_date=form.cleaned_data["execution_date"])
    except ApplicationError as exc:
        form.add_error("execution_date" if exc.field == "execution_date" else None, exc.message)
        return _index_page(request, form=form, status=exc.status)
    services.payment_run_start(actor=request.user, run=run)
    messages.success(
        request, gettext(
            "Utbetalningskörningen är skapad med %(total_count)s betalningar och körs i bakgrunden."
        ) % {"total_count": run.total_count}
    )
    return redirect("payments:run_detail", run_id=run.pk)


def _progress(request, run: PaymentRun, status=200):
    return render(request, "payments/_run_progress.html", {"run": run, "task": selectors.payment_run_task(run=run)},
                  status=status)


@staff_view
def run_detail(request, run_id: int):
    run = selectors.payment_run_get_for_user(
        ctx=ctx(request, "Utbetalningskörning"), run_id=run_id, log_payees=True
    )
    payments = selectors.payments_in_run(run=run)
    return render(
        request, "payments/run_detail.html",
        {"run": run, "payments": payments, "by_status": selectors.run_totals_by_status(run=run),
         "task": selectors.payment_run_task(run=run),
         "hidden_count": max(0, run.payments.count() - len(payments))},
    )


@staff_view
def run_progress(request, run_id: int):
    """The progress fragment as it is now, without advancing the run."""
    run = selectors.payment_run_get_for_user(
        ctx=ctx(request, "Utbetalningskörning: förlopp"), run_id=run_id, log_payees=True
    )
    return _progress(request, run)


@staff_view
@require_POST
def run_step(request, run_id: int):
    """Hand the run to the background worker again (a failed run, or one whose task was lost)."""
    run = selectors.payment_run_get_for_user(ctx=ctx(request, "Utbetalningskörning"), run_id=run_id)
    if not run.is_finished:
        task = selectors.payment_run_task(run=run)
        if task is None or task.is_finished:
            services.payment_run_start(actor=request.user, run=run)
    if not is_htmx(request):
        return redirect("payments:run_detail", run_id=run.pk)
    return _progress(request, selectors.payment_run_reload(run=run))


@staff_view
def run_file(request, run_id: int):
    run = selectors.payment_run_get_for_user(
        ctx=ctx(request, "Export av betalfil"), run_id=run_id, action=AccessAction.EXPORT, log_payees=True,
        whole_run=True,
    )
    if not run.file_sha256:
        messages.error(request, gettext("Betalfilen är inte klar än."))
        return redirect("payments:run_detail", run_id=run.pk)
    response = HttpResponse(run.file_content.encode("utf-8"), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{run.filename}"'
    return response


@staff_view
@require_POST
def run_sent(request, run_id: int):
    run = selectors.payment_run_get_for_user(ctx=ctx(request, "Utbetalningskörning"), run_id=run_id)
    try:
        services.payment_run_mark_sent(actor=request.user, run=run)
        messages.success(request, gettext("Betalfilen är markerad som skickad till banken."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("payments:run_detail", run_id=run.pk)


def _payment_page(request, payment, *, status_form=None, reversal_form=None, status=200):
    can_handle = selectors.user_can_handle_payment(user=request.user, unit_id=payment.case.unit_id)
    return render(
        request, "payments/payment_detail.html",
        {
            "payment": payment, "person": payment.payee,
            "address": person_address_for_request(request=request, person=payment.payee),
            "reversed_total": selectors.payment_reversed_total(payment=payment),
            "can_handle": can_handle,
            "status_form": status_form or PaymentStatusForm(),
            "reversal_form": reversal_form or ReversalForm(),
        },
        status=status,
    )


@staff_view
def payment_detail(request, payment_id: int):
    payment = selectors.payment_get_for_user(ctx=ctx(request, "Utbetalning"), payment_id=payment_id)
    return _payment_page(request, payment)


@staff_view
@require_POST
def payment_status(request, payment_id: int):
    payment = selectors.payment_get_for_user(ctx=ctx(request, "Utbetalning: status"), payment_id=payment_id)
    form = PaymentStatusForm(request.POST)
    if not form.is_valid():
        return _payment_page(request, payment, status_form=form, status=400)
    try:
        services.payment_status_set(
            actor=request.user, payment=payment, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
        )
    except ApplicationError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _payment_page(request, payment, status_form=form, status=exc.status)
    messages.success(request, gettext("Utbetalningens status är ändrad."))
    return redirect("payments:payment_detail", payment_id=payment.pk)


@staff_view
@require_POST
def payment_reverse(request, payment_id: int):
    payment = selectors.payment_get_for_user(ctx=ctx(request, "Utbetalning: återföring"), payment_id=payment_id)
    form = ReversalForm(request.POST)
    if not form.is_valid():
        return _payment_page(request, payment, reversal_form=form, status=400)
    try:
        services.payment_reverse(
            actor=request.user, payment=payment, amount=form.cleaned_data["amount"], reason=form.cleaned_data["reason"]
        )
    except ApplicationError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _payment_page(request, payment, reversal_form=form, status=exc.status)
    messages.success(request, gettext("Återföringen är registrerad."))
    return redirect("payments:payment_detail", payment_id=payment.pk)


def _account_page(request, person, *, form=None, status=200):
    return render(
        request, "payments/payee_account.html",
        {"person": person, "address": person_address_for_request(request=request, person=person),
         "accounts": selectors.payee_accounts_of(person=person), "form": form or PayeeAccountForm()},
        status=status,
    )


@staff_view
def payee_account(request, person_id: int):
    person = selectors.payee_account_person_get_for_user(ctx=ctx(request, "Utbetalningskonto"), person_id=person_id)
    if request.method != "POST":
        return _account_page(request, person)
    form = PayeeAccountForm(request.POST)
    if form.is_valid():
        try:
            services.payee_account_register(actor=request.user, person=person, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return _account_page(request, person, form=form, status=exc.status)
        messages.success(request, gettext("Kontot är registrerat. En kollega behöver verifiera det innan utbetalning."))
        return redirect("payments:payee_account", person_id=person.pk)
    return _account_page(request, person, form=form, status=400)


@staff_view
@require_POST
def payee_account_verify(request, person_id: int, account_id: int):
    person = selectors.payee_account_person_get_for_user(ctx=ctx(request, "Utbetalningskonto"), person_id=person_id)
    account = next((a for a in selectors.payee_accounts_of(person=person) if a.pk == account_id), None)
    if account is None:
        messages.error(request, gettext("Kontot finns inte."))
    else:
        try:
            services.payee_account_verify(actor=request.user, account=account)
            messages.success(request, gettext("Kontot är verifierat."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return redirect("payments:payee_account", person_id=person.pk)
