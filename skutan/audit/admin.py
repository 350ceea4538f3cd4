from django.contrib import admin

from skutan.audit.models import AccessLog, AuditEvent
from skutan.core.admin_site import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "event_type", "acting_username", "object_type", "object_id")
    list_filter = ("event_type",)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "action", "object_type", "object_id", "purpose")
