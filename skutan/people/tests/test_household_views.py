"""The household section of the person page (skutan/people/views.py, templates/people/_household.html):
HTMX and plain POST, errors, authorization, protected addresses, the access log and the query count."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skutan.audit.models import AccessLog
from skutan.conftest import make_pnr
from skutan.core.tests.fixtures import STREET
from skutan.people.models import Household, HouseholdMember
from skutan.people.services import household_create, person_create
from skutan.people.tests.household_fixtures import *  # noqa: F401,F403
from skutan.people.tests.household_fixtures import today, years_ago

HX = {"HTTP_HX_REQUEST": "true"}
SINCE = years_ago(1)


def _url(person, tail=""):
    return f"/personer/{person.pk}/hushall/{tail}"


def _create_form(**kw):
    data = {"create-role": "adult", "create-cohabiting": "0", "create-other_adult": "", "create-lunch_at_home": "1",
            "create-since": SINCE.isoformat()}
    data.update({f"create-{k}": v for k, v in kw.items()})
    return data


def _add_form(household, number, **kw):
    data = {"add-household": household.pk, "add-identity_number": number, "add-role": "child",
            "add-lunch_at_home": "1", "add-joined_on": SINCE.isoformat()}
    data.update({f"add-{k}": v for k, v in kw.items()})
    return data


@pytest.fixture
def household(staff, person, toddler):
    return household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE,
                            members=[(person, "adult"), (toddler, "child", False)])


def _member_row(html, member):
    start = html.index(f'id="medlem-{member.pk}"')
    return html[start:html.index("</tr>", start)]


# the person page ---------------------------------------------------------------------------------------------


def test_person_page_empty_state_offers_the_create_form(login, staff, person, eb_case):
    html = login(staff["eb_worker"]).get(f"/personer/{person.pk}/").content.decode()
    assert 'id="hushall"' in html
    assert "Personen ingår inte i något registrerat hushåll." in html
    assert 'for="id_create-since"' in html and 'id="id_create-since"' in html
    assert "Skapa hushåll" in html


def test_person_page_lists_members_with_age_and_lunch(login, staff, person, toddler, schoolchild, household):
    HouseholdMember.objects.create(household=household, person=schoolchild, role="child", joined_on=SINCE,
                                   lunch_at_home=False)
    html = login(staff["eb_worker"]).get(f"/personer/{person.pk}/").content.decode()
    toddler_row = _member_row(html, household.members.get(person=toddler))
    assert "Lilla Svensson" in toddler_row and "<td>Barn</td>" in toddler_row
    assert "3 år" in toddler_row and "På förskola" in toddler_row
    school_row = _member_row(html, household.members.get(person=schoolchild))
    assert "På förskola" not in school_row and "Hemma" not in school_row  # lunch only matters for ages 0–6
    assert "<caption>Personer i hushållet</caption>" in html
    assert 'th scope="col"' in html
    assert "Ensamstående" in html


# create ------------------------------------------------------------------------------------------------------


def test_create_plain_post_redirects_to_the_person_page(login, staff, person, eb_case):
    client = login(staff["eb_worker"])
    response = client.post(_url(person), _create_form())
    assert response.status_code == 302
    assert response["Location"] == f"/personer/{person.pk}/#hushall"
    household = Household.objects.get()
    assert household.members.get().person_id == person.pk
    assert "Hushållet är skapat." in client.get(response["Location"]).content.decode()


def test_create_htmx_with_a_partner_returns_the_section(login, staff, person, partner, eb_case):
    response = login(staff["eb_worker"]).post(
        _url(person), _create_form(cohabiting="1", other_adult=partner.identity_number[2:]), **HX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith("{") is False
    assert 'id="hushall"' in html and 'role="status"' in html and "Hushållet är skapat." in html
    household = Household.objects.get()
    assert household.cohabiting
    assert set(household.members.values_list("person_id", flat=True)) == {person.pk, partner.pk}
    assert "Per Svensson" in html and "Sambor/makar" in html


def test_create_cohabiting_without_a_partner_is_refused(login, staff, person, eb_case):
    client = login(staff["eb_worker"])
    plain = client.post(_url(person), _create_form(cohabiting="1"))
    assert plain.status_code == 400
    assert "<html" in plain.content.decode() and "två vuxna" in plain.content.decode()
    htmx = client.post(_url(person), _create_form(cohabiting="1"), **HX)
    assert htmx.status_code == 200  # htmx swaps only 2xx: the error is shown in the section
    html = htmx.content.decode()
    assert "<html" not in html and "två vuxna" in html and 'class="field-error" role="alert"' in html
    assert not Household.objects.exists()


def test_create_with_an_unknown_partner_number_names_the_field(login, staff, person, eb_case):
    unknown = make_pnr(date(1970, 1, 1), 999)
    response = login(staff["eb_worker"]).post(_url(person), _create_form(other_adult=unknown))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_create-other_adult_error"' in html
    assert "Det finns ingen person med nummer" in html
    assert not Household.objects.exists()


def test_create_with_a_missing_date_is_400(login, staff, person):
    response = login(staff["eb_worker"]).post(_url(person), _create_form(since=""))
    assert response.status_code == 400
    assert 'id="id_create-since_error"' in response.content.decode()
    assert not Household.objects.exists()


# add a member ------------------------------------------------------------------------------------------------


def test_add_member_htmx_by_ten_digit_number(login, staff, person, household, schoolchild):
    number = schoolchild.identity_number[2:].replace("-", "")
    before = AccessLog.objects.filter(person_id=schoolchild.pk, action="search").count()
    response = login(staff["eb_worker"]).post(
        _url(person, "medlemmar/"), _add_form(household, number, joined_on=today().isoformat()), **HX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stina Svensson är tillagd i hushållet." in html
    member = household.members.get(person=schoolchild)
    assert member.joined_on == today() and member.role == "child"
    assert f'id="medlem-{member.pk}"' in html
    assert AccessLog.objects.filter(person_id=schoolchild.pk, action="search").count() == before + 1


def test_add_member_plain_post_redirects(login, staff, person, household, partner):
    response = login(staff["eb_worker"]).post(
        _url(person, "medlemmar/"), _add_form(household, partner.identity_number, role="adult")
    )
    assert response.status_code == 302
    assert household.members.filter(person=partner, role="adult").exists()


@pytest.mark.parametrize(
    "number, status, fragment",
    [("19700101-9990", 400, "kontrollsiffra"), (make_pnr(date(1970, 1, 1), 999), 400, "Registrera personen"),
     ("member", 409, "finns redan i hushållet")],
)
def test_add_member_errors(login, staff, person, household, toddler, number, status, fragment):
    if number == "member":
        number = toddler.identity_number
    client = login(staff["eb_worker"])
    plain = client.post(_url(person, "medlemmar/"), _add_form(household, number))
    assert plain.status_code == status
    assert fragment in plain.content.decode()
    assert 'id="id_add-identity_number_error"' in plain.content.decode()
    htmx = client.post(_url(person, "medlemmar/"), _add_form(household, number), **HX)
    assert htmx.status_code == 200 and fragment in htmx.content.decode()
    assert household.members.count() == 2


def test_add_member_to_a_household_that_changed_is_409(login, staff, person, household, partner):
    response = login(staff["eb_worker"]).post(
        _url(person, "medlemmar/"), dict(_add_form(household, partner.identity_number), **{"add-household": 0})
    )
    assert response.status_code == 409
    assert "ändrats av någon annan" in response.content.decode()
    assert household.members.count() == 2


def test_add_member_is_post_only(login, staff, person, household):
    assert login(staff["eb_worker"]).get(_url(person, "medlemmar/")).status_code == 405


# sambor/makar ------------------------------------------------------------------------------------------------


def _cohab(household, value, version):
    return {"cohab-household": household.pk, "cohab-version": version, "cohab-cohabiting": value}


def test_cohabiting_toggle_and_stale_version(login, staff, person, household, partner):
    client = login(staff["eb_worker"])
    client.post(_url(person, "medlemmar/"), _add_form(household, partner.identity_number, role="adult"))
    page = client.get(f"/personer/{person.pk}/").content.decode()
    assert "Markera de två vuxna som sambor/makar" in page
    version = Household.objects.get().version
    assert f'name="cohab-version" value="{version}"' in page
    ok = client.post(_url(person, "sambor/"), _cohab(household, "1", version), **HX)
    assert ok.status_code == 200 and "markerade som sambor/makar" in ok.content.decode()
    assert Household.objects.get().cohabiting is True
    stale = client.post(_url(person, "sambor/"), _cohab(household, "0", version))
    assert stale.status_code == 409
    assert "ändrats av någon annan" in stale.content.decode()
    assert Household.objects.get().cohabiting is True
    stale_htmx = client.post(_url(person, "sambor/"), _cohab(household, "0", version), **HX)
    assert stale_htmx.status_code == 200 and 'role="alert"' in stale_htmx.content.decode()


def test_single_adult_gets_no_cohabiting_button(login, staff, person, household):
    html = login(staff["eb_worker"]).get(f"/personer/{person.pk}/").content.decode()
    assert "sambor/makar</button>" not in html


# end a membership --------------------------------------------------------------------------------------------


def test_end_page_and_plain_post(login, staff, person, household, toddler):
    member = household.members.get(person=toddler)
    client = login(staff["eb_worker"])
    page = client.get(_url(person, f"medlemmar/{member.pk}/avsluta/"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Avsluta medlemskap i hushållet" in html and f'for="id_end-{member.pk}-left_on"' in html
    response = client.post(_url(person, f"medlemmar/{member.pk}/avsluta/"),
                           {f"end-{member.pk}-left_on": today().isoformat()})
    assert response.status_code == 302
    assert HouseholdMember.objects.get(pk=member.pk).left_on == today()
    html = client.get(f"/personer/{person.pk}/").content.decode()
    assert "Lilla Svensson har lämnat hushållet." in html
    assert "Tidigare medlemmar (1)" in html
    # an ended membership has no end page any more
    assert client.get(_url(person, f"medlemmar/{member.pk}/avsluta/")).status_code == 404


def test_end_htmx_and_errors(login, staff, person, household, toddler):
    member = household.members.get(person=toddler)
    client = login(staff["eb_worker"])
    url = _url(person, f"medlemmar/{member.pk}/avsluta/")
    early = {f"end-{member.pk}-left_on": (SINCE - timedelta(days=1)).isoformat()}
    plain = client.post(url, early)
    assert plain.status_code == 400 and "före datumet" in plain.content.decode()
    htmx = client.post(url, early, **HX)
    assert htmx.status_code == 200
    html = htmx.content.decode()
    assert "före datumet" in html and "<details open>" in html  # the row's form stays open with its error
    assert HouseholdMember.objects.get(pk=member.pk).left_on is None
    done = client.post(url, {f"end-{member.pk}-left_on": today().isoformat()}, **HX)
    assert done.status_code == 200 and "Lilla Svensson har lämnat hushållet." in done.content.decode()
    assert HouseholdMember.objects.get(pk=member.pk).left_on == today()


def test_end_a_member_of_another_household_is_404(login, staff, person, household, partner):
    other = household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE, members=[(partner, "adult")])
    foreign = other.members.get()
    client = login(staff["eb_worker"])
    assert client.get(_url(person, f"medlemmar/{foreign.pk}/avsluta/")).status_code == 404
    response = client.post(_url(person, f"medlemmar/{foreign.pk}/avsluta/"),
                           {f"end-{foreign.pk}-left_on": today().isoformat()})
    assert response.status_code == 404
    assert HouseholdMember.objects.get(pk=foreign.pk).left_on is None


# authorization -----------------------------------------------------------------------------------------------


def test_another_units_worker_sees_but_cannot_change(login, staff, person, household, toddler, partner, eb_case):
    """All of the person's cases are in Ekonomiskt bistånd; Barn och unga's worker gets no forms and 403."""
    client = login(staff["bou_worker"])
    html = client.get(f"/personer/{person.pk}/").content.decode()
    assert "Lilla Svensson" in html
    assert "Du kan se hushållet men inte ändra det" in html
    assert "Lägg till i hushållet" not in html and "Avsluta medlemskap" not in html
    member = household.members.get(person=toddler)
    version = Household.objects.get().version
    assert client.post(_url(person, "medlemmar/"), _add_form(household, partner.identity_number)).status_code == 403
    assert client.post(_url(person, f"medlemmar/{member.pk}/avsluta/"),
                       {f"end-{member.pk}-left_on": today().isoformat()}).status_code == 403
    assert client.post(_url(person, "sambor/"), _cohab(household, "1", version)).status_code == 403
    htmx = client.post(_url(person, "medlemmar/"), _add_form(household, partner.identity_number), **HX)
    assert htmx.status_code == 200 and "Du kan inte ändra hushållet" in htmx.content.decode()
    assert household.members.filter(left_on__isnull=True).count() == 2
    assert Household.objects.get().version == version


def test_another_units_worker_cannot_create(login, staff, person, eb_case):
    client = login(staff["bou_worker"])
    assert "Du kan inte skapa ett hushåll" in client.get(f"/personer/{person.pk}/").content.decode()
    assert client.post(_url(person), _create_form()).status_code == 403
    assert not Household.objects.exists()


def test_pages_require_login(client, person, household, toddler):
    member = household.members.get(person=toddler)
    for url in (_url(person), _url(person, f"medlemmar/{member.pk}/avsluta/")):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    assert client.post(_url(person), _create_form()).status_code == 302
    assert Household.objects.count() == 1


# protected members -------------------------------------------------------------------------------------------


def test_protected_member_address_is_never_shown(login, staff, person, protected_person, protected_viewer):
    household = household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE,
                                 members=[(person, "adult"), (protected_person, "adult")])
    html = login(staff["eb_worker"]).get(f"/personer/{person.pk}/").content.decode()
    section = html[html.index('id="hushall"'):]
    assert STREET not in html
    assert "Storgatan" not in section  # the household shares the address: nobody's is shown
    assert "Adresser visas inte" in section
    assert "Skyddad adress" in _member_row(html, household.members.get(person=protected_person))
    assert "Skyddade personuppgifter" in section
    visible = login(protected_viewer).get(f"/personer/{person.pk}/").content.decode()
    assert STREET in visible


# the access log ----------------------------------------------------------------------------------------------


def test_person_page_logs_every_member_shown(login, staff, person, household, toddler):
    before = AccessLog.objects.count()
    login(staff["eb_worker"]).get(f"/personer/{person.pk}/")
    rows = AccessLog.objects.order_by("id")[before:]
    household_rows = [r for r in rows if r.object_type == "household"]
    assert {r.person_id for r in household_rows} == {person.pk, toddler.pk}
    assert all(r.object_id == str(household.pk) and r.purpose == "Personöversikt" for r in household_rows)
    # the toddler has no case in the reader's units: flagged for loggkontroll
    assert {r.person_id: r.outside_units for r in household_rows} == {person.pk: True, toddler.pk: True}


def test_member_in_the_readers_units_is_not_flagged(login, staff, person, household, toddler, eb_case):
    before = AccessLog.objects.count()
    login(staff["eb_worker"]).get(f"/personer/{person.pk}/")
    rows = [r for r in AccessLog.objects.order_by("id")[before:] if r.object_type == "household"]
    assert {r.person_id: r.outside_units for r in rows} == {person.pk: False, toddler.pk: True}


# query count -------------------------------------------------------------------------------------------------


def test_person_page_queries_do_not_grow_per_member(login, staff, person, eb_case, django_assert_max_num_queries):
    household = household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE, members=[(person, "adult")])
    client = login(staff["eb_worker"])
    url = f"/personer/{person.pk}/"

    def grow(n):
        while household.members.count() < n:
            i = household.members.count()
            child = person_create(actor=staff["eb_worker"], identity_number=make_pnr(years_ago(2 + i), 300 + 2 * i),
                                  first_name=f"Barn{i}", last_name="Svensson",
                                  protection="sekretessmarkering" if i == 3 else "")
            HouseholdMember.objects.create(household=household, person=child, role="child", joined_on=SINCE)

    grow(2)
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('id="medlem-') == 10
    assert AccessLog.objects.filter(object_type="household", person_id=household.members.last().person_id).exists()
