"""Role-dependent menu items. Each app adds its entries to NAV_ITEMS (label, url name, roles)."""

from django.urls import NoReverseMatch, reverse

from skutan.accounts.models import Role
from skutan.accounts.selectors import user_roles

# (label, url name, roles that see it; empty = everyone with a role)
NAV_ITEMS: list[tuple[str, str, tuple[str, ...]]] = [
    ("Enhetens ärenden", "cases:unit_board", (Role.UNIT_MANAGER,)),
    ("Loggkontroll", "audit:access_log", (Role.LOG_REVIEWER,)),
    ("Ekonomiskt bistånd", "assistance:home", (Role.CASEWORKER, Role.UNIT_MANAGER)),
    ("Riksnorm", "assistance:norm_tables", (Role.SYSTEM_ADMIN,)),
    ("Riktlinjer EB", "assistance:guidelines", (Role.SYSTEM_ADMIN, Role.UNIT_MANAGER)),
    ("Utbetalningar", "payments:index", (Role.UNIT_MANAGER, Role.SYSTEM_ADMIN)),
    ("Regelsimulering", "assistance:simulation", (Role.MANAGEMENT, Role.UNIT_MANAGER)),
    ("Frister", "children:board", (Role.CASEWORKER, Role.UNIT_MANAGER)),
    ("Ny orosanmälan", "children:report_new", (Role.CASEWORKER, Role.UNIT_MANAGER)),
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
