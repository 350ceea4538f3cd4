"""``skutan demo``: refuses real data, generates once, prints the logins, serves unless told not to."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skutan.accounts.models import User
from skutan.cases.models import Case, JournalEntry
from skutan.demo.management.commands import demo as demo_command
from skutan.demo.staff import DEMO_PASSWORD
from skutan.people.models import Person
from skutan.people.services import person_create

pytestmark = pytest.mark.django_db


def _run(*args):
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def _counts():
    return (Person.objects.count(), Case.objects.count(), JournalEntry.objects.count(), User.objects.count())


def test_no_serve_generates_prints_logins_and_a_second_run_adds_nothing():
    output = _run("--no-serve", "--scale", "0.05")
    counts = _counts()
    assert counts[0] > 50 and counts[1] > 40
    assert not Person.objects.filter(synthetic=False).exists()
    rows = {line.split()[0]: line for line in output.splitlines() if DEMO_PASSWORD in line and " " in line.strip()}
    assert "Enhetschef" in rows["eb.chef"] and "Ekonomiskt bistånd" in rows["eb.chef"]
    assert "Loggranskare" in rows["loggranskare"]
    for user in User.objects.filter(is_active=True):
        assert user.username in rows  # one row per login, with the password
        assert user.check_password(DEMO_PASSWORD)
    assert not any(u.username in rows for u in User.objects.filter(is_active=False))  # those who left

    again = _run("--no-serve", "--scale", "0.05")
    assert "finns redan" in again
    assert "eb.chef" in again  # the logins are printed again
    assert _counts() == counts


def test_refuses_a_database_with_a_real_person():
    person_create(actor=None, identity_number="19811218-9876", first_name="Verklig", last_name="Person")
    with pytest.raises(CommandError, match="inte är syntetiska"):
        _run("--no-serve", "--scale", "0.05")
    assert not Person.objects.filter(synthetic=True).exists()


def test_reset_never_deletes_a_database_with_a_real_person():
    person_create(actor=None, identity_number="19811218-9876", first_name="Verklig", last_name="Person")
    with pytest.raises(CommandError):
        _run("--reset", "--no-serve")
    assert Person.objects.filter(identity_number="19811218-9876").exists()


def test_serves_with_runserver_without_reloader(monkeypatch):
    calls = []
    real_call_command = demo_command.call_command

    def record(name, *args, **kwargs):
        if name == "runserver":
            calls.append((args, kwargs))
            return None
        return real_call_command(name, *args, **kwargs)

    monkeypatch.setattr(demo_command, "call_command", record)
    monkeypatch.setattr(demo_command, "demo_data_present", lambda: True)  # skip generation: not under test here
    output = _run("--host", "0.0.0.0", "--port", "8123")
    assert calls == [(("0.0.0.0:8123",), {"use_reloader": False})]
    assert "http://0.0.0.0:8123/" in output


def test_scale_must_be_positive():
    with pytest.raises(CommandError, match="--scale"):
        _run("--no-serve", "--scale", "0")
