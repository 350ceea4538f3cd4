from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "skutan.followup"
    label = "followup"
    verbose_name = "Uppföljning"
