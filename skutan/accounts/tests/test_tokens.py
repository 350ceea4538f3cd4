"""API tokens: expiry, last use, listing, revoking (issue 8 part 5) and issue 7 defect 6: a revoked or
expired token and a deactivated user get 401 on the very next request."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from skutan.accounts.models import ApiToken, Role, User
from skutan.accounts.selectors import api_tokens_visible_to, user_get_by_token
from skutan.accounts.services import (
    api_token_create,
    api_token_expiry_from_date,
    api_token_revoke,
    membership_add,
)
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.core.errors import ApplicationError


def _get(key, path="/api/v1/tokens"):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {key}")


def _post(key, path):
    return Client().post(path, HTTP_AUTHORIZATION=f"Bearer {key}", content_type="application/json")


@pytest.fixture
def sysadmin(staff, units):
    user = staff["reviewer"]
    membership_add(actor=None, user=user, unit=units["logg"], role=Role.SYSTEM_ADMIN)
    return User.objects.get(pk=user.pk)


# defect 6: the very next request ----------------------------------------------------------------


def test_revoked_token_gets_401_on_the_next_request(staff, person):
    token, key = api_token_create(user=staff["eb_worker"])
    assert _get(key, f"/api/v1/persons/{person.pk}").status_code == 200
    assert _post(key, f"/api/v1/tokens/{token.pk}/revoke").status_code == 200  # revoking itself
    response = _get(key, f"/api/v1/persons/{person.pk}")
    assert response.status_code == 401
    assert "API-nyckel" in response.json()["detail"]


def test_deactivated_user_token_gets_401_on_the_next_request(staff, person):
    _, key = api_token_create(user=staff["eb_worker"])
    assert _get(key, f"/api/v1/persons/{person.pk}").status_code == 200
    User.objects.filter(pk=staff["eb_worker"].pk).update(is_active=False)
    assert _get(key, f"/api/v1/persons/{person.pk}").status_code == 401


def test_expired_token_gets_401(staff, person):
    token, key = api_token_create(user=staff["eb_worker"], expires_at=timezone.now() + timedelta(days=1))
    assert _get(key, f"/api/v1/persons/{person.pk}").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _get(key, f"/api/v1/persons/{person.pk}").status_code == 401


def test_deactivated_user_web_session_stops_on_the_next_request(login, staff, person):
    client = login(staff["eb_worker"])
    assert client.get(f"/personer/{person.pk}/").status_code == 200
    assert client.get("/api/v1/tokens").status_code == 200  # session auth in the API too
    User.objects.filter(pk=staff["eb_worker"].pk).update(is_active=False)
    response = client.get(f"/personer/{person.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")
    assert client.get("/api/v1/tokens").status_code == 401


# services and selectors --------------------------------------------------------------------------


def test_last_used_at_is_written_at_most_once_a_minute(staff):
    token, key = api_token_create(user=staff["eb_worker"])
    assert token.last_used_at is None
    user_get_by_token(key=key)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    user_get_by_token(key=key)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first  # not rewritten within the minute
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    user_get_by_token(key=key)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first - timedelta(minutes=2)


def test_expiry_from_date_covers_the_whole_last_day(staff):
    expires = api_token_expiry_from_date(last_day=date(2030, 3, 31))
    local = timezone.localtime(expires)
    assert (local.date(), local.hour, local.minute) == (date(2030, 4, 1), 0, 0)


def test_create_refuses_an_expiry_in_the_past(staff):
    with pytest.raises(ApplicationError) as exc:
        api_token_create(user=staff["eb_worker"], expires_at=timezone.now() - timedelta(days=1))
    assert exc.value.field == "expires_at"
    assert not ApiToken.objects.exists()


def test_revoke_is_audited_once(staff):
    token, key = api_token_create(user=staff["eb_worker"])
    api_token_revoke(actor=staff["eb_manager"], token=token)
    api_token_revoke(actor=staff["eb_manager"], token=token)
    rows = AuditEvent.objects.filter(event_type=EventType.API_TOKEN_REVOKED, object_id=str(token.pk))
    assert rows.count() == 1
    assert rows.get().acting_user_id == staff["eb_manager"].pk
    assert user_get_by_token(key=key) is None


def test_visible_tokens_own_or_all_for_system_admin(staff, sysadmin, superuser):
    mine, _ = api_token_create(user=staff["eb_worker"])
    other, _ = api_token_create(user=staff["bou_worker"])
    assert list(api_tokens_visible_to(user=staff["eb_worker"], all_users=True)) == [mine]
    assert set(api_tokens_visible_to(user=sysadmin, all_users=True)) == {mine, other}
    assert set(api_tokens_visible_to(user=superuser, all_users=True)) == {mine, other}
    assert list(api_tokens_visible_to(user=sysadmin)) == []  # own only unless asked


# API ---------------------------------------------------------------------------------------------


def test_api_lists_own_tokens_with_every_field(staff):
    token, key = api_token_create(user=staff["eb_worker"], name="integration",
                                  expires_at=timezone.now() + timedelta(days=30))
    api_token_create(user=staff["bou_worker"])
    response = _get(key)
    assert response.status_code == 200
    items = response.json()
    assert [i["id"] for i in items] == [token.pk]
    item = items[0]
    assert set(item) == {"id", "user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"}
    assert (item["user"], item["name"], item["prefix"]) == ("eb.handlaggare", "integration", key[:8])
    assert item["expires_at"] is not None and item["revoked_at"] is None
    assert item["last_used_at"] is not None  # this very request used it
    assert "key_hash" not in response.content.decode() and token.key_hash not in response.content.decode()


def test_api_system_admin_lists_and_revokes_all(staff, sysadmin):
    other, other_key = api_token_create(user=staff["bou_worker"])
    _, admin_key = api_token_create(user=sysadmin)
    assert {i["user"] for i in _get(admin_key).json()} == {"bou.handlaggare", "loggranskare"}
    response = _post(admin_key, f"/api/v1/tokens/{other.pk}/revoke")
    assert response.status_code == 200 and response.json()["revoked_at"] is not None
    assert _get(other_key).status_code == 401


def test_api_others_cannot_revoke_and_learn_nothing(staff):
    other, other_key = api_token_create(user=staff["bou_worker"])
    _, key = api_token_create(user=staff["eb_worker"])
    response = _post(key, f"/api/v1/tokens/{other.pk}/revoke")
    assert response.status_code == 404
    assert _post(key, "/api/v1/tokens/999999/revoke").json() == response.json()
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None
    assert _get(other_key).status_code == 200


def test_api_tokens_without_authentication():
    assert Client().get("/api/v1/tokens").status_code == 401


def test_openapi_documents_the_token_endpoints(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/tokens" in paths and "/api/v1/tokens/{token_id}/revoke" in paths
    assert {"200", "404"} <= set(paths["/api/v1/tokens/{token_id}/revoke"]["post"]["responses"])


# web page ----------------------------------------------------------------------------------------


def test_page_creates_a_key_shows_it_once_and_revokes(login, staff):
    client = login(staff["eb_worker"])
    page = client.get("/konto/api-nycklar/")
    assert page.status_code == 200 and "Mina API-nycklar" in page.content.decode()
    response = client.post("/konto/api-nycklar/", {"name": "Rapportskript", "expires": "2099-12-31"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=staff["eb_worker"])
    key = response.context["new_key"]
    assert key.startswith(token.prefix) and "visas bara den här gången" in response.content.decode()
    assert timezone.localtime(token.expires_at).date() == date(2100, 1, 1)
    assert key not in client.get("/konto/api-nycklar/").content.decode()  # once
    assert _get(key).status_code == 200
    response = client.post(f"/konto/api-nycklar/{token.pk}/sparra/")
    assert response.status_code == 302
    assert _get(key).status_code == 401
    assert "Spärrad" in client.get("/konto/api-nycklar/").content.decode()


def test_page_refuses_a_past_expiry_in_swedish(login, staff):
    response = login(staff["eb_worker"]).post("/konto/api-nycklar/", {"name": "x", "expires": "2001-01-01"})
    assert response.status_code == 400
    assert "Slutdatumet måste ligga i framtiden." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_page_cannot_revoke_someone_elses_key(login, staff, sysadmin):
    other, _ = api_token_create(user=staff["bou_worker"])
    assert login(staff["eb_worker"]).post(f"/konto/api-nycklar/{other.pk}/sparra/").status_code == 404
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None
    admin_page = login(sysadmin).get("/konto/api-nycklar/").content.decode()
    assert "Alla API-nycklar" in admin_page and "bou.handlaggare" in admin_page
    assert "Alla API-nycklar" not in login(staff["eb_worker"]).get("/konto/api-nycklar/").content.decode()


# command line ------------------------------------------------------------------------------------


def test_cli_create_with_expiry_list_and_revoke(staff):
    out = StringIO()
    call_command("token", "create", "eb.handlaggare", "--name", "nattjobb", "--expires", "2099-06-30", stdout=out)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=staff["eb_worker"])
    assert timezone.localtime(token.expires_at).date() == date(2099, 7, 1)
    assert AuditEvent.objects.get(event_type=EventType.API_TOKEN_CREATED).data["expires_at"]

    out = StringIO()
    call_command("token", "list", stdout=out)
    listing = out.getvalue()
    assert "eb.handlaggare" in listing and token.prefix in listing and "2099-07-01" in listing
    assert key not in listing

    out = StringIO()
    call_command("token", "revoke", str(token.pk), stdout=out)
    assert "spärrad" in out.getvalue()
    assert user_get_by_token(key=key) is None
    out = StringIO()
    call_command("token", "list", stdout=out)
    assert token.prefix not in out.getvalue()
    out = StringIO()
    call_command("token", "list", "eb.handlaggare", "--all", stdout=out)
    assert "spärrad" in out.getvalue()


def test_cli_errors_are_swedish(staff):
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("token", "create", "eb.handlaggare", "--expires", "31/12", stdout=StringIO())
    with pytest.raises(CommandError, match="framtiden"):
        call_command("token", "create", "eb.handlaggare", "--expires", "2001-01-01", stdout=StringIO())
    with pytest.raises(CommandError, match="finns inte"):
        call_command("token", "revoke", "424242", stdout=StringIO())
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("token_id", ["99999999999999999999999", "0", "-1"])
def test_api_revoke_with_an_impossible_id_is_404(staff, token_id):
    _, key = api_token_create(user=staff["eb_worker"])
    assert _post(key, f"/api/v1/tokens/{token_id}/revoke").status_code == 404
