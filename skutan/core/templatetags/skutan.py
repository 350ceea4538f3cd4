"""Swedish formats: kronor with space thousands separator, dates as ÅÅÅÅ-MM-DD."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def kronor(value) -> str:
    if value is None or value == "":
        return "–"
    amount = Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "−" if amount < 0 else ""
    digits = f"{abs(int(amount)):,}".replace(",", "\u00a0")
    return f"{sign}{digits}\u00a0kr"


@register.filter
def sedate(value) -> str:
    return value.strftime("%Y-%m-%d") if value else "–"


@register.filter
def setime(value) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "–"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def fill(pattern: str, value) -> str:
    """A URL pattern from ``skutan.core.pagination.url_pattern`` with its one id filled in."""
    return pattern.replace("{}", str(value))
