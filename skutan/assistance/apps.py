from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "skutan.assistance"
    label = "assistance"
    verbose_name = "Ekonomiskt bistånd"
