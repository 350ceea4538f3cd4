from datetime import date

import pytest

from skutan.people.identity import (
    IdentityKind,
    InvalidIdentityNumber,
    luhn_check_digit,
    parse_identity_number,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "raw, normalised, kind, sex",
    [
        # Skatteverket's example 811218-9876: Luhn over 811218987 gives 6.
        ("811218-9876", "19811218-9876", IdentityKind.PERSONNUMMER, "M"),
        ("198112189876", "19811218-9876", IdentityKind.PERSONNUMMER, "M"),
        ("19811218-9876", "19811218-9876", IdentityKind.PERSONNUMMER, "M"),
        # Samordningsnummer from DOMAIN.md §3: day 63 = 3rd + 60.
        ("701063-2391", "19701063-2391", IdentityKind.SAMORDNINGSNUMMER, "M"),
        # "+" separator: 100 years or older, so 1912 rather than 2012.
        ("121212+1212", "19121212-1212", IdentityKind.PERSONNUMMER, "M"),
        ("121212-1212", "20121212-1212", IdentityKind.PERSONNUMMER, "M"),
    ],
)
def test_parse_identity_number_normalises(raw, normalised, kind, sex):
    parsed = parse_identity_number(raw, today=TODAY)
    assert (parsed.normalised, parsed.kind, parsed.sex) == (normalised, kind, sex)


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("", "saknas"),
        ("81121-9876", "fel längd"),
        ("8112189876123", "fel längd"),
        ("81121A-9876", "bara innehålla siffror"),
        ("810230-9870", "datum som inte finns"),
        ("811218-9875", "kontrollsiffra"),
        ("20991231-1234", "framtiden"),
    ],
)
def test_parse_identity_number_rejects_with_swedish_message(raw, fragment):
    with pytest.raises(InvalidIdentityNumber) as exc:
        parse_identity_number(raw, today=TODAY)
    assert fragment in exc.value.message


def test_luhn_check_digit_wraps_ten_to_zero():
    # 0000000000: sum 0 → (10 − 0) % 10 = 0
    assert luhn_check_digit("000000000") == 0
    assert luhn_check_digit("811218987") == 6
