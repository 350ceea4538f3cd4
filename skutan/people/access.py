"""Who may register a person, and who may change one: the one check every write to a person calls.

The model is described in docs/access-control.md. In short:

- Register a new person: a case worker or unit manager of any unit (they receive the application or report
  that makes the person known), or a holder of the register permission ``people.add_person``.
- Change an existing person (name, address, phone; households; payee accounts):
  a case worker or unit manager of a unit that has a case for the person (the person's own case, or a case
  linked to a household the person lives in), a holder of a valid, non-emergency grant to such a case, or a
  holder of the register permission ``people.change_person`` (personregistrator, given through a group).
  A person who has no case anywhere is nobody's matter yet: whoever may register persons may correct them.
- Emergency access (nödåtkomst) only ever reads, so it never counts here.
"""

from collections.abc import Iterable

from skutan.accounts.models import Role
from skutan.accounts.selectors import user_roles, user_unit_ids_with_roles
from skutan.core.errors import AccessDeniedError
from skutan.people.case_links import person_matters

HANDLING_ROLES = (Role.CASEWORKER, Role.UNIT_MANAGER)
REGISTER_DENIED = "Bara handläggare och enhetschefer kan registrera personer."
WRITE_DENIED = (
    "Du kan inte ändra personens uppgifter: personen har ärenden bara i enheter där du inte handlägger. "
    "Nödåtkomst ger bara läsrätt."
)


def _handling_unit_ids(user) -> set[int]:
    return user_unit_ids_with_roles(user=user, roles=HANDLING_ROLES)


# The role checks come before Django's model permissions (has_perm reads two permission tables): the answer is
# the same, and an ordinary case worker's page does not pay for them.
def person_may_register(*, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or user_roles(user=user) & set(HANDLING_ROLES):
        return True
    return user.has_perm("people.add_person")


def persons_may_change(*, user, person_ids: Iterable[int], household_id: int | None = None) -> bool:
    """May ``user`` change the data of these persons (or of the household they form)?"""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    matters = person_matters(user=user, person_ids=person_ids, household_id=household_id)
    if not matters.exists:
        allowed = person_may_register(user=user)
    else:
        allowed = bool(matters.handling_unit_ids & _handling_unit_ids(user)) or matters.user_granted
    return allowed or user.has_perm("people.change_person")


def person_register_check(*, user) -> None:
    if not person_may_register(user=user):
        raise AccessDeniedError(REGISTER_DENIED)


def person_write_check(*, user, person, message: str = WRITE_DENIED) -> None:
    """Raise AccessDeniedError unless ``user`` may change ``person``'s data."""
    if not persons_may_change(user=user, person_ids=[person.pk]):
        raise AccessDeniedError(message)
