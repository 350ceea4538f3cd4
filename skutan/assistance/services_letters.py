"""An EB decision letter, once sent, is stored as an outgoing document of the case (with the day and the way
it was sent): the PDF as the citizen got it, kept in the document storage (cases.services_documents)."""

from datetime import date

from django.db import transaction

from skutan.assistance.letters import decision_letter_filename, decision_letter_pdf
from skutan.assistance.models import Decision
from skutan.cases.access import case_write_check
from skutan.cases.models import Document, DocumentKind
from skutan.cases.services_documents import document_store_outgoing

SUBJECT_TYPE = "assistance.application"


@transaction.atomic
def decision_letter_store_sent(*, actor, decision: Decision, sent_on: date, channel: str) -> Document:
    case_write_check(user=actor, case=decision.case)
    return document_store_outgoing(
        actor=actor, case=decision.case, content=decision_letter_pdf(decision=decision, user=actor),
        filename=decision_letter_filename(decision), title=f"Beslutsbrev nr {decision.pk} ({decision.month:%Y-%m})",
        sent_on=sent_on, channel=channel, kind=DocumentKind.LETTER,
        subject_type=SUBJECT_TYPE, subject_id=decision.application_id, subject_label=f"Ansökan {decision.month:%Y-%m}",
    )
