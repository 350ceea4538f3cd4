from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "skutan.children"
    label = "children"
    verbose_name = "Barn och unga"
