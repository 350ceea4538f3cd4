"""The one place that decides whether a user may write to a case.

Every write service of every app that changes a case, or anything that belongs to a case (journal, EB
applications and decisions, children's reports and investigations, payments, visits …), calls
``case_write_check`` before it writes. Emergency access (nödåtkomst) only ever reads.
"""

from django.utils import timezone

from skutan.accounts.selectors import user_unit_ids
from skutan.cases.models import Case, CaseAccessGrant
from skutan.core.errors import AccessDeniedError

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
