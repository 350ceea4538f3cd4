"""Writes of documents (handlingar): an incoming document registered on a case, or an outgoing letter stored
as sent. The file goes to the storage (``cases.models.document_storage``), never into the database; the row,
with its audit row, in one transaction. A registered document is never changed or deleted (the database
refuses, skutan/core/dbguard.py); gallring will remove it under a purge authorization."""

import hashlib
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases.access import case_write_check
from skutan.cases.models import Case, Document, DocumentChannel, DocumentDirection, DocumentKind
from skutan.core.errors import ApplicationError, TooLargeError
from skutan.core.text import text_check

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# The types a document may have, recognised from the first bytes of the content, never from the file name or
# the browser's claim: PDF, PNG and JPEG (what a scanner, a phone and an e-service produce, and what a browser
# shows inline). Anything else (Word files, HTML, SVG with scripts, executables) is refused.
MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]
TYPE_NAMES = "PDF, PNG eller JPEG"


def document_max_bytes() -> int:
    return int(getattr(settings, "SKUTAN_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def document_content_type(head: bytes) -> str | None:
    """The content type the bytes are, by their signature, or None if not an allowed type."""
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def _too_large(limit: int) -> str:
    return gettext("Filen är för stor: högst %(mb)s MB.") % {"mb": limit // (1024 * 1024)}


def _read_checked(upload) -> tuple[bytes, str]:
    if upload is None:
        raise ApplicationError(gettext("Välj en fil."), field="file")
    size = getattr(upload, "size", None)
    limit = document_max_bytes()
    if size is not None and size > limit:
        raise TooLargeError(_too_large(limit), field="file")
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise TooLargeError(_too_large(limit), field="file")
    if not content:
        raise ApplicationError(gettext("Filen är tom."), field="file")
    content_type = document_content_type(content[:16])
    if content_type is None:
        raise ApplicationError(
            gettext(
                "Filen är inte en %(type_names)s-fil (typen kontrolleras från innehållet, inte filnamnet)."
            ) % {"type_names": TYPE_NAMES}, field="file"
        )
    return content, content_type


def _store(*, document: Document, content: bytes) -> Document:
    document.size = len(content)
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.file.save("handling", ContentFile(content), save=False)  # the name comes from document_upload_to
    try:
        document.save(force_insert=True)
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


def _check_subject(subject_type: str, subject_id: int | None, subject_label: str) -> None:
    if bool(subject_type) != (subject_id is not None):
        raise ApplicationError(gettext("Ange både vad handlingen avser och dess id, eller inget av dem."), field="subject")
    text_check(subject_label, field="subject", max_length=200)


@transaction.atomic
def document_register(
    *, actor, case: Case, upload, kind: str, title: str, received_on: date,
    subject_type: str = "", subject_id: int | None = None, subject_label: str = "",
) -> Document:
    """Register an incoming document on the case (and optionally on something in it, e.g. an application)."""
    case_write_check(user=actor, case=case)
    if kind not in DocumentKind.values:
        raise ApplicationError(gettext("Välj vilken typ av handling det är."), field="kind")
    title = (title or "").strip()
    if not title:
        raise ApplicationError(gettext("Beskriv handlingen kort, t.ex. »Hyresavi december«."), field="title")
    text_check(title, field="title", max_length=200)
    if received_on is None:
        raise ApplicationError(gettext("Ange när handlingen kom in."), field="received_on")
    if received_on > timezone.localdate():
        raise ApplicationError(gettext("Inkomstdatum kan inte ligga i framtiden."), field="received_on")
    _check_subject(subject_type, subject_id, subject_label)
    content, content_type = _read_checked(upload)
    original = (getattr(upload, "name", "") or "handling")[-255:]
    document = _store(document=Document(
        case=case, subject_type=subject_type, subject_id=subject_id, subject_label=subject_label,
        direction=DocumentDirection.INCOMING, kind=kind, title=title, received_on=received_on,
        original_name=original, content_type=content_type, registered_by=actor,
    ), content=content)
    audit_event_record(
        event_type=EventType.DOCUMENT_REGISTERED, actor=actor, obj=document, person_id=case.person_id,
        case_id=case.pk, data={"kind": kind, "content_type": content_type, "size": document.size,
                               "sha256": document.sha256, "subject_type": subject_type, "subject_id": subject_id},
    )
    return document


@transaction.atomic
def document_store_outgoing(
    *, actor, case: Case, content: bytes, filename: str, title: str, sent_on: date, channel: str,
    kind: str = DocumentKind.LETTER, subject_type: str = "", subject_id: int | None = None, subject_label: str = "",
) -> Document:
    """Store an outgoing letter (a PDF the system made) as a document of the case, with the day and the way
    it was sent."""
    case_write_check(user=actor, case=case)
    if channel not in DocumentChannel.values:
        raise ApplicationError(gettext("Välj hur brevet skickades."), field="channel")
    if sent_on is None:
        raise ApplicationError(gettext("Ange när brevet skickades."), field="sent_on")
    if sent_on > timezone.localdate():
        raise ApplicationError(gettext("Datum då brevet skickades kan inte ligga i framtiden."), field="sent_on")
    _check_subject(subject_type, subject_id, subject_label)
    content_type = document_content_type(content[:16])
    if content_type is None:
        raise ApplicationError(gettext(
            "Brevet är inte en %(type_names)s-fil."
        ) % {"type_names": TYPE_NAMES}, field="file")
    document = _store(document=Document(
        case=case, subject_type=subject_type, subject_id=subject_id, subject_label=subject_label,
        direction=DocumentDirection.OUTGOING, kind=kind, title=title.strip()[:200], sent_on=sent_on,
        channel=channel, original_name=filename[-255:], content_type=content_type, registered_by=actor,
    ), content=content)
    audit_event_record(
        event_type=EventType.DOCUMENT_OUTGOING_STORED, actor=actor, obj=document, person_id=case.person_id,
        case_id=case.pk, data={"channel": channel, "sent_on": sent_on.isoformat(), "sha256": document.sha256,
                               "subject_type": subject_type, "subject_id": subject_id},
    )
    return document


@transaction.atomic
def letter_store_sent(
    *, actor, case: Case, render: Callable[[], bytes], filename: str, title: str, sent_on: date, channel: str,
    subject_type: str = "", subject_id: int | None = None, subject_label: str = "",
) -> Document:
    """A letter the system writes (``render`` makes its PDF), stored as sent: the shared path of every app's
    "Spara brevet som skickat". The write check comes before the letter is rendered."""
    case_write_check(user=actor, case=case)
    return document_store_outgoing(
        actor=actor, case=case, content=render(), filename=filename, title=title, sent_on=sent_on, channel=channel,
        kind=DocumentKind.LETTER, subject_type=subject_type, subject_id=subject_id, subject_label=subject_label,
    )
