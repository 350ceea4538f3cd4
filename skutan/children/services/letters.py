"""A letter of Barn och unga, once sent, stored as an outgoing document of the case (the PDF as sent, with
the day and the channel): the decision on an insats and the underrättelse to a party."""

from datetime import date

from skutan.cases.models import Document
from skutan.cases.services_documents import letter_store_sent
from skutan.children import letters
from skutan.children.models import Intervention, PartyNotice


def intervention_letter_store_sent(
    *, actor, intervention: Intervention, sent_on: date, channel: str, information_sheet: str = "",
) -> Document:
    return letter_store_sent(
        actor=actor, case=intervention.case,
        render=lambda: letters.intervention_letter_pdf(intervention=intervention, information_sheet=information_sheet),
        filename=letters.intervention_letter_filename(intervention),
        title=f"Beslutsbrev: {intervention.label} ({intervention.decided_on:%Y-%m-%d})", sent_on=sent_on,
        channel=channel, subject_type="children.intervention", subject_id=intervention.pk,
        subject_label=f"Insats: {intervention.label}",
    )


def notice_letter_store_sent(*, actor, notice: PartyNotice, parties: list[dict], sent_on: date,
                             channel: str) -> Document:
    return letter_store_sent(
        actor=actor, case=notice.case, render=lambda: letters.notice_letter_pdf(notice=notice, parties=parties),
        filename=letters.notice_letter_filename(notice),
        title=f"Underrättelse: {notice.get_subject_display().lower()} ({notice.sent_on:%Y-%m-%d})", sent_on=sent_on,
        channel=channel, subject_type="children.notice", subject_id=notice.pk,
        subject_label=f"Underrättelse {notice.sent_on:%Y-%m-%d}",
    )
