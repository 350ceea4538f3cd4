import json
from datetime import date

import pytest
from django.test import Client

from skutan.audit.models import AccessAction, AccessLog, AuditEvent
from skutan.conftest import make_pnr
from skutan.core.tests.fixtures import STREET
from skutan.people.models import Person

NEW = make_pnr(date(1979, 8, 15), 246)


def _payload(**kw):
    body = {"personal_identity_number": NEW, "first_name": "Olle", "last_name": "Berg"}
    body.update(kw)
    return body


# POST /persons ---------------------------------------------------------------------------------


def test_create_person(api, staff):
    ten = NEW[2:].replace("-", "")
    response = api(staff["eb_worker"]).post("/persons", _payload(personal_identity_number=ten, street_address="Bergsv 2"))
    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get()
    assert body["id"] == person.pk
    assert body["personal_identity_number"] == NEW
    assert body["birth_date"] == "1979-08-15"
    assert body["street_address"] == "Bergsv 2"
    assert body["version"] == 1


@pytest.mark.parametrize(
    "number, fragment",
    [("19790815-2461", "kontrollsiffra"), ("1979-08-15", "fel längd"), ("19790230-2461", "datum"),
     ("ABC", "siffror")],
)
def test_create_bad_number_is_400_naming_the_field_in_swedish(api, staff, number, fragment):
    response = api(staff["eb_worker"]).post("/persons", _payload(personal_identity_number=number))
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "personal_identity_number"
    assert fragment in body["detail"]
    assert body["errors"] == {"personal_identity_number": [body["detail"]]}
    assert not Person.objects.exists()


def test_create_duplicate_is_409(api, staff, person):
    response = api(staff["eb_worker"]).post("/persons", _payload(personal_identity_number=person.identity_number))
    assert response.status_code == 409
    assert response.json()["field"] == "personal_identity_number"
    assert "finns redan" in response.json()["detail"]
    assert Person.objects.count() == 1


@pytest.mark.parametrize("missing", ["personal_identity_number", "first_name", "last_name"])
def test_create_missing_field_is_400(api, staff, missing):
    body = _payload()
    del body[missing]
    response = api(staff["eb_worker"]).post("/persons", body)
    assert response.status_code == 400
    data = response.json()
    assert data["field"] == missing
    assert data["errors"][missing] == ["Fältet är obligatoriskt."]
    assert not Person.objects.exists()


def test_create_blank_name_is_400(api, staff):
    response = api(staff["eb_worker"]).post("/persons", _payload(first_name=" "))
    assert response.status_code == 400
    assert response.json()["field"] == "first_name"
    assert not Person.objects.exists()


def test_create_invalid_json_is_400(api, staff, client):
    key = api(staff["eb_worker"]).headers
    response = client.post("/api/v1/persons", data="{not json", content_type="application/json", **key)
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_create_reservnummer(api, staff):
    response = api(staff["eb_worker"]).post("/persons", _payload(personal_identity_number="r1", identity_kind="reservnummer"))
    assert response.status_code == 400  # under four characters
    assert "Reservnumret" in response.json()["detail"]
    response = api(staff["eb_worker"]).post("/persons", _payload(personal_identity_number="rs-7788", identity_kind="reservnummer"))
    assert response.status_code == 201
    assert response.json()["identity_kind"] == "reservnummer"
    assert response.json()["birth_date"] is None


def test_create_protected_person_hides_address_in_response_without_right(api, staff):
    response = api(staff["eb_worker"]).post(
        "/persons", _payload(street_address="Lönnvägen 9", protection="skyddad_folkbokforing")
    )
    assert response.status_code == 201
    assert response.json()["protected_identity"] is True
    assert "Lönnvägen" not in response.content.decode()
    assert Person.objects.get().street_address == "Lönnvägen 9"


# GET /persons?q= -------------------------------------------------------------------------------


def test_search(api, staff, person, protected_person):
    response = api(staff["eb_worker"]).get("/persons?q=Svensson")
    assert response.status_code == 200
    assert [p["id"] for p in response.json()] == [person.pk]
    row = AccessLog.objects.get(person_id=person.pk)
    assert (row.action, row.channel) == (AccessAction.SEARCH, "api")


def test_search_masks_protected_address(api, staff, protected_person):
    response = api(staff["eb_worker"]).get("/persons?q=Skyddad")
    assert response.status_code == 200
    assert response.json()[0]["protected_identity"] is True
    assert response.json()[0]["street_address"] is None
    assert STREET not in response.content.decode()
    assert AccessLog.objects.get(person_id=protected_person.pk).protected_person


def test_search_without_q_is_400(api, staff):
    response = api(staff["eb_worker"]).get("/persons")
    assert response.status_code == 400
    assert response.json()["field"] == "q"


# GET /persons/{id} -----------------------------------------------------------------------------


def test_detail_logs_read(api, staff, person, eb_case):
    response = api(staff["eb_worker"]).get(f"/persons/{person.pk}")
    assert response.status_code == 200
    assert response.json()["street_address"] == "Storgatan 1"
    row = AccessLog.objects.get(person_id=person.pk)
    assert (row.channel, row.path, row.outside_units) == ("api", f"/api/v1/persons/{person.pk}", False)


def test_detail_unknown_is_404(api, staff):
    response = api(staff["eb_worker"]).get("/persons/999999")
    assert response.status_code == 404
    assert "finns inte" in response.json()["detail"]


