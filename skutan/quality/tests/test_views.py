"""The /kvalitet/ pages: report from a case page, autosave, the case page section, lists without reporter names,
statistics with CSV and XLSX."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from skutan.quality import services
from skutan.quality.models import Deviation, DeviationStatus

pytestmark = pytest.mark.django_db


def test_report_from_a_case_page_is_prefilled_with_the_case(login, staff, eb_case, categories):
    c = login(staff["eb_worker"])
    page = c.get(f"/kvalitet/avvikelse/ny/?case={eb_case.pk}&from=/arenden/{eb_case.pk}/&rid=abc12345")
    html = page.content.decode()
    assert page.status_code == 200 and eb_case.reference in html
    assert f'name="case" value="{eb_case.pk}"' in html and 'value="abc12345"' in html
    response = c.post("/kvalitet/avvikelse/ny/", {
        "occurred_on": str(timezone.localdate()), "unit": eb_case.unit_id, "category": "documentation",
        "description": "Texten försvann", "case": eb_case.pk, "page_path": f"/arenden/{eb_case.pk}/",
        "request_id": "abc12345", "system_fault": "on",
    })
    assert response.status_code == 302
    deviation = Deviation.objects.get()
    assert (deviation.case, deviation.page_path, deviation.request_id, deviation.system_fault) == (
        eb_case, f"/arenden/{eb_case.pk}/", "abc12345", True)


def test_case_page_footer_links_to_the_report_with_the_case(login, staff, eb_case, categories):
    html = login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/").content.decode()
    assert f"/kvalitet/avvikelse/ny/?from=/arenden/{eb_case.pk}/" in html and f"case={eb_case.pk}" in html


def test_every_response_has_a_request_id(login, staff):
    response = login(staff["eb_worker"]).get("/")
    assert len(response["X-Request-ID"]) >= 8


def test_a_bad_report_keeps_what_was_typed_and_saves_nothing(login, staff, units, categories):
    response = login(staff["eb_worker"]).post("/kvalitet/avvikelse/ny/", {
        "occurred_on": str(timezone.localdate() + timedelta(days=2)), "unit": units["eb"].pk,
        "category": "documentation", "description": "Min text som inte får försvinna"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "framtiden" in html and "Min text som inte får försvinna" in html
    assert not Deviation.objects.exists()


def test_autosave_creates_one_private_draft_and_reporting_finishes_it(login, staff, units, categories):
    c = login(staff["eb_worker"])
    first = c.post("/kvalitet/avvikelse/autospara/", {"unit": units["eb"].pk, "category": "other",
                                                      "description": "Börjar skriva"})
    assert first.status_code == 200 and "Utkast sparat" in first.content.decode()
    draft = Deviation.objects.get()
    assert draft.status == DeviationStatus.DRAFT
    c.post("/kvalitet/avvikelse/autospara/", {"draft": draft.pk, "unit": units["eb"].pk, "category": "other",
                                              "description": "Börjar skriva mer"})
    assert Deviation.objects.get().description == "Börjar skriva mer"
    c.post("/kvalitet/avvikelse/ny/", {"draft": draft.pk, "occurred_on": str(timezone.localdate()),
                                       "unit": units["eb"].pk, "category": "other", "description": "Klart"})
    assert Deviation.objects.count() == 1 and Deviation.objects.get().status == DeviationStatus.REPORTED


def test_another_users_draft_cannot_be_autosaved_over(login, staff, units, categories):
    draft = services.deviation_draft_save(actor=staff["eb_worker"], draft=None,
                                          data={"unit": units["eb"], "category": "other", "description": "Mitt"})
    response = login(staff["eb_worker2"]).post("/kvalitet/avvikelse/autospara/", {
        "draft": draft.pk, "unit": units["eb"].pk, "category": "other", "description": "Ditt"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.description == "Mitt"


def test_case_page_shows_deviations_to_the_manager_not_to_caseworkers(login, deviation, staff, eb_case):
    heading = "Avvikelser kopplade till ärendet"
    assert heading not in login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/").content.decode()
    assert heading not in login(staff["eb_worker2"]).get(f"/arenden/{eb_case.pk}/").content.decode()
    assert heading in login(staff["eb_manager"]).get(f"/arenden/{eb_case.pk}/").content.decode()


def test_lists_never_show_the_reporters_name(login, deviation, staff, officer):
    reporter = staff["eb_worker"].display_name
    for user in (officer, staff["eb_manager"]):
        html = login(user).get("/kvalitet/").content.decode()
        assert f"/kvalitet/avvikelser/{deviation.pk}/" in html and reporter not in html
    assert reporter in login(officer).get(f"/kvalitet/avvikelser/{deviation.pk}/").content.decode()
    assert reporter not in login(staff["eb_manager"]).get(f"/kvalitet/avvikelser/{deviation.pk}/").content.decode()


def test_quality_pages_are_refused_to_caseworkers(login, staff, categories):
    c = login(staff["eb_worker"])
    assert c.get("/kvalitet/").status_code == 403
    assert c.get("/kvalitet/statistik/").status_code == 403
    assert c.get("/kvalitet/installningar/").status_code == 403
    assert c.get("/kvalitet/mina/").status_code == 200


def test_officer_classifies_and_works_the_chain_through_the_pages(login, deviation, officer):
    c = login(officer)
    response = c.post(f"/kvalitet/avvikelser/{deviation.pk}/lex-sarah/",
                      {"classify-kind": "risk", "classify-assessment": "Risk"})
    matter = deviation.__class__.objects.get(pk=deviation.pk).lex_sarah
    assert response.status_code == 302 and response["Location"] == f"/kvalitet/lex-sarah/{matter.pk}/"
    page = c.get(f"/kvalitet/lex-sarah/{matter.pk}/").content.decode()
    assert "Tid sedan rapporten" in page and "kommunens egna" in page
    step = f"/kvalitet/lex-sarah/{matter.pk}/steg/first_assessment/"
    bad = c.post(step, {"first_assessment-version": matter.version, "first_assessment-first_assessment": ""})
    assert bad.status_code == 400
    ok = c.post(step, {"first_assessment-version": matter.version,
                       "first_assessment-first_assessment": "Påtaglig risk",
                       "first_assessment-immediate_remedy": "Åtgärdat"})
    assert ok.status_code == 302
    stale = c.post(step, {"first_assessment-version": matter.version,
                          "first_assessment-first_assessment": "Skriver över"})
    assert stale.status_code == 400 and "ändrats av någon annan" in stale.content.decode()


def test_statistics_page_and_exports(login, staff, units, officer):
    for d in range(1, 7):
        services.deviation_report(actor=staff["eb_worker"], occurred_on=date(2025, 3, d), unit=units["eb"],
                                  category="documentation", description="x")
    c = login(officer)
    page = c.get("/kvalitet/statistik/?first=2025-01-01&last=2025-04-30")
    assert page.status_code == 200 and "2025-03" in page.content.decode()
    csv_body = c.get("/kvalitet/statistik/avvikelser.csv?first=2025-01-01&last=2025-04-30").content
    assert csv_body.startswith(b"\xef\xbb\xbf")
    text = csv_body.decode("utf-8-sig")
    assert "Definition;" in text and "2025-03;6;0;0;ja" in text and "2025-02;0;0;0;ja" in text
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(c.get("/kvalitet/statistik/avvikelser.xlsx?first=2025-01-01&last=2025-04-30").content))
    rows = list(wb["Avvikelser per månad"].iter_rows(values_only=True))
    assert ("2025-03", 6, 0, 0, "ja") in rows
    assert "Definition" in wb.sheetnames


def test_settings_set_targets_and_categories(login, officer):
    c = login(officer)
    assert c.post("/kvalitet/installningar/", {"form": "target", "step": "investigated", "days": 30,
                                               "decided_by": "SN 2026-01-20 § 4"}).status_code == 302
    assert c.post("/kvalitet/installningar/", {"form": "category", "code": "lokaler",
                                               "label": "Lokaler"}).status_code == 302
    page = c.get("/kvalitet/installningar/").content.decode()
    assert "30 dagar" in page and "lokaler" in page
    assert c.post("/kvalitet/installningar/", {"form": "category", "code": "lokaler",
                                               "label": "Igen"}).status_code == 400


def test_risk_analysis_pages(login, staff, units, deviation):
    c = login(staff["eb_manager"])
    response = c.post("/kvalitet/riskanalyser/", {"unit": units["eb"].pk, "process": "Utbetalning till rätt konto"})
    assert response.status_code == 302
    url = response["Location"]
    analysis_id = int(url.rstrip("/").rsplit("/", 1)[1])
    assert c.post(f"{url}risk/", {"risk-description": "Fel konto", "risk-probability": 3,
                                  "risk-consequence": 4}).status_code == 302
    assert c.post(f"{url}risk/", {"risk-description": "Fel", "risk-probability": 9,
                                  "risk-consequence": 4}).status_code == 400
    assert c.post(f"{url}link/", {"link-deviation": deviation.pk}).status_code == 302
    page = c.get(url).content.decode()
    assert "Riskmatris" in page and "Fel konto" in page and f"Nr {deviation.pk}" in page
    assert login(staff["bou_worker"]).get(f"/kvalitet/riskanalyser/{analysis_id}/").status_code == 404
