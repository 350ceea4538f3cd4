"""The decision letter (beslutsbrev) as PDF, rendered from a template with WeasyPrint.

Everything in the letter comes from the frozen decision, so a letter printed years later says exactly what
was decided. A protected person's address is never printed (person_address); an adverse decision states how
to appeal (förvaltningslagen 2017:900 44 §, DOMAIN.md §6).
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from norm.errors import month_sv
from skutan.assistance.legal import appeal_info
from skutan.assistance.models import Decision
from skutan.people.selectors import person_address


def decision_letter_context(*, decision: Decision, user) -> dict:
    person = decision.payee
    decided_on = timezone.localtime(decision.decided_at).date()
    return {
        "decision": decision,
        "person": person,
        # A letter leaves the office: a protected address is never printed, whoever prints it.
        "address": None if person.protected_identity else person_address(user=user, person=person),
        "municipality": settings.SKUTAN_MUNICIPALITY_NAME,
        "decided_on": decided_on,
        "month_text": month_sv(decision.month.year, decision.month.month),
        "calculation": decision.calculation,
        "appeal": appeal_info(decided_on) if decision.is_adverse else None,
        "case": decision.case,
    }


def decision_letter_pdf(*, decision: Decision, user) -> bytes:
    from weasyprint import HTML

    html = render_to_string("assistance/letter.html", decision_letter_context(decision=decision, user=user))
    return HTML(string=html).write_pdf()


def decision_letter_filename(decision: Decision) -> str:
    return f"beslut-ekonomiskt-bistand-{decision.month:%Y-%m}-{decision.pk}.pdf"
