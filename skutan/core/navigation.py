"""Role-dependent menu items. Each app adds its entries to NAV_ITEMS (label, url name, roles)."""

from django.urls import NoReverseMatch, reverse

from skutan.accounts.models import Role
from skutan.accounts.selectors import user_roles

# (label, url name, roles that see it; empty = everyone with a role)
NAV_ITEMS: list[tuple[str, str, tuple[str, ...]]] = [
    ("Enhetens ärenden", "cases:unit_board", (Role.UNIT_MANAGER,)),
    ("Loggkontroll", "audit:access_log", (Role.LOG_REVIEWER,)),
]


def nav_items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    roles = user_roles(user=user)
    items = []
    for label, url_name, allowed in NAV_ITEMS:
        if user.is_superuser or not allowed or roles & set(allowed):
            try:
                items.append({"label": label, "url": reverse(url_name)})
            except NoReverseMatch:
                continue
    return items
