"""The monthly register of ekonomiskt bistånd: what is missing before the 15th, and the file (CSV, XLSX)."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from norm.errors import month_sv
from skutan.assistance import register
from skutan.core.errors import NotFoundError
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
    month = _month(request)
    check = register.register_check_for_user(ctx=ctx(request, "Registret över ekonomiskt bistånd"), month=month)
    return render(
        request, "assistance/register.html",
        {"month": month, "month_text": month_sv(month.year, month.month), "check": check,
         "columns": [(c, register.COLUMN_LABELS[c]) for c in register.register_columns()],
         "today": timezone.localdate()},
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
