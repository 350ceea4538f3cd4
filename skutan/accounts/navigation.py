"""Role-dependent menu items. Each app adds its entries to NAV_ITEMS.

An item is shown to a user holding one of its roles in a unit of one of its unit kinds
(no kinds = any unit), so an EB caseworker does not see the children's deadline board.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.selectors import user_memberships


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()
    unit_kinds: tuple[str, ...] = ()


EB = (UnitKind.FINANCIAL_ASSISTANCE, UnitKind.INTAKE)
CHILDREN = (UnitKind.CHILDREN, UnitKind.INTAKE)

NAV_ITEMS: list[NavItem] = [
    NavItem(gettext_lazy("Enhetens ärenden"), "cases:unit_board", (Role.UNIT_MANAGER,)),
    NavItem(gettext_lazy("Journalmallar"), "cases:journal_templates", (Role.UNIT_MANAGER,)),
    NavItem(gettext_lazy("Loggkontroll"), "audit:access_log", (Role.LOG_REVIEWER,)),
    NavItem(gettext_lazy("Avvikande läsningar"), "logreview:items", (Role.LOG_REVIEWER,)),
    NavItem(gettext_lazy("Ekonomiskt bistånd"), "assistance:home", (Role.CASEWORKER, Role.UNIT_MANAGER), EB),
    NavItem(gettext_lazy("Frister EB"), "assistance:board", (Role.CASEWORKER, Role.UNIT_MANAGER), EB),
    NavItem(gettext_lazy("Riksnorm"), "assistance:norm_tables", (Role.SYSTEM_ADMIN,)),
    NavItem(gettext_lazy("Lagrum"), "legal:references", (Role.SYSTEM_ADMIN,)),
    NavItem(gettext_lazy("EB-registret"), "assistance:register", (Role.SYSTEM_ADMIN,)),
    NavItem(gettext_lazy("EB-registret"), "assistance:register", (Role.UNIT_MANAGER,), (UnitKind.FINANCIAL_ASSISTANCE,)),
    NavItem(gettext_lazy("Riktlinjer EB"), "assistance:guidelines", (Role.SYSTEM_ADMIN,)),
    NavItem(gettext_lazy("Riktlinjer EB"), "assistance:guidelines", (Role.UNIT_MANAGER,), EB),
    NavItem(gettext_lazy("Utbetalningar"), "payments:index", (Role.SYSTEM_ADMIN,)),
    NavItem(gettext_lazy("Utbetalningar"), "payments:index", (Role.UNIT_MANAGER,), (UnitKind.FINANCIAL_ASSISTANCE,)),
    NavItem(gettext_lazy("Regelsimulering"), "assistance:simulation", (Role.MANAGEMENT,)),
    NavItem(gettext_lazy("Regelsimulering"), "assistance:simulation", (Role.UNIT_MANAGER,), (UnitKind.FINANCIAL_ASSISTANCE,)),
    NavItem(gettext_lazy("Uppföljning"), "followup:dashboard", (Role.MANAGEMENT,)),
    NavItem(gettext_lazy("Uppföljning"), "followup:dashboard", (Role.UNIT_MANAGER,)),
    NavItem(gettext_lazy("Folkmängd"), "followup:population", (Role.SYSTEM_ADMIN,)),
    NavItem(gettext_lazy("Kvalitet"), "quality:index", (Role.QUALITY_OFFICER,)),
    NavItem(gettext_lazy("Kvalitet"), "quality:index", (Role.UNIT_MANAGER,)),
    NavItem(gettext_lazy("Avvikelsestatistik"), "quality:statistics", (Role.MANAGEMENT,)),
    NavItem(gettext_lazy("Ledningsgruppen"), "governance:board", (Role.MANAGEMENT,)),
    NavItem(gettext_lazy("Ledningsgruppen"), "governance:board", (Role.UNIT_MANAGER,)),
    NavItem(gettext_lazy("Personal och säkerhet"), "staff:home", (Role.CASEWORKER, Role.UNIT_MANAGER, Role.MOBILE_TEAM)),
    NavItem(gettext_lazy("Beslut att fatta"), "referrals:queue", (Role.CASEWORKER, Role.UNIT_MANAGER)),
    NavItem(gettext_lazy("Systemförvaltning"), "administration:home", (Role.SYSTEM_ADMIN,)),
    NavItem(gettext_lazy("Gallring och arkiv"), "retention:plans", (Role.ARCHIVIST,)),
    NavItem(gettext_lazy("Registerutdrag"), "retention:extract_find", (Role.ARCHIVIST,)),
    NavItem(gettext_lazy("Frister"), "children:board", (Role.CASEWORKER, Role.UNIT_MANAGER), CHILDREN),
    NavItem(gettext_lazy("Ny orosanmälan"), "children:report_new", (Role.CASEWORKER, Role.UNIT_MANAGER), CHILDREN),
    NavItem(gettext_lazy("Familjehem"), "children:foster_homes", (Role.CASEWORKER, Role.UNIT_MANAGER), CHILDREN),
]


def _visible(item: NavItem, memberships: set[tuple[str, str]]) -> bool:
    if not item.roles:
        return bool(memberships)
    return any(
        role in item.roles and (not item.unit_kinds or kind in item.unit_kinds) for role, kind in memberships
    )


def nav_items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    memberships = {(role, kind) for _, role, kind in user_memberships(user=user)}
    items, seen = [], set()
    for item in NAV_ITEMS:
        if item.url_name in seen or not (user.is_superuser or _visible(item, memberships)):
            continue
        try:
            items.append({"label": item.label, "url": reverse(item.url_name)})
        except NoReverseMatch:
            continue
        seen.add(item.url_name)
    return items
