"""The decision on an adult's insats as a letter (PDF) to the person, rendered like every letter to a citizen
(skutan/cases/letters.py): Swedish whatever the reader's language, the nämnd's letterhead, the person's own
address only (never a protected one), the law cited as a letter may cite it, and an optional information
sheet in another language that explains the letter without translating it.

A granted insats does not go against the person, so the letter carries no appeal instructions (FL 33 §
requires them for a decision that goes against a party); it says whom to contact instead."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from skutan.adults.legal import legal_ground_letter_citation
from skutan.adults.models import AdultInsats, InsatsStatus
from skutan.cases import letters as common
from skutan.core.errors import NotFoundError
from skutan.people.selectors import person_address_for_letter

TEMPLATE = "adults/insats_letter.html"


def insats_letter_check(insats: AdultInsats) -> None:
    if insats.status == InsatsStatus.PROPOSED or insats.decided_on is None:
        raise NotFoundError(gettext("Insatsen är inte beslutad: det finns inget beslutsbrev."))


@translation.override("sv")  # a letter to a citizen is Swedish, its labels too
def insats_letter_context(*, insats: AdultInsats) -> dict:
    insats_letter_check(insats)
    case = insats.case
    head = common.letterhead(case=case)
    named = head["names_decision_maker"] and insats.decided_by is not None
    return {
        "head": head, "case": case, "person": case.person, "insats": insats, "label": insats.get_kind_display(),
        "address": person_address_for_letter(person=case.person), "decided_on": insats.decided_on,
        "legal_basis": legal_ground_letter_citation(code=insats.legal_ground, on=insats.decided_on),
        "decider_name": insats.decided_by.display_name if named else "",
        "decider_title": (insats.decided_by.title or "") if named else "",
    }


def insats_letter_pdf(*, insats: AdultInsats, information_sheet: str = "") -> bytes:
    context = insats_letter_context(insats=insats)
    context["information_sheet"] = common.information_sheet(
        language=information_sheet, kind="adult_decision", decided_on=insats.decided_on, appealable=False,
        outcome="granted", subject=str(context["label"]),
    )
    return common.letter_pdf(template=TEMPLATE, context=context)


def insats_letter_filename(insats: AdultInsats) -> str:
    return f"beslut-insats-vuxen-{insats.pk}.pdf"
