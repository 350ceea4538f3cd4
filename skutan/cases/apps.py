from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "skutan.cases"
    label = "cases"
    verbose_name = "Ärenden"
