"""What the people app needs to know about cases, told to it by the cases app.

People sits below cases in the layering (docs/architecture.md): a person exists before any case and cases
point at persons, never the other way round. Some rules about persons still depend on cases: who may change
a person (people.access), whether a read is outside the reader's units (the access log's flag), and which
cases the person page lists. The cases app answers those questions by registering its functions here in
``CasesConfig.ready()``. Without cases installed, nobody has a case.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PersonMatters:
    """The cases that concern some persons (their own, or a case linked to a household they live in)."""

    exists: bool = False  # any case at all, in any unit
    handling_unit_ids: frozenset[int] = field(default_factory=frozenset)  # units of those cases
    user_granted: bool = False  # the asking user holds a valid, non-emergency grant to one of them


def _no_matters(*, user, person_ids: Iterable[int], household_id: int | None = None) -> PersonMatters:
    return PersonMatters()


def _no_cases_in_units(*, person_ids: Iterable[int], unit_ids: Iterable[int]) -> set[int]:
    return set()


def _no_cases_for_person(*, user, person) -> tuple[list, int]:
    return [], 0


_matters: Callable[..., PersonMatters] = _no_matters
_persons_with_case_in_units: Callable[..., set[int]] = _no_cases_in_units
_cases_for_person: Callable[..., tuple[list, int]] = _no_cases_for_person


def case_links_register(
    *,
    matters: Callable[..., PersonMatters],
    persons_with_case_in_units: Callable[..., set[int]],
    cases_for_person: Callable[..., tuple[list, int]],
) -> None:
    """Called once by the cases app when Django starts."""
    global _matters, _persons_with_case_in_units, _cases_for_person
    _matters, _persons_with_case_in_units, _cases_for_person = matters, persons_with_case_in_units, cases_for_person


def person_matters(*, user, person_ids: Iterable[int], household_id: int | None = None) -> PersonMatters:
    return _matters(user=user, person_ids=set(person_ids), household_id=household_id)


def persons_with_case_in_units(*, person_ids: Iterable[int], unit_ids: Iterable[int]) -> set[int]:
    """Which of ``person_ids`` have a case in one of ``unit_ids`` (for the access log's outside-units flag)."""
    return _persons_with_case_in_units(person_ids=set(person_ids), unit_ids=set(unit_ids))


def cases_for_person(*, user, person) -> tuple[list, int]:
    """The person's active cases the user may see, and how many others exist (for the person page)."""
    return _cases_for_person(user=user, person=person)
