from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "skutan.people"
    label = "people"
    verbose_name = "Personer"

    def ready(self):
        # Audit sits below people: the log review shows persons through functions handed to it here.
        from skutan.audit.subjects import persons_register
        from skutan.people import selectors

        persons_register(
            persons_by_ids=lambda ids: selectors.persons_by_ids(ids=ids),
            person_id_by_query=lambda value: selectors.person_id_by_identity_query(value=value),
        )
