"""Letters for one-off decisions, changes, dismissed appeals and claims: PDF text read back with pypdf."""

import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pypdf import PdfReader

from skutan.assistance import letters_decisions as letters
from skutan.assistance.models_decisions import OneOffRule, ReceivedBasis, RevisionKind
from skutan.assistance.services_appeals import appeal_dismiss, appeal_register
from skutan.assistance.services_claims import claim_decide
from skutan.assistance.services_one_off import one_off_decide
from skutan.assistance.services_revisions import decision_revise
from skutan.payments.tests.factories import make_decision

pytestmark = pytest.mark.django_db
INTERNAL_MARKS = ("⚠", "✔", "obekräftat", "Anmärkningar")


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\xa0", " ").split())  # one line: words wrap anywhere in a PDF


def no_internal_marks(text: str) -> None:
    for mark in INTERNAL_MARKS:
        assert mark not in text, mark


def test_an_adverse_4_kap_1_one_off_letter_says_how_to_appeal(eb_case, staff, delegations, person):
    decision = one_off_decide(actor=staff["eb_worker"], case=eb_case, need="dental", description="Akut tandvård",
                              rule=OneOffRule.LIVING, outcome="partly_granted", requested_amount="3000", amount="2000",
                              reasons="Akut behandling beviljas, inte protetik.")
    text = pdf_text(letters.letter_pdf(letters.one_off_letter_context(decision=decision, user=staff["eb_worker"])))
    for expected in ("Beslut om bistånd till livsföring i övrigt", person.full_name, "Storgatan 1", "2 000 kr",
                     "3 000 kr", "Akut behandling beviljas", "socialtjänstlagen (2025:400)", "överklaga",
                     "tre veckor", "Eva Berg"):
        assert expected in text, expected
    assert "laglighetsprövning" not in text
    no_internal_marks(text)


def test_a_bistand_utover_letter_says_laglighetsprovning_only(eb_case, staff, delegations):
    decision = one_off_decide(actor=staff["eb_worker"], case=eb_case, need="furniture", description="Soffa",
                              rule=OneOffRule.DISCRETIONARY, outcome="rejected", requested_amount="4000",
                              reasons="Behovet kan tillgodoses på annat sätt.")
    text = pdf_text(letters.letter_pdf(letters.one_off_letter_context(decision=decision, user=staff["eb_worker"])))
    assert "laglighetsprövning" in text and "förvaltningsbesvär" in text
    assert "tre veckor" not in text  # no appeal text for förvaltningsbesvär
    no_internal_marks(text)


def test_a_granted_one_off_letter_has_no_appeal_text(eb_case, staff, delegations):
    decision = one_off_decide(actor=staff["eb_worker"], case=eb_case, need="glasses", description="Glasögon",
                              rule=OneOffRule.LIVING, outcome="granted", requested_amount="1200", reasons="Styrkt.")
    text = pdf_text(letters.letter_pdf(letters.one_off_letter_context(decision=decision, user=staff["eb_worker"])))
    assert "Hur man överklagar" not in text and "Bifall" in text


def test_a_protected_address_is_never_printed(protected_person, units, staff, delegations):
    from skutan.cases.services import case_open

    case = case_open(actor=staff["eb_worker"], person=protected_person, unit=units["eb"],
                     case_type="financial_assistance", opening_kind="application", assign_to=staff["eb_worker"])
    decision = one_off_decide(actor=staff["eb_worker"], case=case, need="glasses", description="Glasögon",
                              rule=OneOffRule.LIVING, outcome="granted", requested_amount="1200", reasons="Styrkt.")
    text = pdf_text(letters.letter_pdf(letters.one_off_letter_context(decision=decision, user=staff["eb_manager"])))
    assert "Hemliga vägen" not in text


def test_the_claim_letter_has_the_ground_amount_and_repayment_plan(eb_case, staff, delegations):
    month = make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 5, 1), amount="5000")
    first = timezone.localdate() + timedelta(days=30)
    claim = claim_decide(actor=staff["eb_worker"], case=eb_case, ground="benefit_advance", amount="1500",
                         reasons="Biståndet gavs som förskott på sjukpenning.", instalment_amount="500",
                         first_due_on=first, decisions=[month])
    text = pdf_text(letters.letter_pdf(letters.claim_letter_context(claim=claim, user=staff["eb_worker"])))
    for expected in ("återkrav", "1 500 kr", "Förskott på förmån", "2025-05", "Avbetalningsplan", "500 kr",
                     claim.instalments.first().due_on.isoformat(), "förskott på sjukpenning"):
        assert expected in text, expected
    no_internal_marks(text)


def test_the_dismissal_and_revision_letters(eb_case, staff, delegations):
    decision = make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 6, 1), amount="0",
                             outcome="rejected",
                             decided_at=datetime.combine(date(2025, 5, 30), time(10), ZoneInfo("Europe/Stockholm")))
    appeal = appeal_register(actor=staff["eb_worker"], decision=decision, received_on=date(2025, 6, 24),
                             decision_received_basis=ReceivedBasis.HANDED_OVER, decision_received_on=date(2025, 5, 30))
    appeal = appeal_dismiss(actor=staff["eb_worker"], appeal=appeal, reasons="Kom in efter sista dagen 2025-06-23.")
    text = pdf_text(letters.letter_pdf(letters.appeal_dismissal_letter_context(appeal=appeal, user=staff["eb_worker"])))
    for expected in ("avvisning", "för sent", "2025-06-24", "45 § förvaltningslagen (2017:900)", "tre veckor"):
        assert expected in text, expected
    revision = decision_revise(actor=staff["eb_worker"], decision=decision, kind=RevisionKind.RECONSIDERATION,
                               amount="2400", reasons="Ny uppgift om hyran.")
    text = pdf_text(letters.letter_pdf(letters.revision_letter_context(revision=revision, user=staff["eb_worker"])))
    for expected in ("omprövning", "2025-06", "2 400 kr", "Mellanskillnaden 2 400 kr betalas ut",
                     "37–39 §§ förvaltningslagen (2017:900)"):
        assert expected in text, expected
    no_internal_marks(text)


def test_a_one_off_letter_has_the_letterhead_and_honours_the_units_anonymity(eb_case, staff, delegations):
    from skutan.accounts.models import Municipality

    Municipality.objects.create(name="Filipstads kommun", code="1782", board_name="Socialnämnden i Filipstad")
    unit = eb_case.unit
    unit.address, unit.phone, unit.opening_hours = "Stora Torget 3, 682 30 Filipstad", "0590-611 00", "mån–fre 9–10"
    unit.save()
    decision = one_off_decide(actor=staff["eb_worker"], case=eb_case, need="glasses", description="Glasögon",
                              rule=OneOffRule.LIVING, outcome="granted", requested_amount="1200", reasons="Styrkt.")
    text = pdf_text(letters.letter_pdf(letters.one_off_letter_context(decision=decision, user=staff["eb_worker"])))
    for expected in ("Socialnämnden i Filipstad", "Stora Torget 3, 682 30 Filipstad", "0590-611 00", "mån–fre 9–10",
                     "Eva Berg"):
        assert expected in text, expected
    unit.anonymous_to_clients = True
    unit.save()
    text = pdf_text(letters.letter_pdf(letters.one_off_letter_context(decision=decision, user=staff["eb_worker"])))
    assert "Eva Berg" not in text and f"{unit.name}, telefon 0590-611 00" in text
