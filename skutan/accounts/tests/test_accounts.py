import importlib
from io import StringIO

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone

from skutan.accounts.identity import user_for_claims
from skutan.accounts.models import ApiToken, Role, User
from skutan.accounts.selectors import (
    unit_caseworkers,
    units_managed_by,
    user_can_see_protected_identity,
    user_get_by_token,
    user_has_role,
    user_is_staff_member,
)
from skutan.accounts.services import api_token_create, user_create
from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


# passwords -------------------------------------------------------------------------------------


def test_base_settings_hash_with_argon2_first():
    base = importlib.import_module("skutan.settings.base")
    assert base.PASSWORD_HASHERS[0] == ARGON2
    validators = [v["NAME"].rsplit(".", 1)[1] for v in base.AUTH_PASSWORD_VALIDATORS]
    assert "MinimumLengthValidator" in validators


@override_settings(PASSWORD_HASHERS=[ARGON2])
def test_set_password_produces_argon2_hash(db):
    user = User(username="argon")
    user.set_password("Ett-langt-losenord-1")
    assert user.password.startswith("argon2$argon2id$")
    assert check_password("Ett-langt-losenord-1", user.password)
    assert not check_password("fel", user.password)


# tokens ----------------------------------------------------------------------------------------


def test_token_command_prints_a_token_that_authenticates(staff, person):
    out = StringIO()
    call_command("token", "create", "eb.handlaggare", "--name", "integration", stdout=out)
    key = out.getvalue().strip()
    assert key.startswith("sk_") and len(key) > 40
    token = ApiToken.objects.get(user=staff["eb_worker"])
    assert token.name == "integration" and token.prefix == key[:8]
    assert token.key_hash != key and key not in token.key_hash  # only the hash is stored
    response = Client().get(f"/api/v1/persons/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert AccessLog.objects.get(person_id=person.pk).user_id == staff["eb_worker"].pk
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    assert AuditEvent.objects.filter(event_type=EventType.API_TOKEN_CREATED, acting_user_id=staff["eb_worker"].pk).exists()


def test_token_command_unknown_user(db):
    with pytest.raises(CommandError) as exc:
        call_command("token", "create", "finns.inte", stdout=StringIO())
    assert "finns.inte" in str(exc.value)
    assert not ApiToken.objects.exists()


def test_each_token_is_distinct(staff):
    keys = {api_token_create(user=staff["eb_worker"])[1] for _ in range(3)}
    assert len(keys) == 3
    assert all(user_get_by_token(key=k) == staff["eb_worker"] for k in keys)
    assert user_get_by_token(key="sk_nope") is None


def test_revoked_token_does_not_authenticate(staff):
    token, key = api_token_create(user=staff["eb_worker"])
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert user_get_by_token(key=key) is None


# identity provider seam ------------------------------------------------------------------------


def test_user_for_claims_maps_to_existing_user_and_updates_names(staff):
    user = user_for_claims(claims={"preferred_username": " eb.handlaggare ", "given_name": "Evelina",
                                   "family_name": "Bergström"})
    assert user == staff["eb_worker"]
    row = User.objects.get(pk=user.pk)
    assert (row.first_name, row.last_name) == ("Evelina", "Bergström")
    assert row.memberships.count() == 1  # roles stay Skutan's


def test_user_for_claims_custom_claim(staff):
    assert user_for_claims(claims={"upn": "bou.handlaggare"}, username_claim="upn") == staff["bou_worker"]


@pytest.mark.parametrize("claims", [{}, {"preferred_username": "  "}, {"preferred_username": "ny.person"}])
def test_user_for_claims_never_creates_users(db, claims):
    with pytest.raises(AccessDeniedError):
        user_for_claims(claims=claims)
    assert not User.objects.exists()


def test_user_for_claims_refuses_inactive(staff):
    User.objects.filter(pk=staff["eb_worker"].pk).update(is_active=False)
    with pytest.raises(AccessDeniedError):
        user_for_claims(claims={"preferred_username": "eb.handlaggare"})


# users, roles, units ---------------------------------------------------------------------------


def test_user_create_refuses_taken_username(staff):
    with pytest.raises(ApplicationError) as exc:
        user_create(username="eb.handlaggare", password=None)
    assert exc.value.field == "username"
    assert User.objects.filter(username="eb.handlaggare").count() == 1


def test_user_create_without_password_cannot_log_in(db):
    user = user_create(username="sso.only", password=None)
    assert not user.has_usable_password()


def test_roles_per_unit(staff, units):
    manager = staff["eb_manager"]
    assert user_has_role(user=manager, role=Role.UNIT_MANAGER)
    assert user_has_role(user=manager, role=Role.UNIT_MANAGER, unit_id=units["eb"].pk)
    assert not user_has_role(user=manager, role=Role.UNIT_MANAGER, unit_id=units["bou"].pk)
    assert not user_has_role(user=staff["eb_worker"], role=Role.UNIT_MANAGER)
    assert user_is_staff_member(user=staff["reviewer"])
    assert list(units_managed_by(user=manager)) == [units["eb"]]
    assert list(units_managed_by(user=staff["eb_worker"])) == []
    assert set(unit_caseworkers(unit=units["eb"])) == {staff["eb_worker"], staff["eb_worker2"], manager}


def test_superuser_has_every_role_but_no_units(superuser, units):
    assert user_has_role(user=superuser, role=Role.LOG_REVIEWER, unit_id=units["bou"].pk)
    assert set(units_managed_by(user=superuser)) == set(units.values())
    assert user_can_see_protected_identity(user=superuser)


def test_user_without_membership_is_not_staff(db):
    user = user_create(username="ny", password=None)
    assert not user_is_staff_member(user=user)
    assert not user_can_see_protected_identity(user=user)


def test_inactive_caseworker_is_not_offered_for_allocation(staff, units):
    User.objects.filter(pk=staff["eb_worker2"].pk).update(is_active=False)
    assert staff["eb_worker2"] not in set(unit_caseworkers(unit=units["eb"]))
