"""The log reviewer's own reads are logged: every person the log review shows gets an access-log row."""

import pytest

from skutan.audit.context import AccessContext
from skutan.audit.models import AccessLog
from skutan.cases.services import case_emergency_access
from skutan.conftest import emergency_right
from skutan.people.selectors import person_get_for_user


@pytest.fixture
def reads(staff, person, protected_person, eb_case, bou_case):
    person_get_for_user(ctx=AccessContext(user=staff["eb_worker"], purpose="Personöversikt"), person_id=person.pk)
    person_get_for_user(ctx=AccessContext(user=staff["bou_worker"], purpose="Nyfiken"), person_id=protected_person.pk)
    return {person.pk, protected_person.pk}


def _review_rows(reviewer, before):
    return list(AccessLog.objects.filter(user_id=reviewer.pk, id__gt=before))


def _last_id():
    return AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize("query", ["", "?flagged=1", "?since=2000-01-01", "?user={eb_worker}"])
def test_log_review_page_logs_every_person_it_shows(login, staff, reads, person, protected_person, query):
    client = login(staff["reviewer"])
    before = _last_id()
    url = "/logg/" + query.format(eb_worker=staff["eb_worker"].pk)
    assert client.get(url).status_code == 200
    rows = _review_rows(staff["reviewer"], before)
    expected = {
        "": reads, "?flagged=1": {protected_person.pk}, "?since=2000-01-01": reads, "?user={eb_worker}": {person.pk},
    }[query]
    assert {r.person_id for r in rows} == expected
    assert {r.purpose for r in rows} == {"Loggkontroll"}
    assert all(r.protected_person == (r.person_id == protected_person.pk) for r in rows)


def test_emergency_grants_on_the_page_are_logged_too(login, staff, units, person, eb_case, bou_case):
    emergency_right(staff["eb_worker"], units["bou"])
    case_emergency_access(actor=staff["eb_worker"], person=person, reason="Akut oro för barnets säkerhet")
    before = _last_id()
    login(staff["reviewer"]).get("/logg/?since=2000-01-01&until=2000-01-02")  # no log rows, but the grant list
    assert {r.person_id for r in _review_rows(staff["reviewer"], before)} == {person.pk}


@pytest.mark.parametrize("query", ["", "?flagged=true", "?person={person}"])
def test_access_log_api_logs_every_person_it_returns(api, staff, reads, person, protected_person, query):
    before = _last_id()
    response = api(staff["reviewer"]).get("/access-log" + query.format(person=person.pk))
    assert response.status_code == 200
    returned = {r["person_id"] for r in response.json() if r["person_id"]}
    rows = _review_rows(staff["reviewer"], before)
    assert returned and {r.person_id for r in rows} == returned
    assert {(r.purpose, r.channel) for r in rows} == {("Loggkontroll", "api")}
