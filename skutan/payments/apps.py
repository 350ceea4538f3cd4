from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "skutan.payments"
    label = "payments"
    verbose_name = "Utbetalningar"
