from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "skutan.followup"
    label = "followup"
    verbose_name = "Uppföljning"

    def ready(self) -> None:
        # The writers (assistance, payments, children, cases) announce what changed through
        # skutan.core.summaries; the summary tables are refreshed here, after commit.
        from skutan.core.summaries import statistics_listener_register
        from skutan.followup.summaries import summaries_apply

        statistics_listener_register(summaries_apply)
