"""ISO 20022 pain.001.001.03 (CustomerCreditTransferInitiationV03): the file a payment run sends to the bank.

No Django: build_pain001() turns a CreditTransferBatch into UTF-8 XML bytes and
validate_pain001() checks bytes against the official schema (schemas/pain.001.001.03.xsd, see its README),
compiled once by lxml (libxml2's C validator). The tree is built with lxml too (C serialization: a file of
12 000 payments takes a fraction of a second); the bytes are the same as ElementTree wrote them before
(tests/data/pain001_*.xml).

What the file contains, and why:
- GrpHdr: MsgId, CreDtTm (local time, seconds), NbOfTxs, CtrlSum, InitgPty (name, and the id the bank gave
  the municipality when one is configured).
- One PmtInf: the municipality's account (IBAN, SEK) and bank (BIC, or "NOTPROVIDED"), the requested
  execution date, service level NURG (an ordinary, non-urgent payment).
- One CdtTrfTxInf per payment: EndToEndId, InstdAmt in SEK with öre, the creditor's name and account, and a
  neutral remittance text.
- Creditor accounts: an IBAN goes in CdtrAcct/Id/IBAN. A Swedish clearing + account number goes in
  CdtrAcct/Id/Othr/Id as the BBAN (clearing number followed by the account number, scheme code BBAN), with the
  clearing number in CdtrAgt as a member of the Swedish clearing system (ClrSysId/Cd SESBA, "Sweden Bankgiro
  Clearing Code", ISO 20022 ExternalClearingSystemIdentification1Code).
  A bankgiro number (payments to a landlord or supplier) goes in CdtrAcct/Id/Othr/Id with the proprietary
  scheme BGNR and Bankgirot (9900) as the creditor's agent; its OCR reference in RmtInf/Strd/CdtrRefInf
  (type SCOR), otherwise the message as unstructured text.
- No postal address (PstlAdr) is ever written, for the creditor or anyone else: a person with protected
  personal data (skyddade personuppgifter) must never have an address leave the system, and a domestic
  account transfer does not need one.

Characters: Swedish banks accept UTF-8 restricted to the SWIFT/EPC basic Latin set plus the Swedish letters
(and a few Latin-1 letters); identifiers (MsgId, PmtInfId, EndToEndId) only letters, digits and hyphens.
Other letters are transliterated (é kept, ø → o, ł → l, ß → ss, ü kept, ñ → n ...); a character with no Latin
form becomes "-". "&" is allowed in names and written as &amp; by the XML serializer.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext
from lxml import etree

from skutan.payments.bank_accounts import (
    AccountNumberError,
    SwedishAccount,
    bankgiro_validate,
    iban_validate,
    ocr_validate,
)

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
SCHEMA_PATH = Path(__file__).with_name("schemas") / "pain.001.001.03.xsd"
CURRENCY = "SEK"
SERVICE_LEVEL = "NURG"  # non-urgent payment (ExternalServiceLevel1Code)
SWEDISH_CLEARING_SYSTEM = "SESBA"  # Sweden Bankgiro Clearing Code (ExternalClearingSystemIdentification1Code)
BBAN_SCHEME = "BBAN"  # ExternalAccountIdentification1Code: basic bank account number
NOT_PROVIDED = "NOTPROVIDED"
# Bankgiro as the creditor account (Swedish banks' pain.001 guidelines): Othr/Id with the proprietary scheme
# BGNR, and Bankgirot's clearing member id 9900 as the creditor's agent.
BANKGIRO_SCHEME = "BGNR"
BANKGIRO_MEMBER_ID = "9900"

NAME_MAX = 70  # Max140Text in the schema; Swedish and EPC guidelines ask for at most 70
REMITTANCE_MAX = 140
ID_MAX = 35

BASIC_LATIN = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ ")
EXTRA_LETTERS = set("ÅÄÖåäöÉéÜü&")
ALLOWED = BASIC_LATIN | EXTRA_LETTERS
TRANSLITERATIONS = {
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i",
    "–": "-", "—": "-", "‐": "-", "_": "-", "’": "'", "‘": "'", "´": "'", "`": "'", "\"": "'",
    "“": "'", "”": "'", "«": "'", "»": "'", ";": ",", "!": ".", "*": "-", "#": "-", "=": "-",
    "<": "(", ">": ")", "[": "(", "]": ")", "{": "(", "}": ")",
}
UNREPRESENTABLE = "-"
_ID_SHAPE = re.compile(r"[A-Za-z0-9-]{1,35}")


class Pain001Error(ValueError):
    """The batch cannot become a valid file (bad account, amount, identifier or empty name)."""


@dataclass(frozen=True)
class CreditorAccount:
    """Exactly one of iban, swedish or bankgiro."""

    iban: str | None = None
    swedish: SwedishAccount | None = None
    bankgiro: str | None = None

    def __post_init__(self) -> None:
        if [self.iban, self.swedish, self.bankgiro].count(None) != 2:
            raise Pain001Error("Ange antingen IBAN, svenskt clearing- och kontonummer eller bankgironummer.")


@dataclass(frozen=True)
class Transfer:
    end_to_end_id: str
    amount: Decimal
    creditor_name: str
    account: CreditorAccount
    remittance: str = ""
    ocr: str = ""  # a structured creditor reference (OCR), written instead of the free-text remittance


@dataclass(frozen=True)
class Debtor:
    """The municipality: name, account (IBAN) and bank (BIC, optional)."""

    name: str
    iban: str
    bic: str = ""
    initiator_id: str = ""  # the customer id the bank gave the municipality, if the bank wants one


@dataclass(frozen=True)
class CreditTransferBatch:
    message_id: str
    created_at: datetime
    execution_date: date
    debtor: Debtor
    transfers: Sequence[Transfer] = field(default_factory=tuple)

    @property
    def control_sum(self) -> Decimal:
        return sum((t.amount for t in self.transfers), Decimal("0"))


def clean_text(value: str, max_length: int) -> str:
    """Text as the bank accepts it: allowed characters kept, others transliterated, at most max_length."""
    out: list[str] = []
    for ch in value or "":
        if ch in ALLOWED:
            out.append(ch)
        elif ch in TRANSLITERATIONS:
            out.append(TRANSLITERATIONS[ch])
        elif ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch).startswith("C"):
            continue  # control and format characters are not text (and XML 1.0 forbids most of them)
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            out.append(base if base and all(c in ALLOWED for c in base) else UNREPRESENTABLE)
    text = re.sub(r" {2,}", " ", "".join(out)).strip()
    return text[:max_length].rstrip()


def clean_identifier(value: str) -> str:
    if not _ID_SHAPE.fullmatch(value or ""):
        raise Pain001Error(gettext(
            "Ogiltig identitet i betalfilen: %(value)s (högst 35 tecken A–Z, 0–9 och -)."
        ) % {"value": repr(value)})
    return value


def format_amount(amount: Decimal) -> str:
    """SEK with exactly two decimals ('1234.50'); refuses zero, negative and fractions of an öre."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise Pain001Error(gettext("Ogiltigt belopp: %(amount)s") % {"amount": repr(amount)})
    if amount <= 0:
        raise Pain001Error(gettext("Beloppet måste vara större än 0 kr: %(amount)s") % {"amount": amount})
    if amount != amount.quantize(Decimal("0.01")):
        raise Pain001Error(gettext("Beloppet kan ha högst två decimaler (öre): %(amount)s") % {
            "amount": amount,
        })
    return f"{amount:.2f}"


