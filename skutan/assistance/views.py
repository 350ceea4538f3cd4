"""Web pages for ekonomiskt bistånd: the months of a case, the application with its live calculation, the
decision and its letter; the riksnorm tables and municipal guidelines for administrators."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from norm.errors import month_sv
from skutan.accounts.models import Role
from skutan.accounts.selectors import user_has_role
from skutan.assistance import forms as aforms
from skutan.assistance import selectors, services
from skutan.assistance.calculation import field_label_sv
from skutan.assistance.letters import decision_letter_filename, decision_letter_pdf
from skutan.assistance.models import COST_TYPE_CHOICES, INCOME_TYPE_CHOICES, DecisionOutcome
from skutan.audit.models import AccessAction
from skutan.audit.services import access_log_list_record
from skutan.cases.models import CaseType
from skutan.cases.selectors import case_get_for_user
from skutan.core.errors import AccessDeniedError, ApplicationError, NotFoundError
from skutan.core.web import ctx, staff_view
from skutan.people.selectors import person_address


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


@staff_view
def home(request):
    """Ekonomiskt bistånd: the user's EB cases and their latest month."""
    show_all = request.GET.get("alla") == "1"
    cases = selectors.assistance_cases_for_user(user=request.user, mine_only=not show_all)
    access_log_list_record(ctx=ctx(request, "Ekonomiskt bistånd: ärendelista"), cases=cases)
    return render(
        request, "assistance/home.html",
        {"cases": cases, "show_all": show_all, "can_admin": user_has_role(user=request.user, role=Role.SYSTEM_ADMIN)},
    )


def _eb_case(request, case_id: int, purpose: str):
    case = case_get_for_user(ctx=ctx(request, purpose), case_id=case_id)
    if case.case_type != CaseType.FINANCIAL_ASSISTANCE:
        raise NotFoundError("Ärendet är inte ett ärende om ekonomiskt bistånd.")
    return case


@staff_view
def case_months(request, case_id: int):
    case = _eb_case(request, case_id, "Ekonomiskt bistånd")
    return _case_months_page(request, case)


def _case_months_page(request, case, *, form=None, status=200):
    applications = selectors.case_applications(case=case)
    suggested = _next_month(applications[0].month) if applications else timezone.localdate().replace(day=1)
    form = form or aforms.NewApplicationForm(initial={"month": f"{suggested:%Y-%m}"})
    return render(
        request, "assistance/case_months.html",
        {
            "case": case, "person": case.person, "address": person_address(user=request.user, person=case.person),
            "applications": applications, "form": form, "latest": applications[0] if applications else None,
        },
        status=status,
    )


@staff_view
@require_POST
def application_new(request, case_id: int):
    case = _eb_case(request, case_id, "Ny ansökan om ekonomiskt bistånd")
    form = aforms.NewApplicationForm(request.POST)
    if not form.is_valid():
        return _case_months_page(request, case, form=form, status=400)
    try:
        application = services.application_create(actor=request.user, case=case, month=form.cleaned_data["month"])
    except ApplicationError as exc:
        form.add_error("month", exc.message)
        return _case_months_page(request, case, form=form, status=exc.status)
    messages.success(request, f"Ansökan för {month_sv(application.month.year, application.month.month)} är registrerad.")
    return redirect("assistance:application", application_id=application.pk)


def _page_context(request, application, *, raw=None, errors=None, outcome=None, decision_form=None):
    case = application.case
    proposal = None
    if application.is_decided:
        outcome = outcome or selectors.application_outcome(application=application)
    else:
        proposal = selectors.application_proposal(
            application=application, tables=selectors.norm_tables_current(request=request)
        )
        outcome = outcome or proposal.outcome_data
        if decision_form is None:
            decision_form = aforms.DecisionForm(
                initial={
                    "outcome": proposal.outcome or DecisionOutcome.REJECTED,
                    "amount": "" if proposal.amount is None else str(int(proposal.amount)),
                    "reasons": proposal.reasons, "legal_basis": proposal.legal_basis, "version": application.version,
                }
            )
    raw = raw or aforms.raw_from_application(application)
    return {
        "case": case, "person": case.person, "address": person_address(user=request.user, person=case.person),
        "application": application, "raw": aforms.with_blank_rows(raw) if not application.is_decided else raw,
        "errors": errors or [], "outcome": outcome, "proposal": proposal, "decision_form": decision_form,
        "decision": getattr(application, "decision", None) if application.is_decided else None,
        "cost_types": COST_TYPE_CHOICES, "income_types": INCOME_TYPE_CHOICES, "lunch_choices": aforms.LUNCH_CHOICES,
        "role_choices": aforms.ROLE_CHOICES, "month_text": month_sv(application.month.year, application.month.month),
        "has_next": application.renewals.exists() or _next_exists(application),
    }


