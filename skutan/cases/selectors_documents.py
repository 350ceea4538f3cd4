"""Authorizing reads of documents. A document has the secrecy of its case: whoever may read the case may read
its documents, and every view of a document (its page and its file) is access-logged."""

from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction
from skutan.audit.services import access_log_record
from skutan.cases.models import Case, Document
from skutan.cases.selectors import case_get_for_user
from skutan.core.errors import NotFoundError

DOCUMENT_NOT_FOUND = "Handlingen finns inte, eller så har du inte behörighet till den."


def document_get_for_user(*, ctx: AccessContext, document_id: int, action: str = AccessAction.VIEW) -> Document:
    """The document, if the user may read its case; the read of the case and of the document are logged."""
    case_id = Document.objects.filter(pk=document_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFoundError(DOCUMENT_NOT_FOUND)
    try:
        case = case_get_for_user(ctx=ctx, case_id=case_id, action=action)
    except NotFoundError:
        raise NotFoundError(DOCUMENT_NOT_FOUND) from None
    document = Document.objects.select_related("registered_by").get(pk=document_id)
    document.case = case
    grant = getattr(case, "access_grant", None)
    access_log_record(
        user=ctx.user, action=action, purpose=ctx.purpose, object_type="document", object_id=document.pk,
        person=case.person, case_id=case.pk, channel=ctx.channel, path=ctx.path,
        outside_units=grant is not None, emergency=bool(grant and grant.emergency),
    )
    return document


def documents_of_case(*, case: Case) -> list[Document]:
    """The documents of a case the caller already read through case_get_for_user (newest first)."""
    return list(case.documents.select_related("registered_by").order_by("-registered_at", "-id"))


def documents_of_subject(*, case: Case, subject_type: str, subject_id: int) -> list[Document]:
    """The documents of one thing in a case already read (an application, say)."""
    return list(
        case.documents.filter(subject_type=subject_type, subject_id=subject_id)
        .select_related("registered_by").order_by("-registered_at", "-id")
    )


def documents_unread_for(*, user, since, limit: int = 50) -> list[Document]:
    """Min dag: incoming documents registered since ``since`` by someone else on the active cases assigned to
    the user, which the user has not opened yet (no access-log row of theirs for the document)."""
    from skutan.audit.models import AccessLog
    from skutan.cases.models import ACTIVE_STATUSES, CaseAssignment, DocumentDirection

    assigned = CaseAssignment.objects.filter(user=user, ended_at__isnull=True,
                                             case__status__in=ACTIVE_STATUSES).values("case_id")
    documents = list(
        Document.objects.filter(direction=DocumentDirection.INCOMING, registered_at__gte=since,
                                case_id__in=assigned)
        .exclude(registered_by=user).select_related("case", "case__person", "registered_by")
        .order_by("-registered_at", "-id")[:limit]
    )
    if not documents:
        return []
    opened = set(AccessLog.objects.filter(user_id=user.pk, object_type="document",
                                          object_id__in=[str(d.pk) for d in documents])
                 .values_list("object_id", flat=True))
    return [d for d in documents if str(d.pk) not in opened]
