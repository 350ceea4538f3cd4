from django.apps import AppConfig
from django.utils.translation import gettext


class AdultsConfig(AppConfig):
    name = "skutan.adults"
    label = "adults"
    verbose_name = "Vuxen: missbruk, socialpsykiatri och våld i nära relation"

    def ready(self):
        from skutan.accounts.models import Role, UnitKind
        from skutan.accounts.navigation import NAV_ITEMS, NavItem

        item = NavItem(gettext("Vuxen"), "adults:board", (Role.CASEWORKER, Role.UNIT_MANAGER), (UnitKind.ADULTS,))
        if item not in NAV_ITEMS:
            NAV_ITEMS.append(item)
