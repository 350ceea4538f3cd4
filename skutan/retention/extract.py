"""Registerutdrag (GDPR art. 15): every row Skutan holds about a person, as the person may receive it.

The content comes from the same holdings as gallring (``holdings.py``), so a new record type is included
without being listed here. What secrecy forbids disclosing to the person is left out, field by field, with
the rule; the list of what was left out is for the caseworker only and never printed in the person's PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.utils import timezone

from skutan.retention.holdings import Holdings

# Rows that say nothing about the person to the person (Skutan's own bookkeeping of the purge plan).
NOT_SHOWN = {"retention.purgeplanitem"}

# Fields never shown to the person, with the rule. OSL 26 kap. 5 §: sekretess för uppgift om vem som har
# lämnat en uppgift (anmälare) – as DOMAIN.md §5/§8 describe the confidential reporter (paragraph ⚠).
SECRECY_RULE_REPORTER = "Anmälarens identitet är sekretessbelagd (OSL 26 kap., sekretess för uppgiftslämnare; paragraf obekräftad)"
SECRECY_RULE_OTHER_PERSON = "Skyddade personuppgifter: adressen skrivs aldrig ut (lämnas muntligen vid behov)"
INTERNAL = {"id", "version", "password"}


@dataclass
class ExtractSection:
    title: str
    rows: list[list[tuple[str, str]]] = field(default_factory=list)


@dataclass
class Omission:
    what: str
    rule: str


@dataclass
class Extract:
    sections: list[ExtractSection]
    omissions: list[Omission]

    @property
    def record_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _secret_fields(obj) -> dict[str, str]:
    """Fields of this row that must not reach the person, each with its rule."""
    label = obj._meta.label_lower
    if label == "children.childreport" and obj.reporter_confidential:
        return {"reporter_name": SECRECY_RULE_REPORTER, "reporter_contact": SECRECY_RULE_REPORTER}
    return {}


def extract_build(*, person, holdings: Holdings, complete: bool = False) -> Extract:
    """The rows about the person. ``complete``: for the authority's own archive, nothing left out."""
    from skutan.people.models import Person

    sections: list[ExtractSection] = []
    omissions: list[Omission] = []
    for model in sorted(holdings, key=lambda m: (m is not Person, str(m._meta.verbose_name_plural))):
        label = model._meta.label_lower
        if label in NOT_SHOWN:
            continue
        section = ExtractSection(title=str(model._meta.verbose_name_plural).capitalize())
        for obj in model._base_manager.filter(pk__in=holdings[model]).order_by("pk"):
            secret = {} if complete else _secret_fields(obj)
            # A protected address is never printed, not even in the person's own extract (DOMAIN.md §8).
            other_protected = model is Person and obj.protected_identity
            row: list[tuple[str, str]] = []
            for f in model._meta.concrete_fields:
                if f.name in INTERNAL:
                    continue
                name = str(f.verbose_name)
                if f.name in secret:
                    if getattr(obj, f.attname):
                        omissions.append(Omission(f"{section.title}: {name}", secret[f.name]))
                    continue
                if other_protected and f.name in ("street_address", "postal_code", "city", "phone"):
                    omissions.append(Omission(f"{section.title}: {name}", SECRECY_RULE_OTHER_PERSON))
                    continue
                if f.is_relation:
                    target = getattr(obj, f.name, None)
                    value = "" if target is None else str(target)
                    if f.related_model._meta.label_lower == "accounts.user" and target is not None:
                        value = target.get_full_name() or target.username
                else:
                    value = _text(getattr(obj, f.attname))
                if value:
                    row.append((name, value))
            section.rows.append(row)
        if section.rows:
            sections.append(section)
    return Extract(sections=sections, omissions=omissions)


def extract_pdf(*, person, extract: Extract, municipality, pdf_variant: str | None = None, title: str = "") -> bytes:
    """The extract as PDF; ``pdf_variant="pdf/a-2b"`` for the e-archive (WeasyPrint writes PDF/A-2b: XMP
    identification, an sRGB output intent, embedded fonts; not verified with veraPDF here)."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    with translation.override("sv"):  # a letter to the person is in Swedish (docs/i18n.md)
        html = render_to_string("retention/extract_pdf.html", {
            "person": person, "extract": extract, "municipality": municipality, "today": timezone.localdate(),
            "archive": bool(pdf_variant), "title": title,
        })
    return HTML(string=html).write_pdf(pdf_variant=pdf_variant) if pdf_variant else HTML(string=html).write_pdf()


def extract_value_texts(extract: Extract) -> str:
    """All the text of the extract, for tests and checks."""
    return "\n".join(v for s in extract.sections for row in s.rows for _, v in row)


__all__ = ["Extract", "extract_build", "extract_pdf", "models"]