_NS = "{" + NAMESPACE + "}"
_SubElement = etree.SubElement


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    element = _SubElement(parent, _NS + tag, attrib)
    if text is not None:
        element.text = text
    return element


def _path(parent: etree._Element, tags: str, text: str) -> etree._Element:
    """_path(p, "Id/OrgId/Othr/Id", "x"): the chain of elements, text on the last."""
    element = parent
    for tag in tags.split("/"):
        element = _SubElement(element, _NS + tag)
    element.text = text
    return element


def _name(value: str) -> str:
    name = clean_text(value, NAME_MAX)
    if not name.strip(" -"):
        raise Pain001Error(gettext(
            "Namnet kan inte skrivas i betalfilen: %(value)s"
        ) % {"value": repr(value)})
    return name


def _add_creditor_agent(tx: etree._Element, swedish: SwedishAccount) -> None:
    """The creditor's bank as a member of the Swedish clearing system, identified by its clearing number."""
    member = _sub(_sub(_sub(tx, "CdtrAgt"), "FinInstnId"), "ClrSysMmbId")
    _path(member, "ClrSysId/Cd", SWEDISH_CLEARING_SYSTEM)
    _sub(member, "MmbId", swedish.clearing)


def _add_bankgiro_agent(tx: etree._Element) -> None:
    """Bankgirot as the creditor's agent: clearing member 9900 in the Swedish clearing system."""
    member = _sub(_sub(_sub(tx, "CdtrAgt"), "FinInstnId"), "ClrSysMmbId")
    _path(member, "ClrSysId/Cd", SWEDISH_CLEARING_SYSTEM)
    _sub(member, "MmbId", BANKGIRO_MEMBER_ID)


