"""Issue 17 in Chromium: Min dag for a caseworker and a unit manager, a document uploaded and viewed (and the view
logged), the warning before leaving unsaved text and the save when the page is hidden, the personakt PDF read
back, and the "/" shortcut to the search. Every new page is checked with axe."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from skutan.audit.models import AccessLog
from skutan.cases.models import Document, JournalEntry
from skutan.cases.services import case_open, journal_entry_create, journal_entry_sign

pytestmark = pytest.mark.browser

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a0e0c6f10000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def patient(page):
    """The machine running the suite is shared: give slow page loads time (the assertions stay the same)."""
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


def test_min_dag_for_caseworker_and_manager(page, live_server, login, logout, assert_accessible, staff, units,
                                            person, eb_case):
    journal_entry_create(actor=staff["eb_worker"], case=eb_case, text="Utkast om hembesöket.",
                         event_date=timezone.localdate())
    loose = case_open(actor=staff["eb_manager"], person=person, unit=units["eb"], case_type="adults",
                      opening_kind="other")
    login(page, live_server, staff["eb_worker"])
    expect(page.get_by_role("heading", name=re.compile(r"^Min dag"))).to_be_visible()
    drafts = page.locator("section").filter(has=page.get_by_role("heading", name="Osignerade utkast (1)"))
    expect(page.get_by_role("heading", name="Ofördelade ärenden (0)")).to_have_count(0)
    assert_accessible(page, "Min dag (handläggare)")
    drafts.get_by_role("link", name=re.compile(eb_case.reference)).click()
    expect(page).to_have_url(re.compile(rf"/arenden/{eb_case.pk}/#journal-form$"))
    expect(page.get_by_label("Anteckning")).to_have_value("Utkast om hembesöket.")
    logout(page)

    login(page, live_server, staff["eb_manager"])
    unallocated = page.locator("section").filter(has=page.get_by_role("heading", name="Ofördelade ärenden (1)"))
    workload = page.locator("section").filter(has=page.get_by_role("heading", name=re.compile("^Arbetsbelastning")))
    expect(workload).to_contain_text("Eva Berg (Ekonomiskt bistånd)")
    expect(workload).to_contain_text("1 öppet ärende, viktad belastning")
    assert_accessible(page, "Min dag (enhetschef)")
    unallocated.get_by_role("link", name=re.compile(loose.reference)).click()
    expect(page.get_by_role("heading", name=f"Fördela {loose.reference}")).to_be_visible()
    expect(page.get_by_label("Handläggare").locator("option").first).to_contain_text(re.compile("öppet ärende|öppna ärenden"))


def test_document_upload_and_logged_view(page, live_server, login, assert_accessible, staff, eb_case, person):
    login(page, live_server, staff["eb_worker"])
    page.goto(f"/arenden/{eb_case.pk}/")
    page.get_by_role("link", name="Handlingar (0)").click()
    assert_accessible(page, "handlingar i ärendet")
    page.get_by_label("Fil (PDF, PNG eller JPEG)").set_input_files(
        {"name": "lonespec.png", "mimeType": "image/png", "buffer": PNG_1PX})
    page.get_by_label("Typ av handling").select_option(label="Lönespecifikation")
    page.get_by_label("Beskrivning").fill("Lönespecifikation november")
    page.get_by_role("button", name="Registrera handlingen").click()
    expect(page.locator(".messages")).to_contain_text("Handlingen »Lönespecifikation november« är registrerad.")
    document = Document.objects.get()
    image = page.get_by_role("img", name="Lönespecifikation: Lönespecifikation november")
    expect(image).to_be_visible()
    page.wait_for_function("() => document.querySelector('img.document-image').naturalWidth === 1")
    assert_accessible(page, "handlingen")
    views = AccessLog.objects.filter(object_type="document", object_id=str(document.pk), person_id=person.pk)
    assert views.count() == 2  # the page and the file itself
    # A file that is not what its name says is refused with a message, nothing stored.
    page.goto(f"/arenden/{eb_case.pk}/handlingar/")
    page.get_by_label("Fil (PDF, PNG eller JPEG)").set_input_files(
        {"name": "intyg.pdf", "mimeType": "application/pdf", "buffer": b"<html>inte en pdf</html>"})
    page.get_by_label("Beskrivning").fill("Intyg")
    page.get_by_role("button", name="Registrera handlingen").click()
    expect(page.locator(".field-error")).to_contain_text("PDF, PNG eller JPEG")
    assert Document.objects.count() == 1


def test_unsaved_text_warns_and_is_saved_when_hidden(page, live_server, login, staff, eb_case):
    login(page, live_server, staff["eb_worker"])
    page.goto(f"/arenden/{eb_case.pk}/")
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", on_dialog)
    text = page.get_by_label("Anteckning")
    text.press_sequentially("Samtal med")
    # Leaving within the autosave's delay: the browser asks first.
    page.get_by_role("link", name="Personöversikt", exact=True).click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(re.compile(rf"/arenden/{eb_case.pk}/$"))
    # Hiding the page saves at once (no waiting for the 1.5 s delay).
    text.press_sequentially(" hyresvärden.")
    page.evaluate("""() => {
        Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));
    }""")
    expect(page.locator("#autosave-status")).to_contain_text("Utkast sparat", timeout=5_000)
    assert JournalEntry.objects.get(case=eb_case, signed_at__isnull=True).text == "Samtal med hyresvärden."
    # Saved: leaving no longer asks.
    page.get_by_role("link", name="Personöversikt", exact=True).click()
    expect(page).to_have_url(re.compile(r"/personer/\d+/$"))
    assert dialogs == ["beforeunload"]


def test_personakt_pdf(page, live_server, login, assert_accessible, staff, eb_case):
    entry = journal_entry_create(actor=staff["eb_worker"], case=eb_case, text="Besök på kontoret om hyran.",
                                 event_date=timezone.localdate() - timedelta(days=1))
    journal_entry_sign(actor=staff["eb_worker"], entry=entry)
    login(page, live_server, staff["eb_worker"])
    page.goto(f"/arenden/{eb_case.pk}/")
    page.get_by_role("link", name="Skriv ut personakt").click()
    expect(page.get_by_role("heading", name="Skriv ut personakt")).to_be_visible()
    assert_accessible(page, "utskrift av personakt")
    page.get_by_label("Syfte").select_option("overflyttning")
    with page.expect_download() as download:
        page.get_by_role("button", name="Skapa PDF").click()
    data = open(download.value.path(), "rb").read()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Personakt – Anna Svensson" in text and "Besök på kontoret om hyran." in text
    assert "Syfte: Överflyttning till annan kommun" in text
    assert AccessLog.objects.filter(action="print", object_type="personakt").count() == 1


def test_slash_focuses_the_search(page, live_server, login, assert_accessible, staff, eb_case):
    login(page, live_server, staff["eb_worker"])
    page.locator("main h1").click()
    page.keyboard.press("/")
    expect(page.locator("#global-search")).to_be_focused()
    page.keyboard.type(eb_case.reference)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"1 träffar för »{eb_case.reference}«")).to_be_visible()
    assert_accessible(page, "sökresultat")
    page.get_by_role("link", name=re.compile(eb_case.reference)).click()
    expect(page).to_have_url(re.compile(rf"/arenden/{eb_case.pk}/$"))
    # Typing "/" in a text field is just a character.
    page.get_by_label("Anteckning").press_sequentially("a/b")
    expect(page.get_by_label("Anteckning")).to_have_value("a/b")
