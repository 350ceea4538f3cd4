"""Kvalitet pages (/kvalitet/): report a deviation from anywhere, the quality role's work, risk analyses and
statistics. Reads go through skutan.quality.selectors, writes through skutan.quality.services."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.accounts.selectors import user_unit_ids
from skutan.audit.models import AccessAction
from skutan.core.dates import date_from_input
from skutan.core.errors import AccessDeniedError, ApplicationError, NotFoundError
from skutan.core.web import ctx, staff_view
from skutan.quality import exports, selectors, services
from skutan.quality.forms import (
    AssessForm,
    CategoryForm,
    ClassifyForm,
    CopyForm,
    DeviationForm,
    FirstAssessmentForm,
    InvestigationForm,
    IvoSentForm,
    LinkDeviationForm,
    MeasureDoneForm,
    MeasureForm,
    PeriodForm,
    ReviewForm,
    RiskAnalysisForm,
    RiskForm,
    SeriousnessForm,
    TargetForm,
    VersionForm,
)
from skutan.quality.ivo import lex_sarah_ivo_pdf
from skutan.quality.models import DeviationStatus, LexSarahStep

PURPOSE = "Kvalitetsarbete"


def _error(form, exc: ApplicationError) -> None:
    """Show a service's message beside its field, or above the form when the field is hidden (version)."""
    field = exc.field if exc.field in form.fields and not form.fields[exc.field].widget.is_hidden else None
    form.add_error(field, exc.message)


def _safe_path(value: str) -> str:
    """Only a local path is kept as "the page where it happened" (never an absolute URL)."""
    value = (value or "")[:300]
    return value if value.startswith("/") and not value.startswith("//") else ""


def _report_form(request, data=None):
    units = list(selectors.quality_units())
    return DeviationForm(data, units=units, categories=list(selectors.deviation_categories()))


