from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "skutan.quality"
    label = "quality"
    verbose_name = "Kvalitet: avvikelser, Lex Sarah och riskanalys"
