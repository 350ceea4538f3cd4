from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "skutan.cases"
    label = "cases"
    verbose_name = "Ärenden"

    def ready(self):
        # People sits below cases: it asks its questions about cases through functions handed to it here.
        from skutan.audit.subjects import emergency_grants_register
        from skutan.cases import access, selectors, services
        from skutan.people.case_links import case_links_register

        case_links_register(
            matters=access.person_matters_for,
            persons_with_case_in_units=access.persons_with_case_in_units,
            cases_for_person=selectors.cases_for_person,
        )
        emergency_grants_register(
            to_review=lambda: selectors.emergency_grants_to_review()[:100], review=services.emergency_access_review_by_id
        )

        from skutan.cases.workday import cases_workday_items, workday_provider_register

        workday_provider_register(cases_workday_items)

        from skutan.cases.search import (
            cases_search_provider,
            persons_search_provider,
            search_provider_register,
        )

        search_provider_register(persons_search_provider)
        search_provider_register(cases_search_provider)
