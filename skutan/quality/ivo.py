"""The Lex Sarah anmälan to IVO as a PDF (the report with the investigation attached), to upload in IVO's
e-service. IVO's exact form fields were not found (DOMAIN.md §7 ⚠), so the PDF carries the content the
law asks for: what happened, the investigation, the measures and the decision. It names the case by its
reference only and never prints an address (a protected address can therefore never leak into it)."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessAction
from skutan.audit.services import access_log_record, audit_event_record
from skutan.quality.models import LexSarahMatter
from skutan.quality.selectors import lex_sarah_elapsed


def lex_sarah_ivo_context(*, matter: LexSarahMatter) -> dict:
    from skutan.accounts.models import Municipality

    municipality = Municipality.objects.first()
    deviation = matter.deviation
    return {
        "matter": matter, "deviation": deviation, "measures": list(matter.measures.select_related("owner")),
        "elapsed": lex_sarah_elapsed(matter=matter), "printed_at": timezone.localtime(),
        "municipality": municipality, "case_reference": deviation.case.reference if deviation.case_id else "",
    }


def lex_sarah_ivo_pdf(*, matter: LexSarahMatter, actor, ctx) -> bytes:
    from weasyprint import HTML

    deviation = matter.deviation
    access_log_record(
        user=actor, action=AccessAction.PRINT, purpose=ctx.purpose, object_type="lex_sarah", object_id=matter.pk,
        person=deviation.case.person if deviation.case_id else None, case_id=deviation.case_id,
        channel=ctx.channel, path=ctx.path,
    )
    audit_event_record(event_type=EventType.LEX_SARAH_IVO_PDF, actor=actor, obj=matter, case_id=deviation.case_id)
    with translation.override("sv"):  # a report to IVO is in Swedish whatever the reader's language
        html = render_to_string("quality/ivo.html", lex_sarah_ivo_context(matter=matter))
    return HTML(string=html).write_pdf()
