from datetime import date

import pytest

from skutan.assistance.models import Application, ApplicationStatus, Decision, Guideline, NormAmountOverride
from skutan.assistance.services import application_create, decision_make, guideline_create
from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent

from .conftest import MONTH, costs_incomes

pytestmark = pytest.mark.django_db


def _form_post(application, **overrides):
    """The application page's form as the browser posts it (household from the stored rows)."""
    data = {"version": str(application.version), "consecutive_months_on_assistance": "0", "job_stimulus_months_used": "0"}
    for i, m in enumerate(application.members.all()):
        data.update({
            f"members-{i}-key": m.member_key, f"members-{i}-person_id": str(m.person_id or ""), f"members-{i}-name": m.name,
            f"members-{i}-birth_date": m.birth_date.isoformat(), f"members-{i}-role": m.role,
            f"members-{i}-lunch_at_home": "", f"members-{i}-support_obstacle": "111" if m.role == "adult" else "",
        })
    data.update({"costs-0-type": "rent", "costs-0-amount": "8 200", "costs-1-type": "", "costs-1-amount": ""})
    data.update({"incomes-0-type": "child_allowance", "incomes-0-amount": "1250"})
    data.update(overrides)
    return data


def test_the_case_page_links_to_assistance(login, family_case, staff):
    page = login(staff["eb_worker"]).get(f"/arenden/{family_case.pk}/").content.decode()
    assert f"/bistand/arenden/{family_case.pk}/" in page and "Ekonomiskt bistånd" in page


def test_a_children_case_has_no_assistance_link(login, bou_case, staff):
    page = login(staff["bou_worker"]).get(f"/arenden/{bou_case.pk}/").content.decode()
    assert "/bistand/arenden/" not in page


def test_months_page_lists_months_and_registers_a_new_one(login, family_case, staff, delegations):
    client = login(staff["eb_worker"])
    decided = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=date(2025, 4, 1)))
    decision_make(actor=staff["eb_worker"], application=decided, outcome="granted", reasons="Styrkt.")
    page = client.get(f"/bistand/arenden/{family_case.pk}/").content.decode()
    assert "2025-04" in page and "Bifall" in page and "16\xa0050\xa0kr" in page
    assert 'value="2025-05"' in page  # the next month is suggested
    response = client.post(f"/bistand/arenden/{family_case.pk}/ny/", {"month": "2025-05"})
    application = Application.objects.get(month=MONTH)
    assert response.status_code == 302 and response["Location"] == f"/bistand/ansokan/{application.pk}/"
    again = client.post(f"/bistand/arenden/{family_case.pk}/ny/", {"month": "2025-05"})
    assert again.status_code == 409 and "Det finns redan en ansökan" in again.content.decode()
    bad = client.post(f"/bistand/arenden/{family_case.pk}/ny/", {"month": "maj"})
    assert bad.status_code == 400 and "ÅÅÅÅ-MM" in bad.content.decode()


def test_the_application_page_explains_every_line(login, family_case, staff):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    page = login(staff["eb_worker"]).get(f"/bistand/ansokan/{application.pk}/").content.decode()
    for text in ("Personliga kostnader: ensamstående vuxen", "Socialtjänstförordningen (2001:937) 2 kap. 1 §",
                 "Hyra", "SoL (2001:453) 4 kap. 3 §", "Barnbidrag", "16\xa0050\xa0kr", "Beslut", "hx-post"):
        assert text in page, text
    assert AccessLog.objects.filter(case_id=family_case.pk, user_id=staff["eb_worker"].pk).exists()


