from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "skutan.demo"
    label = "demo"
    verbose_name = "Demodata"
