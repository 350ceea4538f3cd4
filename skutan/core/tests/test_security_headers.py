"""Content-Security-Policy, static files through whitenoise, and templates that need no 'unsafe-inline'."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Rendered to PDF by WeasyPrint only, never served to a browser (skutan/assistance/letters.py).
PDF_ONLY = {"assistance/letter.html", "assistance/letter_decision.html",  # letters_decisions.py too
            "governance/minutes_pdf.html", "quality/ivo.html", "cases/personakt_pdf.html",
            "retention/extract_pdf.html", "retention/request_letter.html",
            "letters/base.html"}  # the frame of the children's and adults' letters (skutan/cases/letters.py)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


def _templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name not in PDF_ONLY:
            yield name, path.read_text()


def test_no_template_has_inline_scripts_handlers_or_styles():
    found = []
    for name, text in _templates():
        for pattern, what in ((INLINE_SCRIPT, "inline <script>"), (INLINE_HANDLER, "on…= handler"),
                              (INLINE_STYLE, "inline style")):
            found += [f"{name}: {what}: {m.group(0)!r}" for m in pattern.finditer(text)]
    assert found == []


def test_every_page_sends_a_strict_csp(login, staff):
    response = login(staff["eb_worker"]).get("/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_login_page_and_error_pages_send_the_csp_too(db):
    for path in ("/konto/logga-in/", "/finns-inte/"):
        assert "script-src 'self'" in Client().get(path)["Content-Security-Policy"], path


def test_static_files_are_served_by_whitenoise_without_debug(db):
    assert not settings.DEBUG
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    response = Client().get("/static/skutan/skutan.css")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"inline-choice" in body
    assert response["Content-Type"].startswith("text/css")