def test_detail_bad_id_is_400(api, staff):
    response = api(staff["eb_worker"]).get("/persons/abc")
    assert response.status_code == 400
    assert response.json()["errors"] == {"person_id": ["Ange ett heltal."]}


def test_detail_protected_masked_without_right_and_shown_with(api, staff, protected_person, protected_viewer):
    response = api(staff["eb_worker"]).get(f"/persons/{protected_person.pk}")
    assert response.status_code == 200
    assert STREET not in response.content.decode()
    assert response.json()["city"] is None
    response = api(protected_viewer).get(f"/persons/{protected_person.pk}")
    assert response.json()["street_address"] == STREET


# PATCH /persons/{id} ---------------------------------------------------------------------------


def test_patch(api, staff, person):
    response = api(staff["eb_worker"]).patch(f"/persons/{person.pk}", {"version": 1, "phone": "070-1"})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert Person.objects.get(pk=person.pk).phone == "070-1"


def test_patch_stale_version_is_409_and_row_unchanged(api, staff, person):
    client = api(staff["eb_worker"])
    assert client.patch(f"/persons/{person.pk}", {"version": 1, "first_name": "Annika"}).status_code == 200
    response = client.patch(f"/persons/{person.pk}", {"version": 1, "first_name": "Anneli"})
    assert response.status_code == 409
    assert response.json()["field"] == "version"
    row = Person.objects.get(pk=person.pk)
    assert (row.first_name, row.version) == ("Annika", 2)


def test_patch_missing_version_is_400(api, staff, person):
    response = api(staff["eb_worker"]).patch(f"/persons/{person.pk}", {"first_name": "X"})
    assert response.status_code == 400
    assert response.json()["field"] == "version"
    assert Person.objects.get(pk=person.pk).first_name == "Anna"


def test_patch_blank_name_is_400(api, staff, person):
    response = api(staff["eb_worker"]).patch(f"/persons/{person.pk}", {"version": 1, "last_name": ""})
    assert response.status_code == 400
    assert response.json()["field"] == "last_name"


def test_patch_null_values_are_no_change_not_500(api, staff, person):
    response = api(staff["eb_worker"]).patch(
        f"/persons/{person.pk}", {"version": 1, "first_name": None, "street_address": None, "phone": "1"}
    )
    assert response.status_code == 200
    row = Person.objects.get(pk=person.pk)
    assert (row.first_name, row.street_address, row.phone) == ("Anna", "Storgatan 1", "1")


def test_patch_protected_address_without_right_is_403(api, staff, protected_person):
    response = api(staff["eb_worker"]).patch(f"/persons/{protected_person.pk}", {"version": 1, "city": "Karlstad"})
    assert response.status_code == 403
    assert Person.objects.get(pk=protected_person.pk).city == "Filipstad"
    assert STREET not in response.content.decode()


def test_patch_unknown_person_is_404(api, staff):
    response = api(staff["eb_worker"]).patch("/persons/999999", {"version": 1, "first_name": "X"})
    assert response.status_code == 404


# authentication --------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "Bearer sk_not-a-real-token", "Token abc"])
def test_no_or_invalid_token_is_401(person, header):
    client = Client()
    kwargs = {"HTTP_AUTHORIZATION": header} if header else {}
    for method, path, body in [
        ("get", f"/api/v1/persons/{person.pk}", None),
        ("get", "/api/v1/persons?q=Svensson", None),
        ("post", "/api/v1/persons", _payload()),
        ("patch", f"/api/v1/persons/{person.pk}", {"version": 1, "first_name": "X"}),
    ]:
        extra = {"data": json.dumps(body), "content_type": "application/json"} if body else {}
        response = getattr(client, method)(path, **kwargs, **extra)
        assert response.status_code == 401, (method, path)
        assert "API-nyckel" in response.json()["detail"]
    assert not AccessLog.objects.exists()
    assert Person.objects.count() == 1


def test_revoked_token_is_401(person, staff):
    from django.utils import timezone

    from skutan.accounts.models import ApiToken
    from skutan.accounts.services import api_token_create

    token, key = api_token_create(user=staff["eb_worker"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(f"/api/v1/persons/{person.pk}").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.get(f"/api/v1/persons/{person.pk}").status_code == 401


def test_token_of_inactive_user_is_401(person, staff, token_for):
    key = token_for(staff["eb_worker"])
    staff["eb_worker"].is_active = False
    staff["eb_worker"].save()
    assert Client().get(f"/api/v1/persons/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_superuser_uses_every_person_endpoint_and_reads_are_logged(api, superuser, protected_person):
    client = api(superuser)
    created = client.post("/persons", _payload())
    assert created.status_code == 201
    pid = created.json()["id"]
    assert client.get("/persons?q=Berg").json()[0]["id"] == pid
    assert client.get(f"/persons/{pid}").status_code == 200
    assert client.patch(f"/persons/{pid}", {"version": 1, "city": "Filipstad"}).status_code == 200
    # superusers hold every permission, also the right to see protected addresses
    assert client.get(f"/persons/{protected_person.pk}").json()["street_address"] == STREET
    logged = AccessLog.objects.filter(user_id=superuser.pk)
    assert logged.filter(person_id=pid, action=AccessAction.SEARCH).count() == 1
    assert logged.filter(person_id=pid, action=AccessAction.VIEW).count() == 2  # detail and the PATCH's read
    assert logged.filter(person_id=protected_person.pk, protected_person=True).count() == 1
    assert AuditEvent.objects.filter(acting_user_id=superuser.pk, person_id=pid).count() == 2
