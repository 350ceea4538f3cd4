"""The monthly register of ekonomiskt bistånd: what is missing before the 15th, and the file (CSV, XLSX)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from norm.errors import month_sv
from skutan.assistance import register
from skutan.core.errors import AccessDeniedError, ApplicationError, NotFoundError
from skutan.core.web import ctx, staff_view


def _month(request) -> date:
    text = request.GET.get("manad", "")
    if not text:
        return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    try:
        year, month = (int(p) for p in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise NotFoundError(gettext("Ange månaden som ÅÅÅÅ-MM.")) from None


@staff_view
def register_page(request):
    from skutan.core.tasks import task_progress_get_for_user

    month = _month(request)
    check = register.register_check_for_user(ctx=ctx(request, "Registret över ekonomiskt bistånd"), month=month)
    value = request.GET.get("uppgift", "")
    task = task_progress_get_for_user(user=request.user, progress_id=int(value)) if value.isdigit() else None
    return render(
        request, "assistance/register.html",
        {"month": month, "month_text": month_sv(month.year, month.month), "check": check,
         "columns": [(c, register.COLUMN_LABELS[c]) for c in register.register_columns()],
         "today": timezone.localdate(), "task": task},
    )


@staff_view
def register_file(request):
    month = _month(request)
    kind = request.GET.get("format", "csv")
    if kind not in ("csv", "xlsx"):
        raise NotFoundError(gettext("Formatet finns inte."))
    rows = register.register_rows_for_user(ctx=ctx(request, "Registret över ekonomiskt bistånd (export)"), month=month)
    if kind == "csv":
        response = HttpResponse(register.register_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            register.register_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="eb-register-{month:%Y-%m}.{kind}"'
    return response


@require_POST
@staff_view
def register_export(request):
    """Make the file in the background (a month at Stockholm scale is tens of thousands of rows)."""
    from skutan.assistance.services_register import register_export_start

    month = _month(request)
    try:
        progress = register_export_start(actor=request.user, month=month, fmt=request.POST.get("format", "csv"))
    except ApplicationError as exc:
        if isinstance(exc, AccessDeniedError):
            raise
        messages.error(request, exc.message)
        return redirect(f"{reverse('assistance:register')}?manad={month:%Y-%m}")
    return redirect(f"{reverse('assistance:register')}?manad={month:%Y-%m}&uppgift={progress.pk}#bakgrund")


@staff_view
def register_download(request, register_export_id: int):
    """The file of the user's own background export (nobody else's), access-logged like the export."""
    from skutan.audit.services import export_file_download_record
    from skutan.core.exportfiles import export_file_open_for_user, export_file_response

    register.register_right_require(request.user)
    progress, meta, handle = export_file_open_for_user(user=request.user, progress_id=register_export_id,
                                                        kinds=("assistance.register",))
    export_file_download_record(ctx=ctx(request, "Registret över ekonomiskt bistånd (export)"), progress=progress,
                                object_type="eb_register")
    return export_file_response(meta=meta, handle=handle)
