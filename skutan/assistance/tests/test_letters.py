"""The decision letter (PDF): its text is read back with pypdf."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from skutan.assistance.letters import decision_letter_pdf
from skutan.assistance.models import NormAmountOverride
from skutan.assistance.services import application_create, decision_make
from skutan.audit.models import AccessLog

from .conftest import MONTH, costs_incomes

pytestmark = pytest.mark.django_db

APPEAL_WORDS = ("överklaga", "förvaltningsrätten", "tre veckor", "Förvaltningslagen (2017:900) 44 §")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _decide(case, staff, outcome, amount=None, month=MONTH, **money):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=case, month=month), **money)
    return decision_make(
        actor=staff["eb_manager"], application=application, outcome=outcome, amount=amount,
        reasons="Motiveringen står här.",
    )


def test_a_granted_letter_has_the_facts_and_no_appeal_text(family_case, staff, delegations, person):
    decision = _decide(family_case, staff, "granted")
    text = pdf_text(decision_letter_pdf(decision=decision, user=staff["eb_worker"]))
    for expected in (
        "Filipstads kommun", person.full_name, person.identity_number, "maj 2025", "Bifall", "16 050", "Hyra",
        "Socialtjänstförordningen (2001:937) 2 kap. 1 §", "Motiveringen står här.", "4 kap. 1 §", "Storgatan 1",
    ):
        assert expected.replace(" ", "") in text.replace(" ", "").replace("\xa0", ""), expected
    for word in APPEAL_WORDS:
        assert word not in text, word


def test_a_rejection_says_how_to_appeal(family_case, staff, delegations):
    decision = _decide(family_case, staff, "rejected", salary="40000")
    text = pdf_text(decision_letter_pdf(decision=decision, user=staff["eb_worker"])).replace("\n", " ")
    assert "Avslag" in text
    for word in APPEAL_WORDS:
        assert word in text, word
    assert "socialtjänsten" in text
    # decided today, under Socialtjänstlag (2025:400): its appeal paragraph is not confirmed and says so
    assert "SoL (2025:400)" in text and "obekräftat" in text


def test_appeal_body_before_and_after_the_new_social_services_act():
    from skutan.assistance.legal import appeal_info

    old = appeal_info(date(2025, 3, 1))
    assert old.body == "förvaltningsrätten" and old.body_source == "SoL (2001:453) 16 kap. 3 §" and old.body_confirmed
    assert old.length_text == "tre veckor" and old.limit_source == "Förvaltningslagen (2017:900) 44 §"
    new = appeal_info(date(2025, 7, 1))
    assert new.body_source.startswith("SoL (2025:400)") and not new.body_confirmed


def test_a_partly_granted_letter_says_how_to_appeal(family_case, staff, delegations):
    decision = _decide(family_case, staff, "partly_granted", amount=9000)
    text = pdf_text(decision_letter_pdf(decision=decision, user=staff["eb_worker"])).replace("\n", " ")
    assert "Delvis bifall" in text and "förvaltningsrätten" in text and "tre veckor" in text


def test_the_letter_never_prints_a_protected_address(protected_case, staff, delegations, protected_viewer):
    decision = _decide(protected_case, staff, "rejected", salary="40000")
    for user in (staff["eb_worker"], protected_viewer):
        text = pdf_text(decision_letter_pdf(decision=decision, user=user))
        assert "Hemliga" not in text and "68231" not in text
        assert "Sara Skyddad" in text


def test_the_letter_marks_unconfirmed_amounts(family_case, staff, delegations):
    NormAmountOverride.objects.create(year=2025, key="adult_single", amount=3920, mark="⚠", source="")
    decision = _decide(family_case, staff, "granted")
    text = pdf_text(decision_letter_pdf(decision=decision, user=staff["eb_worker"]))
    assert "Obekräftade belopp" in text and "obekräftat" in text


def test_downloading_the_letter_is_access_logged(login, family_case, staff, delegations):
    decision = _decide(family_case, staff, "granted", month=date(2025, 4, 1))
    response = login(staff["eb_worker"]).get(f"/bistand/beslut/{decision.pk}/brev.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    log = AccessLog.objects.filter(action="print").get()
    assert log.case_id == family_case.pk and log.person_id == family_case.person_id
    assert log.user_id == staff["eb_worker"].pk


def test_a_user_outside_the_unit_cannot_download_the_letter(login, family_case, staff, delegations):
    decision = _decide(family_case, staff, "granted")
    assert login(staff["bou_worker"]).get(f"/bistand/beslut/{decision.pk}/brev.pdf").status_code == 404
