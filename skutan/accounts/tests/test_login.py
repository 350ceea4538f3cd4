from datetime import timedelta

from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from skutan.accounts.models import User
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent

URL = "/konto/logga-in/"
PASSWORD = "Skutan-demo-2026"  # skutan/conftest.py


def _login(client, username, password):
    return client.post(URL, {"username": username, "password": password})


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_renders_in_swedish():
    response = Client().get(URL)
    assert response.status_code == 200
    assert "Logga in i Skutan" in response.content.decode()


def test_successful_login_redirects_home_and_is_audited(staff):
    client = Client()
    response = _login(client, "eb.handlaggare", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert _logged_in(client)
    assert AuditEvent.objects.filter(event_type=EventType.USER_LOGGED_IN, acting_user_id=staff["eb_worker"].pk).exists()


def test_wrong_password_shows_swedish_error_and_counts(staff):
    response = _login(Client(), "eb.handlaggare", "fel")
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord." in response.content.decode()
    assert User.objects.get(pk=staff["eb_worker"].pk).failed_login_count == 1
    assert AuditEvent.objects.filter(event_type=EventType.USER_LOGIN_FAILED, object_id=str(staff["eb_worker"].pk)).exists()


def test_unknown_user_failure_is_audited_without_user(db):
    _login(Client(), "finns.inte", "fel")
    row = AuditEvent.objects.get(event_type=EventType.USER_LOGIN_FAILED)
    assert (row.object_id, row.data) == ("", {"username": "finns.inte"})


def test_lockout_after_max_failures_even_with_right_password(staff):
    client = Client()
    for _ in range(settings.SKUTAN_LOGIN_MAX_FAILURES - 1):
        _login(client, "eb.handlaggare", "fel")
    user = User.objects.get(pk=staff["eb_worker"].pk)
    assert user.locked_until is None
    response = _login(client, "eb.handlaggare", "fel")  # the last allowed failure locks
    assert "tillfälligt spärrat" in response.content.decode()
    user.refresh_from_db()
    assert user.locked_until > timezone.now() + timedelta(minutes=settings.SKUTAN_LOGIN_LOCKOUT_MINUTES - 1)
    assert AuditEvent.objects.filter(event_type=EventType.USER_LOCKED_OUT, object_id=str(user.pk)).exists()
    response = _login(client, "eb.handlaggare", PASSWORD)
    assert response.status_code == 200
    assert f"Försök igen om {settings.SKUTAN_LOGIN_LOCKOUT_MINUTES} minuter" in response.content.decode()
    assert not _logged_in(client)
    # other accounts are unaffected
    assert _login(Client(), "eb.handlaggare2", PASSWORD).status_code == 302


@override_settings(SKUTAN_LOGIN_MAX_FAILURES=2, SKUTAN_LOGIN_LOCKOUT_MINUTES=7)
def test_lockout_follows_settings_and_expires(staff):
    client = Client()
    _login(client, "eb.handlaggare", "fel")
    response = _login(client, "eb.handlaggare", "fel")
    assert "Försök igen om 7 minuter" in response.content.decode()
    User.objects.filter(pk=staff["eb_worker"].pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    response = _login(client, "eb.handlaggare", PASSWORD)
    assert response.status_code == 302
    user = User.objects.get(pk=staff["eb_worker"].pk)
    assert (user.failed_login_count, user.locked_until) == (0, None)


def test_success_resets_the_failure_counter(staff):
    client = Client()
    for _ in range(settings.SKUTAN_LOGIN_MAX_FAILURES - 1):
        _login(client, "eb.handlaggare", "fel")
    assert User.objects.get(pk=staff["eb_worker"].pk).failed_login_count == settings.SKUTAN_LOGIN_MAX_FAILURES - 1
    assert _login(client, "eb.handlaggare", PASSWORD).status_code == 302
    assert User.objects.get(pk=staff["eb_worker"].pk).failed_login_count == 0
    client.post("/konto/logga-ut/")
    # a full new series is needed before the next lockout
    for _ in range(settings.SKUTAN_LOGIN_MAX_FAILURES - 1):
        _login(client, "eb.handlaggare", "fel")
    assert User.objects.get(pk=staff["eb_worker"].pk).locked_until is None
    assert _login(client, "eb.handlaggare", PASSWORD).status_code == 302


def test_inactive_user_cannot_log_in(staff):
    User.objects.filter(pk=staff["eb_worker"].pk).update(is_active=False)
    client = Client()
    assert _login(client, "eb.handlaggare", PASSWORD).status_code == 200
    assert not _logged_in(client)


def test_logout(login, staff):
    client = login(staff["eb_worker"])
    response = client.post("/konto/logga-ut/")
    assert response.status_code == 302 and response["Location"] == URL
    assert client.get("/").status_code == 302
