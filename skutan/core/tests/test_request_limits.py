"""A request body above the limit is a Swedish JSON 413 for the API, and a path-traversal URL under /static/ is a
404, never a 500 (issue 7, defect 5)."""

import pytest
from django.conf import settings

from skutan.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def test_a_30_mb_body_is_a_413_with_a_clear_limit(client, staff, eb_case):
    key = api_token_create(user=staff["eb_worker"])[1]
    body = b'{"text": "' + b"x" * (30 * 1024 * 1024) + b'"}'
    response = client.post(f"/api/v1/cases/{eb_case.pk}/journal-entries", data=body,
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 413
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    assert response.json()["detail"] == f"Förfrågan är för stor: högst {limit_mb} MB."
    assert response.json()["field"] == "request"
    assert not eb_case.journal_entries.exists()


def test_the_limit_leaves_room_for_the_longest_journal_text():
    from skutan.core.text import TEXT_MAX_LENGTH

    assert TEXT_MAX_LENGTH * 4 + 1024 < settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # four bytes per character in UTF-8


TRAVERSALS = [
    "/static/../../etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
    "/static/skutan/../../../settings/base.py",
    "/static/%00",
    "/static/skutan/%00../../etc/passwd",
    "/static/skutan/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
]


def _wsgi_status(app, path: str) -> int:
    """Call a WSGI app as a server would: PATH_INFO is the percent-decoded path (as latin-1 bytes)."""
    from urllib.parse import unquote_to_bytes

    from django.test.client import FakePayload

    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": unquote_to_bytes(path).decode("latin-1"), "SCRIPT_NAME": "",
        "QUERY_STRING": "", "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver", "wsgi.url_scheme": "http", "wsgi.input": FakePayload(b""),
        "wsgi.errors": __import__("sys").stderr, "wsgi.version": (1, 0), "wsgi.multithread": False,
        "wsgi.multiprocess": False, "wsgi.run_once": False,
    }
    statuses = []
    body = app(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(body)
    getattr(body, "close", lambda: None)()
    return int(statuses[0].split()[0])


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_under_static_is_a_404(client, path):
    response = client.get(path)
    assert response.status_code == 404, (path, response.status_code)


@pytest.mark.parametrize("path", TRAVERSALS)
@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
def test_path_traversal_through_the_served_static_files_is_a_404(path, debug, settings):
    """As the server serves them: the WSGI application, and wrapped in the static-files handler that
    ``runserver`` (the demo) uses."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    settings.DEBUG = debug
    app = get_wsgi_application()
    assert _wsgi_status(app, path) == 404
    assert _wsgi_status(StaticFilesHandler(app), path) == 404
