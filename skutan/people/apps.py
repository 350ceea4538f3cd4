from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "skutan.people"
    label = "people"
    verbose_name = "Personer"
