"""Letters of Barn och unga as PDF: the decision on an insats (to the guardians, and the child who is a party)
and the underrättelse to a party. Rendered like the EB letters (skutan/cases/letters.py): Swedish whatever the
reader's language, the nämnd's letterhead, no internal marks, and an optional information sheet in another
language that explains the letter without translating it.

A letter to a guardian never says where a child is placed (the provider of a placement is left out: a
placement may be secret from a guardian, OSL 26 kap.), and prints no address but the recipient's own.
"""

from __future__ import annotations

from django.utils import translation

from skutan.cases import letters as common
from skutan.children.models import PLACEMENT_KINDS, Intervention, PartyNotice

INTERVENTION_TEMPLATE = "children/intervention_letter.html"
NOTICE_TEMPLATE = "children/notice_letter_pdf.html"


def _decider(head: dict, user) -> dict:
    named = head["names_decision_maker"] and user is not None
    return {"decider_name": user.display_name if named else "", "decider_title": (user.title or "") if named else ""}


@translation.override("sv")  # a letter to a citizen is Swedish, its labels too
def intervention_letter_context(*, intervention: Intervention) -> dict:
    case = intervention.case
    head = common.letterhead(case=case)
    return {
        "head": head, "case": case, "child": case.person, "intervention": intervention,
        "label": intervention.label, "decided_on": intervention.decided_on,
        "legal_ground": intervention.get_legal_ground_display() if intervention.legal_ground else "",
        "provider": "" if intervention.kind in PLACEMENT_KINDS else intervention.provider,
        "appeal": intervention.appeal_information if intervention.against_party else "",
        **_decider(head, intervention.decided_by),
    }


def intervention_letter_pdf(*, intervention: Intervention, information_sheet: str = "") -> bytes:
    context = intervention_letter_context(intervention=intervention)
    context["information_sheet"] = common.information_sheet(
        language=information_sheet, kind="child_decision", decided_on=intervention.decided_on,
        appealable=intervention.against_party, subject=context["label"],
    )
    return common.letter_pdf(template=INTERVENTION_TEMPLATE, context=context)


def intervention_letter_filename(intervention: Intervention) -> str:
    return f"beslut-insats-{intervention.pk}.pdf"


@translation.override("sv")
def notice_letter_context(*, notice: PartyNotice, parties: list[dict]) -> dict:
    case = notice.case
    recipient = case.person if notice.to_child or notice.guardian_id is None else notice.guardian.person
    return {"head": common.letterhead(case=case), "case": case, "notice": notice, "parties": parties,
            "recipient": recipient, "subject": notice.get_subject_display()}


def notice_letter_pdf(*, notice: PartyNotice, parties: list[dict]) -> bytes:
    return common.letter_pdf(template=NOTICE_TEMPLATE, context=notice_letter_context(notice=notice, parties=parties))


def notice_letter_filename(notice: PartyNotice) -> str:
    return f"underrattelse-{notice.pk}.pdf"
