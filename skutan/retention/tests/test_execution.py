"""Executing a gallringsplan: only after approval, through the controlled path, leaving no personal data,
and safe to rerun after a crash."""

import json
from datetime import date

import pytest
from django.test import override_settings
from django.utils import timezone

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent
from skutan.cases.models import Case, JournalEntry
from skutan.core.errors import AccessDeniedError, ConflictError
from skutan.core.models import PurgeAuthorization, PurgeCount
from skutan.people.models import Person
from skutan.retention.models import ItemOutcome, PlanStatus, PurgePlan
from skutan.retention.services import purge_plan_approve, purge_plan_create, purge_plan_execute
from skutan.retention.tests.conftest import years_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_people(build):
    people = []
    for n, (first, born) in enumerate([("Sixten", date(1970, 3, 2)), ("Svea", date(1972, 8, 9)), ("Sam", date(1969, 1, 4))]):
        person = build.person(first, born, 101 + 2 * n, last="Gammalsson")
        build.case(person, unit="eb", when=years_ago(6 + n), text=f"Samtal med {first} om hyran.")
        people.append(person)
    return people


@pytest.fixture
def kept(build):
    person = build.person("Kvar", date(1990, 2, 2), 313, last="Nyberg")
    build.case(person, unit="eb", when=years_ago(1))
    return person


def _approved(archivists):
    plan = purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year)
    return purge_plan_approve(actor=archivists["approver"], plan=plan, version=plan.version, note="Granskad")


def test_execution_is_refused_until_a_second_archivist_has_approved(old_people, archivists, staff):
    plan = purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year)

    with pytest.raises(ConflictError):
        purge_plan_execute(actor=archivists["approver"], plan=plan)
    with pytest.raises(AccessDeniedError):  # the planner may not approve their own plan
        purge_plan_approve(actor=archivists["planner"], plan=plan, version=plan.version)
    with pytest.raises(AccessDeniedError):  # nor may anyone without the archive role
        purge_plan_approve(actor=staff["eb_manager"], plan=plan, version=plan.version)
    with pytest.raises(AccessDeniedError):
        purge_plan_create(actor=staff["eb_manager"], year=timezone.localdate().year)

    assert Person.objects.filter(pk__in=[p.pk for p in old_people]).count() == 3
    assert PurgePlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    assert not PurgeAuthorization.objects.exists()


def test_an_approved_plan_purges_the_due_and_keeps_the_rest(old_people, kept, archivists):
    plan = _approved(archivists)

    plan = purge_plan_execute(actor=archivists["approver"], plan=plan)

    assert plan.status == PlanStatus.DONE
    assert not Person.objects.filter(pk__in=[p.pk for p in old_people]).exists()
    assert not Case.objects.filter(person_id__in=[p.pk for p in old_people]).exists()
    assert Person.objects.filter(pk=kept.pk).exists()
    assert kept.cases.count() == 1
    assert plan.counts["people_person"] == 3
    assert plan.counts["cases_case"] == 3
    assert plan.counts["cases_caseevent"] >= 6
    assert plan.summary["purged"] == {"personakt_5_ar": 3}
    # the database counts the guarded tables itself; both counts agree
    for table in ("cases_caseevent", "cases_journalentry"):
        assert sum(c.count for c in PurgeCount.objects.filter(table_name=table)) == plan.counts[table]


def test_the_trace_holds_no_personal_data(old_people, archivists):
    ids = [p.pk for p in old_people]
    secrets = [s for p in old_people for s in (p.first_name, p.last_name, p.identity_number, p.street_address)]
    secrets += ["hyran"]
    plan = purge_plan_execute(actor=archivists["approver"], plan=_approved(archivists))

    trace = json.dumps({
        "plan": {"code": plan.code, "summary": plan.summary, "counts": plan.counts},
        "items": list(plan.items.values()),
        "authorizations": list(PurgeAuthorization.objects.values("plan_id", "actor_id")),
        "counts": list(PurgeCount.objects.values("table_name", "count")),
        "events": list(
            AuditEvent.objects.filter(event_type__in=[
                EventType.PURGE_PLAN_CREATED, EventType.PURGE_PLAN_APPROVED, EventType.PURGE_STARTED,
                EventType.PURGE_FINISHED,
            ]).values("person_id", "case_id", "data")
        ),
    }, default=str)
    for secret in secrets:
        assert secret not in trace
    assert not plan.items.filter(person_id__in=ids).exists()
    assert not AuditEvent.objects.filter(event_type__gte=1310, event_type__lte=1314, person_id__isnull=False).exists()
    assert "person_id" not in json.dumps(plan.summary)


