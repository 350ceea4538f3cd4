from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "skutan.audit"
    label = "audit"
    verbose_name = "Loggar"
