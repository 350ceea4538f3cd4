"""{% subject_documents case "assistance.application" application.pk %}: the documents of one thing in a case,
with a link to register one; {% outgoing_letter_form url %}: store a letter as sent (date and channel)."""

from django import template
from django.utils import timezone

from skutan.cases.forms import OutgoingLetterForm
from skutan.cases.selectors_documents import documents_of_subject

register = template.Library()


@register.inclusion_tag("cases/_subject_documents.html")
def subject_documents(case, subject_type: str, subject_id: int):
    """For a page that already read ``case`` through case_get_for_user."""
    return {"case": case, "documents": documents_of_subject(case=case, subject_type=subject_type, subject_id=subject_id),
            "subject_key": f"{subject_type}:{subject_id}"}


@register.inclusion_tag("cases/_outgoing_letter_form.html", takes_context=True)
def outgoing_letter_form(context, url: str, prefix: str = "letter", sheet: bool = False, key=""):
    """``sheet``: the letter can carry an information sheet, so ask which one went with it; ``key`` tells the
    forms of several letters on one page apart."""
    prefix = f"{prefix}-{key}" if key != "" else prefix
    return {"url": url, "prefix": prefix, "csrf_token": context.get("csrf_token"), "sheet": sheet,
            "form": OutgoingLetterForm(auto_id=f"{prefix}-%s", initial={"sent_on": timezone.localdate()})}
