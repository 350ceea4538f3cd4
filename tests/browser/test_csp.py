"""No Content-Security-Policy violation on the main pages (the page fixture fails on any, in every test)."""

import pytest

pytestmark = pytest.mark.browser


def _visit(page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")


def test_main_pages_have_no_csp_violations(page, live_server, login, staff, eb_case, person):
    _visit(page, "/konto/logga-in/")
    login(page, live_server, staff["eb_manager"])
    for path in ("/", f"/arenden/{eb_case.pk}/", f"/personer/{person.pk}/", "/personer/?q=Svensson",
                 "/arenden/mina/", "/bistand/", "/utbetalningar/", "/uppfoljning/", "/finns-inte/"):
        _visit(page, path)
        assert page.csp_violations == [], path
    # the journal's autosave (HTMX with hx-vals) runs under the policy too
    _visit(page, f"/arenden/{eb_case.pk}/")
    with page.expect_response(lambda r: "/journal/" in r.url and r.request.method == "POST"):
        page.get_by_label("Anteckning").first.fill("Besök i hemmet.")
    assert page.csp_violations == []


def test_an_inline_script_would_be_reported(page, live_server):
    """The check itself works: the policy refuses an inline script and the fixture sees it."""
    _visit(page, "/konto/logga-in/")
    with page.expect_console_message(lambda m: "csp-violation" in m.text or "Content Security Policy" in m.text):
        page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.x = 1";
                                 document.body.appendChild(s); }""")
    assert page.csp_violations, "the CSP violation was not reported"
    assert page.evaluate("() => window.x") is None
    page.csp_violations.clear()


def test_api_docs_run_under_the_policy(page, live_server, login, staff):
    """Swagger UI comes from Skutan's own static files (app "ninja"), not a CDN the policy would refuse."""
    login(page, live_server, staff["eb_worker"])
    _visit(page, "/api/v1/docs")
    page.get_by_text("Skutan API").first.wait_for()
    assert page.csp_violations == []
