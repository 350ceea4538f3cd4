"""The foundation's user story in real Chromium (issue 2 part 10).

A social worker of Ekonomiskt bistånd finds a person by name and by personnummer, opens the person and
the case, writes a journal entry that autosaves, signs it, corrects it; the unit manager allocates a
case; the log reviewer sees who read the person's data and when. Every page on the way is checked with
axe for WCAG 2.1 AA. Separate tests cover a protected person and keyboard-only journal writing.
"""

import re
import time
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from skutan.audit.models import AccessAction, AccessLog
from skutan.cases.models import CaseAssignment, JournalEntry
from skutan.cases.services import case_open
from skutan.conftest import make_pnr
from skutan.people.services import person_create

pytestmark = pytest.mark.browser


@pytest.fixture
def unallocated_case(staff, units):
    """A new application in Ekonomiskt bistånd that nobody handles yet."""
    other = person_create(
        actor=staff["eb_manager"],
        identity_number=make_pnr(date(1975, 9, 30), 457),
        first_name="Karl",
        last_name="Nilsson",
        street_address="Kyrkogatan 3",
        postal_code="68232",
        city="Filipstad",
    )
    return case_open(
        actor=staff["eb_manager"],
        person=other,
        unit=units["eb"],
        case_type="financial_assistance",
        opening_kind="application",
    )


def journal_entry_item(page, text):
    return page.locator("ol.journal > li").filter(has_text=text)


