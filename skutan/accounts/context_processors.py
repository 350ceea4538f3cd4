from django.conf import settings

from skutan.accounts.navigation import nav_items_for


def skutan(request):
    user = getattr(request, "user", None)
    return {
        "municipality_name": settings.SKUTAN_MUNICIPALITY_NAME,
        "nav_extra": nav_items_for(user) if user is not None else [],
    }
