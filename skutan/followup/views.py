"""The follow-up pages: the director's dashboard (/uppfoljning/), its exports, the population setting and the
cohort programmes. Numbers come from the selectors; this module only reads the URL and lays them out."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.accounts.models import Role
from skutan.accounts.selectors import user_has_role
from skutan.core.errors import AccessDeniedError, ApplicationError, NotFoundError
from skutan.core.web import ctx, form_error_add, staff_view
from skutan.followup import cohorts, exports, forms, services
from skutan.followup.charts import charts_for
from skutan.followup.models import OutcomeKind
from skutan.followup.rendering import dots_html, row_html
from skutan.followup.selectors import (
    MEASURE_TITLES,
    followup_access_record,
    followup_choice,
    followup_dashboard,
    followup_filters_text,
    followup_may_refresh,
    followup_measure,
    followup_scope,
    followup_units,
    summary_refreshed_at,
)

PURPOSE = "Uppföljning"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _choice(request, scope):
    """The period and unit in the URL (so a view can be bookmarked and shared)."""
    today = timezone.localdate()
    period, unit_id, unit_ids, error = followup_choice(params=request.GET, scope=scope, today=today)
    return today, period, unit_id, unit_ids, error


def _query(request) -> str:
    return request.GET.urlencode()


def table_cells(measure) -> list[dict]:
    """The table as cells for the template: value, kind, and whether it is suppressed ("<5"); each row also
    as its finished HTML (``rendering.row_html``)."""
    hidden = set(measure.suppressed)
    rows = []
    for i, row in enumerate(measure.rows):
        cells = [{"value": row.get(c.key), "kind": c.kind, "hidden": f"rows[{i}].{c.key}" in hidden}
                 for c in measure.columns]
        rows.append({"unfinished": row.get("unfinished"), "cells": cells,
                     "html": row_html(cells, threshold=measure.threshold)})
    return rows


def measure_charts(measure) -> list[dict]:
    """The measure's charts, each line series with its points as finished HTML (``rendering.dots_html``)."""
    charts = charts_for(measure)
    for chart in charts:
        for series in chart.get("series", ()) if chart["kind"] == "line" else ():
            series["dots_html"] = dots_html(series, value_kind=chart["value_kind"])
    return charts


def _item(measure, csv_url: str, xlsx_url: str) -> dict:
    return {"m": measure, "charts": measure_charts(measure), "table": table_cells(measure), "csv_url": csv_url,
            "xlsx_url": xlsx_url, "title_short": MEASURE_TITLES.get(measure.key, measure.title)}


@staff_view
def dashboard(request):
    scope = followup_scope(user=request.user)  # 403 for anyone but management and unit managers
    today, period, unit_id, unit_ids, error = _choice(request, scope)
    measures = followup_dashboard(unit_ids=unit_ids, period=period, today=today)
    followup_access_record(ctx=ctx(request, PURPOSE))
    units = followup_units(scope=scope)
    this_month = today.replace(day=1)
    presets = [
        ("Denna månad", f"period=month&value={this_month:%Y-%m}"),
        ("Detta kvartal", f"period=quarter&value={today.year}-K{(today.month - 1) // 3 + 1}"),
        ("I år", f"period=year&value={today.year}"),
        ("Förra året", f"period=year&value={today.year - 1}"),
        ("Senaste 12 månaderna", ""),
    ]
    unit_part = f"&unit={unit_id}" if unit_id else ""
    return render(request, "followup/dashboard.html", {
        "measures": [_item(m, _export_url(m.key, "csv", request), _export_url(m.key, "xlsx", request))
                     for m in measures],
        "all_units": scope is None, "units": units, "unit_id": unit_id, "period": period, "error": error,
        "presets": [(label, "?" + (q + unit_part if q else unit_part.lstrip("&"))) for label, q in presets],
        "query": _query(request), "refreshed_at": summary_refreshed_at(),
        "unit_query": f"unit={unit_id}" if unit_id else "",
        "form": {"period": request.GET.get("period", ""), "value": request.GET.get("value", ""),
                 "from": request.GET.get("from", f"{period.first:%Y-%m}"),
                 "to": request.GET.get("to", f"{period.last:%Y-%m}")},
        "is_admin": user_has_role(user=request.user, role=Role.SYSTEM_ADMIN),
        "may_refresh": followup_may_refresh(user=request.user), "task": _task_for(request),
        "export_params": [(k, request.GET[k]) for k in services.EXPORT_PARAMS if request.GET.get(k)],
    })


def _export_url(key: str, fmt: str, request) -> str:
    url = reverse("followup:measure_export", kwargs={"measure": key, "export_format": fmt})
    return url + ("?" + request.GET.urlencode() if request.GET else "")


