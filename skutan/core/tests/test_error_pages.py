"""Swedish error pages (400, 403, 404, 500) with the site's look and no stack trace; Swedish JSON under /api/."""

import json

import pytest
from django.test import Client, override_settings

SECRET_DETAIL = "hemlig detalj"
DJANGO_DEBUG_MARKERS = ("Traceback", "URLconf", "Django tried these URL patterns", "RuntimeError", "Forbidden")


def _text(response) -> str:
    return response.content.decode()


def _no_leaks(text: str) -> None:
    assert SECRET_DETAIL not in text
    for marker in DJANGO_DEBUG_MARKERS:
        assert marker not in text, marker


def test_unknown_page_gives_the_swedish_404_without_the_url_list(db):
    response = Client().get("/finns-inte/alls/")
    assert response.status_code == 404
    text = _text(response)
    assert "Sidan finns inte (404)" in text and 'class="topbar"' in text
    _no_leaks(text)


def test_missing_record_gives_the_swedish_404_with_the_selectors_message(login, staff):
    response = login(staff["eb_worker"]).get("/arenden/999999/")
    assert response.status_code == 404
    assert "Sidan finns inte (404)" in _text(response)
    _no_leaks(_text(response))


def test_caseworker_on_the_payment_page_gets_the_swedish_403(login, staff):
    """Defect 8: this used to be a bare English "403 Forbidden"."""
    response = login(staff["eb_worker"]).get("/utbetalningar/")
    assert response.status_code == 403
    text = _text(response)
    assert "Ingen behörighet (403)" in text
    assert "Utbetalningar är för enhetschefer" in text  # the view's own Swedish reason
    assert "Logga ut" in text  # the site's layout, with the menu
    _no_leaks(text)


def test_expired_form_gives_a_swedish_403(db):
    response = Client(enforce_csrf_checks=True).post("/konto/logga-in/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Formuläret har gått ut" in _text(response)
    _no_leaks(_text(response))


@override_settings(ROOT_URLCONF="skutan.core.tests.error_urls")
@pytest.mark.parametrize(("path", "status", "heading"), [
    ("/test-fel/krasch/", 500, "Ett tekniskt fel uppstod (500)"),
    ("/test-fel/ogiltig/", 400, "Felaktig begäran (400)"),
])
def test_server_error_and_bad_request_pages_are_swedish(db, path, status, heading):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == status
    text = _text(response)
    assert heading in text and 'lang="sv"' in text
    _no_leaks(text)


@override_settings(ROOT_URLCONF="skutan.core.tests.error_urls")
@pytest.mark.parametrize(("path", "status"), [
    ("/api/v1/test-fel/krasch/", 500),
    ("/api/v1/test-fel/ogiltig/", 400),
    ("/api/v1/finns-inte/", 404),
])
def test_api_errors_are_swedish_json(db, path, status):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"detail"}
    assert any(ch in body["detail"] for ch in "åäö") or body["detail"].startswith(("Felaktig", "Sidan"))
    _no_leaks(response.content.decode())


def test_api_403_is_swedish_json(api, staff):
    response = api(staff["eb_worker"]).get("/access-log")
    assert response.status_code == 403
    assert json.loads(response.content)["detail"].startswith("Bara loggranskare")


def test_api_unknown_record_is_swedish_json(api, staff):
    response = api(staff["eb_worker"]).get("/cases/999999")
    assert response.status_code == 404
    assert "Not Found" not in response.content.decode()


@override_settings(ROOT_URLCONF="skutan.core.tests.error_urls")
@pytest.mark.parametrize(("path", "status", "english"), [
    ("/api/v1/test-fel/krasch/", 500, "A technical error occurred"),
    ("/api/v1/test-fel/ogiltig/", 400, "Bad request"),
    ("/api/v1/finns-inte/", 404, "does not exist"),
])
def test_api_errors_follow_the_requested_language(db, path, status, english):
    """The default messages are translated per request, not frozen in Swedish when the module is imported."""
    response = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en").get(path)
    assert response.status_code == status
    detail = json.loads(response.content)["detail"]
    assert english.lower() in detail.lower(), detail
    swedish = json.loads(Client(raise_request_exception=False).get(path).content)["detail"]
    assert swedish != detail
    assert any(ch in swedish for ch in "åäö") or swedish.startswith(("Felaktig", "Sidan"))
