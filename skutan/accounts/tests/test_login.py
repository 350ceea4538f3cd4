"""Login: one answer for every failure, throttled per account-and-address and per address (django-axes)."""

import re
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent

URL = "/konto/logga-in/"
PASSWORD = "Skutan-demo-2026"  # skutan/conftest.py
OFFICE, HOME, ELSEWHERE = "10.1.1.1", "10.2.2.2", "10.3.3.3"


def _login(client, username, password, ip=OFFICE):
    return client.post(URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _normalised(response, username: str) -> str:
    """The page without what legitimately differs between two requests: the CSRF token and the echoed name."""
    text = response.content.decode().replace(username, "USERNAME")
    return re.sub(r"[A-Za-z0-9]{64}", "CSRF", text)


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


def test_wrong_password_shows_swedish_error_and_is_audited(staff):
    response = _login(Client(), "eb.handlaggare", "fel")
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord." in response.content.decode()
    assert AuditEvent.objects.filter(event_type=EventType.USER_LOGIN_FAILED, object_id=str(staff["eb_worker"].pk)).exists()


def test_unknown_user_failure_is_audited_without_user(db):
    _login(Client(), "finns.inte", "fel")
    row = AuditEvent.objects.get(event_type=EventType.USER_LOGIN_FAILED)
    assert (row.object_id, row.data) == ("", {"username": "finns.inte"})


def test_unknown_and_known_usernames_get_identical_answers(staff):
    """Defect 7: only existing accounts used to show the lockout message."""
    known, unknown = Client(), Client()
    for attempt in range(settings.SKUTAN_LOGIN_MAX_FAILURES + 2):
        a = _login(known, "eb.handlaggare", "fel", ip=OFFICE)
        b = _login(unknown, "finns.inte", "fel", ip=HOME)
        assert a.status_code == b.status_code, attempt
        assert _normalised(a, "eb.handlaggare") == _normalised(b, "finns.inte"), attempt
    assert a.status_code == 429
    assert f"Försök igen om {settings.SKUTAN_LOGIN_LOCKOUT_MINUTES} minuter" in a.content.decode()


def test_inactive_account_gets_the_same_answer_as_a_wrong_password(staff):
    from skutan.accounts.models import User

    User.objects.filter(pk=staff["eb_worker"].pk).update(is_active=False)
    inactive = _login(Client(), "eb.handlaggare", PASSWORD)
    wrong = _login(Client(), "eb.handlaggare2", "fel")
    assert inactive.status_code == wrong.status_code == 200
    assert _normalised(inactive, "eb.handlaggare") == _normalised(wrong, "eb.handlaggare2")


def test_account_locked_from_one_address_even_with_the_right_password(staff):
    client = Client()
    for _ in range(settings.SKUTAN_LOGIN_MAX_FAILURES - 1):
        assert _login(client, "eb.handlaggare", "fel").status_code == 200
    response = _login(client, "eb.handlaggare", "fel")  # the last allowed failure locks
    assert response.status_code == 429
    assert "tillfälligt spärrad" in response.content.decode()
    assert AuditEvent.objects.filter(event_type=EventType.USER_LOCKED_OUT, object_id=str(staff["eb_worker"].pk)).exists()
    response = _login(client, "eb.handlaggare", PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)
    # other accounts from the same address are unaffected
    assert _login(Client(), "eb.handlaggare2", PASSWORD).status_code == 302


def test_failures_from_another_address_never_lock_the_user_out(staff):
    """Anyone could lock anyone out for 15 minutes; now the lock is per username *and* address."""
    for _ in range(settings.SKUTAN_LOGIN_MAX_FAILURES * 2):
        _login(Client(), "eb.handlaggare", "fel", ip=ELSEWHERE)
    assert _login(Client(), "eb.handlaggare", "fel", ip=ELSEWHERE).status_code == 429
    client = Client()
    assert _login(client, "eb.handlaggare", PASSWORD, ip=OFFICE).status_code == 302
    assert _logged_in(client)


@override_settings(SKUTAN_LOGIN_MAX_FAILURES_PER_ADDRESS=8)
def test_many_failures_from_one_address_lock_it_for_every_username(staff):
    """Password spraying: a few tries on each of many names from one address."""
    names = [f"gissning{i}" for i in range(8)]
    for name in names:
        _login(Client(), name, "fel", ip=ELSEWHERE)
    for username in ("eb.handlaggare", "finns.inte"):
        response = _login(Client(), username, PASSWORD if username == "eb.handlaggare" else "fel", ip=ELSEWHERE)
        assert response.status_code == 429, username
    # the same account from another address still logs in
    assert _login(Client(), "eb.handlaggare", PASSWORD, ip=OFFICE).status_code == 302


@override_settings(SKUTAN_LOGIN_MAX_FAILURES=2, AXES_FAILURE_LIMIT=2)
def test_lockout_expires_after_the_cool_off(staff):
    client = Client()
    _login(client, "eb.handlaggare", "fel")
    assert _login(client, "eb.handlaggare", "fel").status_code == 429
    past = timezone.now() - timedelta(minutes=settings.SKUTAN_LOGIN_LOCKOUT_MINUTES, seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert _login(client, "eb.handlaggare", PASSWORD).status_code == 302


def test_lockout_minutes_come_from_the_settings():
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=settings.SKUTAN_LOGIN_LOCKOUT_MINUTES)
    assert settings.AXES_FAILURE_LIMIT == settings.SKUTAN_LOGIN_MAX_FAILURES


def test_success_resets_the_account_count_but_not_the_address_count(staff):
    client = Client()
    for _ in range(settings.SKUTAN_LOGIN_MAX_FAILURES - 1):
        _login(client, "eb.handlaggare", "fel")
    assert _login(client, "eb.handlaggare", PASSWORD).status_code == 302
    client.post("/konto/logga-ut/")
    # a full new series is needed before the next lockout
    for _ in range(settings.SKUTAN_LOGIN_MAX_FAILURES - 1):
        _login(client, "eb.handlaggare", "fel")
    assert _login(client, "eb.handlaggare", PASSWORD).status_code == 302
    assert AccessAttempt.objects.filter(ip_address=OFFICE, username="eb.handlaggare").count() == 0


def test_the_hand_written_counter_is_gone(staff):
    _login(Client(), "eb.handlaggare", "fel")
    staff["eb_worker"].refresh_from_db()
    assert (staff["eb_worker"].failed_login_count, staff["eb_worker"].locked_until) == (0, None)


def test_inactive_user_cannot_log_in(staff):
    from skutan.accounts.models import User

    User.objects.filter(pk=staff["eb_worker"].pk).update(is_active=False)
    client = Client()
    assert _login(client, "eb.handlaggare", PASSWORD).status_code == 200
    assert not _logged_in(client)


def test_logout(login, staff):
    client = login(staff["eb_worker"])
    response = client.post("/konto/logga-ut/")
    assert response.status_code == 302 and response["Location"] == URL
    assert client.get("/").status_code == 302
