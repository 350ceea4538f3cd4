"""The main pages at 390 px (a phone): no sideways scrolling, tables as cards or scrolling in their own box,
forms stacked; each page checked with axe (issue 17 part 8)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from skutan.children.services import child_report_register
from skutan.conftest import make_pnr
from skutan.logreview.services import logreview_run
from skutan.people.services import person_create

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _warm(live_server) -> None:
    """The live server's first request imports every URL module; on a loaded machine that can pass the
    browser's 10 s timeout, so make it before the browser does."""
    from urllib.request import urlopen

    urlopen(f"{live_server.url}/konto/logga-in/", timeout=120).read()


def _overflow(page) -> tuple[int, int]:
    return tuple(page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"))


def _wider_than_screen(page) -> list[str]:
    """Elements whose right edge passes the viewport (to say what overflows when the test fails)."""
    return page.evaluate("""() => {
        const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')]
          .filter(e => { const r = e.getBoundingClientRect(); return r.width && r.right > w + 1
                        ; })
          .slice(0, 12).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right) + " " + (e.textContent || '').trim().slice(0, 40));
    }""")


def _check(page, url: str, label: str, assert_accessible) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_function("document.readyState === 'complete'")
    scroll_width, client_width = _overflow(page)
    assert scroll_width <= client_width, f"{label} ({url}) scrolls sideways: {_wider_than_screen(page)}"
    assert_accessible(page, f"{label} på 390 px")


def test_main_pages_fit_a_phone(page, live_server, login, logout, assert_accessible, staff, person, eb_case,
                                units):
    _warm(live_server)
    page.set_viewport_size(PHONE)
    child = person_create(actor=staff["bou_worker"], identity_number=make_pnr(date(2014, 1, 1), 301),
                          first_name="Elsa", last_name="Ström")
    child_report_register(actor=staff["bou_worker"], unit=units["bou"], child=child, reporter_category="school",
                          received_at=datetime(2025, 3, 3, 10, tzinfo=ZoneInfo("Europe/Stockholm")),
                          text="Eleven har blåmärken.", concerns=["violence"], reporter_name="Rektor Berit Lund",
                          reporter_contact="0590-123 45", assign_to=staff["bou_worker"])
    logreview_run()

    login(page, live_server, staff["eb_worker"])
    for url, label in [
        ("/", "startsidan"),
        (f"/personer/?q={person.last_name}", "personsök"),
        (f"/personer/{person.pk}/", "personöversikten"),
        (f"/arenden/{eb_case.pk}/", "ärendet"),
        ("/bistand/", "ekonomiskt bistånd"),
        (f"/bistand/arenden/{eb_case.pk}/", "ärendets månader"),
        ("/bistand/frister/", "fristerna för ekonomiskt bistånd"),
    ]:
        _check(page, url, label, assert_accessible)
    # the deadline table is cards on a phone: each cell says what it is
    logout(page)

    login(page, live_server, staff["eb_manager"])
    _check(page, "/arenden/enhet/", "enhetens ärenden", assert_accessible)
    card = page.locator("table.cards td[data-label]").first
    assert card.evaluate("e => getComputedStyle(e).display") == "block"
    assert page.locator("table.cards thead").evaluate("e => e.getBoundingClientRect().height") <= 1
    filters = page.locator("form.filters .field")
    first, second = filters.nth(0).bounding_box(), filters.nth(1).bounding_box()
    assert second["y"] > first["y"] + first["height"] - 1  # the filters stack
    logout(page)

    login(page, live_server, staff["bou_worker"])
    _check(page, "/barn/frister/", "fristerna för barn och unga", assert_accessible)
    _check(page, "/barn/orosanmalningar/ny/", "ny orosanmälan", assert_accessible)
    logout(page)

    login(page, live_server, staff["reviewer"])
    _check(page, "/loggkontroll/", "loggkontrollen", assert_accessible)
    _check(page, "/logg/", "åtkomstloggen", assert_accessible)


def test_english_pages_fit_a_phone_too(page, live_server, login, assert_accessible, staff, eb_case):
    _warm(live_server)
    page.set_viewport_size(PHONE)
    login(page, live_server, staff["eb_manager"])
    page.select_option("#language-select", "en")
    page.get_by_role("button", name="Byt språk").click()
    page.get_by_role("button", name="Change language").wait_for()
    _check(page, "/arenden/enhet/", "the unit board", assert_accessible)
    assert page.get_by_role("heading", name="The unit's cases").is_visible()
    _check(page, "/bistand/frister/", "EB deadlines", assert_accessible)
