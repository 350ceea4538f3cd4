"""{% case_deviations case %}: the deviations linked to a case, for the unit manager and the quality role.

A tag, so the case page (a lower layer) never imports the quality app; the selector decides who sees it.
"""

from django import template

from skutan.audit.context import AccessContext
from skutan.quality.selectors import deviations_for_case

register = template.Library()


@register.inclusion_tag("quality/_case_deviations.html", takes_context=True)
def case_deviations(context, case):
    request = context["request"]
    rows = deviations_for_case(ctx=AccessContext.from_request(request, purpose="Kvalitetsarbete"), case=case)
    return {"deviations": rows, "case": case}


@register.filter
def mul(value, factor):
    return int(value) * int(factor)


@register.filter
def risk_level(score) -> str:
    """Colour band of a risk value (probability × consequence, 1–16)."""
    score = int(score)
    return "high" if score >= 9 else "medium" if score >= 4 else "low"


@register.filter
def months_values(month: dict) -> list:
    return [month["deviations"], month["lex_sarah"], month["reported_to_ivo"]]
