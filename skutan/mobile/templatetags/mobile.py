"""{% case_mobile_panel case %}: the mobile team's part of an adult case page (assignments, escalations, a link
to give a new assignment), so the adults app never imports this one."""

from django import template

from skutan.mobile.models import MobileAssignment
from skutan.mobile.selectors import escalations_open_for

register = template.Library()


@register.inclusion_tag("mobile/_case_panel.html", takes_context=True)
def case_mobile_panel(context, case):
    user = context["request"].user
    # The case was read (and logged) by the page; its assignments belong to it.
    return {"case": case, "assignments": list(MobileAssignment.objects.filter(case=case).select_related("team")),
            "escalations": escalations_open_for(user=user, case=case), "request": context["request"],
            "csrf_token": context.get("csrf_token")}
