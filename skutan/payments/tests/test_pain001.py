"""pain.001.001.03 files: valid against the official ISO 20022 schema, with the edge cases a payment run meets."""

import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal

import pytest

from skutan.payments.bank_accounts import iban_with_check_digits, swedish_account_validate
from skutan.payments.pain001 import (
    NAMESPACE,
    CreditorAccount,
    CreditTransferBatch,
    Debtor,
    Pain001Error,
    Transfer,
    build_pain001,
    clean_text,
    validate_pain001,
    validation_errors,
)

NS = {"p": NAMESPACE}
DEBTOR = Debtor(name="Filipstads kommun", iban="SE45 5000 0000 0583 9825 7466", bic="ESSESESS")
SE_IBAN = "SE4550000000058398257466"  # the standard Swedish example IBAN (valid checksum)


def swedish(clearing="8327-9", number="123456782"):
    return CreditorAccount(swedish=swedish_account_validate(clearing, number))


def batch(transfers, **kwargs):
    return CreditTransferBatch(
        message_id=kwargs.get("message_id", "SK1782-20260525-ABC"),
        created_at=datetime(2026, 5, 20, 14, 30, 5),
        execution_date=date(2026, 5, 25),
        debtor=kwargs.get("debtor", DEBTOR),
        transfers=transfers,
    )


def parse(xml: bytes) -> ET.Element:
    return ET.fromstring(xml)


def texts(root, path):
    return [e.text for e in root.findall(path, NS)]


def test_a_file_with_iban_and_swedish_accounts_is_valid_against_the_schema():
    xml = build_pain001(batch([
        Transfer("SK1782-EB-1", Decimal("5180.00"), "Anna Svensson", CreditorAccount(iban=SE_IBAN), "Utbetalning"),
        Transfer("SK1782-EB-2", Decimal("7310.50"), "Bo Ek", swedish()),
    ]))
    assert validation_errors(xml) == []
    validate_pain001(xml)
    root = parse(xml)
    assert root.tag == f"{{{NAMESPACE}}}Document"
    assert texts(root, ".//p:GrpHdr/p:NbOfTxs") == ["2"]
    assert texts(root, ".//p:GrpHdr/p:CtrlSum") == ["12490.50"]
    assert texts(root, ".//p:PmtInf/p:CtrlSum") == ["12490.50"]
    assert texts(root, ".//p:GrpHdr/p:CreDtTm") == ["2026-05-20T14:30:05"]
    assert texts(root, ".//p:ReqdExctnDt") == ["2026-05-25"]
    assert texts(root, ".//p:DbtrAcct/p:Id/p:IBAN") == [SE_IBAN]
    assert texts(root, ".//p:DbtrAcct/p:Ccy") == ["SEK"]
    assert texts(root, ".//p:DbtrAgt/p:FinInstnId/p:BIC") == ["ESSESESS"]
    assert texts(root, ".//p:CdtTrfTxInf/p:PmtId/p:EndToEndId") == ["SK1782-EB-1", "SK1782-EB-2"]
    amounts = root.findall(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)
    assert [(a.text, a.get("Ccy")) for a in amounts] == [("5180.00", "SEK"), ("7310.50", "SEK")]
    first, second = root.findall(".//p:CdtTrfTxInf", NS)
    assert first.find("p:CdtrAcct/p:Id/p:IBAN", NS).text == SE_IBAN
    assert first.find("p:CdtrAgt", NS) is None
    # Swedish account: BBAN = clearing + number, clearing number in the Swedish clearing system.
    assert second.find("p:CdtrAcct/p:Id/p:Othr/p:Id", NS).text == "832790123456782"
    assert second.find("p:CdtrAcct/p:Id/p:Othr/p:SchmeNm/p:Cd", NS).text == "BBAN"
    member = second.find("p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId", NS)
    assert member.find("p:ClrSysId/p:Cd", NS).text == "SESBA"
    assert member.find("p:MmbId", NS).text == "83279"


def test_no_postal_address_is_ever_written():
    xml = build_pain001(batch([Transfer("E-1", Decimal("100.00"), "Sara Skyddad", swedish())]))
    assert b"PstlAdr" not in xml
    assert b"AdrLine" not in xml


def test_many_payments_are_valid_and_add_up():
    transfers = [
        Transfer(f"SK1782-EB-{i}", Decimal(1000 + i) + Decimal("0.25"), f"Person {i}", swedish())
        for i in range(1, 401)
    ]
    xml = build_pain001(batch(transfers))
    assert validation_errors(xml) == []
    root = parse(xml)
    expected = sum(t.amount for t in transfers)
    assert texts(root, ".//p:GrpHdr/p:NbOfTxs") == ["400"]
    assert Decimal(root.find(".//p:GrpHdr/p:CtrlSum", NS).text) == expected
    assert sum(Decimal(e.text) for e in root.findall(".//p:InstdAmt", NS)) == expected


@pytest.mark.parametrize(
    ("amount", "written"),
    [(Decimal("0.01"), "0.01"), (Decimal("12.5"), "12.50"), (Decimal("99999999.99"), "99999999.99"),
     (Decimal("4711"), "4711.00")],
)
def test_ore_amounts_are_written_with_two_decimals(amount, written):
    xml = build_pain001(batch([Transfer("E-1", amount, "Anna", swedish())]))
    assert validation_errors(xml) == []
    assert texts(parse(xml), ".//p:InstdAmt") == [written]


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), Decimal("10.001"), Decimal("NaN")])
def test_impossible_amounts_are_refused(amount):
    with pytest.raises(Pain001Error):
        build_pain001(batch([Transfer("E-1", amount, "Anna", swedish())]))


