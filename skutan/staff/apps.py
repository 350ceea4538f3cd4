from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "skutan.staff"
    label = "staff"
    verbose_name = "Personal: säkerhet, arbetsbelastning och kompetens"

    def ready(self):
        # The person register (a lower layer) shows safety markers without importing this app.
        from skutan.people.extensions import PERSON_DETAIL_EXTENSIONS
        from skutan.staff.selectors import person_safety_extension

        if person_safety_extension not in PERSON_DETAIL_EXTENSIONS:
            PERSON_DETAIL_EXTENSIONS.append(person_safety_extension)

        from skutan.cases.extensions import ALLOCATION_CHECKS
        from skutan.staff.selectors import allocation_qualification_check

        if allocation_qualification_check not in ALLOCATION_CHECKS:
            ALLOCATION_CHECKS.append(allocation_qualification_check)

        from skutan.cases.extensions import worker_load_provider_register
        from skutan.cases.workday import workday_provider_register
        from skutan.staff.selectors import weighted_loads
        from skutan.staff.workday import visits_workday_items

        workday_provider_register(visits_workday_items)
        worker_load_provider_register(weighted_loads)
