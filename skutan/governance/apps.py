from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "skutan.governance"
    label = "governance"
    verbose_name = "Ledningsgruppen: möten, uppdrag, beslut och rutiner"
