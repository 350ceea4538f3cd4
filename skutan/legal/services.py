"""Writes of the legal references: a systemförvaltare confirms or corrects a version, with its source."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from lawref import MissingReferenceError
from skutan.accounts.models import Role
from skutan.accounts.selectors import user_has_role
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.legal import selectors
from skutan.legal.models import LegalReferenceCorrection


def user_may_correct_references(user) -> bool:
    return user_has_role(user=user, role=Role.SYSTEM_ADMIN)


@transaction.atomic
def legal_reference_correct(
    *,
    actor,
    key: str,
    valid_from: date,
    chapter: str,
    paragraph: str,
    source: str,
    confirmed: bool,
    text: str = "",
    expected_version: int | None = None,
) -> LegalReferenceCorrection:
    """Confirm or correct the version (key, valid_from) of a reference. A confirmation needs a paragraph and a
    source (where it was checked: SFS, riksdagen.se, the municipality's lawyer); a reference without a
    paragraph can only be unconfirmed, and letters then cite the law by name and SFS number only."""
    if not user_may_correct_references(actor):
        raise AccessDeniedError(gettext("Bara systemförvaltare kan bekräfta eller rätta lagrum."))
    try:
        current = selectors.references_current().get(key, valid_from)
    except MissingReferenceError:
        raise ApplicationError(gettext("Lagrummet finns inte."), field="key") from None
    if current.valid_from != valid_from:
        raise ApplicationError(gettext("Ange en version av lagrummet som finns (gäller från)."), field="valid_from")
    chapter, paragraph, source = chapter.strip(), paragraph.strip(), source.strip()
    if not source:
        raise ApplicationError(gettext("Ange källan: var hänvisningen är kontrollerad (t.ex. SFS 2025:400)."), field="source")
    if confirmed and not paragraph:
        raise ApplicationError(gettext("Ange paragrafen för att bekräfta lagrummet."), field="paragraph")
    if paragraph and not all(ch.isdigit() or ch in " abcdefgh–-" for ch in paragraph):
        raise ApplicationError(gettext("Paragrafen anges som t.ex. 3, 1 b eller 37–39."), field="paragraph")
    if chapter and not chapter.isdigit():
        raise ApplicationError(gettext("Kapitlet anges med siffror."), field="chapter")
    row = LegalReferenceCorrection.objects.select_for_update().filter(key=key, valid_from=valid_from).first()
    if row is not None and expected_version is not None and row.version != expected_version:
        from skutan.core.concurrency import STALE_MESSAGE

        raise ConflictError(STALE_MESSAGE, field="version")
    old = current.to_dict()
    values = {
        "law": current.law, "short": current.short, "sfs": current.sfs, "chapter": chapter, "paragraph": paragraph,
        "text": text.strip() or current.text, "source": source[:300], "confirmed": confirmed,
        "entered_by": actor, "entered_at": timezone.now(),
    }
    if row is None:
        row = LegalReferenceCorrection.objects.create(key=key, valid_from=valid_from, **values)
    else:
        for name, value in values.items():
            setattr(row, name, value)
        row.version += 1
        row.save()
    new = selectors.references_current().get(key, valid_from)
    audit_event_record(
        event_type=EventType.LEGAL_REFERENCE_CORRECTED, actor=actor, obj=row,
        data={"key": key, "valid_from": valid_from.isoformat(), "old": old["citation"], "new": new.citation,
              "old_confirmed": old["confirmed"], "confirmed": confirmed, "source": source[:300]},
    )
    return row
