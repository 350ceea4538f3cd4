import pytest

from skutan.audit.context import AccessContext
from skutan.audit.models import AccessLog
from skutan.cases.models import CaseAccessGrant
from skutan.cases.services import case_emergency_access
from skutan.conftest import emergency_right
from skutan.people.selectors import person_get_for_user


@pytest.mark.parametrize("who", ["eb_worker", "eb_manager", "bou_worker"])
def test_log_pages_refused_for_non_reviewers(login, staff, who):
    client = login(staff[who])
    assert client.get("/logg/").status_code == 403
    assert client.get("/logg/handelser/").status_code == 403


def test_log_review_page_for_reviewer_with_filters(login, staff, person, eb_case, protected_person):
    person_get_for_user(ctx=AccessContext(user=staff["eb_worker"], purpose="Personöversikt"), person_id=person.pk)
    person_get_for_user(ctx=AccessContext(user=staff["bou_worker"], purpose="Nyfiken"), person_id=protected_person.pk)
    client = login(staff["reviewer"])
    html = client.get("/logg/").content.decode()
    assert "Personöversikt" in html and "Nyfiken" in html
    html = client.get("/logg/?flagged=1").content.decode()
    assert "Nyfiken" in html and "Personöversikt" not in html
    assert "Skyddad person" in html and "Utanför enhet" in html
    html = client.get(f"/logg/?user={staff['eb_worker'].pk}").content.decode()
    assert "Personöversikt" in html and "Nyfiken" not in html
    html = client.get("/logg/?since=2000-01-01&until=2000-01-02").content.decode()
    assert "Inga åtkomster matchar filtret." in html
    # garbage filters are ignored rather than crashing
    assert client.get("/logg/?person=abc&since=igår").status_code == 200
    # a person filter is itself a logged read
    client.get(f"/logg/?person={person.pk}")
    assert AccessLog.objects.filter(user_id=staff["reviewer"].pk, person_id=person.pk, object_type="access_log").exists()


def test_emergency_review_from_log_page(login, staff, person, eb_case, bou_case):
    emergency_right(staff["eb_worker"], bou_case.unit)
    grant = case_emergency_access(actor=staff["eb_worker"], person=person, reason="Akut oro för barnets säkerhet")[0]
    reviewer = login(staff["reviewer"])
    assert "Akut oro för barnets säkerhet" in reviewer.get("/logg/").content.decode()
    assert login(staff["eb_manager"]).post(f"/logg/nodatkomst/{grant.pk}/granska/").status_code == 403
    assert CaseAccessGrant.objects.get(pk=grant.pk).reviewed_at is None
    assert reviewer.get(f"/logg/nodatkomst/{grant.pk}/granska/").status_code == 405
    response = reviewer.post(f"/logg/nodatkomst/{grant.pk}/granska/")
    assert response.status_code == 302
    assert CaseAccessGrant.objects.get(pk=grant.pk).reviewed_by == staff["reviewer"]
    assert "Nödåtkomst att granska" not in reviewer.get("/logg/").content.decode()


def test_audit_events_page_for_reviewer(login, staff, person):
    html = login(staff["reviewer"]).get("/logg/handelser/").content.decode()
    assert "people.person" in html and "eb.handlaggare" in html


def test_log_review_filter_by_personnummer(login, staff, person, protected_person, eb_case):
    person_get_for_user(ctx=AccessContext(user=staff["eb_worker"], purpose="Läste Anna"), person_id=person.pk)
    person_get_for_user(ctx=AccessContext(user=staff["eb_worker"], purpose="Läste Sara"), person_id=protected_person.pk)
    client = login(staff["reviewer"])
    html = client.get(f"/logg/?person={person.identity_number[2:]}").content.decode()  # ÅÅMMDD-NNNN
    assert "Läste Anna" in html and "Läste Sara" not in html
    html = client.get("/logg/?person=19811218-9876").content.decode()  # valid, but nobody here
    assert "Inga åtkomster matchar filtret." in html
