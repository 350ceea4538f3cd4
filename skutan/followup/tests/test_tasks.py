"""The follow-up app's background tasks with the real worker: the statistics refresh (page and command) and the
export of the whole dashboard as a file kept for its starter (enqueue → worker → download)."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import unit_create, user_create
from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent
from skutan.core.models import TaskProgress, TaskStatus
from skutan.core.tasks import worker_run_pending
from skutan.followup.models import HouseholdMonth
from skutan.payments.tests.factories import make_decision

pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits and reconnects, as in production


@pytest.fixture
def sysadmin(units):
    return user_create(username="sysadmin", password=None, first_name="S", last_name="F",
                       memberships=[(units["logg"], Role.SYSTEM_ADMIN)])


def test_refresh_from_the_dashboard_runs_on_the_worker_and_shows_progress(login, management, staff, eb_case):
    make_decision(case=eb_case, decided_by=staff["eb_manager"], month=date(2025, 3, 1), amount="100")
    HouseholdMonth.objects.all().delete()
    client = login(management)
    assert "Bygg om sammanställningarna nu" in client.get("/uppfoljning/").content.decode()
    response = client.post("/uppfoljning/bygg-om/")
    task = TaskProgress.objects.get(kind="followup.refresh")
    assert response["Location"] == f"/uppfoljning/?uppgift={task.pk}#bakgrund"
    assert AuditEvent.objects.filter(event_type=EventType.TASK_ENQUEUED, acting_user_id=management.pk,
                                     object_type="followup.refresh").count() == 1
    page = client.get(f"/uppfoljning/?uppgift={task.pk}").content.decode()
    assert f'hx-get="/uppgifter/{task.pk}/"' in page and "väntar på bakgrundsarbetaren" in page
    assert not HouseholdMonth.objects.exists()
    worker_run_pending()
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.total and task.done == task.total
    assert task.result["rows"] == HouseholdMonth.objects.count() >= 1
    assert AuditEvent.objects.filter(event_type=EventType.STATISTICS_REFRESHED, acting_user_id=management.pk).exists()
    fragment = client.get(f"/uppgifter/{task.pk}/").content.decode()
    assert "Klar" in fragment and "hx-trigger" not in fragment and "hushållsmånader" in fragment


def test_the_systemforvaltare_refreshes_from_the_population_page(login, sysadmin):
    client = login(sysadmin)
    response = client.post("/uppfoljning/bygg-om/", {"sida": "folkmangd"})
    task = TaskProgress.objects.get(kind="followup.refresh")
    assert response["Location"] == f"/uppfoljning/folkmangd/?uppgift={task.pk}#bakgrund"
    assert f"task-progress-{task.pk}" in client.get(response["Location"]).content.decode()


def test_a_unit_manager_may_not_refresh_and_nothing_is_queued(login, staff):
    client = login(staff["eb_manager"])
    assert "Bygg om sammanställningarna nu" not in client.get("/uppfoljning/").content.decode()
    assert client.post("/uppfoljning/bygg-om/").status_code == 403
    assert login(staff["eb_worker"]).post("/uppfoljning/bygg-om/").status_code == 403
    assert not TaskProgress.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.TASK_ENQUEUED).exists()


def test_the_command_enqueues_and_follows_with_the_worker_here(staff, eb_case, capsys):
    make_decision(case=eb_case, decided_by=staff["eb_manager"], month=date(2025, 3, 1), amount="100")
    HouseholdMonth.objects.all().delete()
    call_command("followup", "refresh", "--worker-here")
    out = capsys.readouterr().out
    assert "bakgrundskön" in out and "Klar" in out and "hushållsmånader" in out
    assert HouseholdMonth.objects.filter(month=date(2025, 3, 1)).count() == 1
    call_command("followup", "refresh", "--no-wait")
    assert TaskProgress.objects.filter(kind="followup.refresh", status=TaskStatus.QUEUED).count() == 1


def test_a_failed_refresh_shows_failed(staff, monkeypatch, capsys):
    from django.core.management.base import CommandError

    from skutan.followup import summaries

    def broken(*, progress=None):
        progress(1, 4, "Hushåll 2025-01")
        raise RuntimeError("disken är full")

    monkeypatch.setattr(summaries, "statistics_refresh", broken)
    with pytest.raises(CommandError, match="disken är full"):
        call_command("followup", "refresh", "--worker-here")
    task = TaskProgress.objects.get(kind="followup.refresh")
    assert task.status == TaskStatus.FAILED and task.message == "disken är full"
    assert (task.done, task.total) == (1, 4)  # the progress had moved before it failed


def _export(client, month):
    response = client.post("/uppfoljning/export/", {"period": "month", "value": f"{month:%Y-%m}"})
    task = TaskProgress.objects.get(kind="followup.export")
    return response, task


def test_the_dashboard_export_is_made_in_the_background_and_downloaded_by_its_starter(login, management, decisions):
    from openpyxl import load_workbook

    month = decisions["month"]
    client = login(management)
    response, task = _export(client, month)
    assert response.status_code == 302 and f"uppgift={task.pk}" in response["Location"]
    assert "period=month" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Exportera till Excel" in page and f"task-progress-{task.pk}" in page
    assert client.get(f"/uppfoljning/export/{task.pk}/").status_code == 404  # not made yet
    worker_run_pending()
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done == task.total > 1
    fragment = client.get(f"/uppgifter/{task.pk}/").content.decode()
    assert f'href="/uppfoljning/export/{task.pk}/"' in fragment and "Ladda ner" in fragment
    # The file is in the storage, not in the database.
    assert "file" in task.result and set(task.result["file"]) >= {"name", "filename", "expires_at"}
    assert not any(isinstance(v, (bytes, str)) and len(v) > 500 for v in task.result.values())
    exports_before = AccessLog.objects.filter(object_type="followup", action="export").count()
    download = client.get(f"/uppfoljning/export/{task.pk}/")
    assert download.status_code == 200 and "spreadsheetml" in download["Content-Type"]
    assert "uppfoljning-" in download["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    table = book["eb-kostnad"]
    header = [c.value for c in table[4]]
    row = next(r for r in table.iter_rows(min_row=5, values_only=True) if r[0] == f"{month:%Y-%m}")
    assert row[header.index("Per hushåll")] == 5167 and row[header.index("Hushåll")] == 6
    assert "Definitioner" in book.sheetnames
    assert AccessLog.objects.filter(object_type="followup", action="export").count() == exports_before + 1
    assert AuditEvent.objects.filter(event_type=EventType.EXPORT_FILE_DOWNLOADED, acting_user_id=management.pk,
                                     object_id=str(task.pk)).count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.EXPORT_FILE_MADE, object_id=str(task.pk)).count() == 1
    # Nobody else gets the file, not even a superuser or another director.
    other = user_create(username="annan.chef", password=None, first_name="A", last_name="C",
                        memberships=[(unit_create(name="Ledning 2", kind=UnitKind.MANAGEMENT), Role.MANAGEMENT)])
    admin = user_create(username="root", password=None, first_name="R", last_name="R")
    admin.is_superuser = True
    admin.save()
    assert login(other).get(f"/uppfoljning/export/{task.pk}/").status_code == 404
    assert login(admin).get(f"/uppfoljning/export/{task.pk}/").status_code == 404


def test_a_caseworker_cannot_export_and_nothing_is_queued(login, staff, decisions):
    response = login(staff["eb_worker"]).post("/uppfoljning/export/", {"period": "month", "value": "2025-01"})
    assert response.status_code == 403
    # A unit manager asking for a unit outside their scope: 404, nothing queued either.
    response = login(staff["eb_manager"]).post("/uppfoljning/export/", {"unit": str(decisions["other"].pk)})
    assert response.status_code == 404
    assert not TaskProgress.objects.exists()


def test_the_export_file_is_deleted_after_its_time(login, management, decisions, settings):
    from skutan.core.exportfiles import export_files_prune, export_storage

    client = login(management)
    _, task = _export(client, decisions["month"])
    worker_run_pending()
    task.refresh_from_db()
    name = task.result["file"]["name"]
    assert export_storage().exists(name)
    assert export_files_prune(now=timezone.now() + timedelta(hours=settings.SKUTAN_EXPORT_FILE_HOURS - 1)) == 0
    assert export_files_prune(now=timezone.now() + timedelta(hours=settings.SKUTAN_EXPORT_FILE_HOURS + 1)) == 1
    assert not export_storage().exists(name)
    task.refresh_from_db()
    assert task.result["file"]["deleted"] and "download_url" not in task.result
    assert client.get(f"/uppfoljning/export/{task.pk}/").status_code == 404
    assert "raderad efter lagringstiden" in client.get(f"/uppgifter/{task.pk}/").content.decode()
