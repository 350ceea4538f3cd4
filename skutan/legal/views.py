"""The legal references for the systemförvaltare: every version with its status; confirm or correct one."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from skutan.core.errors import AccessDeniedError, ApplicationError
from skutan.core.web import staff_view
from skutan.legal import selectors, services
from skutan.legal.forms import ReferenceCorrectionForm


@staff_view
def references(request):
    if not services.user_may_correct_references(request.user):
        raise AccessDeniedError(gettext("Sidan är för systemförvaltare."))
    form = None
    status = 200
    if request.method == "POST":
        form = ReferenceCorrectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.legal_reference_correct(
                    actor=request.user, key=data["key"], valid_from=data["valid_from"], chapter=data["chapter"],
                    paragraph=data["paragraph"], source=data["source"], confirmed=data["confirmed"],
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                messages.success(request, gettext("Lagrummet är sparat."))
                return redirect(f"{reverse('legal:references')}#ref-{data['key']}-{data['valid_from']:%Y%m%d}")
        else:
            status = 400
    return render(
        request, "legal/references.html",
        {"rows": selectors.reference_rows(), "form": form,
         "failed": (request.POST.get("key"), request.POST.get("valid_from")) if form is not None else None},
        status=status,
    )
