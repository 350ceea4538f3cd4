"""CSV import of users and memberships: dry run first, then apply; applying twice changes nothing."""

import pytest

from skutan.accounts.models import Membership, User
from skutan.administration.user_import import user_import_apply, user_import_plan
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError

FILE = """username;first_name;last_name;email;title;employed_since;unit;role
nora.ny;Nora;Ny;nora@example.org;Socialsekreterare;2026-03-01;Ekonomiskt bistånd;caseworker
nora.ny;Nora;Ny;nora@example.org;Socialsekreterare;2026-03-01;Barn och unga;Handläggare
eb.handlaggare;Eva;Berg-Ström;;;;Ekonomiskt bistånd;caseworker
"""


def test_dry_run_shows_the_diff_and_saves_nothing(sysadmin, staff, units):
    plan = user_import_plan(actor=sysadmin, text=FILE)
    assert plan.ok and plan.rows == 3
    assert [c.kind for c in plan.changes] == ["user_create", "membership_add", "membership_add", "user_update"]
    assert "Berg" in plan.changes[-1].text and "Berg-Ström" in plan.changes[-1].text
    assert not User.objects.filter(username="nora.ny").exists()


def test_apply_then_apply_again_changes_nothing(sysadmin, staff, units):
    user_import_apply(actor=sysadmin, text=FILE)
    nora = User.objects.get(username="nora.ny")
    assert nora.employed_since.isoformat() == "2026-03-01" and nora.email == "nora@example.org"
    assert set(Membership.objects.filter(user=nora).values_list("unit__name", "role")) == {
        ("Ekonomiskt bistånd", "caseworker"), ("Barn och unga", "caseworker"),
    }
    assert User.objects.get(username="eb.handlaggare").last_name == "Berg-Ström"
    events = AuditEvent.objects.count()
    users = list(User.objects.order_by("pk").values())
    memberships = list(Membership.objects.order_by("pk").values())
    assert user_import_plan(actor=sysadmin, text=FILE).changes == []
    second = user_import_apply(actor=sysadmin, text=FILE)
    assert second.changes == []
    assert list(User.objects.order_by("pk").values()) == users
    assert list(Membership.objects.order_by("pk").values()) == memberships
    assert AuditEvent.objects.count() == events + 1  # only the record that the (empty) import ran
    assert AuditEvent.objects.filter(event_type=EventType.USER_IMPORT_APPLIED).count() == 2


def test_errors_are_listed_and_nothing_is_applied(sysadmin, units):
    text = (
        "username,first_name,last_name,email,title,employed_since,unit,role\n"
        "ok.user,Ok,User,,,,Ekonomiskt bistånd,caseworker\n"
        "bad.unit,Bad,Unit,,,,Månbasen,caseworker\n"
        "bad.role,Bad,Role,,,,Ekonomiskt bistånd,kung\n"
        "bad.date,Bad,Date,,,1 mars,Ekonomiskt bistånd,caseworker\n"
    )
    plan = user_import_plan(actor=sysadmin, text=text)
    assert len(plan.errors) == 3
    assert plan.errors[0].startswith("Rad 3") and "Månbasen" in plan.errors[0]
    with pytest.raises(ApplicationError):
        user_import_apply(actor=sysadmin, text=text)
    assert not User.objects.filter(username="ok.user").exists()


def test_missing_columns_and_non_admins(sysadmin, staff):
    assert "Kolumn saknas" in user_import_plan(actor=sysadmin, text="username;first_name\nx;y\n").errors[0]
    with pytest.raises(AccessDeniedError):
        user_import_plan(actor=staff["eb_manager"], text=FILE)