def test_live_calculation_renders_the_panel_without_saving(login, family_case, staff):
    application = application_create(actor=staff["eb_worker"], case=family_case, month=MONTH)
    client = login(staff["eb_worker"])
    response = client.post(
        f"/bistand/ansokan/{application.pk}/berakna/", _form_post(application, **{"costs-0-amount": "9 000"}),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<table" in html and "Hyra" in html and "9\xa0000\xa0kr" in html
    assert "16\xa0850\xa0kr" in html  # 9 100 + 9 000 − 1 250
    assert application.costs.count() == 0  # nothing saved


def test_live_calculation_names_the_bad_field(login, family_case, staff):
    application = application_create(actor=staff["eb_worker"], case=family_case, month=MONTH)
    client = login(staff["eb_worker"])
    html = client.post(
        f"/bistand/ansokan/{application.pk}/berakna/",
        _form_post(application, **{"costs-1-type": "other", "costs-1-amount": "300"}),
    ).content.decode()
    assert "Kostnad rad 2, beskrivning" in html
    html = client.post(
        f"/bistand/ansokan/{application.pk}/berakna/", _form_post(application, **{"costs-0-amount": "mycket"})
    ).content.decode()
    assert "Kostnad rad 1: beloppet måste vara ett tal." in html


def test_live_calculation_shows_a_missing_amount(login, family_case, staff):
    """2026 has no amount for a child under 7 eating lunch at home (DOMAIN.md §4): refused, naming it."""
    application = application_create(actor=staff["eb_worker"], case=family_case, month=MONTH)
    post = _form_post(application)
    post.update({"members-1-birth_date": "2021-03-01"})
    application.month = date(2026, 5, 1)
    Application.objects.filter(pk=application.pk).update(month=date(2026, 5, 1))
    html = login(staff["eb_worker"]).post(f"/bistand/ansokan/{application.pk}/berakna/", post).content.decode()
    assert "Riksnormen 2026 saknar belopp för barn 4–6 år" in html


def test_guideline_warning_is_visible_in_the_panel(login, family_case, staff):
    guideline_create(
        actor=staff["eb_manager"], cost_type="rent", household_size=2, max_amount="6500",
        source="Socialnämnden 2024-12-10 § 88", valid_from=date(2025, 1, 1),
    )
    application = application_create(actor=staff["eb_worker"], case=family_case, month=MONTH)
    html = login(staff["eb_worker"]).post(
        f"/bistand/ansokan/{application.pk}/berakna/", _form_post(application)
    ).content.decode()
    assert "Över kommunens riktlinje" in html and "Socialnämnden 2024-12-10 § 88" in html
    assert "8\xa0200\xa0kr" in html  # the rent is shown as entered, not capped


def test_save_and_decide_through_the_page(login, family_case, staff, delegations):
    application = application_create(actor=staff["eb_worker"], case=family_case, month=MONTH)
    client = login(staff["eb_worker"])
    response = client.post(
        f"/bistand/ansokan/{application.pk}/",
        _form_post(application, action="decide", outcome="granted", amount="", reasons="Styrkt behov.", legal_basis=""),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get()
    assert decision.amount == 16050 and decision.decided_by == staff["eb_worker"]
    page = client.get(f"/bistand/ansokan/{application.pk}/").content.decode()
    assert "Beslut: Bifall" in page and f"/bistand/beslut/{decision.pk}/brev.pdf" in page
    assert "låst vid beslut" in page and 'name="costs-0-amount"' not in page  # read-only now
    # posting the form again is refused: the month is frozen
    again = client.post(f"/bistand/ansokan/{application.pk}/", _form_post(application, **{"costs-0-amount": "1"}))
    assert again.status_code == 409
    assert Decision.objects.get().calculation["costs_total"] == 8200


def test_deciding_without_delegation_shows_who_can(login, family_case, staff, delegations):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    response = login(staff["eb_worker2"]).post(
        f"/bistand/ansokan/{application.pk}/beslut/",
        {"outcome": "granted", "amount": "", "reasons": "Styrkt.", "legal_basis": "", "version": application.version},
    )
    # not a dead end (no 403): the page says why and offers to send the beslutsunderlag to a holder
    assert response.status_code == 200
    html = response.content.decode()
    assert "Maria Holm (enhetschef)" in html and 'data-testid="refer-block"' in html
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_renewal_from_the_page(login, family_case, staff, delegations):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    decision_make(actor=staff["eb_worker"], application=application, outcome="granted", reasons="Styrkt.")
    response = login(staff["eb_worker"]).post(f"/bistand/ansokan/{application.pk}/ny-manad/")
    june = Application.objects.get(month=date(2025, 6, 1))
    assert response["Location"] == f"/bistand/ansokan/{june.pk}/"
    assert june.costs.get().amount == 8200


def test_norm_page_is_for_the_system_admin(login, staff, sysadmin):
    assert login(staff["eb_manager"]).get("/bistand/riksnorm/?ar=2026").status_code == 403
    page = login(sysadmin).get("/bistand/riksnorm/?ar=2026").content.decode()
    assert "Riksnorm 2026" in page and "ensamstående vuxen".capitalize() in page
    assert "—" in page and "⚠" in page and "✔✔" in page


def test_admin_corrects_an_amount_and_it_is_audited(login, sysadmin):
    client = login(sysadmin)
    response = client.post(
        "/bistand/riksnorm/", {"ar": "2026", "action": "set", "key": "child_lunch_0", "amount": "2 740", "source": "", "mark": "✔"}
    )
    assert response.status_code == 302 and response["Location"] == "/bistand/riksnorm/?ar=2026"
    row = NormAmountOverride.objects.get()
    assert (row.year, row.key, row.amount, row.mark) == (2026, "child_lunch_0", 2740, "⚠")
    page = client.get("/bistand/riksnorm/?ar=2026").content.decode()
    assert "obekräftat" in page and "Sigrid System" in page
    event = AuditEvent.objects.get(event_type=EventType.NORM_AMOUNT_SET)
    assert event.data["old"]["amount"] is None and event.data["new"]["amount"] == "2740.00"
    bad = client.post("/bistand/riksnorm/", {"ar": "2026", "action": "set", "key": "child_lunch_0", "amount": "-5", "mark": "✔"})
    assert bad.status_code == 400 and "negativt" in bad.content.decode()
    client.post("/bistand/riksnorm/", {"ar": "2026", "action": "reset", "key": "child_lunch_0"})
    assert NormAmountOverride.objects.count() == 0


def test_guidelines_page(login, staff):
    client = login(staff["eb_manager"])
    response = client.post("/bistand/riktlinjer/", {
        "cost_type": "rent", "household_size": "3", "max_amount": "8 000", "source": "SN 2025-01-15 § 4",
        "valid_from": "2025-01-01",
    })
    assert response.status_code == 302
    guideline = Guideline.objects.get()
    assert guideline.max_amount == 8000 and guideline.household_size == 3
    assert "SN 2025-01-15 § 4" in client.get("/bistand/riktlinjer/").content.decode()
    client.post("/bistand/riktlinjer/avsluta/", {"guideline": guideline.pk})
    guideline.refresh_from_db()
    assert guideline.valid_to is not None
    assert login(staff["eb_worker"]).get("/bistand/riktlinjer/").status_code == 403


def test_start_page_lists_my_cases(login, family_case, staff):
    application_create(actor=staff["eb_worker"], case=family_case, month=MONTH)
    page = login(staff["eb_worker"]).get("/bistand/").content.decode()
    assert family_case.reference in page and "2025-05" in page
    assert family_case.reference not in login(staff["eb_worker2"]).get("/bistand/").content.decode()
    assert family_case.reference in login(staff["eb_worker2"]).get("/bistand/?alla=1").content.decode()
