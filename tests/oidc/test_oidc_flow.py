"""Login through the municipality's identity provider, end to end against a real OpenID Connect provider
(django-oauth-toolkit in its own process, tests/oidc_provider): the authorization-code flow with PKCE,
the provider's own login form, an RS256 ID token verified against its JWKS, and the userinfo endpoint.

A client that follows redirects and fills in the provider's form plays the browser."""

import re

import pytest
import requests

from skutan.accounts.models import Role, User, UserSession
from skutan.accounts.services import user_create
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def oidc_on(settings, live_server, oidc_provider):
    oidc_provider.register_client(f"{live_server.url}/konto/oidc/callback/",
                                  post_logout_redirect_uri=f"{live_server.url}/konto/logga-in/")
    for name, value in oidc_provider.skutan_settings().items():
        setattr(settings, name, value)
    settings.SKUTAN_OIDC_ENABLED = True
    settings.SKUTAN_OIDC_MATCH_CLAIM = "email"
    settings.SKUTAN_OIDC_MATCH_FIELD = "email"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "skutan.accounts.oidc.SkutanOIDCBackend"]
    return settings


@pytest.fixture
def eva(db):
    from skutan.accounts.models import UnitKind
    from skutan.accounts.services import unit_create

    unit = unit_create(name="Ekonomiskt bistånd", kind=UnitKind.FINANCIAL_ASSISTANCE)
    user = user_create(username="eva.berg", password=None, first_name="Eva", last_name="Berg",
                       memberships=[(unit, Role.CASEWORKER)])
    user.email = "eva.berg@filipstad.example"  # the provider sends Eva.Berg@…: compared case-insensitively
    user.save(update_fields=["email"])
    return user


def _login_at_provider(live_server, username: str) -> requests.Response:
    """Press "Logga in med kommunens inloggning", log in at the provider, and follow the way back."""
    browser = requests.Session()
    login_page = browser.get(f"{live_server.url}/konto/logga-in/", timeout=20)
    assert "Logga in med kommunens inloggning" in login_page.text
    start = re.search(r'href="([^"]*/konto/oidc/logga-in/[^"]*)"', login_page.text).group(1)
    provider_form = browser.get(f"{live_server.url}{start}", timeout=20)
    assert "Kommunens inloggning" in provider_form.text, provider_form.url  # we are at the provider now
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', provider_form.text).group(1)
    next_url = re.search(r'name="next" value="([^"]*)"', provider_form.text).group(1).replace("&amp;", "&")
    response = browser.post(
        provider_form.url,
        data={"csrfmiddlewaretoken": csrf, "username": username, "password": "Kommun-losen-2026",  # tests/oidc/conftest.py
              "next": next_url},
        headers={"Referer": provider_form.url}, timeout=30,
    )
    response.browser = browser
    return response


def test_known_user_logs_in_through_the_provider(oidc_on, live_server, eva):
    response = _login_at_provider(live_server, "eva.kommun")
    assert response.status_code == 200
    assert response.url == f"{live_server.url}/", [r.url for r in response.history]
    assert "Logga ut" in response.text and "Eva Berg" in response.text
    row = UserSession.objects.get(user=eva)
    assert row.auth_method == "oidc" and row.ended_at is None
    assert AuditEvent.objects.filter(event_type=EventType.USER_LOGGED_IN, acting_user_id=eva.pk,
                                     data__method="oidc").exists()
    # roles stay Skutan's: the membership is untouched, nothing was created
    assert list(User.objects.values_list("username", flat=True)) == ["eva.berg"]
    assert eva.memberships.count() == 1
    # the session works for the API as well
    assert response.browser.get(f"{live_server.url}/api/v1/tokens", timeout=10).status_code == 200


def test_unknown_user_is_refused_in_swedish_and_never_created(oidc_on, live_server, eva):
    response = _login_at_provider(live_server, "okand.kommun")
    assert response.url.startswith(f"{live_server.url}/konto/logga-in/")
    assert "inget konto i Skutan" in response.text and "Kontakta systemförvaltaren" in response.text
    assert "Logga ut" not in response.text
    assert list(User.objects.values_list("username", flat=True)) == ["eva.berg"]
    refusal = AuditEvent.objects.get(event_type=EventType.USER_LOGIN_REFUSED_OIDC)
    assert refusal.data == {"claim": "email", "value": "okand@filipstad.example"}


def test_deactivated_user_is_refused_and_their_oidc_session_ends(oidc_on, live_server, eva):
    response = _login_at_provider(live_server, "eva.kommun")
    assert response.url == f"{live_server.url}/"
    User.objects.filter(pk=eva.pk).update(is_active=False)
    again = response.browser.get(f"{live_server.url}/", timeout=10)
    assert again.url.startswith(f"{live_server.url}/konto/logga-in/")  # next request: logged out
    refused = _login_at_provider(live_server, "eva.kommun")
    assert "inget konto i Skutan" in refused.text


def test_match_on_username_claim_and_the_provider_name_is_kept(oidc_on, live_server, eva):
    oidc_on.SKUTAN_OIDC_MATCH_CLAIM = "preferred_username"
    oidc_on.SKUTAN_OIDC_MATCH_FIELD = "username"
    User.objects.filter(pk=eva.pk).update(username="eva.kommun", email="", last_name="Lind")
    response = _login_at_provider(live_server, "eva.kommun")
    assert response.url == f"{live_server.url}/"
    assert "Eva Berg" in response.text  # the surname the provider knows
    login = AuditEvent.objects.get(event_type=EventType.USER_LOGGED_IN, acting_user_id=eva.pk)
    assert login.data == {"method": "oidc", "names_from_provider": {"last_name": "Berg"}}


def test_logout_also_ends_the_login_at_the_provider(oidc_on, live_server, eva):
    """RP-initiated logout: after Skutan's logout the provider's session is gone too, so the next person at
    the computer meets the provider's login form instead of being let straight in as Eva."""
    response = _login_at_provider(live_server, "eva.kommun")
    browser = response.browser
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    out = browser.post(f"{live_server.url}/konto/logga-ut/", data={"csrfmiddlewaretoken": csrf},
                       headers={"Referer": f"{live_server.url}/"}, timeout=30)
    hops = [r.url for r in out.history]
    assert any("/o/logout/" in url and "id_token_hint=" in url for url in hops), hops
    assert out.url == f"{live_server.url}/konto/logga-in/"
    assert UserSession.objects.get(user=eva).ended_at is not None
    login_page = browser.get(f"{live_server.url}/konto/logga-in/", timeout=20)
    start = re.search(r'href="([^"]*/konto/oidc/logga-in/[^"]*)"', login_page.text).group(1)
    again = browser.get(f"{live_server.url}{start}", timeout=20)
    assert "Kommunens inloggning" in again.text, again.url  # asked to log in at the provider again


def test_skutan_oidc_discover_prints_the_settings(oidc_provider):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("oidc", "discover", f"{oidc_provider.base_url}/o", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines() if not line.startswith("#"))
    assert lines["SKUTAN_OIDC_TOKEN_ENDPOINT"] == f"{oidc_provider.base_url}/o/token/"
    assert lines["SKUTAN_OIDC_JWKS_ENDPOINT"].startswith(f"{oidc_provider.base_url}/o/")
    assert lines["SKUTAN_OIDC_END_SESSION_ENDPOINT"] == f"{oidc_provider.base_url}/o/logout/"
    with pytest.raises(CommandError, match="Kunde inte läsa"):  # no provider at that address
        call_command("oidc", "discover", f"{oidc_provider.base_url}/annan", stdout=StringIO())
