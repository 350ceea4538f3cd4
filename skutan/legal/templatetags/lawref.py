"""{% load lawref %}{% cite "sol.protection_assessment" %}: a template cites a law from the one data set,
never as literal text. ``on`` (a date) picks the version in force; ``letter=True`` the letter citation."""

from datetime import date

from django import template
from django.utils import timezone

from skutan.legal.selectors import reference_in_force

register = template.Library()


@register.simple_tag
def cite(key: str, on: date | None = None, letter: bool = False) -> str:
    ref = reference_in_force(key=key, day=on or timezone.localdate())
    return ref.letter_citation if letter else ref.citation
