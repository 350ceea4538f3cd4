from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "skutan.legal"
    label = "legal"
    verbose_name = "Lagrum"
