"""What every letter to a citizen shares, whichever app writes it: the letterhead (the nämnd and the unit's
contact details), the PDF rendering (WeasyPrint, always in Swedish), and the optional information sheet in
another language that may follow the Swedish letter.

The information sheet explains what the letter is, how to appeal and whom to contact; it never translates
the decision (the Swedish letter is the decision). A language is offered when its template
``letters/information_sheet_<code>.html`` exists; the sheet's data is language-neutral (codes, numbers, dates)
and each template words it.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from skutan.accounts.selectors import municipality_current

DEFAULT_BOARD = "Socialnämnden"
INFORMATION_SHEET_TEMPLATE = "letters/information_sheet_{language}.html"
# What a letter is, for the information sheet's wording (each template has a paragraph per kind).
SHEET_KINDS = ("eb_month", "child_decision", "adult_decision")


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


def letter_pdf(*, template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("sv"):  # letters to citizens are in Swedish (docs/i18n.md)
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


@cache
def information_sheet_languages() -> tuple[str, ...]:
    """The languages an information sheet can be printed in: those of settings.LANGUAGES (and a few more a
    municipality may add a template for) whose template exists. Swedish never: the letter is Swedish."""
    codes = [code for code, _name in settings.LANGUAGES] + list(getattr(settings, "SKUTAN_SHEET_LANGUAGES", ()))
    found = []
    for code in dict.fromkeys(codes):
        if code == "sv":
            continue
        try:
            get_template(INFORMATION_SHEET_TEMPLATE.format(language=code))
        except TemplateDoesNotExist:
            continue
        found.append(code)
    return tuple(found)


def information_sheet(
    *, language: str, kind: str, decided_on: date, appealable: bool, outcome: str = "", subject: str = "",
    month: date | None = None, amount=None,
) -> dict | None:
    """The data of an information sheet for a letter, or None when no sheet exists in ``language``.
    ``outcome`` granted/partly_granted/rejected; ``subject`` the Swedish name of what was decided, printed as
    in the letter (e.g. »Kontaktperson«)."""
    if not language or language not in information_sheet_languages():
        return None
    if kind not in SHEET_KINDS:
        raise ValueError(f"unknown letter kind for an information sheet: {kind}")
    sheet = {"template": INFORMATION_SHEET_TEMPLATE.format(language=language), "language": language, "kind": kind,
             "outcome": outcome, "subject": subject, "month": month, "amount": amount, "appealable": appealable}
    if appealable:
        from timelimits import limit_for

        limit = limit_for("appeal", decided_on)
        sheet.update(appeal_length=limit.length, appeal_unit=limit.unit if limit.length != 1 else limit.unit.rstrip("s"))
    return sheet
