"""What the log review shows about its subjects, told to it by the apps above audit.

Audit sits below people and cases in the layering (docs/architecture.md): they record their reads and writes
here. The log review still shows whom the rows are about and which emergency accesses wait for review, so
people and cases hand it those answers in their ``AppConfig.ready()``. Unregistered, there is nothing to show.
"""

from collections.abc import Callable, Iterable

_persons_by_ids: Callable[[set[int]], dict] = lambda ids: {}  # noqa: E731
_person_id_by_query: Callable[[str], int | None] = lambda value: None  # noqa: E731
_emergency_grants_to_review: Callable[[], list] = lambda: []  # noqa: E731
_emergency_grant_review: Callable[..., bool] = lambda *, actor, grant_id: False  # noqa: E731


def persons_register(*, persons_by_ids: Callable[[set[int]], dict], person_id_by_query: Callable[[str], int | None]):
    """The people app: persons by id (for display), and a person's id from a personnummer typed by the reviewer
    (-1 if the number is valid but unknown, None if the text is no number)."""
    global _persons_by_ids, _person_id_by_query
    _persons_by_ids, _person_id_by_query = persons_by_ids, person_id_by_query


def emergency_grants_register(*, to_review: Callable[[], list], review: Callable[..., bool]):
    """The cases app: emergency grants not yet reviewed, and marking one reviewed (True if it existed)."""
    global _emergency_grants_to_review, _emergency_grant_review
    _emergency_grants_to_review, _emergency_grant_review = to_review, review


def persons_by_ids(ids: Iterable[int]) -> dict:
    return _persons_by_ids({i for i in ids if i})


def person_id_by_query(value: str) -> int | None:
    return _person_id_by_query(value)


def emergency_grants_to_review() -> list:
    return list(_emergency_grants_to_review())


def emergency_grant_review(*, actor, grant_id: int) -> bool:
    return _emergency_grant_review(actor=actor, grant_id=grant_id)
