"""The minutes (protokoll) as a PDF, with the decisions and the assignments listed."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from skutan.governance.models import Meeting
from skutan.governance.selectors import fact_text


def minutes_pdf(*, meeting: Meeting, user) -> bytes:
    from weasyprint import HTML

    items = list(meeting.items.all())
    for item in items:
        item.fact_value = fact_text(kind=item.fact_kind, ref=item.fact_ref, user=user)
    with translation.override("sv"):  # the minutes are a Swedish record (docs/i18n.md)
        html = render_to_string("governance/minutes_pdf.html", {
            "meeting": meeting, "items": items, "decisions": list(meeting.decisions.all()),
            "assignments": list(meeting.assignments.select_related("owner")), "printed_at": timezone.localtime(),
            "participants": list(meeting.participants.all()), "addenda": list(meeting.addenda.all()),
        })
    return HTML(string=html).write_pdf()
