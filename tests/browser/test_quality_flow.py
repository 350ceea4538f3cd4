"""Kvalitet in real Chromium (issue 13): a caseworker reports a deviation from the case page in a few
keystrokes, the quality role classifies it as Lex Sarah, investigates, and downloads the IVO anmälan."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import unit_create, user_create
from skutan.quality.defaults import seed_categories
from skutan.quality.models import Deviation, DeviationCategory

pytestmark = pytest.mark.browser


def test_deviation_to_lex_sarah_to_ivo(page, live_server, login, logout, assert_accessible, staff, eb_case):
    seed_categories(DeviationCategory)
    officer = user_create(username="kvalitet", password="Skutan-demo-2026", first_name="Kerstin", last_name="Kvist",
                          memberships=[(unit_create(name="Kvalitet", kind=UnitKind.QUALITY), Role.QUALITY_OFFICER)])

    # --- The caseworker reports from the case page: the form arrives with the case and the unit filled in.
    login(page, live_server, staff["eb_worker"])
    page.goto(f"/arenden/{eb_case.pk}/")
    page.get_by_role("link", name="Rapportera avvikelse").click()
    expect(page.get_by_role("heading", name="Rapportera avvikelse")).to_be_visible()
    expect(page.get_by_text(eb_case.reference)).to_be_visible()
    assert_accessible(page, "rapportera avvikelse")
    page.get_by_label("Kategori").select_option("documentation")
    page.get_by_label("Vad hände?").fill("Journalanteckningen från hembesöket finns inte kvar efter sparning.")
    expect(page.locator("#autosave-status")).to_contain_text("Utkast sparat")  # saved as she types
    page.get_by_label("Vad gjordes direkt?").fill("Skrev om anteckningen.")
    page.get_by_role("button", name="Rapportera").click()
    expect(page.get_by_text("är rapporterad")).to_be_visible()
    deviation = Deviation.objects.get()
    assert deviation.case_id == eb_case.pk and deviation.unit_id == eb_case.unit_id
    logout(page)

    # --- The quality role classifies it as Lex Sarah.
    login(page, live_server, officer)
    page.get_by_role("link", name="Kvalitet").first.click()
    assert_accessible(page, "avvikelser")
    page.get_by_role("link", name=str(deviation.pk), exact=True).click()
    page.get_by_label("Varför är det en Lex Sarah-fråga?").fill("Dokumentation har gått förlorad.")
    page.get_by_role("button", name="Gör till Lex Sarah-ärende").click()
    expect(page.get_by_role("heading", name="Lex Sarah-ärende nr", exact=False)).to_be_visible()
    assert_accessible(page, "Lex Sarah-ärende")

    # --- First assessment, investigation, decision.
    page.get_by_role("textbox", name="Första bedömning").fill("Påtaglig risk för missförhållande.")
    page.get_by_role("button", name="Spara första bedömning").click()
    page.get_by_label("Vad har hänt?").fill("Utkast sparades inte när sessionen gick ut.")
    page.get_by_label("Orsaker på systemnivå (inte den enskilda medarbetaren)").fill("Ingen varning före utloggning.")
    page.get_by_label("Åtgärder", exact=True).fill("Varning före utloggning införs.")
    page.get_by_label("Vilka har informerats (den enskilde, anhöriga, nämnden …)?").fill("Den enskilde.")
    page.get_by_label("Utredningen är klar").check()
    page.get_by_role("button", name="Spara utredningen").click()
    page.get_by_label("Ja – anmäls till IVO").check()
    page.get_by_role("textbox", name="Motivering").fill("Flera anteckningar berördes.")
    page.get_by_role("button", name="Spara beslutet").click()

    # --- The IVO anmälan as a PDF.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner anmälan till IVO (PDF)").first.click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Ingen varning före utloggning." in text and eb_case.reference in text
    assert_accessible(page, "Lex Sarah-ärende med beslut")


def test_statistics_and_risk_analysis_pages_are_accessible(page, live_server, login, assert_accessible, staff, units):
    from datetime import date

    from skutan.quality import services

    seed_categories(DeviationCategory)
    officer = user_create(username="kvalitet", password="Skutan-demo-2026", first_name="Kerstin", last_name="Kvist",
                          memberships=[(unit_create(name="Kvalitet", kind=UnitKind.QUALITY), Role.QUALITY_OFFICER)])
    for d in range(1, 7):
        services.deviation_report(actor=staff["eb_worker"], occurred_on=date(2026, 3, d), unit=units["eb"],
                                  category="deadline_missed", description="Frist missad")
    analysis = services.risk_analysis_create(actor=officer, unit=units["eb"], process="Förhandsbedömning inom 14 dagar")
    services.risk_add(actor=officer, analysis=analysis, description="Ingen ersättare", probability=3, consequence=3)
    login(page, live_server, officer)
    page.goto("/kvalitet/statistik/?first=2026-01-01&last=2026-06-30")
    expect(page.get_by_role("table", name="Avvikelser, Lex Sarah och anmälningar till IVO per månad")).to_be_visible()
    assert_accessible(page, "avvikelsestatistik")
    page.goto(f"/kvalitet/riskanalyser/{analysis.pk}/")
    expect(page.get_by_role("img", name="Riskmatris", exact=False)).to_be_visible()
    assert_accessible(page, "riskanalys")
