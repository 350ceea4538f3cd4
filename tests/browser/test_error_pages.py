"""The Swedish error pages in Chromium: the site's look, accessible (axe), no CSP violation."""

import pytest

pytestmark = pytest.mark.browser


def test_404_and_403_pages_are_swedish_and_accessible(page, live_server, login, assert_accessible, staff):
    response = page.goto("/finns-inte/")
    assert response.status == 404
    page.get_by_role("heading", name="Sidan finns inte (404)").wait_for()
    assert_accessible(page, "404-sidan (utloggad)")

    login(page, live_server, staff["eb_worker"])
    response = page.goto("/utbetalningar/")
    assert response.status == 403
    page.get_by_role("heading", name="Ingen behörighet (403)").wait_for()
    assert page.get_by_text("Utbetalningar är för enhetschefer").is_visible()
    assert_accessible(page, "403-sidan")
    page.get_by_role("link", name="Till startsidan").click()
    page.get_by_role("heading", name="Mina ärenden", exact=False).first.wait_for()
