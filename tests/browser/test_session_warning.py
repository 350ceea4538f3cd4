"""The idle-logout warning in a real browser, with a short idle timeout configured: the banner appears,
"Fortsätt arbeta" keeps the session, and when nobody answers the page goes to the login form; a journal
text that was autosaved is there again after logging in."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

IDLE = 8  # seconds: the session ends after this long without a request
WARNING = 6  # the banner shows this long before


@pytest.fixture
def short_sessions(settings):
    settings.SKUTAN_SESSION_IDLE_SECONDS = IDLE
    settings.SKUTAN_SESSION_WARNING_SECONDS = WARNING
    settings.SKUTAN_SESSION_TOUCH_SECONDS = 0
    return settings


def test_warning_banner_keeps_the_session_and_then_logs_out(page, live_server, login, assert_accessible, staff,
                                                             short_sessions):
    login(page, live_server, staff["eb_worker"])
    expect(page.locator(".messages")).to_contain_text("första inloggning")
    banner = page.get_by_role("alertdialog")
    expect(banner).to_be_hidden()
    expect(banner).to_be_visible(timeout=(IDLE - WARNING + 3) * 1000)
    expect(banner).to_contain_text("Du loggas ut om 1 minut – fortsätt arbeta?")
    expect(page.get_by_role("button", name="Fortsätt arbeta")).to_be_focused()
    assert_accessible(page, "startsidan med varningen om utloggning")

    page.get_by_role("button", name="Fortsätt arbeta").click()
    expect(banner).to_be_hidden()
    # Twice the idle time after login, still in: the button counted as activity.
    page.wait_for_timeout((IDLE - WARNING) * 1000 - 500)
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()

    # Nobody answers the next warning: the page goes to the login form with a Swedish explanation.
    expect(banner).to_be_visible(timeout=(IDLE + 3) * 1000)
    page.wait_for_url(re.compile(r"/konto/logga-in/"), timeout=(WARNING + 5) * 1000)
    expect(page.locator(".messages")).to_contain_text("Du har loggats ut efter 1 minut utan aktivitet.")
    expect(page.get_by_role("heading", name="Logga in i Skutan")).to_be_visible()


def test_autosaved_text_survives_the_idle_logout(page, live_server, login, staff, eb_case, short_sessions):
    login(page, live_server, staff["eb_worker"])
    page.goto(f"/arenden/{eb_case.pk}/")
    text = "Telefonsamtal med sökanden om hyresavin."
    page.get_by_label("Anteckning").press_sequentially(text)
    expect(page.locator("#autosave-status")).to_contain_text("Utkast sparat", timeout=8_000)
    # No more activity: logged out, and the login form brings us back to the case.
    page.wait_for_url(re.compile(r"/konto/logga-in/\?next="), timeout=(IDLE + 6) * 1000)
    page.get_by_label("Användarnamn").fill(staff["eb_worker"].username)
    page.get_by_label("Lösenord").fill("Skutan-demo-2026")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(rf"/arenden/{eb_case.pk}/$"))
    expect(page.get_by_label("Anteckning")).to_have_value(text)


def test_typing_while_the_warning_shows_keeps_the_session(page, live_server, login, staff, eb_case, short_sessions):
    login(page, live_server, staff["eb_worker"])
    page.goto(f"/arenden/{eb_case.pk}/")
    field = page.get_by_label("Anteckning")
    field.click()
    banner = page.get_by_role("alertdialog")
    expect(banner).to_be_visible(timeout=(IDLE - WARNING + 3) * 1000)
    expect(field).to_be_focused()  # the banner never takes the focus from the text being written
    field.press_sequentially("Fortsätter skriva.")
    expect(banner).to_be_hidden()
    expect(page.locator("#autosave-status")).to_contain_text("Utkast sparat", timeout=8_000)
    expect(field).to_have_value("Fortsätter skriva.")
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
