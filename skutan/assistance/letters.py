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

from django.template.loader import render_to_string
from django.utils import timezone, translation

from norm.errors import month_sv
from skutan.accounts.selectors import municipality_current
from skutan.assistance.legal import appeal_info, letter_safe
from skutan.assistance.models import Decision
from skutan.people.selectors import person_address_for_letter

DEFAULT_BOARD = "Socialnämnden"


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


def letterhead(*, case) -> dict:
    municipality = municipality_current()
    unit = case.unit
    return {
        "municipality": municipality.name,
        "board": municipality.board_name or DEFAULT_BOARD,
        "board_address": municipality.address,
        "unit": unit.name,
        "address": unit.address or municipality.address,
        "phone": unit.phone or municipality.phone,
        "email": unit.email or municipality.email,
        "opening_hours": unit.opening_hours,
        # The municipality's choice, unless the unit is anonymous towards its clients (issue 14).
        "names_decision_maker": municipality.letter_names_decision_maker and not unit.anonymous_to_clients,
    }


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


INFORMATION_SHEET_LANGUAGES = ("en",)  # the letter itself is always Swedish; these sheets may go with it
_OUTCOME_EN = {"granted": "granted", "partly_granted": "partly granted", "rejected": "refused"}


def information_sheet_en(*, decision: Decision, decided_on) -> dict:
    """What the English information sheet says about this decision: the facts, not a translation of the letter
    (the Swedish letter is the decision)."""
    from timelimits import limit_for

    limit = limit_for("appeal", decided_on)
    unit = limit.unit if limit.length != 1 else limit.unit.rstrip("s")
    return {"outcome": _OUTCOME_EN.get(decision.outcome, decision.outcome), "appeal_time": f"{limit.length} {unit}"}


def _pdf(context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("sv"):  # letters to citizens are in Swedish (docs/i18n.md)
        html = render_to_string("assistance/letter.html", context)
    return HTML(string=html).write_pdf()


def decision_letter_pdf(*, decision: Decision, user=None, information_sheet: str = "") -> bytes:
    """The Swedish decision letter; with ``information_sheet="en"`` an English information sheet follows it."""
    context = decision_letter_context(decision=decision, user=user)
    if information_sheet in INFORMATION_SHEET_LANGUAGES:
        context["information_sheet"] = information_sheet_en(decision=decision, decided_on=context["decided_on"])
    return _pdf(context)


def decision_letter_preview_pdf(*, decision: Decision) -> bytes:
    """The letter of a decision not yet saved (``decision`` unsaved), marked as a preview."""
    return _pdf(decision_letter_context(decision=decision, preview=True))


def decision_letter_filename(decision: Decision) -> str:
    return f"beslut-ekonomiskt-bistand-{decision.month:%Y-%m}-{decision.pk or 'forhandsgranskning'}.pdf"
