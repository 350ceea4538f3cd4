"""Template tags about persons. The address rule lives in people.selectors.person_address."""

from django import template

from skutan.people.selectors import person_address_for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def address_line(context, person) -> str:
    """The person's address as the current user may see it, for every page header alike."""
    request = context.get("request")
    if request is None:
        return "Skyddad adress"
    address = person_address_for_request(request=request, person=person)
    if address is None:
        return "Skyddad adress"
    return address or "Adress saknas"
