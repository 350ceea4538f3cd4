"""The /api/v1/admin/… endpoints: the same services as the pages, for the systemförvaltare only."""

from skutan.accounts.models import Delegation, Membership, User
from skutan.audit.models import AuditEvent

SOURCE = {"body": "Socialnämnden", "date": "2026-01-15", "paragraph": "§ 12"}


def test_unit_create_list_rename_and_close(api, sysadmin):
    client = api(sysadmin)
    r = client.post("/admin/units", {"name": "Vuxen", "kind": "adults"})
    assert r.status_code == 201
    unit_id = r.json()["id"]
    assert any(u["name"] == "Vuxen" for u in client.get("/admin/units").json())
    r = client.patch(f"/admin/units/{unit_id}", {"name": "Vuxen och missbruk"})
    assert r.status_code == 200 and r.json()["name"] == "Vuxen och missbruk"
    r = client.patch(f"/admin/units/{unit_id}", {"closed_on": "2026-06-30"})
    assert r.status_code == 200 and r.json()["closed_on"] == "2026-06-30"
    assert AuditEvent.objects.filter(object_type="accounts.unit", object_id=str(unit_id)).count() == 3


def test_unit_anonymity_towards_clients_is_set_through_the_api_and_audited(api, sysadmin, units):
    client = api(sysadmin)
    unit = units["eb"]
    r = client.patch(f"/admin/units/{unit.pk}", {"anonymous_to_clients": True})
    assert r.status_code == 200 and r.json()["anonymous_to_clients"] is True
    unit.refresh_from_db()
    assert unit.anonymous_to_clients
    event = AuditEvent.objects.filter(object_type="accounts.unit", object_id=str(unit.pk)).latest("pk")
    assert event.data["fields"] == ["anonymous_to_clients"]
    r = client.patch(f"/admin/units/{unit.pk}", {"anonymous_to_clients": "kanske"})
    assert r.status_code == 400
    unit.refresh_from_db()
    assert unit.anonymous_to_clients


def test_duplicate_unit_name_is_409_and_unknown_kind_400(api, sysadmin, units):
    client = api(sysadmin)
    r = client.post("/admin/units", {"name": "ekonomiskt bistånd", "kind": "adults"})
    assert r.status_code == 409 and "finns redan" in r.json()["detail"]
    r = client.post("/admin/units", {"name": "Ny", "kind": "rymdstation"})
    assert r.status_code == 400 and r.json()["field"] == "kind"


