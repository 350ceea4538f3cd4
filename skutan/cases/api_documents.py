"""Documents (handlingar) of a case in the API: the list (metadata only), an incoming document uploaded
(multipart, the same checks as the web form), one document's metadata and its content. Every read goes
through the authorizing selectors, so a case outside the user's units is 404 and every read of a document is
access-logged as on the web (skutan/cases/views_documents.py)."""

from datetime import date, datetime

from django.http import FileResponse
from django.utils.translation import gettext
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from skutan.audit.context import AccessContext
from skutan.cases import selectors, selectors_documents, services_documents
from skutan.cases.access import case_write_check
from skutan.cases.extensions import DOCUMENT_SUBJECTS
from skutan.cases.models import Document
from skutan.core.apierrors import Error
from skutan.core.dates import parse_swedish_date
from skutan.core.errors import ApplicationError

router = Router(tags=["Handlingar"])

_CONTENT_TYPES = {t: {"schema": {"type": "string", "format": "binary"}} for t in
                  ("application/pdf", "image/png", "image/jpeg")}


class DocumentOut(Schema):
    id: int
    case: int
    direction: str
    kind: str
    kind_label: str
    title: str
    received_on: date | None
    sent_on: date | None
    channel: str
    subject_type: str
    subject_id: int | None
    subject_label: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    registered_by: str
    registered_at: datetime


def _ctx(request, purpose: str) -> AccessContext:
    return AccessContext.from_request(request, purpose=purpose, channel="api")


def _document_out(document: Document) -> dict:
    return {
        "id": document.pk, "case": document.case_id, "direction": document.direction, "kind": document.kind,
        "kind_label": str(document.get_kind_display()), "title": document.title,
        "received_on": document.received_on, "sent_on": document.sent_on, "channel": document.channel,
        "subject_type": document.subject_type, "subject_id": document.subject_id,
        "subject_label": document.subject_label, "original_name": document.original_name,
        "content_type": document.content_type, "size": document.size, "sha256": document.sha256,
        "registered_by": document.registered_by.get_username(), "registered_at": document.registered_at,
    }


@router.get("/cases/{case_id}/documents", response={200: list[DocumentOut], 404: Error})
def document_list(request, case_id: int):
    case = selectors.case_get_for_user(ctx=_ctx(request, "Handlingar i ärendet via API"), case_id=case_id)
    return [_document_out(d) for d in selectors_documents.documents_of_case(case=case)]


@router.post("/cases/{case_id}/documents", response={201: DocumentOut, 400: Error, 403: Error, 404: Error, 413: Error})
def document_upload(
    request, case_id: int, file: File[UploadedFile | None] = None, kind: Form[str] = "", title: Form[str] = "",
    received_on: Form[str] = "", subject: Form[str] = "",
):
    """An incoming document: PDF, PNG or JPEG (checked from the content), at most SKUTAN_DOCUMENT_MAX_BYTES;
    ``received_on`` ÅÅÅÅ-MM-DD; ``subject`` optionally what in the case it belongs to, e.g.
    ``assistance.application:42``. On refusal nothing is stored."""
    case = selectors.case_get_for_user(ctx=_ctx(request, "Registrering av handling via API"), case_id=case_id)
    case_write_check(user=request.user, case=case)  # rights before input (a 403, never a validation message)
    day = parse_swedish_date(received_on)
    if received_on.strip() and day is None:
        raise ApplicationError(gettext("Ange datum som ÅÅÅÅ-MM-DD."), field="received_on")
    chosen = None
    if subject.strip():
        subjects = {f"{s['type']}:{s['id']}": s for provider in DOCUMENT_SUBJECTS for s in provider(case=case)}
        chosen = subjects.get(subject.strip())
        if chosen is None:
            raise ApplicationError(gettext("Det handlingen avser finns inte i ärendet."), field="subject")
    document = services_documents.document_register(
        actor=request.user, case=case, upload=file, kind=kind, title=title, received_on=day,
        subject_type=chosen["type"] if chosen else "", subject_id=chosen["id"] if chosen else None,
        subject_label=chosen["label"] if chosen else "",
    )
    return Status(201, _document_out(document))


@router.get("/documents/{document_id}", response={200: DocumentOut, 404: Error})
def document_detail(request, document_id: int):
    document = selectors_documents.document_get_for_user(
        ctx=_ctx(request, "Visning av handling via API"), document_id=document_id
    )
    return _document_out(document)


@router.get(
    "/documents/{document_id}/content", response={404: Error},
    openapi_extra={"responses": {"200": {"description": "Handlingens fil (PDF, PNG eller JPEG)",
                                         "content": _CONTENT_TYPES}}},
)
def document_content(request, document_id: int):
    document = selectors_documents.document_get_for_user(
        ctx=_ctx(request, "Visning av handling (fil) via API"), document_id=document_id
    )
    response = FileResponse(document.file.open("rb"), content_type=document.content_type, as_attachment=True,
                            filename=document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
