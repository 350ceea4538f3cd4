"""Web pages for ekonomiskt bistånd: the months of a case, the application with its live calculation, the
decision and its letter; the riksnorm tables and municipal guidelines for administrators."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from norm.errors import month_sv
from norm.tables import AMOUNT_KEYS
from skutan.accounts.models import Role
from skutan.accounts.selectors import user_has_role
from skutan.assistance import forms as aforms
from skutan.assistance import selectors, services
from skutan.assistance.calculation import field_label_sv
from skutan.assistance.legal import unconfirmed_references
from skutan.assistance.letters import (
    decision_letter_filename,
    decision_letter_pdf,
    decision_letter_preview_pdf,
)
from skutan.assistance.models import COST_TYPE_CHOICES, INCOME_TYPE_CHOICES, DecisionOutcome
from skutan.assistance.register_codes import code_list
from skutan.audit.models import AccessAction
from skutan.audit.services import access_log_list_record
from skutan.cases.models import CaseType
from skutan.cases.selectors import case_get_for_user
from skutan.core.errors import AccessDeniedError, ApplicationError, NotFoundError
from skutan.core.web import ctx, staff_view
from skutan.people.selectors import person_address_for_request
from skutan.referrals.selectors import referral_for_subject


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
        raise NotFoundError(gettext("Ärendet är inte ett ärende om ekonomiskt bistånd."))
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
            "case": case, "person": case.person, "address": person_address_for_request(request=request, person=case.person),
            "applications": applications, "form": form, "latest": applications[0] if applications else None,
            "closing_code": selectors.case_closing_code(case=case),
            "closing_choices": code_list("closing_reasons").choices(case.closed_on),
            "closing_list": code_list("closing_reasons"),
        },
        status=status,
    )


@staff_view
@require_POST
def case_closing_code(request, case_id: int):
    """The register's coded avslutsorsak of a closed EB case."""
    case = _eb_case(request, case_id, "Avslutsorsak för registret")
    try:
        services.case_closing_code_set(actor=request.user, case=case, code=request.POST.get("code", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _case_months_page(request, case, status=exc.status)
    messages.success(request, gettext("Avslutsorsaken är sparad."))
    return redirect("assistance:case_months", case_id=case.pk)


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
    messages.success(request, gettext(
        "Ansökan för %(month)s är registrerad."
    ) % {"month": month_sv(application.month.year, application.month.month)})
    return redirect("assistance:application", application_id=application.pk)


def _amount_to_decide(decision_form, proposal, outcome) -> Decimal:
    """The amount the decision would grant: as typed, else the proposal's, else the calculated assistance."""
    if decision_form is not None and decision_form.is_bound:
        typed = (decision_form.data.get("amount") or "").strip()
        if typed:
            try:
                return Decimal(typed.replace(" ", "").replace(",", "."))
            except InvalidOperation:
                pass
        if decision_form.data.get("outcome") == DecisionOutcome.REJECTED:
            return Decimal(0)
    if proposal is not None and proposal.amount is not None:
        return Decimal(proposal.amount)
    result = getattr(outcome, "result", None) or (outcome.get("result") if isinstance(outcome, dict) else None)
    try:
        return Decimal(str((result or {}).get("assistance", 0)))
    except InvalidOperation:
        return Decimal(0)


def _page_context(request, application, *, raw=None, errors=None, outcome=None, decision_form=None):
    case = application.case
    proposal = None
    delegation = None
    referral = referral_for_subject(subject_type=services.REFERRAL_SUBJECT, subject_id=application.pk)
    if application.is_decided:
        outcome = outcome or selectors.application_outcome(application=application)
    else:
        proposal = selectors.application_proposal(
            application=application, tables=selectors.norm_tables_current(request=request)
        )
        outcome = outcome or proposal.outcome_data
        if decision_form is None:
            initial = {
                "outcome": proposal.outcome or DecisionOutcome.REJECTED,
                "amount": "" if proposal.amount is None else str(int(proposal.amount)),
                "reasons": proposal.reasons, "legal_basis": proposal.legal_basis, "version": application.version,
            }
            if referral is not None and referral.is_pending and referral.sent_to_id == request.user.pk:
                sent = referral.proposal
                initial.update(outcome=sent.get("outcome"), amount=str(int(Decimal(sent.get("amount") or 0))),
                               reasons=sent.get("reasons", ""), legal_basis=sent.get("legal_basis", ""))
            decision_form = aforms.DecisionForm(initial=initial)
        delegation = selectors.delegation_status(
            user=request.user, case=case, amount=_amount_to_decide(decision_form, proposal, outcome)
        )
    raw = raw or aforms.raw_from_application(application)
    return {
        "case": case, "person": case.person, "address": person_address_for_request(request=request, person=case.person),
        "application": application, "raw": aforms.with_blank_rows(raw) if not application.is_decided else raw,
        "errors": errors or [], "outcome": outcome, "proposal": proposal, "decision_form": decision_form,
        "decision": getattr(application, "decision", None) if application.is_decided else None,
        "cost_types": COST_TYPE_CHOICES, "income_types": INCOME_TYPE_CHOICES, "lunch_choices": aforms.LUNCH_CHOICES,
        "role_choices": aforms.ROLE_CHOICES, "month_text": month_sv(application.month.year, application.month.month),
        "has_next": application.renewals.exists() or _next_exists(application),
        "delegation": delegation, "referral": referral,
        "obstacle_choices": code_list("support_obstacles").choices(application.month),
        "measure_choices": code_list("labour_market_measures").choices(application.month),
        "household_type": selectors.application_household_type(application=application),
        "job_stimulus": selectors.job_stimulus_period(application=application),
        # References awaiting confirmation: the letter cites the law by name only; warn the caseworker.
        "unconfirmed_refs": unconfirmed_references(
            month=application.month, decided_on=timezone.localdate(),
            adverse=not application.is_decided or application.decision.is_adverse,
        ),
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
    decision_form = aforms.DecisionForm(request.POST) if action in ("decide", "preview") else None
    if errors:
        return render(
            request, "assistance/application.html",
            _page_context(request, application, raw=raw, errors=errors, decision_form=decision_form), status=400,
        )
    if action == "preview":
        return _letter_preview(request, application, data, decision_form)
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
    if action not in ("decide", "refer"):
        messages.success(request, gettext("Ansökan är sparad."))
        return redirect("assistance:application", application_id=application.pk)
    decision_form = aforms.DecisionForm({**request.POST.dict(), "version": application.version})
    if action == "refer":
        return _refer(request, application, decision_form)
    return _decide(request, application, decision_form)


def _refer(request, application, decision_form):
    """Send the prepared decision to someone who holds the delegation (chosen among those the page offered)."""
    if not decision_form.is_valid():
        return render(
            request, "assistance/application.html",
            _page_context(request, application, decision_form=decision_form), status=400,
        )
    data = decision_form.cleaned_data
    context = _page_context(request, application, decision_form=decision_form)
    holders = {str(u.pk): u for u in context["delegation"].holders}
    try:
        referral = services.decision_refer(
            actor=request.user, application=application, to_user=holders.get(request.POST.get("refer_to", "")),
            outcome=data["outcome"], amount=data["amount"], reasons=data["reasons"],
            legal_basis=data["legal_basis"], message=request.POST.get("refer_message", ""),
            tables=selectors.norm_tables_current(request=request),
        )
    except ApplicationError as exc:
        context["refer_error"] = exc.message
        return render(request, "assistance/application.html", context, status=exc.status)
    messages.success(request, gettext(
        "Beslutsunderlaget är skickat till %(sent_to)s för beslut."
    ) % {"sent_to": referral.sent_to.display_name})
    return redirect("assistance:application", application_id=application.pk)
def _letter_preview(request, application, data, decision_form):
    """The letter as it would be sent, before the decision is saved: nothing is stored."""
    decision_form.is_valid()
    posted = decision_form.cleaned_data if hasattr(decision_form, "cleaned_data") else {}
    try:
        decision = selectors.decision_preview(
            application=application, data=data, actor=request.user, outcome=request.POST.get("outcome", ""),
            amount=request.POST.get("amount", ""), reasons=posted.get("reasons") or request.POST.get("reasons", ""),
            legal_basis=request.POST.get("legal_basis", ""), tables=selectors.norm_tables_current(request=request),
        )
    except ApplicationError as exc:
        target = exc.field if exc.field in decision_form.fields else None
        decision_form.add_error(target, exc.message)
        return render(
            request, "assistance/application.html",
            _page_context(request, application, decision_form=decision_form), status=exc.status,
        )
    response = HttpResponse(decision_letter_preview_pdf(decision=decision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{decision_letter_filename(decision)}"'
    return response


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
    except AccessDeniedError as exc:
        # Above the user's delegation: not a dead end. The page says so and offers to send the prepared
        # decision to someone who holds the delegation.
        decision_form.add_error(None, exc.message)
        return render(
            request, "assistance/application.html", _page_context(request, application, decision_form=decision_form),
        )
    except ApplicationError as exc:
        target = exc.field if exc.field in decision_form.fields else None
        decision_form.add_error(target, exc.message)
        return render(
            request, "assistance/application.html",
            _page_context(request, application, decision_form=decision_form), status=exc.status,
        )
    messages.success(
        request, gettext(
            "Beslut fattat: %(outcome)s, %(amount)s kr."
        ) % {"outcome": decision.get_outcome_display().lower(), "amount": int(decision.amount)}
    )
    return redirect("assistance:application", application_id=application.pk)


@staff_view
@require_POST
def application_decide(request, application_id: int):
    application = selectors.application_get_for_user(ctx=ctx(request, "Beslut om ekonomiskt bistånd"), application_id=application_id)
    if application.is_decided:
        messages.error(request, gettext("Månaden är redan beslutad. Ett beslut kan inte ändras."))
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
    delegation = None
    if outcome is not None and outcome.ok:
        delegation = selectors.delegation_status(
            user=request.user, case=application.case, amount=Decimal(str(outcome.result["assistance"]))
        )
    return render(
        request, "assistance/_calculation.html",
        {"outcome": outcome, "errors": _with_page_errors(errors, page_rows), "application": application, "live": True,
         "delegation": delegation},
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
        request, gettext(
            "Ny månad: ansökan för %(month)s är ifylld från föregående månad."
        ) % {"month": month_sv(new.month.year, new.month.month)}
    )
    return redirect("assistance:application", application_id=new.pk)


@staff_view
def decision_letter(request, decision_id: int):
    decision = selectors.decision_get_for_user(
        ctx=ctx(request, "Utskrift av beslut om ekonomiskt bistånd"), decision_id=decision_id, action=AccessAction.PRINT
    )
    pdf = decision_letter_pdf(decision=decision, user=request.user,
                              information_sheet=request.GET.get("informationsblad", ""))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{decision_letter_filename(decision)}"'
    return response


@staff_view
@require_POST
def decision_letter_sent(request, decision_id: int):
    """Store the decision letter, as sent, as an outgoing document of the case (date sent and channel)."""
    from skutan.assistance.services_letters import decision_letter_store_sent
    from skutan.cases.views_documents import letter_sent_post

    decision = selectors.decision_get_for_user(
        ctx=ctx(request, "Beslutsbrev sparat som skickat"), decision_id=decision_id
    )
    return letter_sent_post(
        request, case=decision.case, sheet=True,
        back=reverse("assistance:application", args=[decision.application_id]),
        store=lambda **sent: decision_letter_store_sent(actor=request.user, decision=decision, **sent),
    )


# -- administration -----------------------------------------------------------------------------------------


def _require_admin(request):
    if not user_has_role(user=request.user, role=Role.SYSTEM_ADMIN):
        raise AccessDeniedError(gettext("Sidan är för systemförvaltare."))


def _year_param(request) -> int:
    text = request.POST.get("ar") or request.GET.get("ar") or ""
    year = int(text) if text.strip().isdigit() else timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise NotFoundError(gettext("Året finns inte."))
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
            if action == "year":
                keys = [k for k in request.POST if k.startswith("amount-")]
                rows = services.norm_year_enter(
                    actor=request.user, year=year, amounts={k[len("amount-"):]: request.POST[k] for k in keys},
                    source=request.POST.get("source", ""), mark=request.POST.get("mark", "✔"),
                )
                messages.success(request, gettext(
                    "%(rows_count)s belopp för %(year)s är sparade med källan."
                ) % {"rows_count": len(rows), "year": year})
                return redirect(_norm_year_url(year))
            if action == "reset":
                services.norm_amount_reset(actor=request.user, year=year, key=key)
                messages.success(request, gettext("Beloppet är återställt till det levererade värdet."))
                return redirect(_norm_year_url(year))
            form = aforms.NormAmountForm(request.POST)
            if form.is_valid():
                row = services.norm_amount_set(
                    actor=request.user, year=year, key=form.cleaned_data["key"], amount=form.cleaned_data["amount"],
                    source=form.cleaned_data["source"], mark=form.cleaned_data["mark"],
                )
                messages.success(request, gettext(
                    "Beloppet är sparat utan officiell källa och är därför markerat som obekräftat (⚠)."
                ) if row.mark == "⚠" else gettext("Beloppet är sparat."))
                return redirect(_norm_year_url(year))
            status = 400
        except ApplicationError as exc:
            form = form or aforms.NormAmountForm(request.POST)
            form.is_valid()
            form.errors.clear()
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            status = exc.status
    table, rows = selectors.norm_year_rows(year=year)
    gap = selectors.norm_year_gap(year=year)
    return render(
        request, "assistance/norm_year.html",
        {
            "year": year, "table": table, "rows": rows, "years": selectors.norm_years(), "form": form,
            "failed_key": request.POST.get("key") if form is not None else None,
            "gap": gap, "gap_rows": [row for row in rows if row.amount is None and row.key in AMOUNT_KEYS],
        },
        status=status,
    )


@staff_view
def guidelines(request):
    if not services.user_may_edit_guidelines(request.user):
        raise AccessDeniedError(gettext("Sidan är för systemförvaltare och enhetschefer."))
    form = aforms.GuidelineForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.guideline_create(
                    actor=request.user, cost_type=d["cost_type"], household_size=d["household_size"], need=d["need"],
                    max_amount=d["max_amount"], source=d["source"], valid_from=d["valid_from"], valid_to=d["valid_to"],
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                messages.success(request, gettext("Riktlinjen är sparad."))
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
        raise NotFoundError(gettext("Riktlinjen finns inte."))
    try:
        services.guideline_end(actor=request.user, guideline=guideline, valid_to=timezone.localdate())
        messages.success(request, gettext("Riktlinjen gäller inte längre från i dag."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("assistance:guidelines")
