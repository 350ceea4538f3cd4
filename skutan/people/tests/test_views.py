from datetime import date

import pytest
from django.test import Client

from skutan.audit.models import AccessAction, AccessLog
from skutan.conftest import make_pnr
from skutan.people.models import Person

NEW = make_pnr(date(1979, 8, 15), 246)


def _form(**kw):
    data = {"identity_number": NEW, "identity_kind": "personnummer", "first_name": "Olle", "last_name": "Berg",
            "street_address": "", "postal_code": "", "city": "", "protection": ""}
    data.update(kw)
    return data


def test_pages_require_login(person):
    for url in ("/personer/", "/personer/ny/", f"/personer/{person.pk}/", f"/personer/{person.pk}/andra/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")
    assert not AccessLog.objects.exists()


# search ----------------------------------------------------------------------------------------


def test_search_page_and_htmx_fragment(login, staff, person):
    client = login(staff["eb_worker"])
    page = client.get("/personer/?q=Svensson")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<html" in html and f"/personer/{person.pk}/" in html
    fragment = client.get("/personer/?q=Svensson", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert person.identity_number in fragment.content.decode()
    assert AccessLog.objects.filter(person_id=person.pk, action=AccessAction.SEARCH).count() == 2


def test_search_empty_states(login, staff, person):
    client = login(staff["eb_worker"])
    assert "Skriv minst två tecken" in client.get("/personer/").content.decode()
    assert "Ingen person matchar" in client.get("/personer/?q=Zyxw").content.decode()
    assert not AccessLog.objects.exists()


def test_search_results_cache_control_no_store(login, staff, person):
    response = login(staff["eb_worker"]).get("/personer/?q=Svensson")
    assert "no-store" in response["Cache-Control"]


# create ----------------------------------------------------------------------------------------


def test_create_form_get(login, staff):
    response = login(staff["eb_worker"]).get("/personer/ny/")
    assert response.status_code == 200
    assert 'for="id_identity_number"' in response.content.decode()


def test_create_person(login, staff):
    response = login(staff["eb_worker"]).post("/personer/ny/", _form(identity_number=NEW[2:]))
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/personer/{person.pk}/"
    assert person.identity_number == NEW


@pytest.mark.parametrize(
    "number, message",
    [("19790815-2461", "Personnumrets kontrollsiffra stämmer inte."),
     ("19790230-2461", "Personnumret innehåller ett datum som inte finns"),
     ("1979", "Personnumret har fel längd")],
)
def test_create_bad_number_is_400_with_swedish_message_and_nothing_saved(login, staff, number, message):
    response = login(staff["eb_worker"]).post("/personer/ny/", _form(identity_number=number))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_create_duplicate_is_refused(login, staff, person):
    response = login(staff["eb_worker"]).post("/personer/ny/", _form(identity_number=person.identity_number))
    assert response.status_code == 400
    assert "Det finns redan en person" in response.content.decode()
    assert Person.objects.count() == 1


def test_create_missing_name_is_400(login, staff):
    response = login(staff["eb_worker"]).post("/personer/ny/", _form(first_name=""))
    assert response.status_code == 400
    assert not Person.objects.exists()


# detail ----------------------------------------------------------------------------------------


def test_detail_shows_address_and_logs(login, staff, person, eb_case):
    response = login(staff["eb_worker"]).get(f"/personer/{person.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Storgatan 1, 68230 Filipstad" in html
    assert eb_case.reference in html
    assert "Skyddade personuppgifter" not in html
    row = AccessLog.objects.get(person_id=person.pk)
    assert (row.purpose, row.path) == ("Personöversikt", f"/personer/{person.pk}/")


def test_detail_unknown_is_404(login, staff):
    assert login(staff["eb_worker"]).get("/personer/999999/").status_code == 404


def test_detail_shows_reservnummer_warning(login, staff):
    from skutan.people.services import person_create

    p = person_create(actor=staff["eb_worker"], identity_number="RES-0001", identity_kind="reservnummer",
                      first_name="Okänd", last_name="Person")
    html = login(staff["eb_worker"]).get(f"/personer/{p.pk}/").content.decode()
    assert "Reservnummer: identiteten är inte verifierad" in html


def test_detail_shows_household(login, staff, person):
    from skutan.people.services import household_create, person_create

    child = person_create(actor=staff["eb_worker"], identity_number=make_pnr(date(2014, 4, 4), 222),
                          first_name="Lilla", last_name="Svensson")
    household = household_create(actor=staff["eb_worker"], cohabiting=False, since=date(2026, 1, 1),
                                 members=[(person, "adult"), (child, "child")])
    html = login(staff["eb_worker"]).get(f"/personer/{person.pk}/").content.decode()
    row = html[html.index(f'id="medlem-{household.members.get(person=child).pk}"'):]
    row = row[:row.index("</tr>")]
    assert "Lilla Svensson" in row and "<td>Barn</td>" in row


# edit ------------------------------------------------------------------------------------------


def test_edit(login, staff, person):
    client = login(staff["eb_worker"])
    assert client.get(f"/personer/{person.pk}/andra/").status_code == 200
    response = client.post(f"/personer/{person.pk}/andra/", {
        "version": 1, "first_name": "Anna", "last_name": "Svensson", "street_address": "Nygatan 2",
        "postal_code": "68230", "city": "Filipstad", "phone": "",
    })
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).street_address == "Nygatan 2"


def test_edit_stale_version_is_409(login, staff, person):
    client = login(staff["eb_worker"])
    data = {"version": 1, "first_name": "Anna", "last_name": "Svensson", "street_address": "A",
            "postal_code": "", "city": "", "phone": ""}
    assert client.post(f"/personer/{person.pk}/andra/", data).status_code == 302
    response = client.post(f"/personer/{person.pk}/andra/", dict(data, street_address="B"))
    assert response.status_code == 409
    assert "har ändrats av någon annan" in response.content.decode()
    assert Person.objects.get(pk=person.pk).street_address == "A"


def test_edit_protected_person_hides_and_keeps_address(login, staff, protected_person):
    client = login(staff["eb_worker"])
    page = client.get(f"/personer/{protected_person.pk}/andra/")
    html = page.content.decode()
    assert "Hemliga vägen" not in html
    assert 'name="street_address"' not in html
    assert "Skyddade personuppgifter" in html
    response = client.post(f"/personer/{protected_person.pk}/andra/", {
        "version": 1, "first_name": "Sara", "last_name": "Skyddad", "phone": "1", "street_address": "Avslöjad 1",
    })
    assert response.status_code == 302
    row = Person.objects.get(pk=protected_person.pk)
    assert (row.phone, row.street_address) == ("1", "Hemliga vägen 7")