def test_a_rerun_after_an_interrupted_purge_does_no_harm(old_people, kept, archivists):
    plan = _approved(archivists)

    class Crash(Exception):
        pass

    def crash_after_first(done, total):
        if done == 1:
            raise Crash

    with pytest.raises(Crash):
        purge_plan_execute(actor=archivists["approver"], plan=plan, progress=crash_after_first)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.RUNNING
    assert plan.groups_done == 1
    assert Person.objects.filter(pk__in=[p.pk for p in old_people]).count() == 2  # one group gone, wholly

    seen = []
    plan = purge_plan_execute(actor=archivists["approver"], plan=plan, progress=lambda d, t: seen.append((d, t)))
    assert plan.status == PlanStatus.DONE
    assert seen == [(2, 3), (3, 3)]
    assert not Person.objects.filter(pk__in=[p.pk for p in old_people]).exists()
    assert Person.objects.filter(pk=kept.pk).exists()
    assert plan.counts["people_person"] == 3
    assert plan.summary["purged"] == {"personakt_5_ar": 3}

    again = purge_plan_execute(actor=archivists["approver"], plan=plan)  # a third run changes nothing
    assert again.counts == plan.counts
    assert AuditEvent.objects.filter(event_type=EventType.PURGE_FINISHED).count() == 1


def test_a_crash_inside_a_group_rolls_the_group_back(old_people, archivists, monkeypatch):
    from skutan.retention import services

    plan = _approved(archivists)
    real = services.holdings_delete
    calls = []

    def fail_midway(holdings):
        calls.append(1)
        tables = real(holdings)
        if len(calls) == 2:
            raise RuntimeError("strömavbrott")
        return tables

    monkeypatch.setattr(services, "holdings_delete", fail_midway)
    with pytest.raises(RuntimeError):
        purge_plan_execute(actor=archivists["approver"], plan=plan)
    assert Person.objects.filter(pk__in=[p.pk for p in old_people]).count() == 2  # the second group rolled back
    assert JournalEntry.objects.filter(case__person_id__in=[p.pk for p in old_people]).count() == 2

    monkeypatch.setattr(services, "holdings_delete", real)
    plan = purge_plan_execute(actor=archivists["approver"], plan=PurgePlan.objects.get(pk=plan.pk))
    assert plan.status == PlanStatus.DONE
    assert plan.counts["people_person"] == 3


def test_a_new_entry_after_approval_keeps_the_person(old_people, archivists, build):
    plan = _approved(archivists)
    build.case(old_people[0], unit="eb", when=timezone.localdate())

    plan = purge_plan_execute(actor=archivists["approver"], plan=plan)

    assert Person.objects.filter(pk=old_people[0].pk).exists()
    item = plan.items.get(person=old_people[0])
    assert item.outcome == ItemOutcome.KEEP
    assert item.reason.startswith("Ändrat sedan planen")
    assert plan.counts["people_person"] == 2


@override_settings(SKUTAN_RETENTION_ACCESS_LOG_YEARS=2)
def test_the_access_log_is_purged_by_its_own_retention(archivists):
    from skutan.core.clock import recorded_at
    from skutan.retention.tests.conftest import moment

    with recorded_at(moment(years_ago(3))):
        old = AccessLog.objects.create(username="x", object_type="person", action="view", purpose="Handläggning")
    new = AccessLog.objects.create(username="x", object_type="person", action="view", purpose="Handläggning")

    plan = purge_plan_execute(actor=archivists["approver"], plan=_approved(archivists))

    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert AccessLog.objects.filter(pk=new.pk).exists()
    assert plan.counts["audit_accesslog"] == 1
    assert plan.summary["logs"]["audit_accesslog"]["years"] == 2
