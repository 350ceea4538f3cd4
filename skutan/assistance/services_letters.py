"""An EB letter, once sent, is stored as an outgoing document of the case (with the day and the way
it was sent): the PDF as the citizen got it, kept in the document storage (cases.services_documents)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from skutan.assistance.letters import decision_letter_filename, decision_letter_pdf
from skutan.assistance.models import Decision
from skutan.assistance.models_decisions import (
    Appeal,
    AppealStatus,
    DecisionRevision,
    OneOffDecision,
    RepaymentClaim,
)
from skutan.cases.access import case_write_check
from skutan.cases.models import Document, DocumentKind
from skutan.cases.services_documents import document_store_outgoing, letter_store_sent
from skutan.core.errors import NotFoundError

SUBJECT_TYPE = "assistance.application"


@transaction.atomic
def decision_letter_store_sent(*, actor, decision: Decision, sent_on: date, channel: str,
                               information_sheet: str = "") -> Document:
    case_write_check(user=actor, case=decision.case)
    return document_store_outgoing(
        actor=actor, case=decision.case,
        content=decision_letter_pdf(decision=decision, user=actor, information_sheet=information_sheet),
        filename=decision_letter_filename(decision), title=f"Beslutsbrev nr {decision.pk} ({decision.month:%Y-%m})",
        sent_on=sent_on, channel=channel, kind=DocumentKind.LETTER,
        subject_type=SUBJECT_TYPE, subject_id=decision.application_id, subject_label=f"Ansökan {decision.month:%Y-%m}",
    )


# The letters of decisions beyond the month (letters_decisions.py).
def _store_decision_letter(*, actor, case, context_fn, filename: str, title: str, sent_on: date, channel: str,
                           subject_type: str, subject_id: int, subject_label: str) -> Document:
    from skutan.assistance import letters_decisions

    return letter_store_sent(
        actor=actor, case=case, render=lambda: letters_decisions.letter_pdf(context_fn()), filename=filename,
        title=title, sent_on=sent_on, channel=channel, subject_type=subject_type, subject_id=subject_id,
        subject_label=subject_label,
    )


def one_off_letter_store_sent(*, actor, decision: OneOffDecision, sent_on: date, channel: str) -> Document:
    from skutan.assistance.letters_decisions import one_off_letter_context

    return _store_decision_letter(
        actor=actor, case=decision.case, context_fn=lambda: one_off_letter_context(decision=decision, user=actor),
        filename=f"beslut-enstaka-behov-{decision.pk}.pdf", title=f"Beslutsbrev nr E{decision.pk} (enstaka behov)",
        sent_on=sent_on, channel=channel, subject_type="assistance.one_off", subject_id=decision.pk,
        subject_label=f"Beslut nr E{decision.pk}",
    )


def revision_letter_store_sent(*, actor, revision: DecisionRevision, sent_on: date, channel: str) -> Document:
    from skutan.assistance.letters_decisions import revision_letter_context

    return _store_decision_letter(
        actor=actor, case=revision.case, context_fn=lambda: revision_letter_context(revision=revision, user=actor),
        filename=f"beslut-andring-{revision.pk}.pdf", title=f"Beslutsbrev nr Ä{revision.pk} (ändrat beslut)",
        sent_on=sent_on, channel=channel, subject_type="assistance.revision", subject_id=revision.pk,
        subject_label=f"Beslut nr Ä{revision.pk}",
    )


def appeal_letter_store_sent(*, actor, appeal: Appeal, sent_on: date, channel: str) -> Document:
    from skutan.assistance.letters_decisions import appeal_dismissal_letter_context

    case_write_check(user=actor, case=appeal.case)
    if appeal.status != AppealStatus.DISMISSED:
        raise NotFoundError(gettext("Det finns inget beslut om avvisning för överklagandet."))
    return _store_decision_letter(
        actor=actor, case=appeal.case, context_fn=lambda: appeal_dismissal_letter_context(appeal=appeal, user=actor),
        filename=f"beslut-avvisning-{appeal.pk}.pdf", title=f"Beslut om avvisning av överklagande nr {appeal.pk}",
        sent_on=sent_on, channel=channel, subject_type="assistance.appeal", subject_id=appeal.pk,
        subject_label=f"Överklagande nr {appeal.pk}",
    )


def claim_letter_store_sent(*, actor, claim: RepaymentClaim, sent_on: date, channel: str) -> Document:
    from skutan.assistance.letters_decisions import claim_letter_context

    return _store_decision_letter(
        actor=actor, case=claim.case, context_fn=lambda: claim_letter_context(claim=claim, user=actor),
        filename=f"beslut-aterkrav-{claim.pk}.pdf", title=f"Beslutsbrev om återkrav nr {claim.pk}",
        sent_on=sent_on, channel=channel, subject_type="assistance.claim", subject_id=claim.pk,
        subject_label=f"Återkrav nr {claim.pk}",
    )
