"""Fixed batches whose pain.001 bytes are kept in tests/data/: the builder may be rewritten for speed, but
the file it writes must stay byte for byte the same (test_pain001_golden.py)."""

from datetime import date, datetime
from decimal import Decimal

from skutan.payments.bank_accounts import swedish_account_validate
from skutan.payments.pain001 import CreditorAccount, CreditTransferBatch, Debtor, Transfer

SE_IBAN = "SE4550000000058398257466"


def _transfers() -> list[Transfer]:
    swedish = CreditorAccount(swedish=swedish_account_validate("8327-9", "123456782"))
    return [
        Transfer("SK1782-EB-1", Decimal("5180.00"), "Anna Svensson", CreditorAccount(iban=SE_IBAN), "Utbetalning 2026-05"),
        Transfer("SK1782-EB-2", Decimal("7310.50"), "Bo Ek & Söner", swedish, "Utbetalning 2026-05 från Filipstad"),
        Transfer("SK1782-TP-3", Decimal("6000.00"), "Bostadsbolaget AB", CreditorAccount(bankgiro="5050-1055"),
                 ocr="4564567891"),
        Transfer("SK1782-TP-4", Decimal("812.00"), "Elbolaget <Värmland>", CreditorAccount(bankgiro="5050-1055"),
                 remittance="Faktura 123; el för maj"),
        # Transliteration, control characters, long names and empty remittance.
        Transfer("SK1782-EO-5", Decimal("1.01"), "Łukasz Øster\u200bgaard-Müller “Zoë” " + "x" * 80, swedish, ""),
        Transfer("SK1782-ER-6", Decimal("99999.99"), "Ñandú  Çelik\tÆbelø", CreditorAccount(iban="SE35 5000 0000 0549 1000 0003"),
                 "Rättelse " + "ö" * 200),
    ]


def batches() -> dict[str, CreditTransferBatch]:
    created = datetime(2026, 5, 20, 14, 30, 5)
    return {
        "full": CreditTransferBatch(
            message_id="SK1782-20260525-ABC", created_at=created, execution_date=date(2026, 5, 25),
            debtor=Debtor(name="Filipstads kommun", iban="SE45 5000 0000 0583 9825 7466", bic="esse se ss",
                          initiator_id="556677-8899 ÅÄÖ"),
            transfers=_transfers(),
        ),
        "plain": CreditTransferBatch(
            message_id="SK1782-20260601-X", created_at=created, execution_date=date(2026, 6, 1),
            debtor=Debtor(name="Demo kommun", iban="SE3550000000054910000003"),
            transfers=_transfers()[:1],
        ),
    }
