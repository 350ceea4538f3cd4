from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    """Systemförvaltning: units, users, memberships, the delegationsordning and special rights (pages and API
    for the systemförvaltare). The models live in accounts; this app holds the services that change them."""

    name = "skutan.administration"
    label = "administration"
    verbose_name = "Systemförvaltning"
