"""The decision letter (PDF): its text is read back with pypdf."""

import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from skutan.assistance.letters import decision_letter_pdf
from skutan.assistance.models import NormAmountOverride
from skutan.assistance.services import application_create, decision_make
from skutan.audit.models import AccessLog
from skutan.conftest import make_pnr
from skutan.people.services import household_create, person_create

from .conftest import MONTH, costs_incomes

pytestmark = pytest.mark.django_db

APPEAL_WORDS = ("överklaga", "förvaltningsrätten", "tre veckor", "Förvaltningslagen (2017:900) 44 §")
INTERNAL_MARKS = ("⚠", "✔", "obekräftat", "Obekräftat", "Anmärkningar", "kontrollera", "Kontrollera", "paragrafnummer")


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


def flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def assert_no_internal_marks(text: str) -> None:
    for mark in INTERNAL_MARKS:
        assert mark not in text, mark


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
        assert expected.replace(" ", "") in text.replace(" ", "").replace("\xa0", "").replace("\n", ""), expected
    for word in APPEAL_WORDS:
        assert word not in text, word


def test_a_rejection_says_how_to_appeal(family_case, staff, delegations):
    decision = _decide(family_case, staff, "rejected", salary="40000")
    text = flat(pdf_text(decision_letter_pdf(decision=decision, user=staff["eb_worker"])))
    assert "Avslag" in text
    for word in APPEAL_WORDS:
        assert word in text, word
    # förvaltningslagen 43–44 §§: in writing, to förvaltningsrätten but sent to the nämnd, within three weeks
    # of the day the person received the decision; what to write
    assert "skriftligt" in text and "skicka eller lämna det till Socialnämnden" in text
    assert "inom tre veckor från den dag du fick del av beslutet" in text
    for what in ("vilket beslut du överklagar", "hur du vill att beslutet ska ändras", "varför", "skriv under"):
        assert what in text, what
    # decided today, under Socialtjänstlag (2025:400): its appeal paragraph is not confirmed, so the letter
    # names the law only and never a guessed number
    assert "socialtjänstlagen (2025:400)" in text and "SoL (2025:400)" not in text
    assert_no_internal_marks(text)


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


def test_the_letter_shows_no_internal_marks_even_with_unconfirmed_amounts_and_warnings(family_case, staff, delegations):
    # an unconfirmed amount (⚠), an income whose counting is unconfirmed, and a caseworker's check: all of it
    # is on the caseworker's screen, none of it in the letter
    NormAmountOverride.objects.create(year=2025, key="adult_single", amount=3920, mark="⚠", source="")
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    from skutan.assistance.services import IncomeInput, application_input_from, application_update

    data = application_input_from(application)
    data.incomes.append(IncomeInput(type="housing_allowance", amount=Decimal("1000")))
    application = application_update(actor=staff["eb_worker"], application=application, data=data,
                                     expected_version=application.version)
    decision = decision_make(actor=staff["eb_manager"], application=application, outcome="granted",
                             reasons="Styrkt behov.")
    assert decision.unconfirmed_amounts and decision.calculation["warnings"]
    text = pdf_text(decision_letter_pdf(decision=decision, user=staff["eb_worker"]))
    assert "Bostadsbidrag" in text and "SoL (2001:453)" not in text.split("Bostadsbidrag")[1].split("\n")[0]
    assert_no_internal_marks(text)


def test_an_unconfirmed_paragraph_is_cited_by_law_name_in_the_letter_and_warned_on_screen(
    family_case, staff, delegations
):
    from skutan.assistance.legal import screen_legal_basis, unconfirmed_references

    month = date(2025, 8, 1)  # Socialtjänstlag (2025:400) in force
    decision = _decide(family_case, staff, "granted", month=month)
    text = flat(pdf_text(decision_letter_pdf(decision=decision, user=staff["eb_worker"])))
    assert "enligt socialtjänstlagen (2025:400)" in text
    assert "Socialtjänstförordningen (2001:937) 2 kap. 1 §" in text  # confirmed: cited with its paragraph
    assert "SoL (2025:400)" not in text and "kap." not in text.replace("2 kap. 1 §", "")
    assert_no_internal_marks(text)
    waiting = unconfirmed_references(month=month, adverse=False)
    assert [ref.key for ref in waiting] == ["sol.right_to_assistance", "sol.reasonable_costs"]
    assert "paragrafnummer obekräftat" in screen_legal_basis(month)


