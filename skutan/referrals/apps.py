from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "skutan.referrals"
    label = "referrals"
    verbose_name = "Beslut att fatta"

    def ready(self):
        from skutan.cases.workday import workday_provider_register
        from skutan.referrals.workday import referrals_workday_items

        workday_provider_register(referrals_workday_items)
