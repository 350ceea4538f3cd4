from django.apps import AppConfig


class LogReviewConfig(AppConfig):
    name = "skutan.logreview"
    label = "logreview"
    verbose_name = "Automatisk loggkontroll"
