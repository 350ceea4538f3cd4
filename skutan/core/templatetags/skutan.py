"""Swedish formats: kronor with space thousands separator, dates as ÅÅÅÅ-MM-DD."""

from decimal import ROUND_HALF_UP, Decimal
from html import escape as _escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def kronor(value) -> str:
    if value is None or value == "":
        return "–"
    amount = Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "−" if amount < 0 else ""
    digits = f"{abs(int(amount)):,}".replace(",", "\u00a0")
    return f"{sign}{digits}\u00a0kr"


# sedate and setime run for every row of a long page: plain formatting, no strftime or locale. Skutan never
# activates another time zone than TIME_ZONE, so the default zone is the current one.
@register.filter
def sedate(value) -> str:
    if not value:
        return "–"
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


@register.filter
def setime(value) -> str:
    if not value:
        return "–"
    if timezone.is_aware(value):
        value = value.astimezone(timezone.get_default_timezone())
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}"


@register.filter
def event_lines(history) -> str:
    """``<li>when · who · what</li>`` for each event of a history (case_history's dicts), escaped, built in
    Python: a template loop costs several variable lookups per row, and a case page shows up to 50 events."""
    # html.escape is what django.utils.html.escape does, without the lazy-text wrapper's cost per value.
    return mark_safe("".join(  # noqa: S308 — every value is escaped
        f"<li>{setime(e['at'])} · {_escape(str(e['who']))} · {_escape(str(e['what']))}</li>" for e in history))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def fill(pattern: str, value) -> str:
    """A URL pattern from ``skutan.core.pagination.url_pattern`` with its one id filled in."""
    return pattern.replace("{}", str(value))
