from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "skutan.assistance"
    label = "assistance"
    verbose_name = "Ekonomiskt bistånd"

    def ready(self):
        # Min dag and the case history live in cases (a lower layer): assistance hands them its parts.
        from skutan.assistance.workday import assistance_workday_items
        from skutan.cases.workday import workday_provider_register

        workday_provider_register(assistance_workday_items)

        from skutan.assistance.search import decisions_search_provider
        from skutan.cases.search import search_provider_register

        search_provider_register(decisions_search_provider)

        from skutan.assistance.history import LABELS
        from skutan.cases.extensions import event_labels_register

        event_labels_register(LABELS)

        from skutan.assistance.documents import application_document_subjects
        from skutan.cases.extensions import DOCUMENT_SUBJECTS, register_once

        register_once(DOCUMENT_SUBJECTS, application_document_subjects)
