"""The OIDC backend's matching without a provider (the full flow runs in tests/oidc against a real one)."""

import pytest
from django.test import Client, RequestFactory

from skutan.accounts.identity import user_for_claims
from skutan.accounts.models import User
from skutan.accounts.oidc import SkutanOIDCBackend
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.core.errors import AccessDeniedError

OIDC = {
    "SKUTAN_OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": "skutan",
    "OIDC_RP_CLIENT_SECRET": "x",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "http://127.0.0.1:9/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "http://127.0.0.1:9/token",
    "OIDC_OP_USER_ENDPOINT": "http://127.0.0.1:9/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "http://127.0.0.1:9/jwks",
    "OIDC_RP_SIGN_ALGO": "RS256",
}


@pytest.fixture
def oidc(settings):
    for k, v in OIDC.items():
        setattr(settings, k, v)
    settings.SKUTAN_OIDC_MATCH_CLAIM = "email"
    settings.SKUTAN_OIDC_MATCH_FIELD = "email"
    return settings


def _backend():
    backend = SkutanOIDCBackend()
    request = RequestFactory().get("/konto/oidc/callback/")
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    backend.request = request
    return backend


def test_login_page_offers_the_identity_provider_only_when_configured(db, oidc):
    assert "Logga in med kommunens inloggning" in Client().get("/konto/logga-in/").content.decode()
    oidc.SKUTAN_OIDC_ENABLED = False
    assert "kommunens inloggning" not in Client().get("/konto/logga-in/").content.decode()
    assert Client().get("/konto/oidc/logga-in/").status_code == 404
    assert Client().get("/konto/oidc/callback/").status_code == 404


def test_start_redirects_to_the_provider_with_pkce(db, oidc):
    response = Client().get("/konto/oidc/logga-in/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("http://127.0.0.1:9/authorize?")
    assert "code_challenge=" in location and "client_id=skutan" in location and "nonce=" in location


def test_email_match_is_case_insensitive_and_never_creates(staff, oidc):
    User.objects.filter(pk=staff["eb_worker"].pk).update(email="eva.berg@filipstad.example")
    backend = _backend()
    assert list(backend.filter_users_by_claims({"email": "EVA.Berg@filipstad.example"})) == [staff["eb_worker"]]
    assert list(backend.filter_users_by_claims({"email": "ny@filipstad.example"})) == []
    assert backend.create_user({"email": "ny@filipstad.example"}) is None
    assert not User.objects.filter(email="ny@filipstad.example").exists()
    assert AuditEvent.objects.filter(event_type=EventType.USER_LOGIN_REFUSED_OIDC).exists()
    messages = [str(m) for m in backend.request._messages]
    assert messages == ["Du är inloggad hos kommunen men har inget konto i Skutan. Kontakta systemförvaltaren, "
                        "som lägger upp ditt konto och dina behörigheter."]


def test_two_accounts_with_one_email_are_refused(staff, oidc):
    User.objects.filter(pk__in=[staff["eb_worker"].pk, staff["eb_worker2"].pk]).update(email="delad@x.example")
    assert list(_backend().filter_users_by_claims({"email": "delad@x.example"})) == []


def test_claims_without_the_match_claim_fail_verification(db, oidc):
    backend = _backend()
    assert not backend.verify_claims({"sub": "1"})
    assert [str(m) for m in backend.request._messages] == [
        "Kommunens inloggning skickade ingen uppgift som Skutan känner igen dig på. Kontakta systemförvaltaren."]
    assert AuditEvent.objects.filter(event_type=EventType.USER_LOGIN_REFUSED_OIDC).exists()
    assert _backend().verify_claims({"email": "a@b.example"})


def test_employee_number_claim_matched_to_username(staff, oidc):
    oidc.SKUTAN_OIDC_MATCH_CLAIM = "employee_number"
    oidc.SKUTAN_OIDC_MATCH_FIELD = "username"
    assert list(_backend().filter_users_by_claims({"employee_number": "eb.handlaggare"})) == [staff["eb_worker"]]


def test_backend_get_user_refuses_deactivated(staff, oidc):
    backend = _backend()
    assert backend.get_user(staff["eb_worker"].pk) == staff["eb_worker"]
    User.objects.filter(pk=staff["eb_worker"].pk).update(is_active=False)
    assert backend.get_user(staff["eb_worker"].pk) is None


def test_unknown_match_field_is_a_configuration_error(staff):
    with pytest.raises(ValueError):
        user_for_claims(claims={"email": "x"}, username_claim="email", field="is_superuser")


def test_user_for_claims_email_field(staff):
    User.objects.filter(pk=staff["bou_worker"].pk).update(email="bo.ek@filipstad.example")
    assert user_for_claims(claims={"email": "Bo.Ek@filipstad.example"}, username_claim="email",
                           field="email") == staff["bou_worker"]
    with pytest.raises(AccessDeniedError):
        user_for_claims(claims={"email": ""}, username_claim="email", field="email")


def _settings_run(env_extra: dict):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("SKUTAN_OIDC_")}
    env.update(DJANGO_SETTINGS_MODULE="skutan.settings.local", **env_extra)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.AUTHENTICATION_BACKENDS, settings.SKUTAN_OIDC_MATCH_FIELD)"],
        env=env, capture_output=True, text=True, timeout=60,
    )


def test_settings_from_the_environment():
    off = _settings_run({})
    assert off.returncode == 0 and "SkutanOIDCBackend" not in off.stdout
    endpoints = {f"SKUTAN_OIDC_{n}_ENDPOINT": f"https://idp.kommun.example/{n.lower()}"
                 for n in ("AUTHORIZATION", "TOKEN", "USERINFO", "JWKS")}
    on = _settings_run({"SKUTAN_OIDC_CLIENT_ID": "skutan", **endpoints, "SKUTAN_OIDC_MATCH_CLAIM": "employee_number"})
    assert on.returncode == 0, on.stderr
    assert "skutan.accounts.oidc.SkutanOIDCBackend" in on.stdout and on.stdout.strip().endswith("username")
    incomplete = _settings_run({"SKUTAN_OIDC_CLIENT_ID": "skutan"})
    assert incomplete.returncode != 0 and "SKUTAN_OIDC_TOKEN_ENDPOINT" in incomplete.stderr
