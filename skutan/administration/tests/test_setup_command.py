"""``skutan setup``: the first systemförvaltare from flags or the environment, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skutan.accounts.models import Membership, Municipality, Role, Unit, User
from skutan.audit.models import AuditEvent


def _run(*args, **env):
    out = StringIO()
    call_command("setup", *args, "--no-input", "--no-migrate", stdout=out)
    return out.getvalue()


def test_setup_from_flags_is_idempotent(db, client):
    out = _run("--username", "anna.admin", "--password", "Ett-langt-losen-42", "--first-name", "Anna",
               "--last-name", "Admin", "--municipality-name", "Filipstads kommun", "--municipality-code", "1782")
    assert "anna.admin skapades" in out
    user = User.objects.get(username="anna.admin")
    assert Membership.objects.filter(user=user, role=Role.SYSTEM_ADMIN, unit__kind="administration").exists()
    assert Municipality.objects.get().code == "1782"
    events = AuditEvent.objects.count()
    again = _run("--username", "anna.admin", "--password", "Ett-langt-losen-42", "--municipality-name",
                 "Filipstads kommun", "--municipality-code", "1782")
    assert "Inget att göra" in again
    assert AuditEvent.objects.count() == events and Unit.objects.count() == 1 and User.objects.count() == 1
    client.post("/konto/logga-in/", {"username": "anna.admin", "password": "Ett-langt-losen-42"})
    assert "_auth_user_id" in client.session
    assert client.get("/forvaltning/").status_code == 200


def test_setup_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("SKUTAN_SETUP_PASSWORD", "Ett-annat-losen-77")
    _run("--username", "bo.admin")
    assert User.objects.get(username="bo.admin").check_password("Ett-annat-losen-77")


def test_setup_refuses_without_username_or_password(db, monkeypatch):
    monkeypatch.delenv("SKUTAN_SETUP_PASSWORD", raising=False)
    with pytest.raises(CommandError):
        _run()
    with pytest.raises(CommandError, match="lösenord"):
        _run("--username", "c.admin")
    with pytest.raises(CommandError):
        _run("--username", "c.admin", "--password", "kort")
    assert not User.objects.exists()