def _next_exists(application) -> bool:
    return selectors.application_exists(case_id=application.case_id, month=_next_month(application.month))


def _with_page_errors(errors, page_rows):
    """Norm paths count kept rows; show them against the rows as numbered on the page."""
    shown = []
    for path, message in errors:
        shown.append((aforms.page_path(path, page_rows), message))
    return shown


@staff_view
def application_detail(request, application_id: int):
    """The month: household, costs, incomes (editable until decided), the live calculation and the decision."""
    application = selectors.application_get_for_user(ctx=ctx(request, "Ekonomiskt bistånd"), application_id=application_id)
    if request.method != "POST":
        return render(request, "assistance/application.html", _page_context(request, application))
    if application.is_decided:
        messages.error(request, services.DECIDED_IMMUTABLE)
        return render(request, "assistance/application.html", _page_context(request, application), status=409)
    data, errors, page_rows = aforms.parse_application_post(request.POST)
    raw = aforms.raw_from_post(request.POST)
    action = request.POST.get("action", "save")
    decision_form = aforms.DecisionForm(request.POST) if action == "decide" else None
    if errors:
        return render(
            request, "assistance/application.html",
            _page_context(request, application, raw=raw, errors=errors, decision_form=decision_form), status=400,
        )
    try:
        version = int(request.POST.get("version") or application.version)
        application = services.application_update(
            actor=request.user, application=application, data=data, expected_version=version
        )
    except ApplicationError as exc:
        path = aforms.page_path(exc.field, page_rows)
        return render(
            request, "assistance/application.html",
            _page_context(request, application, raw=raw, errors=[(path, exc.message)], decision_form=decision_form),
            status=exc.status,
        )
    if action != "decide":
        messages.success(request, "Ansökan är sparad.")
        return redirect("assistance:application", application_id=application.pk)
    decision_form = aforms.DecisionForm({**request.POST.dict(), "version": application.version})
    return _decide(request, application, decision_form)


def _decide(request, application, decision_form):
    if not decision_form.is_valid():
        return render(
            request, "assistance/application.html",
            _page_context(request, application, decision_form=decision_form), status=400,
        )
    data = decision_form.cleaned_data
    try:
        decision = services.decision_make(
            actor=request.user, application=application, outcome=data["outcome"], amount=data["amount"],
            reasons=data["reasons"], legal_basis=data["legal_basis"], expected_version=data["version"],
            tables=selectors.norm_tables_current(request=request),
        )
    except ApplicationError as exc:
        target = exc.field if exc.field in decision_form.fields else None
        decision_form.add_error(target, exc.message)
        return render(
            request, "assistance/application.html",
            _page_context(request, application, decision_form=decision_form), status=exc.status,
        )
    messages.success(
        request, f"Beslut fattat: {decision.get_outcome_display().lower()}, {int(decision.amount)} kr."
    )
    return redirect("assistance:application", application_id=application.pk)


@staff_view
@require_POST
def application_decide(request, application_id: int):
    application = selectors.application_get_for_user(ctx=ctx(request, "Beslut om ekonomiskt bistånd"), application_id=application_id)
    if application.is_decided:
        messages.error(request, "Månaden är redan beslutad. Ett beslut kan inte ändras.")
        return render(request, "assistance/application.html", _page_context(request, application), status=409)
    return _decide(request, application, aforms.DecisionForm(request.POST))


@staff_view
@require_POST
def application_calculate(request, application_id: int):
    """HTMX: the calculation panel for the form as typed (nothing is saved)."""
    application = selectors.application_get_for_user(
        ctx=ctx(request, "Beräkning av ekonomiskt bistånd"), application_id=application_id
    )
    if application.is_decided:
        outcome = selectors.application_outcome(application=application)
        return render(request, "assistance/_calculation.html", {"outcome": outcome, "application": application})
    data, errors, page_rows = aforms.parse_application_post(request.POST)
    outcome = None
    if not errors:
        outcome = selectors.application_preview(
            application=application, data=data, tables=selectors.norm_tables_current(request=request)
        )
        if not outcome.ok and outcome.error_field:
            path = aforms.page_path(outcome.error_field, page_rows)
            if path != outcome.error_field and outcome.error_raw:
                outcome.error = f"{field_label_sv(path).capitalize()}: {outcome.error_raw}"
            outcome.error_field = path
    return render(
        request, "assistance/_calculation.html",
        {"outcome": outcome, "errors": _with_page_errors(errors, page_rows), "application": application, "live": True},
    )