def test_the_letter_has_the_board_unit_contact_details_and_the_decision_maker(family_case, staff, delegations):
    from skutan.accounts.models import Municipality

    Municipality.objects.create(name="Filipstads kommun", code="1782", board_name="Socialnämnden i Filipstad",
                                address="Box 303, 682 27 Filipstad")
    unit = family_case.unit
    unit.address, unit.phone, unit.email = "Stora Torget 3, 682 30 Filipstad", "0590-611 00", "eb@example.se"
    unit.opening_hours = "Telefontid mån–fre 9–10"
    unit.save()
    staff["eb_manager"].title = "enhetschef"
    staff["eb_manager"].save()
    decision = _decide(family_case, staff, "rejected", salary="40000")
    text = flat(pdf_text(decision_letter_pdf(decision=decision)))
    for expected in ("Socialnämnden i Filipstad", "Stora Torget 3, 682 30 Filipstad", "0590-611 00", "eb@example.se",
                     "Telefontid mån–fre 9–10", staff["eb_manager"].display_name + ", enhetschef",
                     "skicka eller lämna det till Socialnämnden i Filipstad"):
        assert expected in text, expected


def test_the_municipality_can_leave_the_decision_makers_name_out(family_case, staff, delegations):
    from skutan.accounts.models import Municipality

    Municipality.objects.create(name="Filipstads kommun", code="1782", letter_names_decision_maker=False)
    decision = _decide(family_case, staff, "granted")
    text = flat(pdf_text(decision_letter_pdf(decision=decision)))
    assert staff["eb_manager"].display_name not in text and "Socialnämnden" in text


def test_a_unit_anonymous_to_clients_signs_with_its_name_and_phone(family_case, staff, delegations):
    from skutan.accounts.models import Municipality

    Municipality.objects.create(name="Filipstads kommun", code="1782", letter_names_decision_maker=True)
    unit = family_case.unit
    unit.phone, unit.anonymous_to_clients = "0590-611 00", True
    unit.save()
    decision = _decide(family_case, staff, "granted")
    text = flat(pdf_text(decision_letter_pdf(decision=decision)))
    assert staff["eb_manager"].display_name not in text
    assert f"{unit.name}, telefon 0590-611 00" in text
    assert decision.decided_by == staff["eb_manager"]  # the case file still records who decided


def test_a_couples_letter_names_both_spouses_and_only_the_applicants_address(person, staff, units, delegations):
    from skutan.cases.services import case_open

    spouse = person_create(actor=staff["eb_worker"], identity_number=make_pnr(date(1984, 3, 3), 982),
                           first_name="Bertil", last_name="Make", street_address="Annangatan 9",
                           postal_code="68299", city="Annanstad")
    household = household_create(actor=staff["eb_worker"], members=[(person, "adult"), (spouse, "adult")],
                                 cohabiting=True, since=date(2020, 1, 1))
    case = case_open(actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="financial_assistance",
                     opening_kind="application", assign_to=staff["eb_worker"])
    case.household = household
    case.save(update_fields=["household"])
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=case, month=MONTH),
                                child_allowance=None)
    assert application.cohabiting
    decision = decision_make(actor=staff["eb_manager"], application=application, outcome="granted",
                             reasons="Styrkt behov.")
    text = flat(pdf_text(decision_letter_pdf(decision=decision)))
    assert person.full_name in text and person.identity_number in text
    assert "Bertil Make" in text and spouse.identity_number in text
    assert "Storgatan 1" in text and "Annangatan" not in text


