"""Synthetic identity numbers: valid in form, always birth numbers 980–999, never repeated."""

import random
from datetime import date, timedelta

import pytest

from skutan.demo.identity import (
    NumberSpaceExhausted,
    SyntheticNumbers,
    birth_number_of,
    personnummer,
    reserve_number,
    samordningsnummer,
)
from skutan.people.identity import IdentityKind, parse_identity_number, parse_reserve_number

TODAY = date(2026, 11, 23)


def test_personnummer_matches_skatteverkets_example():
    # Skatteverket's worked example 811218-9876 (also in people/tests/test_identity.py).
    assert personnummer(date(1981, 12, 18), 987) == "19811218-9876"


def test_samordningsnummer_matches_the_domain_example():
    # DOMAIN.md §3: 701063-2391, born 3 October 1970, day + 60.
    assert samordningsnummer(date(1970, 10, 3), 239) == "19701063-2391"


@pytest.mark.parametrize("sex", ["M", "K"])
def test_drawn_numbers_parse_with_the_right_sex_and_a_synthetic_birth_number(sex):
    numbers = SyntheticNumbers(random.Random(3))
    rng = random.Random(4)
    for _ in range(200):
        born = date(rng.randint(1940, 2025), rng.randint(1, 12), rng.randint(1, 28))
        value = numbers.personnummer(born, sex)
        parsed = parse_identity_number(value, today=TODAY)
        assert parsed.normalised == value
        assert parsed.kind == IdentityKind.PERSONNUMMER
        assert parsed.birth_date == born
        assert parsed.sex == sex
        assert 980 <= birth_number_of(value) <= 999


def test_drawn_samordningsnummer_parses_as_such():
    value = SyntheticNumbers(random.Random(1)).samordningsnummer(date(1990, 5, 17), "K")
    parsed = parse_identity_number(value, today=TODAY)
    assert (parsed.kind, parsed.birth_date, parsed.sex) == (IdentityKind.SAMORDNINGSNUMMER, date(1990, 5, 17), "K")
    assert 980 <= birth_number_of(value) <= 999


def test_ten_numbers_per_sex_and_day_then_exhausted():
    numbers = SyntheticNumbers(random.Random(5))
    born = date(2001, 2, 3)
    drawn = {numbers.personnummer(born, "M") for _ in range(10)}
    assert len(drawn) == 10
    with pytest.raises(NumberSpaceExhausted):
        numbers.personnummer(born, "M")
    assert numbers.personnummer(born, "K") not in drawn  # women have their own ten


def test_numbers_already_taken_are_never_drawn():
    born = date(1975, 7, 7)
    taken = {personnummer(born, n) for n in range(981, 1000, 2)[:9]}
    numbers = SyntheticNumbers(random.Random(0), taken)
    assert numbers.personnummer(born, "M") == personnummer(born, 999)


def test_reserve_number_is_a_valid_reservnummer():
    value = reserve_number("1782", 7)
    assert value == "R1782-00007"
    assert parse_reserve_number(value).kind == IdentityKind.RESERVNUMMER


def test_a_full_day_moves_the_birth_date_to_the_nearest_free_one_never_after_latest():
    numbers = SyntheticNumbers(random.Random(8))
    born = date(2010, 6, 15)
    drawn = [numbers.nearest(born, "K", latest=born) for _ in range(10 * 25)]
    assert len(set(drawn)) == len(drawn)  # never the same number twice
    days = [parse_identity_number(v, today=TODAY).birth_date for v in drawn]
    assert days[:10] == [born] * 10  # the planned day first, while it has numbers
    assert max(days) == born and min(days) >= date(2010, 6, 15) - timedelta(days=30)
    for value in drawn:
        parsed = parse_identity_number(value, today=TODAY)  # valid check digit
        assert parsed.sex == "K" and 980 <= birth_number_of(value) <= 999


def test_the_number_space_holds_far_more_than_ten_a_day():
    # 5 000 women born the same week (70 numbers): the nearest free days spread them over about a year.
    numbers = SyntheticNumbers(random.Random(9))
    drawn = {numbers.nearest(date(1990, 1, 1 + n % 7), "K") for n in range(5_000)}
    assert len(drawn) == 5_000
    coordination = numbers.nearest(date(1990, 1, 1), "K", coordination=True)
    assert parse_identity_number(coordination, today=TODAY).kind == IdentityKind.SAMORDNINGSNUMMER


def test_nearest_keeps_the_demos_first_draw():
    # Filipstad's numbers stay what they were: the first draw is the old personnummer() draw.
    born = date(1984, 3, 9)
    assert SyntheticNumbers(random.Random(2)).nearest(born, "M") == SyntheticNumbers(random.Random(2)).personnummer(born, "M")
