"""{% person_between_chairs person %}: the adults module's part of the person overview (issue 15, part 5), so the
person register never imports this app."""

from django import template

from skutan.adults.selectors import OTHER_UNIT_LINE
from skutan.adults.selectors import person_between_chairs as _between_chairs
from skutan.core.context import AccessContext

register = template.Library()


@register.inclusion_tag("adults/_between_chairs.html", takes_context=True)
def person_between_chairs(context, person):
    request = context["request"]
    ctx = AccessContext.from_request(request, purpose="Personöversikt")
    return {"person": person, "chairs": _between_chairs(ctx=ctx, person=person), "other_unit_line": OTHER_UNIT_LINE,
            "csrf_token": context.get("csrf_token")}
