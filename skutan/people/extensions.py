"""Extension points of the person register for higher layers (they register in their AppConfig.ready).

``PERSON_DETAIL_EXTENSIONS``: functions ``(user, person) -> dict`` whose keys are added to the person's API
answer (GET /api/v1/persons/{id}), e.g. the staff app's ``safety_markers``.
"""

from collections.abc import Callable

PERSON_DETAIL_EXTENSIONS: list[Callable] = []


def person_detail_extras(*, user, person) -> dict:
    extras: dict = {}
    for extension in PERSON_DETAIL_EXTENSIONS:
        extras.update(extension(user, person))
    return extras
