"""The household API (skutan/people/api.py): every endpoint, bad input (400/409 naming the field, nothing saved),
authorization, protected addresses and the access log."""

from datetime import timedelta

import pytest

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent
from skutan.core.tests.fixtures import STREET
from skutan.people.models import Household, HouseholdMember
from skutan.people.services import household_create
from skutan.people.tests.household_fixtures import *  # noqa: F401,F403
from skutan.people.tests.household_fixtures import today, years_ago

SINCE = years_ago(1)


@pytest.fixture
def household(staff, person, toddler):
    return household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE,
                            members=[(person, "adult"), (toddler, "child", False)])


def _body(*members, cohabiting=False, since=None):
    return {"members": list(members), "cohabiting": cohabiting, "since": (since or SINCE).isoformat()}


def _nothing_saved():
    assert not Household.objects.exists()
    assert not HouseholdMember.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.HOUSEHOLD_CREATED).exists()


# POST /households --------------------------------------------------------------------------------------------


def test_create_household(api, staff, person, partner, toddler, eb_case):
    response = api(staff["eb_worker"]).post("/households", _body(
        {"person": person.pk, "role": "adult"}, {"person": partner.pk, "role": "adult"},
        {"person": toddler.pk, "role": "child", "lunch_at_home": False}, cohabiting=True,
    ))
    assert response.status_code == 201, response.content
    body = response.json()
    household = Household.objects.get()
    assert body["id"] == household.pk and body["cohabiting"] is True
    assert body["version"] == household.version
    by_person = {m["person"]["id"]: m for m in body["members"]}
    assert by_person[toddler.pk]["lunch_at_home"] is False
    assert by_person[person.pk]["lunch_at_home"] is None  # only meaningful for children
    assert by_person[person.pk]["joined_on"] == SINCE.isoformat() and by_person[person.pk]["left_on"] is None
    assert by_person[partner.pk]["person"]["street_address"] == "Storgatan 1"
    assert AuditEvent.objects.filter(event_type=EventType.HOUSEHOLD_MEMBER_ADDED).count() == 3
    assert AccessLog.objects.filter(object_type="household", channel="api", person_id=toddler.pk).exists()


@pytest.mark.parametrize(
    "members, cohabiting, since_days, status, field, fragment",
    [
        # unknown person
        ([{"person": 0, "role": "adult"}, {"person": 999_999, "role": "child"}], False, 0, 400,
         "members[1].person", "finns inte"),
        # the same person twice
        ([{"person": 0, "role": "adult"}, {"person": 0, "role": "child"}], False, 0, 409, "members[1].person",
         "två gånger"),
        # sambor are two adults
        ([{"person": 0, "role": "adult"}, {"person": 1, "role": "child"}], True, 0, 400, "cohabiting", "två vuxna"),
        # no adult
        ([{"person": 1, "role": "child"}], False, 0, 400, "members", "vuxen"),
        # a future date
        ([{"person": 0, "role": "adult"}], False, 1, 400, "since", "framtiden"),
        # an unknown role
        ([{"person": 0, "role": "adult"}, {"person": 1, "role": "pet"}], False, 0, 400, "members[1].role", "roll"),
    ],
)
def test_create_bad_input(api, staff, person, toddler, members, cohabiting, since_days, status, field, fragment):
    ids = [person.pk, toddler.pk]
    members = [dict(m, person=ids[m["person"]] if m["person"] in (0, 1) else m["person"]) for m in members]
    response = api(staff["eb_worker"]).post(
        "/households", _body(*members, cohabiting=cohabiting, since=today() + timedelta(days=since_days))
    )
    assert response.status_code == status, response.content
    body = response.json()
    assert body["field"] == field
    assert fragment in body["detail"]
    assert body["errors"] == {field: [body["detail"]]}
    _nothing_saved()


