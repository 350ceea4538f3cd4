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
    [("8327-9", "123 456 782", "832790123456782"), ("6789", "123456789", "6789123456789"), ("3300", "8112189876", "33008112189876")],
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


# -- Swedish account numbers: the banks' rules (Bankgirot, "Bankernas kontonummer") ---------------------------
# Each vector is worked by hand from the published rule; the arithmetic is in the comment.

VALID_SWEDISH = [
    # Type 1, comment 1 (SEB 5000): mod 11 over clearing digits 2–4 + account, weights 1, 2, … from the right.
    # 0 0 0 1 2 3 4 5 6 C → 6·2 + 5·3 + 4·4 + 3·5 + 2·6 + 1·7 = 77 = 7·11, so C = 0.
    ("5000", "1234560", "5000", "1234560", "SEB"),
    # Type 1, comment 2 (Nordea 4000): all four clearing digits: 4 0 0 0 1 2 3 4 5 6 C → 77 + 4·1 (the
    # eleventh weight is 1 again) = 81 ≡ 4 (mod 11), so C = 7.
    ("4000", "1234567", "4000", "1234567", "Nordea"),
    # Type 1, comment 2 (Ålandsbanken 2300): 2 3 0 0 1 2 3 4 5 6 C → 77 + 3·10 + 2·1 = 109 ≡ 10, so C = 1.
    ("2300", "123 45 61", "2300", "1234561", "Ålandsbanken"),
    # Type 2, comment 2 (Handelsbanken): mod 11 over nine digits: 1·9+2·8+3·7+4·6+5·5+6·4+7·3+8·2 = 156 ≡ 2,
    # so C = 9.
    ("6789", "123456789", "6789", "123456789", "Handelsbanken"),
    # Handelsbanken, shorter number padded with zeros: 0 1 2 3 4 5 6 7 C → 2·8+3·7+…: 1·8+2·7+3·6+4·5+5·4
    # +6·3+7·2 = 112 ≡ 2, so C = 9.
    ("6000", "12345679", "6000", "012345679", "Handelsbanken"),
    # Type 2, comment 3 (Swedbank 8xxx-x): the fifth clearing digit is the Luhn digit of the first four
    # (8 3 2 7: 7·2=14→5, 2, 3·2=6, 8 → 21, so 9); the account, padded to ten digits, ends with its Luhn digit:
    # 0 1 2 3 4 5 6 7 8 C → 8·2=16→7, 7, 6·2=12→3, 5, 4·2=8, 3, 2·2=4, 1, 0 → 38, so C = 2.
    ("8327-9", "123 456 782", "83279", "0123456782", "Swedbank"),
    # Type 2, comment 1 (Nordea personkonto 3300): ten digits, Luhn (a personnummer, 811218-9876:
    # 6, 7·2=14→5, 8, 9·2=18→9, 8, 1·2, 2, 1·2, 1, 8·2=16→7 → 50).
    ("3300", "811218-9876", "3300", "8112189876", "Nordea (personkonto)"),
]


@pytest.mark.parametrize(("clearing", "number", "norm_clearing", "norm_number", "bank"), VALID_SWEDISH)
def test_swedish_accounts_that_follow_their_banks_rule_are_accepted(clearing, number, norm_clearing, norm_number, bank):
    from skutan.payments.swedish_banks import bank_name

    account = swedish_account_validate(clearing, number)
    assert (account.clearing, account.number) == (norm_clearing, norm_number)
    assert bank_name(account.clearing) == bank


@pytest.mark.parametrize(
    ("clearing", "number", "field", "message"),
    [
        ("5000", "1234561", "account_number", "SEB"),  # one digit off
        ("5000", "1234506", "account_number", "kontrollsiffra"),  # two digits swapped
        ("4000", "1234560", "account_number", "Nordea"),  # comment 1's digit under comment 2's rule
        ("5000", "123456", "account_number", "sju siffror"),
        ("6789", "123456788", "account_number", "Handelsbanken"),
        ("8327-9", "123456789", "account_number", "Swedbank"),
        ("8327-8", "123456782", "clearing_number", "8327-9"),  # wrong fifth clearing digit
        ("3300", "8112189875", "account_number", "kontrollsiffra"),
        ("3300", "811218987", "account_number", "tio siffror"),
        ("9999", "1234567", "clearing_number", "hör inte till någon bank"),
        ("0999", "1234567", "clearing_number", "börjar med 0"),
        ("50001", "1234560", "clearing_number", "fyra siffror"),
    ],
)
def test_a_typo_in_a_swedish_account_is_refused_at_entry(clearing, number, field, message):
    with pytest.raises(AccountNumberError, match=message) as exc:
        swedish_account_validate(clearing, number)
    assert exc.value.field == field


def test_every_clearing_series_has_a_known_type_and_comment_and_none_overlap():
    from skutan.payments.swedish_banks import RULES

    for rule in RULES:
        assert (rule.type, rule.comment) in {(1, 1), (1, 2), (2, 1), (2, 2), (2, 3)}
        assert 1000 <= rule.first <= rule.last <= 9999
    ordered = sorted(RULES, key=lambda r: r.first)
    for before, after in zip(ordered, ordered[1:], strict=False):
        assert before.last < after.first, (before, after)


# -- bankgiro and OCR (Bankgirot: modulus 10) ------------------------------------------------------------------


def test_bankgiro_numbers_get_their_luhn_check():
    from skutan.payments.bank_accounts import bankgiro_display, bankgiro_validate

    # 5050-1055: 5, 5·2=10→1, 0, 1·2=2, 0, 5·2=10→1, 0, 5·2=10→1 → 10.
    assert bankgiro_validate("5050-1055") == "50501055"
    assert bankgiro_display("50501055") == "5050-1055"
    for bad, message in [("5050-1056", "kontrollsiffra"), ("505-105", "sju eller åtta"), ("", "Ange"),
                         ("5050-105A", "sju eller åtta")]:
        with pytest.raises(AccountNumberError, match=message) as exc:
            bankgiro_validate(bad)
        assert exc.value.field == "bankgiro"


def test_ocr_references_get_their_luhn_check():
    from skutan.payments.bank_accounts import luhn_check_digit, ocr_validate

    # 1 2 3 4 5 6 7 8 9: 9·2=18→9, 8, 7·2=14→5, 6, 5·2=10→1, 4, 3·2=6, 2, 1·2=2 → 43, so the digit is 7.
    assert luhn_check_digit("123456789") == 7
    assert ocr_validate("1234 5678 97") == "1234567897"
    for bad, message in [("1234567898", "kontrollsiffra"), ("12345-67897", "2–25 siffror"), ("7", "2–25"),
                         ("1" * 26, "2–25")]:
        with pytest.raises(AccountNumberError, match=message):
            ocr_validate(bad)


def test_an_iban_with_a_good_checksum_but_a_wrong_national_format_is_refused():
    # A German IBAN must be all digits after the check digits (python-stdnum's registry); the checksum is
    # recomputed so only the format is wrong.
    bad = iban_with_check_digits("DE", "12345678901234567A")
    assert iban_checksum_ok(bad)
    with pytest.raises(AccountNumberError, match="format"):
        iban_validate(bad)
