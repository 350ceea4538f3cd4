"""The user's own security pages in Chromium, checked with axe: API keys (created, shown once, revoked),
active sessions, and enrolling TOTP two-factor authentication with a code computed from the shown secret."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_api_keys_sessions_and_two_factor(page, live_server, login, logout, assert_accessible, staff):
    login(page, live_server, staff["eb_worker"])
    page.get_by_role("link", name="Eva Berg").click()
    expect(page.get_by_role("heading", name="Mitt konto")).to_be_visible()
    assert_accessible(page, "Mitt konto")

    # API keys
    page.get_by_role("link", name="Mina API-nycklar").click()
    page.get_by_label("Namn (vad nyckeln används till)").fill("Rapportskript")
    page.get_by_label("Giltig till och med").fill("2099-12-31")
    page.get_by_role("button", name="Skapa API-nyckel").click()
    key = page.get_by_label("Nyckel", exact=True).input_value()
    assert key.startswith("sk_")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Rapportskript")
    expect(table).to_contain_text("2100-01-01 00:00")
    assert_accessible(page, "Mina API-nycklar med ny nyckel")
    response = page.request.get("/api/v1/tokens", headers={"Authorization": f"Bearer {key}"})
    assert response.status == 200
    page.get_by_role("button", name=re.compile("Spärra nyckeln")).click()
    expect(page.get_by_role("status")).to_contain_text("är spärrad")
    expect(page.get_by_role("table")).to_contain_text("Spärrad")
    assert key not in page.content()
    other = page.context.browser.new_context(base_url=live_server.url)
    assert other.request.get("/api/v1/tokens", headers={"Authorization": f"Bearer {key}"}).status == 401
    other.close()

    # sessions
    page.goto("/konto/sessioner/")
    expect(page.get_by_role("table")).to_contain_text("Den här sessionen")
    assert_accessible(page, "Mina aktiva sessioner")

    # two-factor
    page.goto("/konto/")
    page.get_by_role("link", name="Aktivera tvåstegsverifiering").click()
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    assert_accessible(page, "Aktivera tvåstegsverifiering")
    key_bytes = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Engångskod (6 siffror)").fill(f"{totp(key_bytes):06d}")
    page.get_by_role("button", name="Aktivera").click()
    expect(page.get_by_role("status")).to_contain_text("Tvåstegsverifiering är aktiverad")
    logout(page)

    # the next password login asks for the code
    page.get_by_label("Användarnamn").fill(staff["eb_worker"].username)
    page.get_by_label("Lösenord").fill("Skutan-demo-2026")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Tvåstegsverifiering")).to_be_visible()
    assert_accessible(page, "engångskod vid inloggning")
    page.get_by_label("Engångskod (6 siffror)").fill(f"{totp(key_bytes, drift=1):06d}")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/$"))
