from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "skutan.core"
    label = "core"
    verbose_name = "Kärna"