def test_create_bad_date_format_is_400_naming_the_field(api, staff, person):
    response = api(staff["eb_worker"]).post(
        "/households", {"members": [{"person": person.pk, "role": "adult"}], "since": "2026-13-40"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "since"
    _nothing_saved()


def test_create_by_another_units_worker_is_403(api, staff, person, toddler, eb_case):
    response = api(staff["bou_worker"]).post(
        "/households", _body({"person": person.pk, "role": "adult"}, {"person": toddler.pk, "role": "child"})
    )
    assert response.status_code == 403
    assert "hushållet" in response.json()["detail"]
    _nothing_saved()


# GET /persons/{id}/household and /households/{id} ------------------------------------------------------------


def test_get_person_household(api, staff, person, toddler, household):
    client = api(staff["eb_worker"])
    before = AccessLog.objects.count()
    response = client.get(f"/persons/{toddler.pk}/household")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == household.pk
    assert sorted(m["person"]["id"] for m in body["members"]) == sorted([person.pk, toddler.pk])
    logged = AccessLog.objects.order_by("id")[before:]
    assert {r.person_id for r in logged if r.object_type == "household"} == {person.pk, toddler.pk}
    assert all(r.channel == "api" for r in logged)
    assert client.get(f"/households/{household.pk}").json() == body


def test_get_person_without_household_is_404(api, staff, person):
    response = api(staff["eb_worker"]).get(f"/persons/{person.pk}/household")
    assert response.status_code == 404
    assert "hushåll" in response.json()["detail"]


def test_get_unknown_household_is_404(api, staff):
    assert api(staff["eb_worker"]).get("/households/987654").status_code == 404


def test_protected_member_hides_every_address_in_the_household(api, staff, person, protected_person,
                                                              protected_viewer):
    household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE,
                     members=[(person, "adult"), (protected_person, "adult")])
    body = api(staff["eb_worker"]).get(f"/persons/{person.pk}/household").json()
    assert body["addresses_hidden"] is True
    assert STREET not in str(body) and "Storgatan" not in str(body)
    assert {m["person"]["street_address"] for m in body["members"]} == {None}
    visible = api(protected_viewer).get(f"/persons/{person.pk}/household").json()
    assert visible["addresses_hidden"] is False
    assert STREET in str(visible)


# POST /households/{id}/members -------------------------------------------------------------------------------


def test_add_member(api, staff, household, partner):
    response = api(staff["eb_worker"]).post(
        f"/households/{household.pk}/members", {"person": partner.pk, "role": "adult", "since": today().isoformat()}
    )
    assert response.status_code == 201, response.content
    added = [m for m in response.json()["members"] if m["person"]["id"] == partner.pk]
    assert added and added[0]["joined_on"] == today().isoformat()
    assert response.json()["version"] == Household.objects.get().version


@pytest.mark.parametrize(
    "who, since_days, status, field",
    [("member", 0, 409, "person"), ("unknown", 0, 400, "person"), ("partner", 1, 400, "since")],
)
def test_add_member_bad_input(api, staff, household, person, partner, who, since_days, status, field):
    person_id = {"member": person.pk, "unknown": 999_999, "partner": partner.pk}[who]
    response = api(staff["eb_worker"]).post(
        f"/households/{household.pk}/members",
        {"person": person_id, "role": "adult", "since": (today() + timedelta(days=since_days)).isoformat()},
    )
    assert response.status_code == status, response.content
    assert response.json()["field"] == field
    assert household.members.count() == 2


def test_add_member_to_unknown_household_is_404(api, staff, partner):
    response = api(staff["eb_worker"]).post(
        "/households/987654/members", {"person": partner.pk, "role": "adult", "since": SINCE.isoformat()}
    )
    assert response.status_code == 404


# POST /households/{id}/members/{id}/end ----------------------------------------------------------------------


def test_end_membership(api, staff, household, toddler):
    member = household.members.get(person=toddler)
    response = api(staff["eb_worker"]).post(
        f"/households/{household.pk}/members/{member.pk}/end", {"left_on": today().isoformat()}
    )
    assert response.status_code == 200, response.content
    row = next(m for m in response.json()["members"] if m["id"] == member.pk)
    assert row["left_on"] == today().isoformat()
    assert HouseholdMember.objects.get(pk=member.pk).left_on == today()


# "tomorrow" is worked out when the test runs, not when it is collected (a run may cross midnight)
@pytest.mark.parametrize("left_on, fragment", [(SINCE - timedelta(days=1), "före"), ("tomorrow", "framtiden")])
def test_end_membership_bad_dates(api, staff, household, toddler, left_on, fragment):
    if left_on == "tomorrow":
        left_on = today() + timedelta(days=1)
    member = household.members.get(person=toddler)
    response = api(staff["eb_worker"]).post(
        f"/households/{household.pk}/members/{member.pk}/end", {"left_on": left_on.isoformat()}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "left_on"
    assert fragment in response.json()["detail"]
    assert HouseholdMember.objects.get(pk=member.pk).left_on is None


def test_end_membership_twice_is_409_and_other_households_member_404(api, staff, household, toddler, partner):
    client = api(staff["eb_worker"])
    member = household.members.get(person=toddler)
    url = f"/households/{household.pk}/members/{member.pk}/end"
    assert client.post(url, {"left_on": today().isoformat()}).status_code == 200
    again = client.post(url, {"left_on": today().isoformat()})
    assert again.status_code == 409
    other = household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE, members=[(partner, "adult")])
    foreign = other.members.get()
    response = client.post(f"/households/{household.pk}/members/{foreign.pk}/end", {"left_on": today().isoformat()})
    assert response.status_code == 404
    assert HouseholdMember.objects.get(pk=foreign.pk).left_on is None


# PATCH /households/{id} --------------------------------------------------------------------------------------


def test_patch_cohabiting_with_optimistic_locking(api, staff, household, partner):
    client = api(staff["eb_worker"])
    client.post(f"/households/{household.pk}/members",
                {"person": partner.pk, "role": "adult", "since": SINCE.isoformat()})
    version = client.get(f"/households/{household.pk}").json()["version"]
    stale = client.patch(f"/households/{household.pk}", {"cohabiting": True, "version": version - 1})
    assert stale.status_code == 409
    assert stale.json()["field"] == "version"
    assert Household.objects.get().cohabiting is False
    ok = client.patch(f"/households/{household.pk}", {"cohabiting": True, "version": version})
    assert ok.status_code == 200, ok.content
    assert ok.json()["cohabiting"] is True and ok.json()["version"] == version + 1


def test_changes_by_another_units_worker_are_403(api, staff, household, toddler, partner, eb_case):
    client = api(staff["bou_worker"])
    member = household.members.get(person=toddler)
    version = Household.objects.get().version
    responses = [
        client.post(f"/households/{household.pk}/members",
                    {"person": partner.pk, "role": "adult", "since": SINCE.isoformat()}),
        client.post(f"/households/{household.pk}/members/{member.pk}/end", {"left_on": today().isoformat()}),
        client.patch(f"/households/{household.pk}", {"cohabiting": False, "version": version}),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403]
    assert household.members.filter(left_on__isnull=True).count() == 2
    assert Household.objects.get().version == version


def test_openapi_documents_the_household_endpoints(api, staff):
    paths = api(staff["eb_worker"]).get("/openapi.json").json()["paths"]
    for path in ("/api/v1/persons/{person_id}/household", "/api/v1/households",
                 "/api/v1/households/{household_id}/members",
                 "/api/v1/households/{household_id}/members/{member_id}/end"):
        assert path in paths, path
    schemas = api(staff["eb_worker"]).get("/openapi.json").json()["components"]["schemas"]
    assert "HouseholdOut" in schemas and "left_on" in schemas["HouseholdMemberEndIn"]["properties"]
