"""Documents (handlingar) of a case: register an incoming document, list them, show one inline."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import gettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from skutan.cases import selectors, selectors_documents, services_documents
from skutan.cases.access import case_write_check
from skutan.cases.extensions import DOCUMENT_SUBJECTS
from skutan.cases.forms import DocumentForm, OutgoingLetterForm
from skutan.core.errors import AccessDeniedError, ApplicationError, NotFoundError
from skutan.core.web import ctx, form_error_add, staff_view

# The file itself may be shown only inside Skutan's own document page (an <iframe> for a PDF, an <img> for an
# image), runs no script and loads nothing else.
FILE_CSP = {
    "default-src": [CSP.NONE],
    "img-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "object-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
}


def letter_sent_post(request, *, case, store, back: str, sheet: bool = False):
    """The POST of "Spara brevet som skickat" on any letter's page: ``store(sent_on=…, channel=…)`` (and
    ``information_sheet=…`` when ``sheet``: the letter can carry one) is the app's
    service (it renders the letter and calls services_documents.letter_store_sent). The write check first, then
    the date and channel; back to ``back`` on a refusal, to the stored document on success."""
    case_write_check(user=request.user, case=case)
    form = OutgoingLetterForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Ange när och hur brevet skickades."))
        return redirect(back)
    try:
        extra = {"information_sheet": form.cleaned_data["information_sheet"]} if sheet else {}
        document = store(sent_on=form.cleaned_data["sent_on"], channel=form.cleaned_data["channel"], **extra)
    except ApplicationError as exc:
        if isinstance(exc, (AccessDeniedError, NotFoundError)):
            raise
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, gettext("Brevet är sparat som skickad handling i ärendet."))
    return redirect("cases:document", document_id=document.pk)


def _subjects(case) -> list[dict]:
    return [s for provider in DOCUMENT_SUBJECTS for s in provider(case=case)]


@staff_view
def case_documents(request, case_id: int):
    case = selectors.case_get_for_user(ctx=ctx(request, "Handlingar i ärendet"), case_id=case_id)
    subjects = _subjects(case)
    form = DocumentForm(
        request.POST or None, request.FILES or None, subjects=subjects,
        initial={"received_on": timezone.localdate(), "subject": request.GET.get("avser", "")},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            subject = form.subjects.get(form.cleaned_data["subject"] or "")
            try:
                document = services_documents.document_register(
                    actor=request.user, case=case, upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"], received_on=form.cleaned_data["received_on"],
                    subject_type=subject["type"] if subject else "", subject_id=subject["id"] if subject else None,
                    subject_label=subject["label"] if subject else "",
                )
            except ApplicationError as exc:
                form_error_add(form, exc)
                status = exc.status
            else:
                messages.success(request, gettext(
                    "Handlingen »%(document)s« är registrerad."
                ) % {"document": document.title})
                return redirect("cases:document", document_id=document.pk)
    return render(request, "cases/documents.html", {
        "case": case, "person": case.person, "form": form,
        "documents": selectors_documents.documents_of_case(case=case),
        "max_mb": services_documents.document_max_bytes() // (1024 * 1024),
    }, status=status)


@staff_view
def document_detail(request, document_id: int):
    document = selectors_documents.document_get_for_user(ctx=ctx(request, "Visning av handling"), document_id=document_id)
    return render(request, "cases/document.html", {"document": document, "case": document.case, "person": document.case.person})


@staff_view
@xframe_options_sameorigin
@csp_override(FILE_CSP)
def document_file(request, document_id: int):
    """The file, inline (the browser's own PDF viewer or image), never as a page of ours."""
    document = selectors_documents.document_get_for_user(ctx=ctx(request, "Visning av handling (fil)"), document_id=document_id)
    response = FileResponse(
        document.file.open("rb"), content_type=document.content_type, as_attachment=False,
        filename=document.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
