"""{% person_safety_markers person %} and {% allocation_suggestion case workers %}: the staff app's parts of the
person page and the allocation picker, so lower layers never import this app."""

from django import template

from skutan.staff.selectors import allocation_suggestion as _suggestion
from skutan.staff.selectors import markers_active_for_person

register = template.Library()


@register.inclusion_tag("staff/_person_markers.html")
def person_safety_markers(person):
    return {"person": person, "markers": markers_active_for_person(person=person)}


@register.inclusion_tag("staff/_allocation.html")
def allocation_suggestion(case, workers):
    return {"suggestion": _suggestion(case=case, workers=list(workers))}