@staff_view
def report(request):
    """Report a deviation: two minutes from any page; from a case page it is pre-filled with the case."""
    case = None
    if request.method == "POST":
        form = _report_form(request, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                case = selectors.deviation_case_for_report(user=request.user, case_id=d["case"]) if d["case"] else None
                draft = selectors.deviation_draft_of(user=request.user, draft_id=d["draft"]) if d["draft"] else None
                deviation = services.deviation_report(
                    actor=request.user, occurred_on=d["occurred_on"], unit=selectors.quality_unit(unit_id=d["unit"]),
                    category=d["category"], description=d["description"], immediate_action=d["immediate_action"],
                    case=case, system_fault=d["system_fault"], page_path=_safe_path(d["page_path"]),
                    request_id=d["request_id"], page_seen_at=timezone.now() if d["page_path"] else None,
                    as_lex_sarah=d["as_lex_sarah"], draft=draft,
                )
            except ApplicationError as exc:
                _error(form, exc)
            else:
                messages.success(request, gettext(
                    "Tack! Avvikelse nr %(deviation)s är rapporterad. Ingen straffas för att rapportera."
                ) % {"deviation": deviation.pk})
                return redirect("quality:mine")
        return render(request, "quality/report.html", {"form": form, "case": case}, status=400)
    initial = {
        "occurred_on": timezone.localdate(), "page_path": _safe_path(request.GET.get("from", "")),
        "request_id": (request.GET.get("rid") or "")[:64], "system_fault": request.GET.get("fault") == "1",
    }
    case_id = request.GET.get("case", "")
    if case_id.isdigit():
        try:
            case = selectors.deviation_case_for_report(user=request.user, case_id=int(case_id))
        except NotFoundError:
            case = None
        if case is not None:
            initial.update(case=case.pk, unit=case.unit_id)
    if "unit" not in initial:
        own = sorted(user_unit_ids(user=request.user))
        if own:
            initial["unit"] = own[0]
    if initial["system_fault"]:
        initial["category"] = "it_fault"
    form = _report_form(request)
    form.initial = initial
    return render(request, "quality/report.html", {"form": form, "case": case})


@staff_view
@require_POST
def autosave(request):
    """Saved as the reporter types (HTMX): a private draft that only the reporter sees."""
    data = {
        "description": request.POST.get("description", ""), "immediate_action": request.POST.get("immediate_action", ""),
        "category": request.POST.get("category", ""), "page_path": _safe_path(request.POST.get("page_path", "")),
        "request_id": request.POST.get("request_id", ""), "system_fault": request.POST.get("system_fault") == "on",
    }
    try:
        raw = request.POST.get("occurred_on", "")
        data["occurred_on"] = date_from_input(raw) if raw else None
    except ValueError:
        return render(request, "quality/_autosave_status.html", {"error": "Ange datum som ÅÅÅÅ-MM-DD."}, status=400)
    unit = request.POST.get("unit", "")
    if unit.isdigit():
        data["unit"] = selectors.quality_unit(unit_id=int(unit))
    case = request.POST.get("case", "")
    try:
        if case.isdigit():
            data["case"] = selectors.deviation_case_for_report(user=request.user, case_id=int(case))
        draft_id = request.POST.get("draft", "")
        draft = selectors.deviation_draft_of(user=request.user, draft_id=int(draft_id)) if draft_id.isdigit() else None
        draft = services.deviation_draft_save(actor=request.user, draft=draft, data=data)
    except ApplicationError as exc:
        return render(request, "quality/_autosave_status.html", {"error": exc.message}, status=exc.status)
    return render(request, "quality/_autosave_status.html", {"draft": draft, "saved_at": timezone.now()})


@staff_view
def mine(request):
    rows = selectors.deviation_list_for_user(ctx=ctx(request, PURPOSE), mine=True)
    return render(request, "quality/mine.html", {"deviations": rows})


def _require_quality_reader(user) -> None:
    if not (selectors.quality_is_officer(user=user) or selectors.quality_managed_unit_ids(user=user)):
        raise AccessDeniedError(gettext("Sidan är till för kvalitetsansvariga och enhetschefer."))


@staff_view
def index(request):
    _require_quality_reader(request.user)
    unit = request.GET.get("enhet", "")
    status = request.GET.get("status", "")
    status = status if status in DeviationStatus.values else ""
    rows = selectors.deviation_list_for_user(
        ctx=ctx(request, PURPOSE), unit_id=int(unit) if unit.isdigit() else None, status=status
    )
    return render(request, "quality/index.html", {
        "deviations": rows, "units": selectors.quality_units(), "statuses": DeviationStatus.choices,
        "chosen_unit": unit, "chosen_status": status, "officer": selectors.quality_is_officer(user=request.user),
        "matters": selectors.lex_sarah_list_for_user(ctx=ctx(request, PURPOSE)),
        "due_reviews": selectors.risk_analyses_due_for_review(user=request.user),
        "my_measures": selectors.measures_open_for_user(user=request.user),
    })


def _detail_page(request, deviation, *, assess_form=None, classify_form=None, status=200):
    officer = selectors.quality_is_officer(user=request.user)
    return render(request, "quality/detail.html", {
        "deviation": deviation, "officer": officer,
        "show_reporter": selectors.deviation_reporter_visible(user=request.user),
        "assess_form": assess_form or AssessForm(prefix="assess", initial={
            "version": deviation.version, "severity": deviation.severity, "assessment": deviation.assessment}),
        "classify_form": classify_form or ClassifyForm(prefix="classify"),
        "matter": getattr(deviation, "lex_sarah", None) if hasattr(deviation, "lex_sarah") else None,
    }, status=status)


@staff_view
def detail(request, deviation_id: int):
    deviation = selectors.deviation_get_for_user(ctx=ctx(request, PURPOSE), deviation_id=deviation_id)
    return _detail_page(request, deviation)


@staff_view
@require_POST
def assess(request, deviation_id: int):
    deviation = selectors.deviation_get_for_user(ctx=ctx(request, PURPOSE), deviation_id=deviation_id)
    form = AssessForm(request.POST, prefix="assess")
    if form.is_valid():
        try:
            services.deviation_assess(actor=request.user, deviation=deviation, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, gettext("Bedömningen är sparad."))
            return redirect("quality:detail", deviation.pk)
    return _detail_page(request, deviation, assess_form=form, status=400)


@staff_view
@require_POST
def classify(request, deviation_id: int):
    deviation = selectors.deviation_get_for_user(ctx=ctx(request, PURPOSE), deviation_id=deviation_id)
    form = ClassifyForm(request.POST, prefix="classify")
    if form.is_valid():
        try:
            matter = services.lex_sarah_classify(actor=request.user, deviation=deviation, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, gettext("Avvikelsen är nu ett Lex Sarah-ärende."))
            return redirect("quality:lex_sarah", matter.pk)
    return _detail_page(request, deviation, classify_form=form, status=400)


STEP_FORMS = {
    "first_assessment": (FirstAssessmentForm, services.lex_sarah_first_assessment),
    "investigation": (InvestigationForm, services.lex_sarah_investigate),
    "seriousness": (SeriousnessForm, services.lex_sarah_decide_seriousness),
    "ivo": (IvoSentForm, services.lex_sarah_ivo_sent),
    "close": (VersionForm, services.lex_sarah_close),
}


def _matter_page(request, matter, *, bound=None, status=200):
    # One prefix per form: several forms on the page share field names (version), and ids must be unique.
    forms = {
        "first_assessment": FirstAssessmentForm(prefix="first_assessment", initial={
            "version": matter.version, "first_assessment": matter.first_assessment,
            "immediate_remedy": matter.immediate_remedy}),
        "investigation": InvestigationForm(prefix="investigation", initial={
            "version": matter.version, "what_happened": matter.what_happened, "causes": matter.causes,
            "measures_summary": matter.measures_summary, "informed": matter.informed}),
        "seriousness": SeriousnessForm(prefix="seriousness", initial={"version": matter.version}),
        "ivo": IvoSentForm(prefix="ivo", initial={"version": matter.version, "sent_on": timezone.localdate()}),
        "close": VersionForm(prefix="close", initial={"version": matter.version}),
        "measure": MeasureForm(prefix="measure", owners=selectors.quality_officers() + [request.user]),
    }
    if bound:
        forms.update(bound)
    return render(request, "quality/lex_sarah.html", {
        "matter": matter, "deviation": matter.deviation, "forms": forms, "steps": LexSarahStep,
        "elapsed": selectors.lex_sarah_elapsed(matter=matter), "measures": list(matter.measures.select_related("owner")),
        "officer": selectors.quality_is_officer(user=request.user),
        "show_reporter": selectors.deviation_reporter_visible(user=request.user),
        "measure_done_form": MeasureDoneForm(initial={"done_on": timezone.localdate()}),
    }, status=status)


@staff_view
def lex_sarah(request, matter_id: int):
    matter = selectors.lex_sarah_get_for_user(ctx=ctx(request, PURPOSE), matter_id=matter_id)
    return _matter_page(request, matter)


@staff_view
@require_POST
def lex_sarah_step(request, matter_id: int, step: str):
    matter = selectors.lex_sarah_get_for_user(ctx=ctx(request, PURPOSE), matter_id=matter_id)
    if step not in STEP_FORMS:
        raise NotFoundError(gettext("Okänt steg."))
    form_class, service = STEP_FORMS[step]
    form = form_class(request.POST, prefix=step)
    if form.is_valid():
        try:
            service(actor=request.user, matter=matter, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, gettext("Sparat."))
            return redirect("quality:lex_sarah", matter.pk)
    return _matter_page(request, matter, bound={step: form}, status=400)


@staff_view
@require_POST
def lex_sarah_measure(request, matter_id: int):
    matter = selectors.lex_sarah_get_for_user(ctx=ctx(request, PURPOSE), matter_id=matter_id)
    owners = selectors.quality_officers() + [request.user]
    form = MeasureForm(request.POST, owners=owners, prefix="measure")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.measure_add(actor=request.user, matter=matter, description=d["description"],
                                 owner=next(u for u in owners if u.pk == d["owner"]), due_on=d["due_on"])
        except ApplicationError as exc:
            _error(form, exc)
        else:
            return redirect("quality:lex_sarah", matter.pk)
    return _matter_page(request, matter, bound={"measure": form}, status=400)


@staff_view
def lex_sarah_ivo(request, matter_id: int):
    """The anmälan to IVO as a PDF, ready to upload to IVO's e-service (logged as a print)."""
    matter = selectors.lex_sarah_get_for_user(ctx=ctx(request, "Anmälan till IVO"), matter_id=matter_id)
    pdf = lex_sarah_ivo_pdf(matter=matter, actor=request.user,
                            ctx=ctx(request, "Anmälan till IVO"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lex-sarah-anmalan-ivo-{matter.pk}.pdf"'
    return response


@staff_view
@require_POST
def measure_done(request, measure_id: int):
    measure = selectors.measure_get_for_user(user=request.user, measure_id=measure_id)
    form = MeasureDoneForm(request.POST)
    back = ("quality:lex_sarah", measure.matter_id) if measure.matter_id else ("quality:risk_detail", measure.analysis_id)
    if form.is_valid():
        try:
            services.measure_complete(actor=request.user, measure=measure, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, gettext("Åtgärden är markerad som klar."))
    else:
        messages.error(request, gettext("Ange dagen åtgärden blev klar."))
    return redirect(*back)


# --- Risk analyses ---------------------------------------------------------------------------------------


def _writable_units(user):
    units = list(selectors.quality_units())
    if selectors.quality_is_officer(user=user):
        return units
    managed = selectors.quality_managed_unit_ids(user=user)
    return [u for u in units if u.pk in managed]


@staff_view
def risk_list(request):
    _require_quality_reader(request.user)
    form = RiskAnalysisForm(request.POST or None, units=_writable_units(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            analysis = services.risk_analysis_create(
                actor=request.user, unit=selectors.quality_unit(unit_id=d["unit"]), process=d["process"],
                description=d["description"], next_review_on=d["next_review_on"])
        except ApplicationError as exc:
            _error(form, exc)
        else:
            return redirect("quality:risk_detail", analysis.pk)
    return render(request, "quality/risk_list.html", {
        "analyses": selectors.risk_analysis_list_for_user(user=request.user), "form": form,
    }, status=400 if request.method == "POST" else 200)


def _risk_page(request, analysis, *, bound=None, status=200):
    owners = selectors.quality_officers() + [request.user]
    forms = {
        "risk": RiskForm(prefix="risk"), "measure": MeasureForm(owners=owners, prefix="measure"),
        "link": LinkDeviationForm(prefix="link"),
        "review": ReviewForm(prefix="review", initial={"version": analysis.version, "reviewed_on": timezone.localdate()}),
        "copy": CopyForm(prefix="copy", units=[u for u in _writable_units(request.user) if u.pk != analysis.unit_id]),
    }
    forms.update(bound or {})
    return render(request, "quality/risk_detail.html", {
        "analysis": analysis, "forms": forms, "matrix": selectors.risk_matrix(analysis=analysis),
        "risks": list(analysis.risks.all()), "measures": list(analysis.measures.select_related("owner")),
        "deviations": selectors.risk_analysis_deviations(ctx=ctx(request, PURPOSE), analysis=analysis),
        "measure_done_form": MeasureDoneForm(initial={"done_on": timezone.localdate()}),
        "probabilities": range(1, 5),
    }, status=status)


@staff_view
def risk_detail(request, analysis_id: int):
    analysis = selectors.risk_analysis_get_for_user(user=request.user, analysis_id=analysis_id)
    return _risk_page(request, analysis)


@staff_view
@require_POST
def risk_action(request, analysis_id: int, action: str):
    analysis = selectors.risk_analysis_get_for_user(user=request.user, analysis_id=analysis_id)
    owners = selectors.quality_officers() + [request.user]
    units = _writable_units(request.user)
    forms = {"risk": RiskForm, "measure": MeasureForm, "link": LinkDeviationForm, "review": ReviewForm,
             "copy": CopyForm}
    if action not in forms:
        raise NotFoundError(gettext("Okänd åtgärd."))
    kwargs = {"owners": owners} if action == "measure" else {"units": units} if action == "copy" else {}
    form = forms[action](request.POST, prefix=action, **kwargs)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "risk":
                services.risk_add(actor=request.user, analysis=analysis, **d)
            elif action == "measure":
                services.measure_add(actor=request.user, analysis=analysis, description=d["description"],
                                     owner=next(u for u in owners if u.pk == d["owner"]), due_on=d["due_on"])
            elif action == "link":
                deviation = selectors.deviation_get_for_user(ctx=ctx(request, PURPOSE), deviation_id=d["deviation"],
                                                             action=AccessAction.LIST)
                services.risk_analysis_link_deviation(actor=request.user, analysis=analysis, deviation=deviation)
            elif action == "review":
                services.risk_analysis_review(actor=request.user, analysis=analysis, **d)
            else:
                copy = services.risk_analysis_copy(actor=request.user, analysis=analysis,
                                                   unit=selectors.quality_unit(unit_id=d["unit"]))
                messages.success(request, gettext("Riskanalysen är kopierad."))
                return redirect("quality:risk_detail", copy.pk)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            return redirect("quality:risk_detail", analysis.pk)
    return _risk_page(request, analysis, bound={action: form}, status=400)


# --- Statistics and settings -----------------------------------------------------------------------------


def _period(request) -> tuple[date, date, PeriodForm]:
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    first = today.replace(day=1) - timedelta(days=365)
    first = first.replace(day=1)
    last = today
    if form.is_valid():
        first = form.cleaned_data["first"] or first
        last = form.cleaned_data["last"] or last
    if first > last:
        first, last = last, first
    if (last - first).days > 3660:
        first = last - timedelta(days=3660)
    form.initial = {"first": first, "last": last}
    return first, last, form


@staff_view
def statistics(request):
    unit_ids = selectors.statistics_scope(user=request.user)
    first, last, form = _period(request)
    stats = selectors.deviation_statistics(unit_ids=unit_ids, first=first, last=last)
    return render(request, "quality/statistics.html", {
        "stats": stats, "form": form, "first": first, "last": last, "all_units": unit_ids is None,
        "chart": exports.month_chart(stats["months"]["months"]), "threshold": stats["months"]["threshold"],
        "query": request.GET.urlencode(),
    })


@staff_view
def statistics_export(request, fmt: str):
    unit_ids = selectors.statistics_scope(user=request.user)
    first, last, _form = _period(request)
    stats = selectors.deviation_statistics(unit_ids=unit_ids, first=first, last=last)
    tables = exports.statistics_tables(stats, first=first, last=last)
    if fmt == "xlsx":
        body, ctype = exports.to_xlsx(tables), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, ctype = exports.to_csv(tables), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="avvikelser-{first:%Y-%m}-{last:%Y-%m}.{fmt}"'
    return response


@staff_view
def settings_page(request):
    if not selectors.quality_is_officer(user=request.user):
        raise AccessDeniedError(gettext("Inställningarna ändras av kvalitetsansvarig."))
    target_form = TargetForm(request.POST if request.POST.get("form") == "target" else None)
    category_form = CategoryForm(request.POST if request.POST.get("form") == "category" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "target" and target_form.is_valid():
                services.quality_target_set(actor=request.user, **target_form.cleaned_data)
                return redirect("quality:settings")
            if request.POST.get("form") == "category" and category_form.is_valid():
                services.deviation_category_add(actor=request.user, **category_form.cleaned_data)
                return redirect("quality:settings")
            if request.POST.get("form") == "toggle":
                category = selectors.deviation_categories(active_only=False).filter(
                    code=request.POST.get("code", "")).first()
                if category is None:
                    raise NotFoundError(gettext("Okänd kategori."))
                services.deviation_category_set_active(actor=request.user, category=category,
                                                       active=request.POST.get("active") == "1")
                return redirect("quality:settings")
        except ApplicationError as exc:
            _error(category_form if request.POST.get("form") == "category" else target_form, exc)
    return render(request, "quality/settings.html", {
        "targets": selectors.quality_targets(), "steps": LexSarahStep.choices, "target_form": target_form,
        "category_form": category_form, "categories": selectors.deviation_categories(active_only=False),
    }, status=400 if request.method == "POST" else 200)
