"""{% child_reports_link person %}: the person page's link to the reports about the child and the siblings,
from the children's app, so the person register never imports it."""

from django import template

from skutan.children.selectors import child_reports_visible_count

register = template.Library()


@register.inclusion_tag("children/_person_reports_link.html", takes_context=True)
def child_reports_link(context, person):
    user = context["request"].user
    return {"person": person, "count": child_reports_visible_count(user=user, child=person)}