def test_the_signature_block_stays_on_the_page_where_the_text_ends(family_case, staff, delegations):
    from skutan.assistance.services import CostInput, application_input_from, application_update

    seen_pages = set()
    for extra in range(14, 44, 3):  # letters of growing length: the page break falls in different places
        month = date(2024, 1 + (extra - 14) // 3, 1)
        application = application_create(actor=staff["eb_worker"], case=family_case, month=month)
        data = application_input_from(application)
        data.costs = [CostInput(type="other", amount=Decimal("10"), description=f"Kostnad {i}") for i in range(extra)]
        data.members[0].support_obstacle = "111"
        application = application_update(actor=staff["eb_worker"], application=application, data=data,
                                         expected_version=application.version)
        decision = decision_make(actor=staff["eb_manager"], application=application, outcome="partly_granted",
                                 amount=100, reasons="Delvis styrkt.")
        pages = pdf_pages(decision_letter_pdf(decision=decision))
        seen_pages.add(len(pages))
        signed = [i for i, page in enumerate(pages) if "Beslutsfattare" in page]
        assert len(signed) == 1
        # the end of the text (the appeal section) is on the signature's page
        assert "Socialtjänsten kan hjälpa dig att överklaga" in pages[signed[0]].replace("\n", " ")
        assert "Hur du överklagar" in pages[signed[0]]
    assert len(seen_pages) > 1  # some letters did run over more than one page


def test_an_adverse_letter_only_has_the_appeal_text(family_case, staff, delegations):
    granted = flat(pdf_text(decision_letter_pdf(decision=_decide(family_case, staff, "granted"))))
    assert "Hur du överklagar" not in granted and "förvaltningsrätten" not in granted


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


def test_the_letter_can_be_previewed_before_the_decision_is_saved(login, family_case, staff, delegations):
    from skutan.assistance.models import Decision

    from .test_views import _form_post

    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    before = (Decision.objects.count(), application.version)
    response = login(staff["eb_worker"]).post(
        f"/bistand/ansokan/{application.pk}/",
        _form_post(application, action="preview", outcome="rejected", amount="0",
                   reasons="Förhandsgranskad motivering.", legal_basis=""),
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = flat(pdf_text(response.content))
    assert "FÖRHANDSGRANSKNING" in text and "Förhandsgranskad motivering." in text and "Hur du överklagar" in text
    application.refresh_from_db()
    assert (Decision.objects.count(), application.version) == before  # nothing saved


def test_the_decision_page_warns_that_references_await_confirmation(login, family_case, staff, delegations):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=date(2025, 8, 1)))
    page = login(staff["eb_worker"]).get(f"/bistand/ansokan/{application.pk}/").content.decode()
    assert "Lagrum som väntar på bekräftelse" in page and "socialtjänstlagen (2025:400)" in page
    old = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=date(2025, 5, 1)))
    page = login(staff["eb_worker"]).get(f"/bistand/ansokan/{old.pk}/").content.decode()
    # decided today, an adverse decision's appeal body cites the new law: still warned for the draft
    assert "Lagrum som väntar på bekräftelse" in page


@pytest.mark.parametrize(
    ("stored", "printed"),
    [
        # what older decisions stored (screen citations with ⚠) becomes letter text
        ("SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat) ⚠; Socialtjänstförordningen (2001:937) "
         "2 kap. 1 §", "socialtjänstlagen (2025:400); Socialtjänstförordningen (2001:937) 2 kap. 1 §"),
        ("SoL (2001:453) 4 kap. 1 § (regeln om barns arbetsinkomst; stycke obekräftat)", "socialtjänstlagen (2001:453)"),
        ("SoL (2001:453) 4 kap. 3 § ✔", "SoL (2001:453) 4 kap. 3 §"),
    ],
)
def test_letter_safe_removes_internal_marks(stored, printed):
    from skutan.assistance.legal import letter_safe

    assert letter_safe(stored) == printed


def test_an_english_information_sheet_can_follow_the_swedish_letter(family_case, staff, delegations, login):
    """The letter stays Swedish whatever the reader's language; the English sheet is an extra page (issue 17)."""
    decision = _decide(family_case, staff, "rejected", salary="40000")
    plain = pdf_pages(decision_letter_pdf(decision=decision, user=staff["eb_worker"]))
    with_sheet = pdf_pages(decision_letter_pdf(decision=decision, user=staff["eb_worker"], information_sheet="en"))
    assert len(with_sheet) == len(plain) + 1
    sheet = flat(with_sheet[-1])
    assert "Information in English" in sheet and "The application is refused." in sheet
    assert family_case.reference in sheet and "within 3 weeks" in sheet
    def body(text):  # the page footer counts the pages ("Sida 1 av 3")
        return flat(text).rsplit("Sida", 1)[0]

    assert [body(p) for p in with_sheet[:-1]] == [body(p) for p in plain]  # the Swedish letter is unchanged
    client = login(staff["eb_worker"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(f"/bistand/beslut/{decision.pk}/brev.pdf?informationsblad=en")
    assert response.status_code == 200
    pages = pdf_pages(response.content)
    assert "Beslut om ekonomiskt bistånd" in flat(pages[0]) and "Information in English" in flat(pages[-1])
    assert "Avslag" in flat(pages[0]) and "Refused" not in flat(pages[0])  # choices stay Swedish in the letter
    assert "Information in English" not in flat(pdf_text(
        client.get(f"/bistand/beslut/{decision.pk}/brev.pdf?informationsblad=xx").content))