def _add_creditor_account(tx: etree._Element, account: CreditorAccount) -> None:
    identification = _sub(_sub(tx, "CdtrAcct"), "Id")
    if account.bankgiro is not None:
        try:
            number = bankgiro_validate(account.bankgiro)
        except AccountNumberError as exc:
            raise Pain001Error(exc.message) from None
        other = _sub(identification, "Othr")
        _sub(other, "Id", number)
        _path(other, "SchmeNm/Prtry", BANKGIRO_SCHEME)
        return
    if account.iban is not None:
        try:
            _sub(identification, "IBAN", iban_validate(account.iban))
        except AccountNumberError as exc:
            raise Pain001Error(exc.message) from None
        return
    other = _sub(identification, "Othr")
    _sub(other, "Id", account.swedish.bban)
    _path(other, "SchmeNm/Cd", BBAN_SCHEME)


def _add_transfer(pmt: etree._Element, transfer: Transfer) -> None:
    # Element order follows the schema: PmtId, Amt, CdtrAgt, Cdtr, CdtrAcct, RmtInf.
    tx = _sub(pmt, "CdtTrfTxInf")
    payment_id = _sub(tx, "PmtId")
    end_to_end_id = clean_identifier(transfer.end_to_end_id)
    _sub(payment_id, "InstrId", end_to_end_id)
    _sub(payment_id, "EndToEndId", end_to_end_id)
    _sub(_sub(tx, "Amt"), "InstdAmt", format_amount(transfer.amount), Ccy=CURRENCY)
    if transfer.account.swedish is not None:
        _add_creditor_agent(tx, transfer.account.swedish)
    elif transfer.account.bankgiro is not None:
        _add_bankgiro_agent(tx)
    _sub(_sub(tx, "Cdtr"), "Nm", _name(transfer.creditor_name))
    _add_creditor_account(tx, transfer.account)
    if transfer.ocr:
        try:
            reference = ocr_validate(transfer.ocr)
        except AccountNumberError as exc:
            raise Pain001Error(exc.message) from None
        # Structured remittance: the OCR as the creditor's reference (type SCOR), what Bankgirot matches on.
        info = _sub(_sub(_sub(tx, "RmtInf"), "Strd"), "CdtrRefInf")
        _path(info, "Tp/CdOrPrtry/Cd", "SCOR")
        _sub(info, "Ref", reference)
        return
    remittance = clean_text(transfer.remittance, REMITTANCE_MAX)
    if remittance:
        _sub(_sub(tx, "RmtInf"), "Ustrd", remittance)


