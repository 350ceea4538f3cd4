"""The page for bevarandemarkeringar: the archive role and the caseworkers of the person's unit register and
withdraw marks; others may not; a withdrawn mark keeps nothing any more."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent
from skutan.core.errors import AccessDeniedError, ConflictError
from skutan.retention.models import MarkKind, RetentionMark
from skutan.retention.planning import person_plan
from skutan.retention.rules import RetentionSettings
from skutan.retention.services import retention_mark_register, retention_mark_withdraw
from skutan.retention.tests.conftest import years_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_parent(build):
    person = build.person("Fredrik", date(1970, 3, 2), 801, last="Fader")
    build.case(person, unit="eb", when=years_ago(6))
    return person


def _url(person):
    return reverse("retention:marks", kwargs={"subject_person_id": person.pk})


def test_a_caseworker_of_the_unit_registers_a_mark_on_the_page(old_parent, staff, client):
    client.force_login(staff["eb_worker"])
    page = client.get(_url(old_parent))
    assert page.status_code == 200
    assert "Registrera en bevarandemarkering" in page.content.decode()
    assert AccessLog.objects.filter(person_id=old_parent.pk, user_id=staff["eb_worker"].pk).exists()

    response = client.post(_url(old_parent), {"kind": "paternity", "document_date": "2019-04-05", "note": "Pärm 3"})
    assert response.status_code == 302
    mark = RetentionMark.objects.get(person=old_parent)
    assert (mark.kind, mark.document_date, mark.note, mark.registered_by) == (
        MarkKind.PATERNITY, date(2019, 4, 5), "Pärm 3", staff["eb_worker"])
    assert AuditEvent.objects.filter(event_type=EventType.RETENTION_MARK_REGISTERED, person_id=old_parent.pk).exists()
    assert "Utredning om faderskap" in client.get(_url(old_parent)).content.decode()


def test_bad_input_is_refused_with_a_swedish_message_and_nothing_saved(old_parent, staff, client):
    client.force_login(staff["eb_worker"])
    future = (timezone.localdate().replace(year=timezone.localdate().year + 1)).isoformat()
    response = client.post(_url(old_parent), {"kind": "paternity", "document_date": future})
    assert response.status_code == 400
    assert "kan inte vara i framtiden" in response.content.decode()
    response = client.post(_url(old_parent), {"kind": "paternity", "document_date": "5 maj"})
    assert response.status_code == 400
    assert "ÅÅÅÅ-MM-DD" in response.content.decode()
    assert not RetentionMark.objects.exists()


def test_the_archive_role_may_mark_and_others_may_not(old_parent, archivists, staff, client):
    client.force_login(archivists["planner"])
    assert client.post(_url(old_parent), {"kind": "adoption", "document_date": "2018-01-02"}).status_code == 302
    assert RetentionMark.objects.filter(person=old_parent, kind=MarkKind.ADOPTION).exists()

    client.force_login(staff["bou_worker"])  # another unit, no matter with the person
    response = client.post(_url(old_parent), {"kind": "bogus"})  # refused before the input is looked at
    assert response.status_code in (403, 404)
    assert RetentionMark.objects.count() == 1
    with pytest.raises(AccessDeniedError):
        retention_mark_register(actor=staff["bou_worker"], person=old_parent, kind="adoption",
                                document_date=date(2018, 1, 2))


def test_a_mark_keeps_the_person_until_it_is_withdrawn(old_parent, staff, client):
    settings = RetentionSettings()
    today = timezone.localdate()

    def outcome():
        return person_plan(person=old_parent, year=today.year, as_of=today, settings=settings)[0].outcome

    assert outcome().purge
    mark = retention_mark_register(actor=staff["eb_worker"], person=old_parent, kind="paternity",
                                   document_date=years_ago(20))
    assert (outcome().purge, outcome().rule_code) == (False, "faderskap_foraldraskap")

    client.force_login(staff["eb_worker"])
    url = reverse("retention:mark_withdraw", kwargs={"subject_person_id": old_parent.pk, "retention_mark_id": mark.pk})
    assert client.post(url, {"reason": ""}).status_code == 302
    assert RetentionMark.objects.get(pk=mark.pk).withdrawn_at is None  # a reason is required
    assert client.post(url, {"reason": "Fel person, handlingen finns inte i akten"}).status_code == 302

    mark.refresh_from_db()
    assert mark.withdrawn_by == staff["eb_worker"]
    assert mark.withdrawal_reason == "Fel person, handlingen finns inte i akten"
    event = AuditEvent.objects.get(event_type=EventType.RETENTION_MARK_WITHDRAWN)
    assert (event.person_id, event.data) == (old_parent.pk, {"kind": "paternity"})
    assert outcome().purge  # a withdrawn mark keeps nothing
    assert "Återkallad av" in client.get(_url(old_parent)).content.decode()
    with pytest.raises(ConflictError):
        retention_mark_withdraw(actor=staff["eb_worker"], mark=mark, reason="igen")
    client.force_login(staff["bou_worker"])
    assert client.post(url, {"reason": "x"}).status_code in (403, 404)
