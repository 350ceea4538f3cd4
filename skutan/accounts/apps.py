from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "skutan.accounts"
    label = "accounts"
    verbose_name = "Konton"
