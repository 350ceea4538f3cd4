from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "skutan.retention"
    label = "retention"
    verbose_name = "Gallring och arkiv"
