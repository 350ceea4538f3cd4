"""Django admin, for the superuser only, for emergencies.

Skutan is administered through its own pages (/forvaltning/) and services, which check roles and write audit
rows. Django admin bypasses both, so it is closed to everyone but the superuser, and every model that holds
personal data is either absent or read-only there (skutan/core/tests/test_admin_site.py checks it)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SkutanAdminSite(admin.AdminSite):
    site_header = "Skutan – nödadministration"
    site_title = "Skutan admin"
    index_title = "Endast för superanvändaren. Vanlig administration sker under Systemförvaltning."

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser


class SkutanAdminConfig(AdminConfig):
    default_site = "skutan.core.admin_site.SkutanAdminSite"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed: for models holding personal data (staff or clients) and for logs."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
