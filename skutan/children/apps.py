from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "skutan.children"
    label = "children"
    verbose_name = "Barn och unga"

    def ready(self):
        # Min dag and the case history live in cases (a lower layer): children hands them its parts.
        from skutan.cases.workday import workday_provider_register
        from skutan.children.workday import children_workday_items

        workday_provider_register(children_workday_items)

        from skutan.cases.search import search_provider_register
        from skutan.children.search import reports_search_provider

        search_provider_register(reports_search_provider)

        from skutan.cases.extensions import event_labels_register
        from skutan.children.history import LABELS

        event_labels_register(LABELS)
