"""Journal templates of a unit, maintained by its manager (per kind of event: Hembesök, Telefonsamtal…)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from skutan.accounts.selectors import units_managed_by
from skutan.cases import selectors, services
from skutan.cases.forms import JournalTemplateForm
from skutan.core.errors import AccessDeniedError, ApplicationError
from skutan.core.web import form_error_add, staff_view

SUGGESTED_KINDS = ["Hembesök", "Telefonsamtal", "Nätverksmöte", "Besök på kontoret", "Samtal med barnet"]


def _managed(request) -> list:
    units = list(units_managed_by(user=request.user))
    if not units:
        raise AccessDeniedError(gettext("Journalmallar sköts av enhetschefen."))
    return units


def _save(request, form, units, template=None):
    if not form.is_valid():
        return None, 400
    unit = next(u for u in units if str(u.pk) == form.cleaned_data["unit"])
    try:
        saved = services.journal_template_save(
            actor=request.user, unit=unit, event_kind=form.cleaned_data["event_kind"], text=form.cleaned_data["text"],
            active=form.cleaned_data["active"], template=template, expected_version=form.cleaned_data["version"],
        )
    except ApplicationError as exc:
        form_error_add(form, exc)
        return None, exc.status
    messages.success(request, gettext(
        "Mallen för %(event_kind)s är sparad."
    ) % {"event_kind": saved.event_kind})
    return saved, 200


@staff_view
def journal_templates(request):
    units = _managed(request)
    form = JournalTemplateForm(request.POST or None, units=units, initial={"active": True})
    status = 200
    if request.method == "POST":
        saved, status = _save(request, form, units)
        if saved:
            return redirect("cases:journal_templates")
    return render(request, "cases/journal_templates.html", {
        "templates": selectors.journal_templates_managed(unit_ids=[u.pk for u in units]), "form": form,
        "suggested": SUGGESTED_KINDS,
    }, status=status)


@staff_view
def journal_template_edit(request, journal_template_id: int):
    units = _managed(request)
    template = selectors.journal_template_get_for_manager(user=request.user, template_id=journal_template_id)
    initial = {"unit": template.unit_id, "event_kind": template.event_kind, "text": template.text,
               "active": template.active, "version": template.version}
    form = JournalTemplateForm(request.POST or None, units=units, initial=initial)
    status = 200
    if request.method == "POST":
        saved, status = _save(request, form, units, template=template)
        if saved:
            return redirect("cases:journal_templates")
    return render(request, "cases/journal_template.html", {"template": template, "form": form}, status=status)
