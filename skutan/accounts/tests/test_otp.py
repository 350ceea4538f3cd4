"""TOTP two-factor authentication: enrolment and login with real codes computed from the device's secret."""

from base64 import b32decode
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent

PASSWORD = "Skutan-demo-2026"


def _code(device: TOTPDevice, *, drift: int = 0) -> str:
    """What the authenticator app shows (drift=1: the next 30-second step, so a code is never reused)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def _password_login(username="eb.handlaggare"):
    client = Client()
    response = client.post("/konto/logga-in/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _enrol(client) -> TOTPDevice:
    page = client.get("/konto/tvastegsverifiering/aktivera/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    # the page shows the secret as text and the otpauth URI (no QR code library needed)
    uri = page.context["otpauth_uri"]
    secret = parse_qs(urlparse(uri).query)["secret"][0]
    assert b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    assert page.context["secret"].replace(" ", "") == secret.rstrip("=")
    assert uri.startswith("otpauth://totp/Skutan%3Aeb.handlaggare?") and "issuer=Skutan" in uri
    response = client.post("/konto/tvastegsverifiering/aktivera/", {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_enrolment_with_a_real_code(staff):
    client = _password_login()
    device = _enrol(client)
    assert AuditEvent.objects.filter(event_type=EventType.OTP_DEVICE_CONFIRMED, object_id=str(staff["eb_worker"].pk)).exists()
    assert client.get("/").status_code == 200  # the enrolling session counts as verified
    assert "Aktiverad" in client.get("/konto/").content.decode()
    assert device.user == staff["eb_worker"]


def test_enrolment_refuses_a_wrong_code(staff):
    client = _password_login()
    client.get("/konto/tvastegsverifiering/aktivera/")
    response = client.post("/konto/tvastegsverifiering/aktivera/", {"token": "000000"})
    assert response.status_code == 400
    assert "Fel kod." in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_login_asks_for_the_code_and_accepts_a_real_one(staff):
    device = _enrol(_password_login())
    client = _password_login()
    response = client.get("/arenden/mina/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/tvastegsverifiering/?next=%2Farenden%2Fmina%2F"
    assert client.get("/api/v1/tokens").status_code == 401  # the API too, until verified
    page = client.get(response["Location"])
    assert "Tvåstegsverifiering" in page.content.decode()
    wrong = client.post("/konto/tvastegsverifiering/?next=/arenden/mina/", {"token": "123", "next": "/arenden/mina/"})
    assert wrong.status_code == 400 and "Fel kod." in wrong.content.decode()
    assert AuditEvent.objects.filter(event_type=EventType.OTP_VERIFICATION_FAILED).count() == 1
    device.refresh_from_db()
    device.throttle_reset()  # django-otp throttles after a failure; the user would wait a second
    ok = client.post("/konto/tvastegsverifiering/", {"token": _code(device, drift=1), "next": "/arenden/mina/"})
    assert ok.status_code == 302 and ok["Location"] == "/arenden/mina/"
    assert client.get("/arenden/mina/").status_code == 200


def test_a_used_code_cannot_be_used_again(staff):
    device = _enrol(_password_login())
    first = _password_login()
    code = _code(device, drift=1)
    assert first.post("/konto/tvastegsverifiering/", {"token": code}).status_code == 302
    second = _password_login()
    assert second.post("/konto/tvastegsverifiering/", {"token": code}).status_code == 400


def test_verification_page_does_not_redirect_outside(staff):
    device = _enrol(_password_login())
    client = _password_login()
    response = client.post("/konto/tvastegsverifiering/", {"token": _code(device, drift=1),
                                                         "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_without_a_device_and_not_required_login_is_one_step(staff, settings):
    settings.SKUTAN_REQUIRE_2FA = False
    assert _password_login().get("/").status_code == 200


def test_required_2fa_sends_a_password_login_to_enrolment(staff, settings):
    settings.SKUTAN_REQUIRE_2FA = True
    client = _password_login()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/tvastegsverifiering/aktivera/")
    page = client.get(response["Location"])
    assert "kräver tvåstegsverifiering" in page.content.decode()
    device = TOTPDevice.objects.get(user=staff["eb_worker"])
    assert client.post("/konto/tvastegsverifiering/aktivera/", {"token": _code(device)}).status_code == 302
    assert client.get("/").status_code == 200
    assert client.post("/konto/tvastegsverifiering/ta-bort/").status_code == 302
    assert TOTPDevice.objects.filter(user=staff["eb_worker"], confirmed=True).exists()  # cannot switch it off


@pytest.mark.parametrize(("value", "expected"), [(None, "True"), ("0", "False")])
def test_production_requires_2fa_unless_switched_off(tmp_path, value, expected):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("SKUTAN_REQUIRE_2FA")}
    env.update(DJANGO_SETTINGS_MODULE="skutan.settings.production", SKUTAN_SECRET_KEY="test-only-" + "".join(chr(97 + i % 26) for i in range(60)),
               SKUTAN_ALLOWED_HOSTS="skutan.kommun.example", DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite3'}")
    if value is not None:
        env["SKUTAN_REQUIRE_2FA"] = value
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.SKUTAN_REQUIRE_2FA)"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_local_default_is_off():
    from skutan.settings import local

    assert local.SKUTAN_REQUIRE_2FA is False


def test_remove_device(staff):
    client = _password_login()
    _enrol(client)
    assert client.post("/konto/tvastegsverifiering/ta-bort/").status_code == 302
    assert not TOTPDevice.objects.exists()
    assert AuditEvent.objects.filter(event_type=EventType.OTP_DEVICE_REMOVED).exists()
    assert _password_login().get("/").status_code == 200


@pytest.mark.parametrize("path", ["/konto/tvastegsverifiering/", "/konto/tvastegsverifiering/aktivera/"])
def test_two_factor_pages_need_a_password_login_first(db, path):
    assert Client().get(path).status_code == 302


def test_identity_provider_logins_are_left_to_the_provider(staff, settings):
    """SKUTAN_REQUIRE_2FA is about password logins; the provider enforces its own multi-factor policy."""
    settings.SKUTAN_REQUIRE_2FA = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "skutan.accounts.oidc.SkutanOIDCBackend"]
    for name in ("OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT", "OIDC_RP_CLIENT_ID",
                 "OIDC_RP_CLIENT_SECRET"):
        setattr(settings, name, "http://127.0.0.1:9/")
    client = Client()
    client.force_login(staff["eb_worker"], backend="skutan.accounts.oidc.SkutanOIDCBackend")
    assert client.get("/").status_code == 200
    password = Client()
    password.force_login(staff["eb_worker"], backend="django.contrib.auth.backends.ModelBackend")
    assert password.get("/").status_code == 302


def test_cli_reset_for_a_lost_phone(staff):
    from io import StringIO

    from django.core.management import CommandError, call_command

    _enrol(_password_login())
    out = StringIO()
    call_command("otp", "reset", "eb.handlaggare", stdout=out)
    assert "borttagen" in out.getvalue()
    assert not TOTPDevice.objects.exists()
    assert AuditEvent.objects.filter(event_type=EventType.OTP_DEVICE_REMOVED, acting_user_id=None).exists()
    with pytest.raises(CommandError, match="finns inte"):
        call_command("otp", "reset", "finns.inte", stdout=StringIO())


def test_a_password_alone_cannot_replace_or_remove_the_app(staff):
    """The enrolment page is reachable before the second step (for first-time enrolment), but a session
    that has not passed the existing app can neither enrol a new one nor remove it."""
    device = _enrol(_password_login())
    thief = _password_login()
    response = thief.get("/konto/tvastegsverifiering/aktivera/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/tvastegsverifiering/?next=")
    assert not TOTPDevice.objects.filter(confirmed=False).exists()
    thief.post("/konto/tvastegsverifiering/aktivera/", {"token": "000000"})
    assert thief.post("/konto/tvastegsverifiering/ta-bort/").status_code == 302
    assert list(TOTPDevice.objects.all()) == [device]
    assert thief.get("/").status_code == 302  # still owes the code


def test_a_verified_session_may_switch_to_a_new_app(staff):
    old = _enrol(_password_login())
    client = _password_login()
    assert client.post("/konto/tvastegsverifiering/", {"token": _code(old, drift=1)}).status_code == 302
    assert client.get("/konto/tvastegsverifiering/aktivera/").status_code == 200
    new = TOTPDevice.objects.get(confirmed=False)
    assert client.post("/konto/tvastegsverifiering/aktivera/", {"token": _code(new)}).status_code == 302
    assert list(TOTPDevice.objects.all()) == [new]
