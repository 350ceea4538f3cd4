from django.apps import AppConfig
from django.utils.translation import gettext


class MobileConfig(AppConfig):
    name = "skutan.mobile"
    label = "mobile"
    verbose_name = "Mobila teamet"

    def ready(self):
        from skutan.accounts.models import Role, UnitKind
        from skutan.accounts.navigation import NAV_ITEMS, NavItem
        from skutan.adults.extensions import VISITS_NOT_REACHED
        from skutan.mobile.selectors import not_reached_since

        if not_reached_since not in VISITS_NOT_REACHED:
            VISITS_NOT_REACHED.append(not_reached_since)
        for item in (NavItem(gettext("Min dag"), "mobile:day", (Role.MOBILE_TEAM, Role.UNIT_MANAGER), (UnitKind.MOBILE_TEAM,)),
                     NavItem(gettext("Teamets uppdrag"), "mobile:assignments", (Role.MOBILE_TEAM, Role.UNIT_MANAGER),
                             (UnitKind.MOBILE_TEAM,))):
            if item not in NAV_ITEMS:
                NAV_ITEMS.append(item)
