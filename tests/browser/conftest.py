"""Shared fixtures for the browser tests: Debian's Chromium through Playwright, against pytest-django's
live_server, with helpers to log in through the real form and to check a page with axe (WCAG 2.1 AA).

Put browser tests in this folder and use the fixtures (no imports needed)::

    import pytest

    pytestmark = pytest.mark.browser

    def test_something(page, live_server, login, assert_accessible, staff, person):
        login(page, live_server, staff["eb_worker"])
        page.goto(f"/personer/{person.pk}/")          # the context's base_url is live_server.url
        assert_accessible(page, "personöversikt")

``login``, ``logout`` and ``assert_accessible`` are fixtures returning the plain helper functions below
(``login_through_form``, ``logout_through_menu``, ``check_accessible``).

The data fixtures of skutan/conftest.py (units, staff, person, protected_person, eb_case, bou_case) are
re-exported here, because pytest only shares conftest fixtures with tests below the conftest's folder.
Requesting ``live_server`` makes pytest-django use a transactional database, so the server thread sees
the rows a test creates.
"""

import os
import re

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from skutan.conftest import (  # noqa: E402,F401  (fixtures shared with skutan/)
    bou_case,
    eb_case,
    make_pnr,
    person,
    protected_person,
    staff,
    task_worker,
    units,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "Skutan-demo-2026"  # the password skutan/conftest.py gives every staff user
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session (starting it is the expensive part)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context per test (own cookies), Swedish locale and Stockholm time, base_url set to
    the live server. An uncaught JavaScript error on any page fails the test at teardown."""
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(_CSP_LISTENER)
    pg = context.new_page()
    errors: list[str] = []
    violations: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: _collect_csp_violation(msg, violations, pg.url))
    pg.csp_violations = violations
    yield pg
    context.close()
    assert not errors, f"JavaScript-fel på sidan: {errors}"
    assert not violations, "Content-Security-Policy stoppade något:\n" + "\n".join(violations)


# Every browser test also checks the Content-Security-Policy: Chromium reports a blocked inline script,
# style or handler as a console message ("Refused to …") and as a securitypolicyviolation event; the init
# script (run by Playwright outside the page's CSP) turns each event into a console message too.
CSP_MARK = "[csp-violation]"
_CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP_MARK ${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile || ""}:${e.lineNumber || ""}`);
});""".replace("CSP_MARK", CSP_MARK)


def _collect_csp_violation(msg, violations: list[str], url: str) -> None:
    text = msg.text
    if text.startswith(CSP_MARK) or "Content Security Policy" in text or text.startswith("Refused to"):
        violations.append(f"{url}: {text}")


def login_through_form(page, live_server, user, password: str = PASSWORD) -> None:
    """Log in through the real login form and wait for the start page."""
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"^(?!.*/konto/logga-in/).*$"))
    page.get_by_role("button", name="Logga ut").wait_for()


def logout_through_menu(page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("heading", name="Logga in i Skutan").wait_for()


_axe = None


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now."""
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    results = _axe.run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    )
    return results.response["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:10]:
            lines.append(
                f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}"
            )
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


# axe-core 4.8+ no longer tags duplicate ids as WCAG failures, and only asks for review when an
# aria-describedby points nowhere (Django adds aria-describedby="<id>_helptext <id>_error" to fields whose
# template must then render those ids). Both break what a screen reader announces, so check them here.
_IDREF_CHECK = """() => {
  const problems = [];
  const counts = {};
  for (const el of document.querySelectorAll("[id]")) counts[el.id] = (counts[el.id] || 0) + 1;
  for (const [id, n] of Object.entries(counts)) if (n > 1) problems.push(`id "${id}" finns ${n} gånger`);
  const describe = (el) => `<${el.tagName.toLowerCase()}${el.name ? ` name="${el.name}"` : ""}>`;
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "aria-errormessage"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const ref of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(ref)) problems.push(`${attr}="${ref}" på ${describe(el)}: id saknas`);
      }
    }
  }
  for (const label of document.querySelectorAll("label[for]")) {
    if (!document.getElementById(label.htmlFor)) problems.push(`<label for="${label.htmlFor}">: id saknas`);
  }
  return problems;
}"""


def idref_problems(page) -> list[str]:
    """Duplicate ids and ARIA/label references to ids that do not exist."""
    return page.evaluate(_IDREF_CHECK)


def check_accessible(page, context_label: str) -> None:
    """Fail with a readable list if axe finds WCAG 2.1 A/AA violations on the current page, or if ids are
    duplicated or referenced but missing."""
    violations = axe_violations(page)
    problems = idref_problems(page)
    assert not violations and not problems, (
        f"Tillgänglighetsfel på {context_label} ({page.url}):\n{format_violations(violations)}\n"
        + "\n".join(f"- {p}" for p in problems)
    )


@pytest.fixture(name="login")
def login_fixture():
    """login(page, live_server, user, password=PASSWORD): log in through the real form."""
    return login_through_form


@pytest.fixture(name="logout")
def logout_fixture():
    """logout(page): press "Logga ut" in the top bar."""
    return logout_through_menu


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture():
    """assert_accessible(page, context_label): no axe WCAG 2.1 A/AA violations on the current page."""
    return check_accessible
