"""Reads of the legal references: the shipped lawref set with the administrators' corrections merged in.

Not personal data, so not access-logged. Every part of Skutan that cites a law in a decision or a letter
reads it through ``references_current`` so a correction takes effect everywhere at once.
"""

from __future__ import annotations

from datetime import date

from lawref import LegalReference, References, load_references
from norm.legal import LegalSources, legal_sources_data, legal_sources_from_dict
from skutan.legal.models import LegalReferenceCorrection


def _token() -> tuple:
    rows = LegalReferenceCorrection.objects.order_by("-entered_at", "-pk").values_list("pk", "version", "entered_at")[:1]
    return (LegalReferenceCorrection.objects.count(), tuple(rows))


_cache: dict[str, tuple] = {}


def references_current() -> References:
    token = _token()
    cached = _cache.get("refs")
    if cached and cached[0] == token:
        return cached[1]
    refs = load_references()
    corrections = [row.as_correction() for row in LegalReferenceCorrection.objects.all()]
    if corrections:
        refs = refs.with_corrections(corrections)
    _cache["refs"] = (token, refs)
    return refs


def reference_in_force(*, key: str, day: date) -> LegalReference:
    return references_current().get(key, day)


def legal_sources_current() -> LegalSources:
    """norm's legal sources built from the current references, to pass to norm.calculate. Built again only
    when the references change (references_current() returns the same object until a correction)."""
    refs = references_current()
    cached = _cache.get("sources")
    if cached and cached[0] is refs:
        return cached[1]
    sources = legal_sources_from_dict(legal_sources_data(), refs)
    _cache["sources"] = (refs, sources)
    return sources


def reference_rows() -> list[dict]:
    """Every version for the administrators' page, shipped value beside a correction."""
    shipped = {(r.key, r.valid_from): r for r in load_references().all()}
    corrections = {
        (row.key, row.valid_from): row
        for row in LegalReferenceCorrection.objects.select_related("entered_by")
    }
    rows = []
    for ref in references_current().all():
        rows.append(
            {"ref": ref, "shipped": shipped.get((ref.key, ref.valid_from)),
             "correction": corrections.get((ref.key, ref.valid_from))}
        )
    return rows


def references_unconfirmed(*, keys: list[str], day: date) -> list[LegalReference]:
    refs = references_current()
    result = []
    for key in keys:
        ref = refs.get(key, day)
        if not ref.confirmed and ref not in result:
            result.append(ref)
    return result
