import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from skutan.audit.catalogue import EventType
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessLog, AuditEvent
from skutan.audit.services import access_log_record, access_log_review_record, audit_event_record
from skutan.people.models import Person
from skutan.people.selectors import person_get_for_user


def test_catalogue_numbers_are_unique_and_in_their_hundreds():
    values = [e.value for e in EventType]
    assert len(values) == len(set(values))
    assert all(v >= 101 for v in values)
    assert EventType.PERSON_CREATED // 100 == 2 and EventType.CASE_OPENED // 100 == 3
    assert all(e.label for e in EventType)


def test_audit_event_record_separates_actor_and_subject(staff, person):
    row = audit_event_record(event_type=EventType.PERSON_UPDATED, actor=staff["eb_worker"], obj=person,
                             person_id=person.pk, data={"fields": ["city"]})
    row.refresh_from_db()
    assert (row.acting_user_id, row.acting_username) == (staff["eb_worker"].pk, "eb.handlaggare")
    assert (row.object_type, row.object_id, row.person_id) == ("people.person", str(person.pk), person.pk)
    assert row.event_type == 202 and row.data == {"fields": ["city"]}


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_audit_event_record_without_user(db, actor):
    row = audit_event_record(event_type=EventType.USER_LOGIN_FAILED, actor=actor, object_type="accounts.user",
                             object_id="")
    assert (row.acting_user_id, row.acting_username) == (None, "")


def test_audit_row_rolls_back_with_the_write(staff, person):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_event_record(event_type=EventType.PERSON_UPDATED, actor=staff["eb_worker"], obj=person)
        raise RuntimeError("the service failed after writing")
    assert not AuditEvent.objects.filter(event_type=EventType.PERSON_UPDATED).exists()


def test_access_log_record_snapshot(staff, protected_person):
    row = access_log_record(user=staff["eb_worker"], action="view", purpose="x" * 300, object_type="person",
                            object_id=protected_person.pk, person=protected_person, path="/p/" * 200)
    row.refresh_from_db()
    assert row.username == "eb.handlaggare" and row.person_id == protected_person.pk
    assert row.protected_person
    assert len(row.purpose) == 200 and len(row.path) == 300


def test_access_log_review_record_one_row_per_person_shown(staff, person, protected_person):
    access_log_review_record(user=staff["reviewer"], rows=[], person_id=None, channel="web", path="/logg/")
    assert not AccessLog.objects.exists()
    access_log_review_record(user=staff["reviewer"], rows=[], person_id=person.pk, channel="web", path="/logg/")
    assert AccessLog.objects.get().person_id == person.pk
    shown = [
        access_log_record(user=staff["eb_worker"], action="view", purpose="x", object_type="person",
                          object_id=p.pk, person=p)
        for p in (person, protected_person, person)
    ]
    before = AccessLog.objects.count()
    access_log_review_record(user=staff["reviewer"], rows=shown, channel="api", path="/api/v1/access-log")
    new = AccessLog.objects.order_by("id")[before:]
    assert sorted(r.person_id for r in new) == sorted([person.pk, protected_person.pk])
    assert {r.purpose for r in new} == {"Loggkontroll"}
    assert [r.protected_person for r in new if r.person_id == protected_person.pk] == [True]


def test_logs_outlive_the_person_and_the_user(staff, person):
    """Neither table has a foreign key: rows stay when what they describe is deleted."""
    person_get_for_user(ctx=AccessContext(user=staff["eb_worker2"]), person_id=person.pk)
    person_id, user_id = person.pk, staff["eb_worker2"].pk
    Person.objects.filter(pk=person_id).delete()  # a person without cases (gallring)
    staff["eb_worker2"].delete()
    row = AccessLog.objects.get(person_id=person_id)
    assert (row.user_id, row.username) == (user_id, "eb.handlaggare2")
    assert AuditEvent.objects.filter(person_id=person_id, event_type=EventType.PERSON_CREATED).exists()