def build_pain001(batch: CreditTransferBatch) -> bytes:
    """The batch as a pain.001.001.03 document, UTF-8 with an XML declaration. Raises Pain001Error."""
    if not batch.transfers:
        raise Pain001Error("Betalfilen måste innehålla minst en betalning.")
    ids = [t.end_to_end_id for t in batch.transfers]
    if len(set(ids)) != len(ids):
        raise Pain001Error("Samma EndToEndId förekommer två gånger i betalfilen.")
    try:
        debtor_iban = iban_validate(batch.debtor.iban)
    except AccountNumberError as exc:
        raise Pain001Error(gettext("Kommunens konto: %(message)s") % {"message": exc.message}) from None
    count = str(len(batch.transfers))
    control_sum = format_amount(batch.control_sum)

    # Unqualified tags under a default namespace declared on the root: what banks' parsers expect to see.
    root = etree.Element(_NS + "Document", nsmap={None: NAMESPACE})
    initiation = _sub(root, "CstmrCdtTrfInitn")
    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", clean_identifier(batch.message_id))
    _sub(header, "CreDtTm", batch.created_at.strftime("%Y-%m-%dT%H:%M:%S"))
    _sub(header, "NbOfTxs", count)
    _sub(header, "CtrlSum", control_sum)
    initiator = _sub(header, "InitgPty")
    _sub(initiator, "Nm", _name(batch.debtor.name))
    if batch.debtor.initiator_id:
        othr = _sub(_sub(_sub(initiator, "Id"), "OrgId"), "Othr")
        _sub(othr, "Id", clean_text(batch.debtor.initiator_id, ID_MAX))
        _path(othr, "SchmeNm/Cd", "BANK")

    pmt = _sub(initiation, "PmtInf")
    _sub(pmt, "PmtInfId", clean_identifier(batch.message_id))
    _sub(pmt, "PmtMtd", "TRF")
    _sub(pmt, "NbOfTxs", count)
    _sub(pmt, "CtrlSum", control_sum)
    _path(_sub(pmt, "PmtTpInf"), "SvcLvl/Cd", SERVICE_LEVEL)
    _sub(pmt, "ReqdExctnDt", batch.execution_date.isoformat())
    _sub(_sub(pmt, "Dbtr"), "Nm", _name(batch.debtor.name))
    debtor_account = _sub(pmt, "DbtrAcct")
    _path(debtor_account, "Id/IBAN", debtor_iban)
    _sub(debtor_account, "Ccy", CURRENCY)
    institution = _sub(_sub(pmt, "DbtrAgt"), "FinInstnId")
    if batch.debtor.bic:
        _sub(institution, "BIC", batch.debtor.bic.replace(" ", "").upper())
    else:
        _path(institution, "Othr/Id", NOT_PROVIDED)
    for transfer in batch.transfers:
        _add_transfer(pmt, transfer)
    # Two-space indentation and no newline after the root element, as ElementTree.indent wrote it.
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True).rstrip(b"\n")


_compiled = threading.local()  # a validator keeps its error log on itself: one per thread


def _schema():
    """The official schema, compiled once (per thread) by libxml2, lxml's C validator."""
    schema = getattr(_compiled, "schema", None)
    if schema is None:
        schema = _compiled.schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH), _parser()))
    return schema


def _parser():
    parser = getattr(_compiled, "parser", None)
    if parser is None:
        # A payment file is data: no DTD, no entities, nothing fetched from the network.
        parser = _compiled.parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                                    huge_tree=True)
    return parser


def validation_errors(xml: bytes, *, limit: int = 20) -> list[str]:
    """The schema violations of a document (empty when valid), as short readable lines."""
    try:
        document = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        return [f"rad {exc.lineno}: {exc.msg}"]
    schema = _schema()
    if schema.validate(document):
        return []
    return [f"rad {error.line}: {error.message}" for error in list(schema.error_log)[:limit]]


def validate_pain001(xml: bytes) -> None:
    """Raise Pain001Error listing the schema violations, if any."""
    errors = validation_errors(xml)
    if errors:
        raise Pain001Error("Betalfilen följer inte schemat pain.001.001.03: " + "; ".join(errors))


def redact_transfers(xml: bytes, *, end_to_end_ids: set[str], note: str) -> tuple[bytes, int]:
    """The stored file without the transfers whose EndToEndId is in ``end_to_end_ids`` (gallring of the
    persons paid), and an XML comment ``note`` where they were. The header's NbOfTxs and CtrlSum stay as
    sent: they are what the bank received (docs/retention.md). Returns the new bytes and how many went."""
    wanted = {clean_identifier(e) for e in end_to_end_ids}
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(xml, parser=parser)
    ns = {"p": NAMESPACE}
    removed = 0
    for pmt in root.iterfind("p:CstmrCdtTrfInitn/p:PmtInf", ns):
        for tx in pmt.findall("p:CdtTrfTxInf", ns):
            if tx.findtext("p:PmtId/p:EndToEndId", default="", namespaces=ns) in wanted:
                pmt.remove(tx)
                removed += 1
        if removed:
            pmt.append(ET.Comment(f" {note} "))
    if not removed:
        return xml, 0
    ET.register_namespace("", NAMESPACE)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True), removed
