"""Gallring in the web UI (the arkivansvarig's pages): plans, review and approval; registerutdrag."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from skutan.core.errors import AccessDeniedError, ApplicationError
from skutan.core.models import TaskStatus
from skutan.core.tasks import task_progress_get_for_user, task_progress_latest
from skutan.core.web import ctx, staff_view
from skutan.people.selectors import person_get_for_user, person_search
from skutan.retention import selectors, services, services_requests
from skutan.retention.forms import (
    ExtractFindForm,
    MarkRegisterForm,
    MarkWithdrawForm,
    PlanApproveForm,
    PlanCreateForm,
    RequestDecideForm,
    RequestRegisterForm,
)
from skutan.retention.models import ItemOutcome, PlanStatus
from skutan.retention.rules import rules_load


def _require(request) -> None:
    if not selectors.user_is_archivist(user=request.user):
        raise AccessDeniedError(gettext("Sidan är till för arkivansvarig."))


@staff_view
def plan_list(request):
    _require(request)
    form = PlanCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.purge_plan_create(actor=request.user, year=form.cleaned_data["year"])
        except ApplicationError as exc:
            form.add_error("year", exc.message)
        else:
            messages.success(request, gettext("Provkörningen är klar. Ingenting är gallrat; planen väntar på godkännande."))
            return redirect("retention:plan", purge_plan_id=plan.pk)
    plans = list(selectors.purge_plans_for_user(user=request.user)[:100])
    return render(request, "retention/plans.html", {
        "plans": plans, "form": form, "rules": list(rules_load().values()),
    }, status=400 if form.errors else 200)


@staff_view
def plan_detail(request, purge_plan_id: int):
    _require(request)
    plan = selectors.purge_plan_get_for_user(user=request.user, plan_id=purge_plan_id)
    form = PlanApproveForm(request.POST or None, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "execute":
                progress = services.purge_plan_execute_start(actor=request.user, plan=plan)
                return redirect(f"{reverse('retention:plan', kwargs={'purge_plan_id': plan.pk})}?uppgift={progress.pk}")
            if request.POST.get("action") == "cancel":
                services.purge_plan_cancel(actor=request.user, plan=plan, version=form.cleaned_data["version"])
                messages.success(request, gettext("Planen är makulerad."))
            else:
                services.purge_plan_approve(
                    actor=request.user, plan=plan, version=form.cleaned_data["version"],
                    note=form.cleaned_data["note"],
                )
                messages.success(request, gettext("Planen är godkänd. Nu kan gallringen startas."))
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("retention:plan", purge_plan_id=plan.pk)
    access = ctx(request, "Gallring: granskning av gallringsplan")
    rules = rules_load()
    task = _plan_task(request, plan)
    return render(request, "retention/plan.html", {
        "plan": plan, "form": form, "rules": rules, "task": task,
        # a task that is running may have lost its worker: it can always be started again (it continues)
        "may_execute": plan.status in (PlanStatus.APPROVED, PlanStatus.RUNNING)
        and not (task and task.status == TaskStatus.QUEUED),
        "reports": plan.summary.get("reports") or {},
        "purge_items": selectors.purge_plan_items(ctx=access, plan=plan, outcome=ItemOutcome.PURGE),
        "keep_items": selectors.purge_plan_items(ctx=access, plan=plan, outcome=ItemOutcome.KEEP),
        "may_approve": plan.status == PlanStatus.DRAFT and plan.created_by_id != request.user.pk,
        "rule_rows": [
            (rules.get(code), code, counts) for code, counts in sorted(plan.summary.get("rules", {}).items())
        ],
    }, status=400 if form.errors else 200)


def _plan_task(request, plan):
    """The execution task shown on the plan's page: the one just started (``?uppgift=``), else the latest for
    the plan if this user started it (only its starter sees a task's progress, docs/tasks.md)."""
    if request.GET.get("uppgift", "").isdigit():
        task = task_progress_get_for_user(user=request.user, progress_id=int(request.GET["uppgift"]))
        if task.object_type == "retention.purgeplan" and task.object_id == str(plan.pk):
            return task
    task = task_progress_latest(kind=services.PURGE_TASK_KIND, object_type="retention.purgeplan", object_id=plan.pk)
    if task and (request.user.is_superuser or task.owner_id == request.user.pk):
        return task
    return None


@staff_view
def extract_find(request):
    _require(request)
    form = ExtractFindForm(request.GET or None)
    found = []
    if form.is_valid():
        found = person_search(ctx=ctx(request, "Registerutdrag (GDPR art. 15)"), query=form.cleaned_data["identity_number"])
    return render(request, "retention/extract_find.html", {"form": form, "found": found})


@staff_view
def extract_person(request, subject_person_id: int):
    """The caseworker's view of a registerutdrag: what it holds and what was left out, and why."""
    _require(request)
    person = person_get_for_user(ctx=ctx(request, "Registerutdrag (GDPR art. 15)"), person_id=subject_person_id)
    from skutan.retention.extract import extract_build
    from skutan.retention.holdings import holdings_collect

    form = RequestRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services_requests.data_subject_request_register(
                actor=request.user, person=person, kind=form.cleaned_data["kind"],
                received_on=form.cleaned_data["received_on"], description=form.cleaned_data["description"],
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, gettext("Begäran är registrerad."))
            return redirect("retention:request", subject_request_id=created.pk)
    extract = extract_build(person=person, holdings=holdings_collect(person_ids={person.pk}))
    return render(request, "retention/extract.html", {
        "person": person, "extract": extract, "form": form,
        "requests": selectors.data_subject_requests_for_person(user=request.user, person=person),
    }, status=400 if form.errors else 200)


@staff_view
def request_detail(request, subject_request_id: int):
    _require(request)
    access = ctx(request, "Begäran om rättelse eller radering")
    subject_request = selectors.data_subject_request_get_for_user(ctx=access, request_id=subject_request_id)
    form = RequestDecideForm(request.POST or None, initial={"version": subject_request.version})
    if request.method == "POST" and form.is_valid():
        try:
            services_requests.data_subject_request_decide(
                actor=request.user, request=subject_request, version=form.cleaned_data["version"],
                status=form.cleaned_data["status"], decision_text=form.cleaned_data["decision_text"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, gettext("Begäran är avgjord."))
            return redirect("retention:request", subject_request_id=subject_request.pk)
    refusal = None
    if subject_request.kind == "erasure" and subject_request.status == "received":
        refusal = services_requests.erasure_refusal_reason(person=subject_request.person)
    return render(request, "retention/request.html", {
        "subject_request": subject_request, "form": form, "refusal": refusal,
    }, status=400 if form.errors else 200)


@staff_view
def request_letter(request, subject_request_id: int):
    _require(request)
    if request.method != "POST":
        return HttpResponse(status=405)
    access = ctx(request, "Svar på begäran om rättelse/radering")
    subject_request = selectors.data_subject_request_get_for_user(ctx=access, request_id=subject_request_id)
    try:
        pdf = services_requests.data_subject_request_letter(ctx=access, request=subject_request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("retention:request", subject_request_id=subject_request.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="svar-begaran-{subject_request.pk}.pdf"'
    return response


@staff_view
def extract_pdf(request, subject_person_id: int):
    _require(request)
    if request.method != "POST":
        return HttpResponse(status=405)
    person = person_get_for_user(ctx=ctx(request, "Registerutdrag (GDPR art. 15)"), person_id=subject_person_id)
    pdf, _ = services.register_extract_produce(ctx=ctx(request, "Registerutdrag (GDPR art. 15)"), person=person)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{person.pk}.pdf"'
    return response


MARK_PURPOSE = "Bevarandemarkering (gallring)"


@staff_view
def marks(request, subject_person_id: int):
    """A person's bevarandemarkeringar: list them and register one (the archive role, or a caseworker of the
    person's unit: the service decides)."""
    from skutan.cases.selectors import cases_for_person

    access = ctx(request, MARK_PURPOSE)
    person = person_get_for_user(ctx=access, person_id=subject_person_id)
    may_write = _may_mark(request.user, person)
    if request.method == "POST":
        services.retention_mark_write_check(actor=request.user, person=person)  # before the input is read
    cases = cases_for_person(user=request.user, person=person)[0]
    form = MarkRegisterForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = next((c for c in cases if c.pk == data["case"]), None)
        child, error = _child(access, data["child_identity_number"])
        if error:
            form.add_error("child_identity_number", error)
        else:
            try:
                services.retention_mark_register(
                    actor=request.user, person=person, kind=data["kind"], document_date=data["document_date"],
                    case=case, child=child, note=data["note"],
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, gettext("Bevarandemarkeringen är registrerad."))
                return redirect("retention:marks", subject_person_id=person.pk)
    return render(request, "retention/marks.html", {
        "person": person, "form": form, "marks": selectors.retention_marks_for_person(person=person),
        "may_write": may_write, "withdraw_form": MarkWithdrawForm(),
        "is_archivist": selectors.user_is_archivist(user=request.user),
    }, status=400 if form.errors else 200)


def _may_mark(user, person) -> bool:
    try:
        services.retention_mark_write_check(actor=user, person=person)
    except AccessDeniedError:
        return False
    return True


def _child(access, number: str):
    """The child a custody agreement concerns, found by personnummer (each person shown is logged)."""
    number = (number or "").strip()
    if not number:
        return None, None
    found = person_search(ctx=access, query=number)
    if len(found) != 1:
        return None, gettext("Hittar inte barnet. Kontrollera personnumret.")
    return found[0], None


@staff_view
def mark_withdraw(request, subject_person_id: int, retention_mark_id: int):
    if request.method != "POST":
        return HttpResponse(status=405)
    access = ctx(request, MARK_PURPOSE)
    person = person_get_for_user(ctx=access, person_id=subject_person_id)
    services.retention_mark_write_check(actor=request.user, person=person)
    mark = selectors.retention_mark_get(person=person, mark_id=retention_mark_id)
    form = MarkWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Ange varför markeringen återkallas."))
    else:
        try:
            services.retention_mark_withdraw(actor=request.user, mark=mark, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, gettext("Bevarandemarkeringen är återkallad."))
    return redirect("retention:marks", subject_person_id=person.pk)
