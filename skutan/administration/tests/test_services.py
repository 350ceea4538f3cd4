"""Services of the systemförvaltning: organisation, users, memberships and the delegationsordning."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from skutan.accounts.models import Role, UnitKind, User
from skutan.accounts.selectors import delegation_holders, delegation_point_for
from skutan.administration import services
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError

KIND = "ekonomiskt_bistand"
SOURCE = {"source_body": "Socialnämnden", "source_date": date(2026, 1, 15), "source_paragraph": "§ 12"}


def test_unit_create_rename_close_with_audit(sysadmin):
    department = services.department_create(actor=sysadmin, name="Individ- och familjeomsorg")
    unit = services.unit_create(actor=sysadmin, name="Vuxen", kind=UnitKind.ADULTS, department=department,
                                phone="0590-123 45")
    unit = services.unit_update(actor=sysadmin, unit=unit, name="Vuxen och missbruk", expected_version=unit.version)
    assert unit.name == "Vuxen och missbruk" and unit.department == department and unit.version == 2
    unit = services.unit_close(actor=sysadmin, unit=unit, closed_on=date(2026, 6, 30))
    assert unit.closed_on == date(2026, 6, 30)
    rows = AuditEvent.objects.filter(object_type="accounts.unit", object_id=str(unit.pk)).order_by("pk")
    types = list(rows.values_list("event_type", flat=True))
    assert types == [EventType.UNIT_CREATED, EventType.UNIT_UPDATED, EventType.UNIT_CLOSED]
    with pytest.raises(ConflictError):
        services.unit_close(actor=sysadmin, unit=unit)


def test_duplicate_unit_name_stale_version_and_unknown_kind(sysadmin, units):
    with pytest.raises(ConflictError):
        services.unit_create(actor=sysadmin, name="EKONOMISKT BISTÅND", kind=UnitKind.ADULTS)
    with pytest.raises(ApplicationError) as exc:
        services.unit_create(actor=sysadmin, name="Ny", kind="okänd")
    assert exc.value.field == "kind"
    with pytest.raises(ConflictError):
        services.unit_update(actor=sysadmin, unit=units["eb"], name="Nytt namn", expected_version=99)


def test_only_a_system_admin_changes_the_organisation(staff, units):
    with pytest.raises(AccessDeniedError):
        services.unit_create(actor=staff["eb_manager"], name="Vuxen", kind=UnitKind.ADULTS)
    with pytest.raises(AccessDeniedError):
        services.user_deactivate(actor=staff["eb_manager"], user=staff["eb_worker"])


def test_user_create_membership_and_deactivation(sysadmin, units, client):
    user = services.user_create(actor=sysadmin, username="nora.ny", first_name="Nora", last_name="Ny",
                                email="nora@example.org", employed_since=date(2026, 3, 1), password="Ett-langt-losen-42")
    services.membership_create(actor=sysadmin, user=user, unit=units["eb"], role=Role.CASEWORKER)
    with pytest.raises(ConflictError):
        services.membership_create(actor=sysadmin, user=user, unit=units["eb"], role=Role.CASEWORKER)
    with pytest.raises(ConflictError):
        services.user_create(actor=sysadmin, username="Nora.Ny")
    client.post("/konto/logga-in/", {"username": "nora.ny", "password": "Ett-langt-losen-42"})
    assert "_auth_user_id" in client.session
    assert client.get("/bistand/").status_code == 200
    services.user_deactivate(actor=sysadmin, user=user)
    # at once: the open session no longer authenticates, and the user still exists (never deleted)
    assert client.get("/bistand/").status_code == 302
    client.post("/konto/logga-in/", {"username": "nora.ny", "password": "Ett-langt-losen-42"})
    assert "_auth_user_id" not in client.session
    assert User.objects.filter(username="nora.ny", is_active=False).exists()
    assert AuditEvent.objects.filter(event_type=EventType.USER_DEACTIVATED, object_id=str(user.pk)).exists()
    with pytest.raises(ApplicationError):
        services.user_deactivate(actor=sysadmin, user=sysadmin)


def test_deactivated_users_token_stops_working(sysadmin, staff, token_for, client):
    key = token_for(staff["eb_worker"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/persons?q=Anna", **headers).status_code == 200
    services.user_deactivate(actor=sysadmin, user=staff["eb_worker"])
    assert client.get("/api/v1/persons?q=Anna", **headers).status_code == 401


def test_membership_refuses_unknown_role_and_closed_unit(sysadmin, staff, units):
    with pytest.raises(ApplicationError) as exc:
        services.membership_create(actor=sysadmin, user=staff["eb_worker"], unit=units["eb"], role="kung")
    assert exc.value.field == "role" and "finns inte" in exc.value.message
    services.unit_close(actor=sysadmin, unit=units["bou"])
    with pytest.raises(ApplicationError) as exc:
        services.membership_create(actor=sysadmin, user=staff["eb_worker"], unit=units["bou"], role=Role.CASEWORKER)
    assert "stängd" in exc.value.message


def test_delegation_needs_its_source_and_one_holder(sysadmin, staff, units):
    base = {"actor": sysadmin, "decision_kind": KIND, "point": "4.1.1", "valid_from": date(2026, 1, 1)}
    for missing in ("source_body", "source_date", "source_paragraph"):
        with pytest.raises(ApplicationError) as exc:
            services.delegation_create(**base, user=staff["eb_worker"], **{**SOURCE, missing: None})
        assert exc.value.field == "source"
    with pytest.raises(ApplicationError):
        services.delegation_create(**base, **SOURCE)  # nobody holds it
    with pytest.raises(ApplicationError):
        services.delegation_create(**base, **SOURCE, user=staff["eb_worker"], unit=units["eb"], role=Role.CASEWORKER)
    with pytest.raises(ApplicationError):
        services.delegation_create(**{**base, "decision_kind": "okänd"}, **SOURCE, user=staff["eb_worker"])
    point = services.delegation_create(**base, **SOURCE, unit=units["eb"], role=Role.CASEWORKER, max_amount="15000")
    assert point.source_text == "4.1.1 (Socialnämnden 2026-01-15 § 12)" and point.max_amount == Decimal(15000)


def test_a_role_point_covers_everyone_in_the_role_in_that_unit_only(sysadmin, staff, units):
    services.delegation_create(
        actor=sysadmin, decision_kind=KIND, point="4.1.1", valid_from=date(2020, 1, 1), unit=units["eb"],
        role=Role.CASEWORKER, max_amount=15000, **SOURCE,
    )
    today = date.today()
    for user in (staff["eb_worker"], staff["eb_worker2"]):
        assert delegation_point_for(user=user, decision_kind=KIND, amount=Decimal(15000), on=today, unit_id=units["eb"].pk)
        assert not delegation_point_for(user=user, decision_kind=KIND, amount=Decimal(15001), on=today,
                                        unit_id=units["eb"].pk)
    assert not delegation_point_for(user=staff["bou_worker"], decision_kind=KIND, amount=Decimal(1), on=today)
    assert not delegation_point_for(user=staff["eb_worker"], decision_kind=KIND, amount=Decimal(1), on=today,
                                    unit_id=units["bou"].pk)


def test_an_expired_point_no_longer_lets_anyone_decide(sysadmin, staff, units):
    today = date.today()
    by_role = services.delegation_create(
        actor=sysadmin, decision_kind=KIND, point="4.1.2", valid_from=date(2020, 1, 1), unit=units["eb"],
        role=Role.UNIT_MANAGER, **SOURCE,
    )
    by_name = services.delegation_create(
        actor=sysadmin, decision_kind=KIND, point="4.1.1", valid_from=date(2020, 1, 1), user=staff["eb_worker"],
        max_amount=20000, **SOURCE,
    )
    assert {u.username for u, _ in delegation_holders(decision_kind=KIND, amount=Decimal(100), on=today,
                                                      unit_id=units["eb"].pk)} == {"eb.chef", "eb.handlaggare"}
    services.delegation_end(actor=sysadmin, delegation=by_role, valid_to=today - timedelta(days=1))
    services.delegation_end(actor=sysadmin, delegation=by_name, valid_to=today - timedelta(days=1))
    assert delegation_holders(decision_kind=KIND, amount=Decimal(100), on=today, unit_id=units["eb"].pk) == []
    assert not delegation_point_for(user=staff["eb_manager"], decision_kind=KIND, amount=Decimal(1), on=today,
                                    unit_id=units["eb"].pk)
    # on a day when the points were valid, they still show who could decide then
    assert delegation_point_for(user=staff["eb_manager"], decision_kind=KIND, amount=Decimal(1),
                                on=today - timedelta(days=2), unit_id=units["eb"].pk) == by_role
    with pytest.raises(ApplicationError):
        services.delegation_end(actor=sysadmin, delegation=by_role, valid_to=today + timedelta(days=10))


def test_an_inactive_user_holds_no_point(sysadmin, staff):
    services.delegation_create(
        actor=sysadmin, decision_kind=KIND, point="4.1.1", valid_from=date(2020, 1, 1), user=staff["eb_worker"],
        **SOURCE,
    )
    services.user_deactivate(actor=sysadmin, user=staff["eb_worker"])
    assert not delegation_point_for(user=staff["eb_worker"], decision_kind=KIND, amount=Decimal(1), on=date.today())


def test_municipality_setting(sysadmin):
    row = services.municipality_update(actor=sysadmin, name="Filipstads kommun", code="1782",
                                       board_name="Socialnämnden")
    row = services.municipality_update(actor=sysadmin, expected_version=row.version, phone="0590-611 00")
    assert row.phone == "0590-611 00" and row.version == 2
    with pytest.raises(ApplicationError):
        services.municipality_update(actor=sysadmin, code="17")


def test_a_closed_unit_keeps_its_cases_but_opens_no_new_one(sysadmin, staff, units, eb_case, person):
    from skutan.cases.models import Case
    from skutan.cases.services import case_open

    services.unit_close(actor=sysadmin, unit=units["eb"], closed_on=date.today())
    assert Case.objects.filter(pk=eb_case.pk, unit=units["eb"]).exists()
    units["eb"].refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        case_open(actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="financial_assistance",
                  opening_kind="application")
    assert "stängd" in exc.value.message


def test_the_report_for_a_past_day_uses_the_memberships_of_that_day(sysadmin, staff, units):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from skutan.accounts.models import Membership
    from skutan.administration.selectors import delegation_report

    def when(y, m, d):
        return datetime(y, m, d, 12, tzinfo=ZoneInfo("Europe/Stockholm"))

    services.delegation_create(
        actor=sysadmin, decision_kind="ekonomiskt_bistand", point="3.1.2", unit=units["eb"], role=Role.UNIT_MANAGER,
        max_amount=None, valid_from=date(2025, 1, 1), source_body="Socialnämnden", source_date=date(2024, 12, 12),
        source_paragraph="§ 90",
    )
    from skutan.core.clock import recorded_at

    newcomer, leaver = staff["eb_worker"], staff["eb_worker2"]
    # the leaver was manager from 10 January to 1 March; the newcomer became manager on 1 March
    with recorded_at(when(2025, 1, 10)):
        services.membership_create(actor=sysadmin, user=leaver, unit=units["eb"], role=Role.UNIT_MANAGER)
    with recorded_at(when(2025, 3, 1)):
        services.membership_create(actor=sysadmin, user=newcomer, unit=units["eb"], role=Role.UNIT_MANAGER)
        services.membership_remove(actor=sysadmin, membership=Membership.objects.get(
            user=leaver, unit=units["eb"], role=Role.UNIT_MANAGER))
    manager = staff["eb_manager"]  # made manager today, by the fixture (the log says so)

    def holders(on):
        row = next(r for r in delegation_report(actor=sysadmin, on=on) if r.point.point == "3.1.2")
        return {u.pk for u in row.holders}

    assert holders(date(2025, 2, 14)) == {leaver.pk}
    assert holders(date(2025, 1, 5)) == set()  # before anyone held the role
    assert holders(date(2025, 3, 1)) == {newcomer.pk}  # as the day ended
    assert holders(timezone.localdate()) == {manager.pk, newcomer.pk}
    # a membership from before the log began (no change recorded for it) counts on every day
    Membership.objects.create(user=staff["bou_worker"], unit=units["eb"], role=Role.UNIT_MANAGER)
    assert holders(date(2025, 1, 5)) == {staff["bou_worker"].pk}
