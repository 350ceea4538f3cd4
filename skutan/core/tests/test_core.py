from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client

from skutan.accounts.navigation import nav_items_for
from skutan.core.concurrency import STALE_MESSAGE, versioned_update
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError, NotFoundError
from skutan.core.templatetags.skutan import get_item, kronor, sedate, setime
from skutan.people.models import Person

# errors ----------------------------------------------------------------------------------------


def test_error_statuses_and_json_shape():
    assert [c("x").status for c in (ApplicationError, ConflictError, NotFoundError, AccessDeniedError)] == [
        400, 409, 404, 403
    ]
    assert ApplicationError("Saknas.", field="text").as_dict() == {
        "detail": "Saknas.", "field": "text", "errors": {"text": ["Saknas."]}
    }
    assert NotFoundError("Finns inte.").as_dict() == {"detail": "Finns inte."}
    assert ApplicationError("X", extra={"limit": 3}).as_dict() == {"detail": "X", "limit": 3}


# optimistic locking ----------------------------------------------------------------------------


def test_versioned_update_compare_and_set(person):
    updated = versioned_update(instance=person, expected_version=1, fields={"phone": "1"})
    assert (updated.phone, updated.version) == ("1", 2)
    with pytest.raises(ConflictError) as exc:
        versioned_update(instance=person, expected_version=1, fields={"phone": "2"})
    assert exc.value.message == STALE_MESSAGE and exc.value.field == "version"
    row = Person.objects.get(pk=person.pk)
    assert (row.phone, row.version) == ("1", 2)


# Swedish formats -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [(Decimal("1234567.50"), "1\u00a0234\u00a0568\u00a0kr"), (0, "0\u00a0kr"), (Decimal("-1500.4"), "−1\u00a0500\u00a0kr"),
     (Decimal("0.5"), "1\u00a0kr"), (None, "–"), ("", "–")],
)
def test_kronor(value, expected):
    assert kronor(value) == expected


def test_dates_and_times():
    assert sedate(date(2026, 3, 4)) == "2026-03-04"
    assert sedate(None) == "–"
    # 23:30 UTC on 31 March is 01:30 on 1 April in Stockholm (summer time)
    assert setime(datetime(2026, 3, 31, 23, 30, tzinfo=ZoneInfo("UTC"))) == "2026-04-01 01:30"
    assert setime(None) == "–"
    assert get_item({1: "a"}, 1) == "a" and get_item(None, 1) is None


# middleware, navigation, i18n ------------------------------------------------------------------


def test_pages_are_not_cached_but_static_files_may_be(login, staff, rf):
    client = login(staff["eb_worker"])
    assert "no-store" in client.get("/").headers["Cache-Control"]
    assert "no-store" in client.get("/personer/?q=Svensson").headers["Cache-Control"]
    from django.http import HttpResponse

    from skutan.core.middleware import NoStoreMiddleware

    middleware = NoStoreMiddleware(lambda request: HttpResponse("x"))
    assert middleware(rf.get("/static/skutan/skutan.css")).get("Cache-Control") is None
    assert middleware(rf.get("/personer/1/"))["Cache-Control"] == "no-store"


def test_navigation_by_role(staff, superuser):
    labels = lambda user: {i["label"] for i in nav_items_for(user)}  # noqa: E731
    assert "Enhetens ärenden" in labels(staff["eb_manager"])
    assert "Enhetens ärenden" not in labels(staff["eb_worker"])
    assert "Loggkontroll" in labels(staff["reviewer"])
    assert "Loggkontroll" not in labels(staff["eb_manager"])
    assert {"Enhetens ärenden", "Loggkontroll"} <= labels(superuser)
    from django.contrib.auth.models import AnonymousUser

    assert nav_items_for(AnonymousUser()) == []


def test_default_language_is_swedish_and_english_available(login, staff):
    assert settings.LANGUAGE_CODE == "sv"
    assert "en" in dict(settings.LANGUAGES)
    assert '<html lang="sv">' in Client().get("/konto/logga-in/").content.decode()
    client = login(staff["eb_worker"])
    html = client.get("/").content.decode()
    assert '<html lang="sv">' in html and "Sök person" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_anonymous_user_is_sent_to_login():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/logga-in/?next=/"
