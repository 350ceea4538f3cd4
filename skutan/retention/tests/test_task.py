"""The gallring as a background task: enqueued from the page or the command, run by the real database worker,
refused for a plan nobody approved, and continued exactly after a worker that died half-way."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.core.models import PurgeCount, TaskProgress, TaskStatus
from skutan.core.tasks import worker_run_pending
from skutan.people.models import Person
from skutan.retention import services
from skutan.retention.models import PlanStatus, PurgePlan
from skutan.retention.services import (
    purge_plan_approve,
    purge_plan_create,
    purge_plan_execute_start,
)
from skutan.retention.tests.conftest import years_ago

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def old_people(build):
    people = []
    for n, first in enumerate(["Tage", "Tora", "Tim", "Tyra"]):
        person = build.person(first, date(1960 + n, 4, 3), 401 + 2 * n, last="Körsson")
        build.case(person, unit="eb", when=years_ago(6 + n))
        people.append(person)
    return people


def _approved(archivists):
    plan = purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year)
    return purge_plan_approve(actor=archivists["approver"], plan=plan, version=plan.version)


def test_the_task_refuses_a_plan_nobody_approved(old_people, archivists):
    plan = purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year)
    with pytest.raises(services.ConflictError, match="inte godkänd"):
        purge_plan_execute_start(actor=archivists["approver"], plan=plan)

    # Even a task enqueued behind the service's back re-checks the approval in the worker.
    from skutan.core.tasks import task_enqueue
    from skutan.retention.tasks import purge_plan_execute_task

    progress = task_enqueue(
        task=purge_plan_execute_task, kind="retention.purge", label="x", actor=archivists["approver"],
        plan_id=plan.pk, actor_id=archivists["approver"].pk,
    )
    worker_run_pending()

    progress.refresh_from_db()
    assert progress.status == TaskStatus.FAILED
    assert "inte godkänd" in progress.message
    assert Person.objects.filter(pk__in=[p.pk for p in old_people]).count() == 4
    assert PurgePlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_a_task_killed_half_way_is_enqueued_again_and_finishes_exactly(old_people, archivists, monkeypatch):
    ids = [p.pk for p in old_people]
    plan = _approved(archivists)
    real = services.holdings_delete
    calls = []

    def die_in_third_group(holdings):
        calls.append(1)
        tables = real(holdings)
        if len(calls) == 3:
            raise SystemExit("arbetaren dödades")  # mid-group: this group's transaction rolls back
        return tables

    monkeypatch.setattr(services, "holdings_delete", die_in_third_group)
    first = purge_plan_execute_start(actor=archivists["approver"], plan=plan)
    worker_run_pending()  # the worker records the task as failed; the progress row stays "running"
    # As a killed worker leaves it: the task row never finished.
    TaskProgress.objects.filter(pk=first.pk).update(status=TaskStatus.RUNNING, finished_at=None)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.RUNNING
    assert plan.groups_done == 2
    assert Person.objects.filter(pk__in=ids).count() == 2
    assert plan.counts["people_person"] == 2

    monkeypatch.setattr(services, "holdings_delete", real)
    again = purge_plan_execute_start(actor=archivists["approver"], plan=plan)
    worker_run_pending()

    again.refresh_from_db()
    plan.refresh_from_db()
    assert again.status == TaskStatus.DONE, again.message
    assert (again.done, again.total) == (4, 4)
    assert again.result["persons"] == 4
    assert plan.status == PlanStatus.DONE
    assert plan.groups_done == plan.groups_total == 4
    assert not Person.objects.filter(pk__in=ids).exists()
    assert plan.counts["people_person"] == 4  # no group counted twice
    assert plan.counts["cases_case"] == 4
    assert plan.summary["purged"] == {"personakt_5_ar": 4}
    # the database's own count agrees with the plan's
    assert sum(c.count for c in PurgeCount.objects.filter(table_name="cases_caseevent")) == plan.counts["cases_caseevent"]
    assert AuditEvent.objects.filter(event_type=EventType.PURGE_STARTED).count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.PURGE_FINISHED).count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.TASK_ENQUEUED, object_type="retention.purge").count() == 2

    third = purge_plan_execute_start  # a finished plan is not enqueued again
    with pytest.raises(services.ConflictError):
        third(actor=archivists["approver"], plan=plan)


def test_the_command_enqueues_and_follows_with_the_worker_here(old_people, archivists):
    plan = _approved(archivists)
    out = StringIO()
    call_command("gallring", "execute", "--plan", str(plan.pk), "--user", "arkiv.godkannare", "--worker-here",
                 stdout=out)
    text = out.getvalue()
    assert "bakgrundskön" in text
    assert "Genomförd" in text
    assert "people_person: 4" in text
    assert not Person.objects.filter(pk__in=[p.pk for p in old_people]).exists()


def test_the_command_with_no_wait_only_enqueues(old_people, archivists):
    plan = _approved(archivists)
    call_command("gallring", "execute", "--plan", str(plan.pk), "--user", "arkiv.godkannare", "--no-wait",
                 stdout=StringIO())
    assert TaskProgress.objects.get(kind="retention.purge").status == TaskStatus.QUEUED
    assert Person.objects.filter(pk__in=[p.pk for p in old_people]).count() == 4
    with pytest.raises(CommandError, match="inte godkänd"):
        draft = purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year)
        call_command("gallring", "execute", "--plan", str(draft.pk), "--user", "arkiv.godkannare", "--no-wait",
                     stdout=StringIO())


def test_the_page_enqueues_and_shows_the_progress(old_people, archivists, client):
    plan = _approved(archivists)
    client.force_login(archivists["approver"])
    response = client.post(reverse("retention:plan", kwargs={"purge_plan_id": plan.pk}),
                           {"action": "execute", "version": plan.version})
    progress = TaskProgress.objects.get(kind="retention.purge")
    assert response.status_code == 302
    assert response["Location"].endswith(f"?uppgift={progress.pk}")

    page = client.get(response["Location"])
    assert f'id="task-progress-{progress.pk}"' in page.content.decode()
    assert Person.objects.filter(pk__in=[p.pk for p in old_people]).count() == 4  # nothing runs in the request

    worker_run_pending()
    fragment = client.get(reverse("task_progress", args=[progress.pk]))
    assert "Klar" in fragment.content.decode()
    assert not Person.objects.filter(pk__in=[p.pk for p in old_people]).exists()