def _filters_text(period, unit_id, units) -> str:
    return followup_filters_text(period=period, unit_id=unit_id, units=units)


@staff_view
def measure_export(request, measure: str, export_format: str):
    scope = followup_scope(user=request.user)
    today, period, unit_id, unit_ids, _ = _choice(request, scope)
    result = followup_measure(unit_ids=unit_ids, measure=measure, period=period, today=today)
    followup_access_record(ctx=ctx(request, PURPOSE), measure=measure, export=True)
    filters = _filters_text(period, unit_id, followup_units(scope=scope))
    return _download(result, export_format, filters, f"uppfoljning-{result.key}")


def _download(measure, fmt: str, filters: str, name: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise NotFoundError(gettext("Tabellen kan laddas ner som csv eller xlsx."))
    if fmt == "xlsx":
        response = HttpResponse(exports.measure_xlsx(measure, filters=filters), content_type=XLSX)
    else:
        response = HttpResponse(exports.measure_csv(measure, filters=filters), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- background work: the full refresh and the whole dashboard as one file ---------------------------------


def _task_for(request):
    from skutan.core.tasks import task_progress_get_for_user

    value = request.GET.get("uppgift", "")
    return task_progress_get_for_user(user=request.user, progress_id=int(value)) if value.isdigit() else None


@require_POST
@staff_view
def refresh_start(request):
    """Rebuild the summary tables now, in the background (systemförvaltaren, ledningen)."""
    progress = services.statistics_refresh_start(actor=request.user)
    messages.success(request, gettext("Sammanställningarna byggs om i bakgrunden."))
    page = "followup:population" if request.POST.get("sida") == "folkmangd" else "followup:dashboard"
    return redirect(f"{reverse(page)}?uppgift={progress.pk}#bakgrund")


@require_POST
@staff_view
def export_start(request):
    """The whole dashboard, for the period and unit chosen, as one Excel file made in the background."""
    progress = services.followup_export_start(actor=request.user, params=request.POST)
    keep = {k: request.POST[k] for k in services.EXPORT_PARAMS if request.POST.get(k)}
    return redirect(f"{reverse('followup:dashboard')}?{urlencode({**keep, 'uppgift': progress.pk})}#bakgrund")


@staff_view
def export_download(request, followup_export_id: int):
    """The file of the user's own background export (nobody else's), access-logged like the export."""
    from skutan.audit.services import export_file_download_record
    from skutan.core.exportfiles import export_file_open_for_user, export_file_response

    followup_scope(user=request.user)  # still management or a unit manager
    progress, meta, handle = export_file_open_for_user(user=request.user, progress_id=followup_export_id,
                                                        kinds=("followup.export",))
    export_file_download_record(ctx=ctx(request, PURPOSE), progress=progress, object_type="followup")
    return export_file_response(meta=meta, handle=handle)


# --- population (systemförvaltaren) ------------------------------------------------------------------------


@staff_view
def population(request):
    from skutan.followup.selectors import population_years

    if not user_has_role(user=request.user, role=Role.SYSTEM_ADMIN):
        raise AccessDeniedError(gettext("Bara systemförvaltaren lägger in folkmängden."))
    form = forms.PopulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.population_set(actor=request.user, **form.cleaned_data)
            messages.success(request, gettext("Folkmängden är sparad."))
            return redirect("followup:population")
        except ApplicationError as exc:
            form_error_add(form, exc)
    return render(request, "followup/population.html", {"form": form, "years": population_years(),
                                                        "task": _task_for(request)})


# --- cohort programmes --------------------------------------------------------------------------------------


@staff_view
def cohort_list(request):
    programmes = cohorts.cohort_programmes_for_user(user=request.user)
    form = forms.CohortProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.cohort_programme_create(actor=request.user, **form.cleaned_data)
            messages.success(request, gettext("Programmet är skapat. Fastställ kohorten när regeln stämmer."))
            return redirect("followup:cohort", cohort_programme_id=programme.pk)
        except ApplicationError as exc:
            form_error_add(form, exc)
    followup_access_record(ctx=ctx(request, PURPOSE), measure="cohorts")
    return render(request, "followup/cohort_list.html", {"programmes": programmes, "form": form})


@staff_view
def cohort_detail(request, cohort_programme_id: int):
    programme = cohorts.cohort_programme_get_for_user(user=request.user, programme_id=cohort_programme_id)
    progress = cohorts.cohort_progress(programme=programme)
    followup_access_record(ctx=ctx(request, PURPOSE), measure=f"cohort-{programme.pk}")
    return render(request, "followup/cohort_detail.html", {
        "programme": programme, "progress": progress,
        "item": _item(progress, reverse("followup:cohort_export", kwargs={"cohort_programme_id": programme.pk,
                                                                         "export_format": "csv"}),
                      reverse("followup:cohort_export", kwargs={"cohort_programme_id": programme.pk,
                                                                "export_format": "xlsx"})),
        "summary": cohorts.cohort_summary(programme=programme, progress=progress),
        "eligible": None if programme.is_frozen else len(services.cohort_eligible(programme=programme)),
        "add_form": forms.CohortMemberAddForm(),
    })


@staff_view
def cohort_export(request, cohort_programme_id: int, export_format: str):
    programme = cohorts.cohort_programme_get_for_user(user=request.user, programme_id=cohort_programme_id)
    progress = cohorts.cohort_progress(programme=programme)
    followup_access_record(ctx=ctx(request, PURPOSE), measure=f"cohort-{programme.pk}", export=True)
    return _download(progress, export_format, programme.name, f"kohort-{programme.pk}")


@require_POST
@staff_view
def cohort_freeze(request, cohort_programme_id: int):
    programme = cohorts.cohort_programme_get_for_user(user=request.user, programme_id=cohort_programme_id)
    try:
        frozen = services.cohort_freeze(actor=request.user, programme=programme,
                                        expected_version=_int(request.POST.get("version")))
        messages.success(request, gettext(
            "Kohorten är fastställd: %(eligible_count)s hushåll uppfyllde regeln."
        ) % {"eligible_count": frozen.eligible_count})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("followup:cohort", cohort_programme_id=programme.pk)


@require_POST
@staff_view
def cohort_member_add(request, cohort_programme_id: int):
    programme = cohorts.cohort_programme_get_for_user(user=request.user, programme_id=cohort_programme_id)
    form = forms.CohortMemberAddForm(request.POST)
    if form.is_valid():
        try:
            person = cohorts.cohort_person_pick(user=request.user, person_id=form.cleaned_data["person_id"])
            services.cohort_member_add(actor=request.user, programme=programme, person=person,
                                       reason=form.cleaned_data["reason"])
            messages.success(request, gettext("Hushållet är tillagt i kohorten."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, gettext("Ange personens id och ett skäl."))
    return redirect("followup:cohort", cohort_programme_id=programme.pk)


@staff_view
def cohort_members(request, cohort_programme_id: int):
    """Drill-down to the households: only those whose cases the reader may see, each read logged."""
    programme = cohorts.cohort_programme_get_for_user(user=request.user, programme_id=cohort_programme_id)
    shown, hidden = cohorts.cohort_members_for_user(ctx=ctx(request, PURPOSE), programme=programme)
    return render(request, "followup/cohort_members.html", {
        "programme": programme, "members": shown, "hidden": hidden,
        "outcome_form": forms.CohortOutcomeForm(), "effort_form": forms.CohortEffortForm(),
        "outcome_kinds": OutcomeKind.choices,
    })


@require_POST
@staff_view
def cohort_outcome(request, cohort_member_id: int):
    member = cohorts.cohort_member_get_for_user(user=request.user, member_id=cohort_member_id)
    form = forms.CohortOutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.cohort_outcome_record(actor=request.user, member=member, **form.cleaned_data)
            messages.success(request, gettext("Utfallet är registrerat."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, gettext("Kontrollera utfall och datum."))
    return redirect(reverse("followup:cohort_members", kwargs={"cohort_programme_id": member.programme_id}))


@require_POST
@staff_view
def cohort_effort(request, cohort_member_id: int):
    member = cohorts.cohort_member_get_for_user(user=request.user, member_id=cohort_member_id)
    form = forms.CohortEffortForm(request.POST)
    if form.is_valid():
        try:
            services.cohort_effort_record(actor=request.user, member=member, **form.cleaned_data)
            messages.success(request, gettext("Insatsen är registrerad."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, gettext("Kontrollera enhet, insats och datum."))
    return redirect(reverse("followup:cohort_members", kwargs={"cohort_programme_id": member.programme_id}))


def _int(value):
    return int(value) if value and str(value).isdigit() else None


@staff_view
def long_term_cases(request, followup_year: int):
    """Drill-down: the long-term households of a year, through the normal access control, each read logged."""
    from skutan.followup.selectors import long_term_cases_for_user

    scope = followup_scope(user=request.user)
    _, _, unit_id, unit_ids, _ = _choice(request, scope)
    cases, hidden = long_term_cases_for_user(ctx=ctx(request, PURPOSE), year=followup_year, unit_ids=unit_ids)
    return render(request, "followup/long_term_cases.html", {"year": followup_year, "cases": cases, "hidden": hidden})