def test_swedish_letters_are_kept_and_ampersand_is_escaped():
    xml = build_pain001(batch([Transfer("E-1", Decimal("1.00"), "Åsa Örn-Ängström & Söner", swedish())]))
    assert validation_errors(xml) == []
    assert "Åsa Örn-Ängström &amp; Söner".encode() in xml
    assert texts(parse(xml), ".//p:Cdtr/p:Nm") == ["Åsa Örn-Ängström & Söner"]


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Zoë Müller", "Zoe Müller"),
        ("Łukasz Żółć", "Lukasz Zolc"),
        ("Søren Ærø", "Soren AEro"),
        ("José Nuñez", "José Nunez"),
        ("Straße\u200b 1", "Strasse 1"),
        ("Li 王", "Li -"),
        ("Anna  \t Svensson\n", "Anna Svensson"),
        ("O\u2019Brien <Jr> [x]", "O'Brien (Jr) (x)"),
    ],
)
def test_characters_outside_the_allowed_set_are_transliterated(name, written):
    xml = build_pain001(batch([Transfer("E-1", Decimal("1.00"), name, swedish())]))
    assert validation_errors(xml) == []
    assert texts(parse(xml), ".//p:Cdtr/p:Nm") == [written]


def test_long_names_are_cut_to_70_characters():
    assert len(clean_text("Ä" * 200, 70)) == 70
    xml = build_pain001(batch([Transfer("E-1", Decimal("1.00"), "Anna " + "B" * 100, swedish())]))
    assert validation_errors(xml) == []
    assert len(texts(parse(xml), ".//p:Cdtr/p:Nm")[0]) == 70


def test_a_name_that_is_empty_after_cleaning_is_refused():
    with pytest.raises(Pain001Error, match="Namnet"):
        build_pain001(batch([Transfer("E-1", Decimal("1.00"), " \u200b ", swedish())]))


@pytest.mark.parametrize("bad_id", ["SK 1", "SKÅ-1", "x" * 36, ""])
def test_identifiers_outside_letters_digits_and_hyphen_are_refused(bad_id):
    with pytest.raises(Pain001Error, match="identitet"):
        build_pain001(batch([Transfer(bad_id, Decimal("1.00"), "Anna", swedish())]))


def test_duplicate_end_to_end_ids_are_refused():
    with pytest.raises(Pain001Error, match="EndToEndId"):
        build_pain001(batch([Transfer("E-1", Decimal("1.00"), "A", swedish()), Transfer("E-1", Decimal("2.00"), "B", swedish())]))


def test_an_empty_batch_is_refused():
    with pytest.raises(Pain001Error):
        build_pain001(batch([]))


def test_a_bad_creditor_iban_is_refused():
    with pytest.raises(Pain001Error, match="kontrollsiffror"):
        build_pain001(batch([Transfer("E-1", Decimal("1.00"), "A", CreditorAccount(iban="SE4550000000058398257467"))]))


def test_a_bad_debtor_iban_is_refused():
    debtor = Debtor(name="Kommunen", iban="SE00 1234")
    with pytest.raises(Pain001Error, match="Kommunens konto"):
        build_pain001(batch([Transfer("E-1", Decimal("1.00"), "A", swedish())], debtor=debtor))


def test_without_bic_the_debtor_agent_is_not_provided_and_the_initiator_id_is_written():
    debtor = Debtor(name="Kommunen", iban=SE_IBAN, initiator_id="123456")
    xml = build_pain001(batch([Transfer("E-1", Decimal("1.00"), "A", swedish())], debtor=debtor))
    assert validation_errors(xml) == []
    root = parse(xml)
    assert texts(root, ".//p:DbtrAgt/p:FinInstnId/p:Othr/p:Id") == ["NOTPROVIDED"]
    assert texts(root, ".//p:InitgPty/p:Id/p:OrgId/p:Othr/p:Id") == ["123456"]


def test_the_schema_catches_a_broken_document():
    xml = build_pain001(batch([Transfer("E-1", Decimal("1.00"), "A", swedish())]))
    broken = xml.replace(b"<PmtMtd>TRF</PmtMtd>", b"<PmtMtd>XXX</PmtMtd>")
    assert validation_errors(broken)
    with pytest.raises(Pain001Error, match="schemat"):
        validate_pain001(broken)
    reordered = xml.replace(b"<NbOfTxs>1</NbOfTxs>", b"", 1)
    assert validation_errors(reordered)


def test_the_creditor_account_is_iban_or_swedish_never_both():
    with pytest.raises(Pain001Error):
        CreditorAccount()
    with pytest.raises(Pain001Error):
        CreditorAccount(iban=SE_IBAN, swedish=swedish_account_validate("8327-9", "123456782"))


def test_foreign_ibans_are_accepted_when_their_checksum_holds():
    norwegian = iban_with_check_digits("NO", "86011117947")
    xml = build_pain001(batch([Transfer("E-1", Decimal("1.00"), "Ola Nordmann", CreditorAccount(iban=norwegian))]))
    assert validation_errors(xml) == []
