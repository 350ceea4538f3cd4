"""The database refuses to change or delete access-log and audit rows (audit migration 0003), on SQLite and
PostgreSQL alike. TRUNCATE (PostgreSQL) is in skutan/core/tests/test_dbguard.py."""

import pytest

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent
from skutan.audit.services import access_log_record, audit_event_record
from skutan.core.tests.rawsql import assert_refused, scalar

pytestmark = pytest.mark.django_db


def test_an_access_log_row_cannot_be_changed_or_deleted(staff, person):
    row = access_log_record(user=staff["eb_worker"], action="view", purpose="Test", object_type="person",
                            object_id=person.pk, person=person)
    assert_refused("UPDATE audit_accesslog SET username = 'någon annan' WHERE id = %s", [row.pk])
    assert_refused("UPDATE audit_accesslog SET at = at WHERE id = %s", [row.pk])
    assert_refused("DELETE FROM audit_accesslog WHERE id = %s", [row.pk])
    assert_refused("DELETE FROM audit_accesslog")
    assert AccessLog.objects.get(pk=row.pk).username == staff["eb_worker"].username


def test_an_audit_row_cannot_be_changed_or_deleted(staff, person):
    event = audit_event_record(event_type=EventType.PERSON_UPDATED, actor=staff["eb_worker"], obj=person,
                               person_id=person.pk, data={"fields": ["city"]})
    assert_refused("UPDATE audit_auditevent SET data = '{}' WHERE id = %s", [event.pk])
    assert_refused("UPDATE audit_auditevent SET acting_user_id = NULL")
    assert_refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert_refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).data == {"fields": ["city"]}
    assert scalar("SELECT COUNT(*) FROM audit_auditevent") == AuditEvent.objects.count()


def test_new_rows_are_still_written(staff, person):
    before = AccessLog.objects.count()
    access_log_record(user=staff["eb_worker"], action="view", purpose="Test", object_type="person",
                      object_id=person.pk, person=person)
    assert AccessLog.objects.count() == before + 1
