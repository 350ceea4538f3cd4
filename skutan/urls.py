from django.contrib import admin
from django.urls import include, path

from skutan.api import api
from skutan.cases.views import home
from skutan.core.views_tasks import task_progress

# The start page is the user's cases; it keeps the name core:home that every page links to.
home_patterns = ([path("", home, name="home")], "core")

urlpatterns = [
    path("", include(home_patterns)),
    path("konto/", include("skutan.accounts.urls")),
    path("personer/", include("skutan.people.urls")),
    path("arenden/", include("skutan.cases.urls")),
    path("logg/", include("skutan.audit.urls")),
    path("barn/", include("skutan.children.urls")),
    path("bistand/", include("skutan.assistance.urls")),
    path("lagrum/", include("skutan.legal.urls")),
    path("utbetalningar/", include("skutan.payments.urls")),
    path("uppfoljning/", include("skutan.followup.urls")),
    path("kvalitet/", include("skutan.quality.urls")),
    path("ledning/", include("skutan.governance.urls")),
    path("personal/", include("skutan.staff.urls")),
    path("vuxen/", include("skutan.adults.urls")),
    path("mobila-teamet/", include("skutan.mobile.urls")),
    path("loggkontroll/", include("skutan.logreview.urls")),
    path("uppgifter/<int:task_progress_id>/", task_progress, name="task_progress"),
    path("beslut-att-fatta/", include("skutan.referrals.urls")),
    path("forvaltning/", include("skutan.administration.urls")),
    path("gallring/", include("skutan.retention.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "skutan.core.error_views.bad_request"
handler403 = "skutan.core.error_views.permission_denied"
handler404 = "skutan.core.error_views.page_not_found"
handler500 = "skutan.core.error_views.server_error"
