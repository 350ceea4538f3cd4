from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "skutan.referrals"
    label = "referrals"
    verbose_name = "Beslut att fatta"