def test_user_create_deactivate_and_membership(api, sysadmin, units):
    client = api(sysadmin)
    r = client.post("/admin/users", {"username": "ny.handlaggare", "first_name": "Nora", "last_name": "Ny",
                                     "email": "nora@example.org", "title": "Socialsekreterare"})
    assert r.status_code == 201
    user_id = r.json()["id"]
    r = client.post(f"/admin/users/{user_id}/memberships", {"unit": units["eb"].pk, "role": "caseworker"})
    assert r.status_code == 201 and r.json()["role"] == "caseworker"
    r = client.patch(f"/admin/users/{user_id}", {"is_active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False and r.json()["memberships"][0]["unit"] == units["eb"].pk
    assert not User.objects.get(pk=user_id).is_active
    listed = client.get(f"/admin/users?unit={units['eb'].pk}&active=false").json()
    assert [u["username"] for u in listed] == ["ny.handlaggare"]


def test_two_administrators_editing_a_user_do_not_overwrite_each_other(api, sysadmin, staff, client):
    user = staff["eb_worker"]
    read = api(sysadmin).get(f"/admin/users/{user.pk}").json()
    first = api(sysadmin).patch(f"/admin/users/{user.pk}", {"title": "Socionom", "version": read["version"]})
    assert first.status_code == 200 and first.json()["version"] == read["version"] + 1
    stale = api(sysadmin).patch(f"/admin/users/{user.pk}", {"title": "Handläggare", "version": read["version"]})
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    user.refresh_from_db()
    assert user.title == "Socionom"  # the first save stands
    # the page carries the version too: a form read before the API save is refused
    client.force_login(sysadmin)
    r = client.post(f"/forvaltning/anvandare/{user.pk}/", {
        "do": "save", "first_name": "Eva", "last_name": "Berg", "email": "", "title": "Gammal", "version": read["version"]})
    assert r.status_code == 409 and "ändrats av någon annan" in r.content.decode()
    user.refresh_from_db()
    assert user.title == "Socionom"


def test_unknown_role_is_400_and_closed_unit_400(api, sysadmin, units, staff):
    client = api(sysadmin)
    user = staff["eb_worker"]
    r = client.post(f"/admin/users/{user.pk}/memberships", {"unit": units["eb"].pk, "role": "kung"})
    assert r.status_code == 400 and r.json()["field"] == "role"
    client.patch(f"/admin/units/{units['bou'].pk}", {"closed_on": "2026-01-01"})
    r = client.post(f"/admin/users/{user.pk}/memberships", {"unit": units["bou"].pk, "role": "caseworker"})
    assert r.status_code == 400 and "stängd" in r.json()["detail"]
    assert not Membership.objects.filter(user=user, unit=units["bou"]).exists()


def test_delegation_create_for_user_and_for_role(api, sysadmin, units, staff):
    client = api(sysadmin)
    r = client.post("/admin/delegations", {
        "decision_kind": "ekonomiskt_bistand", "max_amount": 15000, "user": staff["eb_worker"].pk,
        "valid_from": "2026-01-01", "valid_to": None, "source": SOURCE,
    })
    assert r.status_code == 201, r.json()
    assert r.json()["source_text"].endswith("(Socialnämnden 2026-01-15 § 12)")
    r = client.post("/admin/delegations", {
        "decision_kind": "ekonomiskt_bistand", "max_amount": None, "unit": units["eb"].pk, "role": "unit_manager",
        "valid_from": "2026-01-01", "source": "Socialnämnden 2026-01-15 § 12",
    })
    assert r.status_code == 201 and r.json()["role"] == "unit_manager" and r.json()["max_amount"] is None
    assert len(client.get("/admin/delegations").json()) == 2


def test_delegation_without_source_is_400(api, sysadmin, staff):
    client = api(sysadmin)
    base = {"decision_kind": "ekonomiskt_bistand", "max_amount": 100, "user": staff["eb_worker"].pk,
            "valid_from": "2026-01-01"}
    assert client.post("/admin/delegations", base).status_code == 400
    assert client.post("/admin/delegations", {**base, "source": ""}).status_code == 400
    r = client.post("/admin/delegations", {**base, "source": {"body": "Socialnämnden", "date": "2026-01-15",
                                                              "paragraph": " "}})
    assert r.status_code == 400 and r.json()["field"] == "source"
    assert not Delegation.objects.exists()


def test_non_admin_gets_403_everywhere(api, staff, units):
    client = api(staff["eb_manager"])
    assert client.get("/admin/units").status_code == 403
    assert client.post("/admin/units", {"name": "X", "kind": "adults"}).status_code == 403
    assert client.get("/admin/users").status_code == 403
    assert client.post("/admin/users", {"username": "x"}).status_code == 403
    assert client.patch(f"/admin/users/{staff['eb_worker'].pk}", {"is_active": False}).status_code == 403
    assert client.post(f"/admin/users/{staff['eb_worker'].pk}/memberships",
                       {"unit": units["eb"].pk, "role": "caseworker"}).status_code == 403
    assert client.get("/admin/delegations").status_code == 403
    assert client.post("/admin/delegations", {"decision_kind": "ekonomiskt_bistand", "user": staff["eb_worker"].pk,
                                              "valid_from": "2026-01-01", "source": SOURCE}).status_code == 403
    assert staff["eb_worker"].is_active


def test_superuser_may_use_the_admin_api(api, superuser):
    assert api(superuser).post("/admin/units", {"name": "Vuxen", "kind": "adults"}).status_code == 201


def test_user_list_filters_by_last_login(api, sysadmin, staff):
    from datetime import timedelta

    from django.utils import timezone

    User.objects.filter(pk=staff["eb_worker"].pk).update(last_login=timezone.now())
    User.objects.filter(pk=staff["eb_worker2"].pk).update(last_login=timezone.now() - timedelta(days=100))
    since = (timezone.localdate() - timedelta(days=30)).isoformat()
    names = {u["username"] for u in api(sysadmin).get(f"/admin/users?not_logged_in_since={since}").json()}
    assert "eb.handlaggare2" in names and "eb.handlaggare" not in names and "eb.chef" in names  # never logged in


def test_special_rights_grant_list_revoke(api, sysadmin, staff, units):
    client = api(sysadmin)
    r = client.post("/admin/special-rights", {"user": staff["eb_manager"].pk, "unit": units["eb"].pk,
                                              "kind": "protected_address", "valid_to": "2099-01-01",
                                              "reason": "Enhetschef"})
    assert r.status_code == 201 and r.json()["granted_by"] == sysadmin.pk
    right_id = r.json()["id"]
    assert [x["id"] for x in client.get("/admin/special-rights").json()] == [right_id]
    assert client.post(f"/admin/special-rights/{right_id}/revoke").status_code == 200
    assert client.post(f"/admin/special-rights/{right_id}/revoke").status_code == 409
    r = client.post("/admin/special-rights", {"user": staff["eb_manager"].pk, "unit": units["eb"].pk,
                                              "kind": "protected_address", "reason": "Utan slutdatum"})
    assert r.status_code == 400
    assert api(staff["eb_manager"]).get("/admin/special-rights").status_code == 403
