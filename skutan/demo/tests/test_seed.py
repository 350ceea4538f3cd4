"""A seed and a day name one municipality: the same pair gives the same people and cases."""

from datetime import date

import pytest
from django.db import transaction

from skutan.cases.models import Case
from skutan.demo.generator import generate_municipality
from skutan.people.models import Person

TODAY = date(2026, 9, 14)


def _run(seed: int):
    with transaction.atomic():
        generate_municipality(scale=0.02, seed=seed, today=TODAY, extensions=[])
        people = sorted(Person.objects.values_list("identity_number", "first_name", "last_name", "protection"))
        cases = sorted(Case.objects.values_list("reference", "case_type", "opened_on", "closed_on", "status"))
        transaction.set_rollback(True)  # the next run starts from an empty register again
    return people, cases


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_municipality_and_another_seed_another():
    first = _run(11)
    assert first[0] and first[1]
    assert _run(11) == first
    assert _run(12) != first


def _fingerprint(seed: int, extensions: list[str]):
    from skutan.demo.fingerprint import municipality_fingerprint

    with transaction.atomic():
        generate_municipality(scale=0.02, seed=seed, today=TODAY, extensions=extensions)
        fingerprint = municipality_fingerprint(today=TODAY)
        transaction.set_rollback(True)
    return fingerprint


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows_everywhere_including_the_journal_and_the_access_log():
    first = _fingerprint(5, ["skutan.children.demo"])
    assert all(not value.startswith("0:") for value in first.values()), first  # every kind of row exists
    assert _fingerprint(5, ["skutan.children.demo"]) == first