@staff_view
@require_POST
def application_renew(request, application_id: int):
    application = selectors.application_get_for_user(ctx=ctx(request, "Ny månad, ekonomiskt bistånd"), application_id=application_id)
    try:
        new = services.application_renew(actor=request.user, application=application)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("assistance:application", application_id=application.pk)
    messages.success(
        request, f"Ny månad: ansökan för {month_sv(new.month.year, new.month.month)} är ifylld från föregående månad."
    )
    return redirect("assistance:application", application_id=new.pk)


@staff_view
def decision_letter(request, decision_id: int):
    decision = selectors.decision_get_for_user(
        ctx=ctx(request, "Utskrift av beslut om ekonomiskt bistånd"), decision_id=decision_id, action=AccessAction.PRINT
    )
    pdf = decision_letter_pdf(decision=decision, user=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{decision_letter_filename(decision)}"'
    return response


# -- administration -----------------------------------------------------------------------------------------


def _require_admin(request):
    if not user_has_role(user=request.user, role=Role.SYSTEM_ADMIN):
        raise AccessDeniedError("Sidan är för systemförvaltare.")


def _year_param(request) -> int:
    text = request.POST.get("ar") or request.GET.get("ar") or ""
    year = int(text) if text.strip().isdigit() else timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise NotFoundError("Året finns inte.")
    return year


def _norm_year_url(year: int) -> str:
    return f"{reverse('assistance:norm_tables')}?ar={year}"


@staff_view
def norm_year(request):
    """One year's riksnorm for the systemförvaltare (?ar=ÅÅÅÅ): every amount with its mark and source, gaps as
    "—"; add or correct an amount with its source."""
    _require_admin(request)
    year = _year_param(request)
    status = 200
    form = None
    if request.method == "POST":
        action = request.POST.get("action", "set")
        key = request.POST.get("key", "")
        try:
            if action == "reset":
                services.norm_amount_reset(actor=request.user, year=year, key=key)
                messages.success(request, "Beloppet är återställt till det levererade värdet.")
                return redirect(_norm_year_url(year))
            form = aforms.NormAmountForm(request.POST)
            if form.is_valid():
                row = services.norm_amount_set(
                    actor=request.user, year=year, key=form.cleaned_data["key"], amount=form.cleaned_data["amount"],
                    source=form.cleaned_data["source"], mark=form.cleaned_data["mark"],
                )
                note = " utan officiell källa och är därför markerat som obekräftat (⚠)" if row.mark == "⚠" else ""
                messages.success(request, f"Beloppet är sparat{note}.")
                return redirect(_norm_year_url(year))
            status = 400
        except ApplicationError as exc:
            form = form or aforms.NormAmountForm(request.POST)
            form.is_valid()
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            status = exc.status
    table, rows = selectors.norm_year_rows(year=year)
    return render(
        request, "assistance/norm_year.html",
        {
            "year": year, "table": table, "rows": rows, "years": selectors.norm_years(), "form": form,
            "failed_key": request.POST.get("key") if form is not None else None,
        },
        status=status,
    )


@staff_view
def guidelines(request):
    if not services.user_may_edit_guidelines(request.user):
        raise AccessDeniedError("Sidan är för systemförvaltare och enhetschefer.")
    form = aforms.GuidelineForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.guideline_create(
                    actor=request.user, cost_type=d["cost_type"], household_size=d["household_size"],
                    max_amount=d["max_amount"], source=d["source"], valid_from=d["valid_from"], valid_to=d["valid_to"],
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                messages.success(request, "Riktlinjen är sparad.")
                return redirect("assistance:guidelines")
    return render(
        request, "assistance/guidelines.html",
        {"guidelines": list(selectors.guidelines_all()), "form": form, "today": timezone.localdate()}, status=status,
    )


@staff_view
@require_POST
def guideline_end(request):
    pk = request.POST.get("guideline", "")
    guideline = selectors.guideline_get(guideline_id=int(pk)) if pk.isdigit() else None
    if guideline is None:
        raise NotFoundError("Riktlinjen finns inte.")
    try:
        services.guideline_end(actor=request.user, guideline=guideline, valid_to=timezone.localdate())
        messages.success(request, "Riktlinjen gäller inte längre från i dag.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("assistance:guidelines")
