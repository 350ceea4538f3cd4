"""The one place that decides whether a user may write to a case.

Every write service of every app that changes a case, or anything that belongs to a case (journal, EB
applications and decisions, children's reports and investigations, payments, visits …), calls
``case_write_check`` before it writes. Emergency access (nödåtkomst) only ever reads.
"""

from django.db.models import Q
from django.utils import timezone

from skutan.accounts.selectors import user_unit_ids
from skutan.cases.models import Case, CaseAccessGrant
from skutan.core.errors import AccessDeniedError
from skutan.people.case_links import PersonMatters

WRITE_DENIED = "Du kan inte skriva i ett ärende utanför din enhet. Nödåtkomst ger bara läsrätt."


def case_write_check(*, user, case: Case) -> None:
    """Writing needs the case's unit or a (non-emergency) grant from its manager; raise AccessDeniedError."""
    if user.is_superuser or case.unit_id in user_unit_ids(user=user):
        return
    granted = CaseAccessGrant.objects.filter(
        case=case, user=user, emergency=False, valid_until__gt=timezone.now()
    ).exists()
    if not granted:
        raise AccessDeniedError(WRITE_DENIED)


# -- answers the people app asks for (registered in CasesConfig.ready, see people/case_links.py) ------------


def person_matters_for(*, user, person_ids, household_id: int | None = None) -> PersonMatters:
    """The cases that concern these persons: their own, and cases linked to a household they live in now."""
    person_ids = set(person_ids)
    matter = Q(person_id__in=person_ids) | Q(
        household__members__person_id__in=person_ids, household__members__left_on__isnull=True
    )
    if household_id is not None:
        matter |= Q(household_id=household_id)
    cases = Case.objects.filter(matter)
    unit_ids = frozenset(cases.order_by().values_list("unit_id", flat=True).distinct())
    granted = bool(unit_ids) and CaseAccessGrant.objects.filter(
        case__in=cases, user=user, emergency=False, valid_until__gt=timezone.now()
    ).exists()
    return PersonMatters(exists=bool(unit_ids), handling_unit_ids=unit_ids, user_granted=granted)


def persons_with_case_in_units(*, person_ids, unit_ids) -> set[int]:
    return set(
        Case.objects.filter(person_id__in=set(person_ids), unit_id__in=set(unit_ids))
        .order_by().values_list("person_id", flat=True).distinct()
    )
