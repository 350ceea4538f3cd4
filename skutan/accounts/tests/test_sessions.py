"""Session hygiene: idle and absolute timeouts, the last-login notice, one's own sessions (issue 8 part 7).

Time is moved by changing the session row's timestamps, never by sleeping."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from skutan.accounts.models import UserSession
from skutan.accounts.sessions import user_sessions_end_all
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent

PASSWORD = "Skutan-demo-2026"


def _password_login(username, *, agent="Testwebbläsare/1.0"):
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post("/konto/logga-in/", {"username": username, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    return client, response


def _row(client) -> UserSession:
    return UserSession.objects.get(session_key=client.session.session_key)


def _age(row, *, idle=None, since_login=None):
    now = timezone.now()
    if idle is not None:
        row.last_seen_at = now - idle
    if since_login is not None:
        row.created_at = now - since_login
    row.save()


def test_login_records_the_session(staff):
    client, _ = _password_login("eb.handlaggare")
    row = _row(client)
    assert (row.user, row.auth_method, row.user_agent, row.ip_address) == (
        staff["eb_worker"], "password", "Testwebbläsare/1.0", "127.0.0.1")
    assert row.ended_at is None


def test_last_login_notice(staff):
    _, first = _password_login("eb.handlaggare")
    assert "första inloggning" in first.content.decode()
    previous = UserSession.objects.get(user=staff["eb_worker"])
    previous.created_at = timezone.make_aware(timezone.datetime(2026, 11, 30, 7, 45))
    previous.save()
    _, second = _password_login("eb.handlaggare")
    assert "Senaste inloggning: 2026-11-30 07:45" in second.content.decode()


def test_defaults_are_thirty_minutes_idle_and_ten_hours_absolute(settings):
    from skutan.settings import base

    assert base.SKUTAN_SESSION_IDLE_SECONDS == 30 * 60
    assert base.SKUTAN_SESSION_ABSOLUTE_SECONDS == 10 * 3600


def test_idle_timeout_logs_out_with_a_message(staff, settings):
    settings.SKUTAN_SESSION_IDLE_SECONDS = 30 * 60
    client, _ = _password_login("eb.handlaggare")
    row = _row(client)
    _age(row, idle=timedelta(minutes=29))
    assert client.get("/").status_code == 200  # still inside
    row.refresh_from_db()
    assert timezone.now() - row.last_seen_at < timedelta(minutes=1)  # that request counted
    _age(row, idle=timedelta(minutes=31))
    response = client.get("/arenden/mina/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/konto/logga-in/?next=/arenden/mina/")
    assert "Du har loggats ut efter 30 minuter utan aktivitet." in response.content.decode()
    row.refresh_from_db()
    assert row.end_reason == "idle" and row.ended_at is not None
    assert AuditEvent.objects.filter(event_type=EventType.USER_LOGGED_OUT_TIMEOUT, object_id=str(staff["eb_worker"].pk),
                                     data__reason="idle").exists()
    assert not Session.objects.filter(session_key=row.session_key).exists()


def test_idle_timeout_is_configurable(staff, settings):
    settings.SKUTAN_SESSION_IDLE_SECONDS = 5 * 60
    client, _ = _password_login("eb.handlaggare")
    _age(_row(client), idle=timedelta(minutes=6))
    assert client.get("/").status_code == 302


def test_absolute_timeout_even_when_active(staff, settings):
    settings.SKUTAN_SESSION_ABSOLUTE_SECONDS = 10 * 3600
    client, _ = _password_login("eb.handlaggare")
    row = _row(client)
    _age(row, idle=timedelta(seconds=5), since_login=timedelta(hours=10, minutes=1))
    response = client.get("/", follow=True)
    assert "varit inloggad i 10 timmar" in response.content.decode()
    row.refresh_from_db()
    assert row.end_reason == "absolute"


def test_last_seen_is_written_at_most_once_a_minute(staff):
    client, _ = _password_login("eb.handlaggare")
    row = _row(client)
    _age(row, idle=timedelta(seconds=20))
    before = UserSession.objects.get(pk=row.pk).last_seen_at
    client.get("/")
    assert UserSession.objects.get(pk=row.pk).last_seen_at == before
    client.post("/konto/session/fortsatt/")  # the banner's button always counts
    assert UserSession.objects.get(pk=row.pk).last_seen_at > before


def test_keepalive_answers_the_remaining_time(staff, settings):
    settings.SKUTAN_SESSION_IDLE_SECONDS = 600
    client, _ = _password_login("eb.handlaggare")
    response = client.post("/konto/session/fortsatt/")
    assert response.status_code == 200 and 590 <= response.json()["remaining"] <= 600
    assert 590 <= int(response["X-Skutan-Session-Remaining"]) <= 600
    assert Client().post("/konto/session/fortsatt/").status_code == 401


def test_pages_carry_the_warning_banner(staff, settings):
    settings.SKUTAN_SESSION_WARNING_SECONDS = 120
    client, _ = _password_login("eb.handlaggare")
    page = client.get("/").content.decode()
    assert 'id="session-warning"' in page and "Du loggas ut om 2 minuter – fortsätt arbeta?" in page
    assert 'data-warning="120"' in page
    assert "session-warning" not in Client().get("/konto/logga-in/").content.decode()


def test_logout_closes_the_row(staff):
    client, _ = _password_login("eb.handlaggare")
    row = _row(client)
    client.post("/konto/logga-ut/")
    row.refresh_from_db()
    assert row.end_reason == "logout" and row.ended_at is not None


def test_list_and_end_own_sessions(staff):
    laptop, _ = _password_login("eb.handlaggare", agent="Laptop")
    phone, _ = _password_login("eb.handlaggare", agent="Surfplatta")
    _password_login("eb.handlaggare2", agent="Annan")
    page = laptop.get("/konto/sessioner/")
    text = page.content.decode()
    assert "Laptop" in text and "Surfplatta" in text and "Annan" not in text
    assert "Den här sessionen" in text
    tablet_row = _row(phone)
    response = laptop.post(f"/konto/sessioner/{tablet_row.pk}/avsluta/")
    assert response.status_code == 302
    assert phone.get("/").status_code == 302  # the tablet is logged out on its next request
    assert laptop.get("/").status_code == 200
    assert AuditEvent.objects.filter(event_type=EventType.USER_SESSION_ENDED, data__session_id=tablet_row.pk).exists()


def test_cannot_end_someone_elses_session(staff):
    mine, _ = _password_login("eb.handlaggare")
    theirs, _ = _password_login("eb.handlaggare2")
    assert mine.post(f"/konto/sessioner/{_row(theirs).pk}/avsluta/").status_code == 404
    assert theirs.get("/").status_code == 200


def test_end_current_session_logs_out(staff):
    client, _ = _password_login("eb.handlaggare")
    response = client.post(f"/konto/sessioner/{_row(client).pk}/avsluta/")
    assert response.status_code == 302 and response["Location"] == "/konto/logga-in/"
    assert client.get("/").status_code == 302


def test_end_all_other_sessions(staff):
    a, _ = _password_login("eb.handlaggare")
    b, _ = _password_login("eb.handlaggare")
    c, _ = _password_login("eb.handlaggare")
    a.post("/konto/sessioner/avsluta-andra/")
    assert a.get("/").status_code == 200
    assert b.get("/").status_code == 302 and c.get("/").status_code == 302


def test_end_all_for_deactivation(staff):
    a, _ = _password_login("eb.handlaggare")
    b, _ = _password_login("eb.handlaggare")
    assert user_sessions_end_all(actor=staff["eb_manager"], user=staff["eb_worker"]) == 2
    assert a.get("/").status_code == 302 and b.get("/").status_code == 302


@pytest.mark.parametrize("path", ["/konto/", "/konto/sessioner/", "/konto/api-nycklar/"])
def test_account_pages_need_login(db, path):
    response = Client().get(path)
    assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")


def test_token_requests_create_no_session_rows(staff, token_for, person):
    key = token_for(staff["eb_worker"])
    assert Client().get(f"/api/v1/persons/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert not UserSession.objects.exists()


def test_near_the_absolute_timeout_the_banner_does_not_offer_to_continue(staff, settings):
    settings.SKUTAN_SESSION_ABSOLUTE_SECONDS = 10 * 3600
    client, _ = _password_login("eb.handlaggare")
    assert client.post("/konto/session/fortsatt/").json()["renewable"] is True
    _age(_row(client), since_login=timedelta(hours=9, minutes=50))
    response = client.post("/konto/session/fortsatt/")
    assert response.json()["renewable"] is False and response.json()["remaining"] <= 600
    page = client.get("/").content.decode()
    assert 'data-renewable="0"' in page and "den längsta tillåtna inloggningstiden är nådd" in page


def test_address_behind_a_trusted_proxy(staff, settings):
    settings.SKUTAN_TRUST_X_FORWARDED_FOR = True
    client = Client(HTTP_X_FORWARDED_FOR="6.6.6.6, 10.20.30.40")  # the proxy appended the last one
    client.post("/konto/logga-in/", {"username": "eb.handlaggare", "password": PASSWORD})
    assert _row(client).ip_address == "10.20.30.40"
    settings.SKUTAN_TRUST_X_FORWARDED_FOR = False
    other = Client(HTTP_X_FORWARDED_FOR="6.6.6.6")
    other.post("/konto/logga-in/", {"username": "eb.handlaggare", "password": PASSWORD})
    assert _row(other).ip_address == "127.0.0.1"