def test_casework_story(
    page, live_server, login, logout, assert_accessible, staff, person, eb_case, bou_case, unallocated_case
):
    worker, manager, reviewer = staff["eb_worker"], staff["eb_manager"], staff["reviewer"]

    # --- The social worker logs in.
    page.goto("/konto/logga-in/")
    assert_accessible(page, "inloggningssidan")
    login(page, live_server, worker)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Eva")
    expect(page.get_by_role("link", name=eb_case.reference, exact=True)).to_be_visible()
    assert_accessible(page, "startsidan")

    # --- Live search by name (HTMX swaps the results in while typing; the URL follows).
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Sök person").click()
    search = page.get_by_label("Namn eller personnummer")
    expect(search).to_be_focused()  # autofocus: the worker can type at once
    search.press_sequentially("svens")
    results = page.locator("#results")
    expect(results.locator("caption")).to_have_text("Träffar för ”svens” (1)")
    expect(results.get_by_role("link", name="Svensson, Anna")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/personer/\?q=svens$"))
    assert_accessible(page, "sökresultat")

    # --- … and by personnummer, written the short way (ÅÅMMDD-NNNN).
    short_number = person.identity_number[2:]
    search.fill("")
    search.press_sequentially(short_number)
    expect(results.locator("caption")).to_have_text(f"Träffar för ”{short_number}” (1)")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results.locator("tbody tr td").nth(1)).to_have_text(person.identity_number)

    # --- The person overview: the case in the worker's unit, not the one in Barn och unga.
    results.get_by_role("link", name="Svensson, Anna").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anna Svensson")
    cases = page.locator("section.card").filter(has=page.get_by_role("heading", name="Aktiva ärenden"))
    row = cases.locator("tbody tr").filter(has=page.get_by_role("link", name=eb_case.reference))
    expect(row).to_contain_text("Ekonomiskt bistånd")
    expect(row).to_contain_text("Eva Berg")
    expect(cases.get_by_role("link", name=bou_case.reference)).to_have_count(0)
    expect(cases.locator(".notice")).to_contain_text("1 aktiva ärenden hos andra enheter")
    assert_accessible(page, "personöversikten")

    # --- The case; a journal entry autosaves while it is written and survives a reload.
    row.get_by_role("link", name=eb_case.reference).click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(eb_case.reference)
    assert_accessible(page, "ärendesidan")
    first_text = "Besök på kontoret. Sökanden lämnade kontoutdrag för tre månader."
    page.get_by_label("Anteckning").press_sequentially(first_text)
    expect(page.locator("#autosave-status")).to_contain_text("Utkast sparat", timeout=8_000)
    page.reload()
    expect(page.get_by_role("heading", name="Fortsätt på utkast")).to_be_visible()
    expect(page.get_by_label("Anteckning")).to_have_value(first_text)

    # --- Signing: the entry is in the journal, without any way to edit it, and the form is empty again.
    page.get_by_role("button", name="Signera", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Anteckningen är signerad.")
    first = journal_entry_item(page, first_text)
    expect(first).to_contain_text("signerad")
    expect(first).to_contain_text("Eva Berg")
    expect(first.locator("textarea, input, button")).to_have_count(0)
    expect(first.get_by_role("link", name="Rätta")).to_be_visible()
    expect(page.get_by_role("heading", name="Ny journalanteckning")).to_be_visible()
    expect(page.get_by_label("Anteckning")).to_have_value("")
    original = JournalEntry.objects.get(case=eb_case, text=first_text)
    assert original.signed_at is not None

    # --- A second entry, signed with Ctrl+Enter from the text field.
    second_text = "Telefonsamtal med sökanden om hyreskostnaden."
    page.get_by_label("Anteckning").fill(second_text)
    page.get_by_label("Anteckning").press("Control+Enter")
    expect(page.locator(".messages")).to_contain_text("Anteckningen är signerad.")
    expect(journal_entry_item(page, second_text)).to_contain_text("signerad")

    # --- A correction is a new signed entry referring to the old one, which stays as it was.
    first.get_by_role("link", name="Rätta").click()
    expect(page.locator("blockquote")).to_contain_text(first_text)
    page.get_by_label("Anteckning").fill("")
    page.get_by_role("button", name="Signera rättelse").click()
    expect(page.get_by_label("Anteckning")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-error")).to_have_count(1)
    assert_accessible(page, "rättelsesidan med ett fel")  # the error is tied to its field by id
    corrected_text = "Besök på kontoret. Sökanden lämnade kontoutdrag för två månader."
    page.get_by_label("Anteckning").fill(corrected_text)
    page.get_by_role("button", name="Signera rättelse").click()
    expect(page.locator(".messages")).to_contain_text("Rättelsen är signerad.")
    correction_item = journal_entry_item(page, corrected_text)
    expect(correction_item).to_contain_text(f"Rättelse av anteckning {original.event_date:%Y-%m-%d}")
    expect(journal_entry_item(page, first_text)).to_have_count(1)
    correction = JournalEntry.objects.get(case=eb_case, text=corrected_text)
    assert correction.corrects_id == original.pk and correction.signed_at is not None
    original.refresh_from_db()
    assert original.text == first_text
    assert not JournalEntry.objects.filter(case=eb_case, signed_at__isnull=True).exists()
    logout(page)

    # --- The unit manager allocates the unallocated case to the other social worker.
    login(page, live_server, manager)
    unallocated = page.locator("section.card").filter(has_text="Ofördelade ärenden")
    unallocated.get_by_role("link", name=unallocated_case.reference).click()
    expect(page.get_by_role("heading", name=f"Fördela {unallocated_case.reference}")).to_be_visible()
    assert_accessible(page, "fördelningssidan")
    page.get_by_label("Handläggare").select_option(value=str(staff["eb_worker2"].pk))
    page.get_by_role("button", name="Fördela").click()
    expect(page.locator(".messages")).to_contain_text(
        f"{unallocated_case.reference} är fördelat till Erik Lind."
    )
    handler = page.locator(".facts div").filter(has_text="Handläggare").locator("dd")
    expect(handler).to_have_text("Erik Lind")
    assert list(
        CaseAssignment.objects.filter(case=unallocated_case, ended_at__isnull=True).values_list(
            "user__username", flat=True
        )
    ) == [staff["eb_worker2"].username]
    logout(page)

    # --- The log reviewer sees who read Anna Svensson's data, and when.
    login(page, live_server, reviewer)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Loggkontroll").click()
    page.get_by_label("Personnummer").fill(person.identity_number)
    page.get_by_role("button", name="Filtrera").click()
    expect(page).to_have_url(re.compile(rf"[?&]person={person.identity_number}(&|$)"))
    table = page.get_by_role("table")
    worker_rows = table.locator("tbody tr").filter(has_text=worker.username)
    expect(worker_rows.filter(has_text="Sökning").first).to_be_visible()
    expect(worker_rows.filter(has_text="Visning").first).to_be_visible()
    expect(worker_rows.first).to_contain_text(f"Anna Svensson ({person.identity_number})")
    today = timezone.localdate().isoformat()
    expect(worker_rows.first.locator("td").first).to_have_text(re.compile(rf"^{today} \d\d:\d\d$"))
    expect(table.locator("tbody tr").filter(has_text="Karl Nilsson")).to_have_count(0)
    assert (
        worker_rows.count() == AccessLog.objects.filter(person_id=person.pk, username=worker.username).count()
    )
    assert AccessLog.objects.filter(
        person_id=person.pk, username=worker.username, action=AccessAction.VIEW, object_type="person"
    ).exists()
    assert_accessible(page, "loggkontrollen")


def test_protected_person_shows_banner_and_never_the_address(
    page, live_server, login, assert_accessible, staff, protected_person
):
    login(page, live_server, staff["eb_worker"])
    page.goto("/personer/?q=Skyddad")
    row = page.locator("#results tbody tr").filter(has_text="Skyddad, Sara")
    expect(row.locator(".tag-protected")).to_have_text("Skyddade personuppgifter")
    row.get_by_role("link", name="Skyddad, Sara").click()
    banner = page.get_by_role("alert").filter(has_text="Skyddade personuppgifter")
    expect(banner).to_be_visible()
    expect(page.locator(".person-header")).to_contain_text("Skyddad adress")
    html = page.content()
    for secret in (protected_person.street_address, protected_person.postal_code):
        assert secret not in html
    assert_accessible(page, "sidan om en skyddad person")

    page.goto(f"/personer/{protected_person.pk}/andra/")
    expect(page.get_by_role("alert").filter(has_text="Skyddade personuppgifter")).to_be_visible()
    assert protected_person.street_address not in page.content()


def test_journal_by_keyboard_only(page, live_server, login, staff, eb_case):
    login(page, live_server, staff["eb_worker"])
    page.goto(f"/arenden/{eb_case.pk}/")

    # The first Tab reaches the skip link, which is then visible; Enter moves focus to <main>.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # From main, Tab walks through the case's links and fields to the journal text; every stop shows our
    # focus ring (the date field's calendar button is inside Chromium's own shadow DOM and draws its own).
    text_field = page.get_by_label("Anteckning")
    for _ in range(15):
        page.keyboard.press("Tab")
        ring = page.evaluate(
            "() => { const el = document.activeElement, s = getComputedStyle(el);"
            " return [el.id || el.outerHTML.slice(0, 60), el.matches(':focus'), s.outlineStyle, s.boxShadow]; }"
        )
        if ring[1]:
            assert ring[2] != "none" and ring[3] != "none", (
                f"ingen tydlig fokusmarkering på {ring[0]}: {ring}"
            )
        if ring[0] == "id_text":
            break
    expect(text_field).to_be_focused()

    # Type, then sign at once with Ctrl+Enter. The sign request is held back for 2 s: the autosave that
    # was still waiting (1.5 s after the last keystroke) must not be sent after the form was submitted.
    text = "Hembesök genomfört. Sökanden bor ensam i en tvårumslägenhet."
    page.keyboard.type(text)
    autosaves = []
    page.on("request", lambda r: autosaves.append(r) if r.headers.get("hx-request") == "true" else None)

    def slow_navigation(route):
        if route.request.is_navigation_request():
            time.sleep(2)
        route.continue_()

    page.route(re.compile(r"/journal/$"), slow_navigation)
    page.keyboard.press("Control+Enter")
    expect(page.locator(".messages")).to_contain_text("Anteckningen är signerad.")
    page.unroute(re.compile(r"/journal/$"))
    expect(journal_entry_item(page, text)).to_contain_text("signerad")
    assert not autosaves, [r.url for r in autosaves]
    entries = list(JournalEntry.objects.filter(case=eb_case).values_list("text", "signed_at"))
    assert len(entries) == 1 and entries[0][0] == text and entries[0][1] is not None


def test_other_foundation_pages_are_accessible(
    page, live_server, login, logout, assert_accessible, staff, person, eb_case
):
    """The foundation's remaining pages, including forms showing errors (help and error texts must be
    tied to their fields)."""
    login(page, live_server, staff["eb_worker"])
    for path, label in [
        ("/arenden/mina/", "Mina ärenden"),
        (f"/personer/{person.pk}/andra/", "ändra person"),
        (f"/arenden/ny/{person.pk}/", "öppna ärende"),
    ]:
        page.goto(path)
        assert_accessible(page, label)

    page.goto("/personer/ny/")
    assert_accessible(page, "registrera person")
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_label("Personnummer")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "registrera person med fel")

    page.goto(f"/arenden/nodatkomst/{person.pk}/")
    page.get_by_label("Skäl för nödåtkomst").fill("kort")
    page.get_by_role("button", name="Begär nödåtkomst").click()
    expect(page.get_by_label("Skäl för nödåtkomst")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "nödåtkomst med fel")
    logout(page)

    login(page, live_server, staff["eb_manager"])
    page.goto("/arenden/enhet/")
    expect(page.get_by_role("link", name=eb_case.reference)).to_be_visible()
    assert_accessible(page, "enhetens ärenden")
    logout(page)

    login(page, live_server, staff["reviewer"])
    page.goto("/logg/handelser/")
    expect(page.get_by_role("table")).to_contain_text(staff["eb_worker"].username)
    assert_accessible(page, "granskningsloggen")
