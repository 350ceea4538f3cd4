"""skutan.core.purge.purge_authorized: the one way to delete frozen and logged rows."""

import pytest
from django.db import IntegrityError, transaction

from skutan.audit.models import AccessLog, AuditEvent
from skutan.audit.services import access_log_record
from skutan.core.errors import ApplicationError
from skutan.core.models import PurgeAuthorization, PurgeCount
from skutan.core.purge import purge_authorized, purge_counts
from skutan.core.tests.rawsql import assert_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(staff, person):
    return [
        access_log_record(user=staff["eb_worker"], action="view", purpose="Test", object_type="person",
                          object_id=person.pk, person=person)
        for _ in range(3)
    ]


def test_outside_a_purge_the_database_refuses_the_delete(logged):
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLog.objects.filter(pk__in=[r.pk for r in logged]).delete()
    assert AccessLog.objects.filter(pk__in=[r.pk for r in logged]).count() == 3


def test_inside_a_purge_the_delete_goes_through_and_is_counted(logged, staff):
    ids = [r.pk for r in logged[:2]]
    with purge_authorized(plan_id="gallring-2026-01", actor=staff["reviewer"]) as authorization:
        deleted, _ = AccessLog.objects.filter(pk__in=ids).delete()
    assert deleted == 2
    assert not AccessLog.objects.filter(pk__in=ids).exists()
    assert AccessLog.objects.filter(pk=logged[2].pk).exists()
    authorization.refresh_from_db()
    assert authorization.finished_at is not None
    assert (authorization.plan_id, authorization.actor_id) == ("gallring-2026-01", staff["reviewer"].pk)
    assert purge_counts(authorization=authorization) == {"audit_accesslog": 2}
    # Afterwards the door is shut again.
    assert_refused("DELETE FROM audit_accesslog WHERE id = %s", [logged[2].pk])


def test_the_trace_holds_no_personal_data_and_cannot_be_changed_or_deleted(logged, staff, person):
    with purge_authorized(plan_id="plan-7", actor=staff["reviewer"]) as authorization:
        AccessLog.objects.filter(pk=logged[0].pk).delete()
    fields = {f.name for f in PurgeAuthorization._meta.concrete_fields}
    assert fields == {"id", "plan_id", "actor_id", "started_at", "finished_at"}
    assert {f.name for f in PurgeCount._meta.concrete_fields} == {"id", "authorization", "table_name", "count"}
    assert_refused("UPDATE core_purgeauthorization SET plan_id = 'x' WHERE id = %s", [authorization.pk])
    assert_refused("UPDATE core_purgeauthorization SET finished_at = NULL WHERE id = %s", [authorization.pk])
    assert_refused("DELETE FROM core_purgeauthorization WHERE id = %s", [authorization.pk])
    assert_refused("UPDATE core_purgecount SET count = 99")
    assert_refused("DELETE FROM core_purgecount")
    assert_refused(
        "INSERT INTO core_purgecount (authorization_id, table_name, count) VALUES (%s, 'audit_auditevent', 5)",
        [authorization.pk],
    )


def test_a_failed_purge_leaves_nothing_behind(logged, staff):
    with pytest.raises(RuntimeError), purge_authorized(plan_id="plan-8", actor=staff["reviewer"]):
        AccessLog.objects.filter(pk=logged[0].pk).delete()
        raise RuntimeError("avbruten")
    assert AccessLog.objects.filter(pk=logged[0].pk).exists()
    assert not PurgeAuthorization.objects.filter(plan_id="plan-8").exists()


def test_a_purge_needs_a_plan_id_without_personal_data_and_an_actor(staff):
    with pytest.raises(ApplicationError) as caught, purge_authorized(plan_id="19860211-1234 Anna", actor=staff["reviewer"]):
        pass
    assert caught.value.field == "plan_id"
    with pytest.raises(ApplicationError) as caught, purge_authorized(plan_id="plan-9", actor=None):
        pass
    assert caught.value.field == "actor"
    assert not PurgeAuthorization.objects.exists()


def test_a_purge_counts_every_table_it_touches(staff, person, eb_case):
    from skutan.audit.catalogue import EventType
    from skutan.audit.services import audit_event_record

    audit_event_record(event_type=EventType.PERSON_UPDATED, actor=staff["eb_worker"], obj=person)
    with purge_authorized(plan_id="plan-10", actor=staff["reviewer"]) as authorization:
        AuditEvent.objects.all().delete()
    counts = purge_counts(authorization=authorization)
    assert set(counts) == {"audit_auditevent"} and counts["audit_auditevent"] >= 2
