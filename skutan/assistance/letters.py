"""The decision letter (beslutsbrev) as PDF, rendered from a template with WeasyPrint.

Everything about the decision comes from the frozen decision, so a letter printed years later says what was
decided. The letter leaves the office, so:
- it shows no internal marks (⚠, ✔, "obekräftat") and none of the caseworker's notes; those stay on screen;
- it cites an unconfirmed paragraph by the law's name and SFS number only (lawref letter_citation);
- it prints only the person's own address, never a protected one (person_address_for_letter);
- for a couple it names both spouses as parties;
- an adverse decision says how to appeal (förvaltningslagen 2017:900 43–45 §§, DOMAIN.md §6).
The letterhead is the nämnd and the unit's contact details (accounts.Municipality, accounts.Unit).
"""

from __future__ import annotations

from django.utils import timezone, translation

from norm.errors import month_sv
from skutan.assistance.legal import appeal_info, letter_safe
from skutan.assistance.models import Decision
from skutan.cases import letters as common
from skutan.cases.letters import letterhead
from skutan.people.selectors import person_address_for_letter


def _parties(decision: Decision) -> list[dict]:
    """The applicant and, for sambor/makar, the other adult: both are parties to the decision."""
    parties = [{"name": decision.payee.full_name, "identity_number": decision.payee.identity_number}]
    application = decision.application
    if application is None or not application.cohabiting:
        return parties
    for member in application.members.all():
        if member.role != "adult" or member.person_id == decision.payee_id:
            continue
        if member.person is not None:
            parties.append({"name": member.person.full_name, "identity_number": member.person.identity_number})
        elif member.name:
            parties.append({"name": member.name, "identity_number": ""})
    return parties


def _letter_lines(calculation: dict) -> list[dict]:
    lines = []
    for line in calculation.get("lines", []):
        law = line.get("letter_source") or letter_safe((line.get("source") or "").split(";")[0])
        lines.append({"label": line.get("label", ""), "amount": line.get("amount"), "law": law})
    return lines


@translation.override("sv")  # a letter to a citizen is Swedish, its labels too
def decision_letter_context(*, decision: Decision, user=None, preview: bool = False) -> dict:
    person = decision.payee
    decided_on = timezone.localtime(decision.decided_at).date()
    head = letterhead(case=decision.case)
    decider = decision.decided_by
    return {
        "decision": decision,
        "preview": preview,
        "person": person,
        "parties": _parties(decision),
        "address": person_address_for_letter(person=person),
        "head": head,
        "decided_on": decided_on,
        "month_text": month_sv(decision.month.year, decision.month.month),
        "calculation": decision.calculation,
        "lines": _letter_lines(decision.calculation),
        "reasons": decision.reasons,
        "legal_basis": letter_safe(decision.legal_basis),
        "appeal": appeal_info(decided_on) if decision.is_adverse else None,
        "case": decision.case,
        "decider_name": decider.display_name if head["names_decision_maker"] else "",
        "decider_title": (decider.title or "") if head["names_decision_maker"] else "",
    }


def _pdf(context: dict) -> bytes:
    return common.letter_pdf(template="assistance/letter.html", context=context)


def decision_letter_pdf(*, decision: Decision, user=None, information_sheet: str = "") -> bytes:
    """The Swedish decision letter; with ``information_sheet="en"`` (a language with a sheet template) an
    information sheet in that language follows it."""
    context = decision_letter_context(decision=decision, user=user)
    context["information_sheet"] = _sheet(decision=decision, language=information_sheet,
                                          decided_on=context["decided_on"])
    return _pdf(context)


def _sheet(*, decision: Decision, language: str, decided_on):
    return common.information_sheet(language=language, kind="eb_month", decided_on=decided_on,
                             appealable=decision.is_adverse, outcome=decision.outcome, month=decision.month,
                             amount=decision.amount)


def decision_letter_preview_pdf(*, decision: Decision) -> bytes:
    """The letter of a decision not yet saved (``decision`` unsaved), marked as a preview."""
    return _pdf(decision_letter_context(decision=decision, preview=True))


def decision_letter_filename(decision: Decision) -> str:
    return f"beslut-ekonomiskt-bistand-{decision.month:%Y-%m}-{decision.pk or 'forhandsgranskning'}.pdf"
