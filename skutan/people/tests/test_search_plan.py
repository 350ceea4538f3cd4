"""The person search's query plan: trigram and prefix indexes on PostgreSQL, a plain scan on SQLite."""

import pytest
from django.db import connection

from skutan.people.selectors import number_prefixes, person_search_queryset

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "digits, expected",
    [
        ("8602", []),
        ("860211", ["19860211", "20860211"]),
        ("86021112", ["19860211-12", "20860211-12"]),
        ("19860211", ["19860211"]),
        ("1986021134", ["19860211-34"]),
        ("198602113451", ["19860211-3451"]),
        ("0602113451", ["19060211-3451", "20060211-3451"]),
    ],
)
def test_number_prefixes(digits, expected):
    assert number_prefixes(digits) == expected


def _plan(query: str) -> str:
    qs = person_search_queryset(query=query)[:50]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A test register is tiny, so the planner would scan it anyway. With scans made expensive, an
            # index that does not match the search's expression still leaves a sequential scan.
            cursor.execute("SET LOCAL enable_seqscan = off")
            try:
                return qs.explain()
            finally:
                cursor.execute("SET LOCAL enable_seqscan = on")
    return qs.explain()


def test_name_search_uses_the_trigram_indexes_on_postgresql(person):
    plan = _plan("anna svens")
    if connection.vendor == "postgresql":
        assert "person_first_name_trgm" in plan and "person_last_name_trgm" in plan, plan
        assert "Seq Scan on people_person" not in plan, plan
    else:  # SQLite: one scan of the register, no temporary structures beyond the sort
        assert "people_person" in plan, plan
    assert list(person_search_queryset(query="anna svens")) == [person]


def test_partial_number_search_uses_the_prefix_index_on_postgresql(person):
    plan = _plan(person.identity_number[2:8])  # YYMMDD
    if connection.vendor == "postgresql":
        assert "person_identity_number_prefix" in plan, plan
        assert "Seq Scan on people_person" not in plan, plan
    else:
        assert "people_person" in plan, plan
    assert list(person_search_queryset(query=person.identity_number[2:8])) == [person]
