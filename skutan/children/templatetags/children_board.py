"""The deadline board's assignment select, built in Python: the template loop over workers × current
assignments was most of the board's rendering time (issue 11)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def assign_options(workers, case) -> SafeString:
    """``<option>``s for the unit's workers, the case's current assignees selected; the same markup as the
    template loop it replaces (tests/test_board_render.py compares them)."""
    assigned = [a.user_id for a in getattr(case, "current_assignments", ())]
    return SafeString("".join(
        '<option value="{}"{}>{}</option>'.format(
            w.pk, " selected" * assigned.count(w.pk), conditional_escape(w.display_name))
        for w in workers or ()
    ))
