import pytest

from skutan.payments.bank_accounts import (
    AccountNumberError,
    iban_checksum_ok,
    iban_validate,
    iban_with_check_digits,
    swedish_account_validate,
)


@pytest.mark.parametrize(
    "iban",
    ["SE45 5000 0000 0583 9825 7466", "se4550000000058398257466", "GB82 WEST 1234 5698 7654 32", "NO93 8601 1117 947"],
)
def test_valid_ibans_are_normalised(iban):
    assert iban_validate(iban) == iban.replace(" ", "").upper()


def test_the_mod_97_checksum_is_computed_by_hand():
    # SE45 5000 0000 0583 9825 7466 → 50000000058398257466 + S(28) E(14) 45 → mod 97 = 1
    assert int("50000000058398257466" + "2814" + "45") % 97 == 1
    assert iban_checksum_ok("SE4550000000058398257466")
    assert not iban_checksum_ok("SE4650000000058398257466")


@pytest.mark.parametrize(
    ("iban", "message"),
    [
        ("", "Ange ett IBAN"),
        ("4550000000058398257466", "landskod"),
        ("SE45500000000583982574", "24 tecken"),
        ("SE4550000000058398257467", "kontrollsiffror"),
        ("SE45500000000583982574!6", "landskod"),
    ],
)
def test_invalid_ibans_are_refused_with_a_swedish_message(iban, message):
    with pytest.raises(AccountNumberError, match=message) as exc:
        iban_validate(iban)
    assert exc.value.field == "iban"


def test_check_digits_are_computed_for_test_data():
    iban = iban_with_check_digits("SE", "50000000058398257466")
    assert iban == "SE4550000000058398257466"


@pytest.mark.parametrize(
    ("clearing", "number", "bban"),
    [("8327-9", "123 456 789", "83279123456789"), ("6789", "123456789", "6789123456789"), ("3300", "8601011234", "33008601011234")],
)
def test_swedish_accounts_are_normalised(clearing, number, bban):
    assert swedish_account_validate(clearing, number).bban == bban


@pytest.mark.parametrize(
    ("clearing", "number", "field"),
    [
        ("", "123", "clearing_number"),
        ("123", "123", "clearing_number"),
        ("93271", "123", "clearing_number"),
        ("0123", "123", "clearing_number"),
        ("8327", "", "account_number"),
        ("8327", "12345678901", "account_number"),
        ("8327", "12a", "account_number"),
    ],
)
def test_bad_swedish_accounts_name_the_field(clearing, number, field):
    with pytest.raises(AccountNumberError) as exc:
        swedish_account_validate(clearing, number)
    assert exc.value.field == field
