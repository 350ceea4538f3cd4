"""The log reviewer's pages: start-page panel, item list, item page with the close form."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent
from skutan.logreview.models import LogReviewItem, ReviewStatus
from skutan.logreview.tests.test_services import DAY, _log, _run


@pytest.fixture
def item(staff, protected_person):
    _log(staff["eb_worker"], protected_person, hour=23)
    _run()
    return LogReviewItem.objects.filter(kind="protected_person").get()


def test_start_page_shows_counts_per_week_to_the_log_reviewer(login, staff, item):
    text = login(staff["reviewer"]).get("/").content.decode()
    assert "Automatisk loggkontroll" in text and "2 poster att granska" in text
    assert "Poster per vecka" in text


def test_start_page_of_others_has_no_review_panel(login, staff, item):
    assert "Automatisk loggkontroll" not in login(staff["eb_worker"]).get("/").content.decode()


def test_item_list_and_page_are_for_log_reviewers_only(login, staff, item):
    client = login(staff["eb_manager"])
    assert client.get("/loggkontroll/").status_code == 403
    assert client.get(f"/loggkontroll/{item.pk}/").status_code == 403
    assert client.post(f"/loggkontroll/{item.pk}/", {"note": "x", "version": item.version}).status_code == 403
    item.refresh_from_db()
    assert item.status == ReviewStatus.OPEN


def test_item_page_names_the_person_and_logs_that_read(login, staff, item, protected_person):
    response = login(staff["reviewer"]).get(f"/loggkontroll/{item.pk}/")
    assert response.status_code == 200
    assert protected_person.full_name in response.content.decode()
    row = AccessLog.objects.filter(user_id=staff["reviewer"].pk, object_type="logreview_item").get()
    assert (row.person_id, row.purpose, row.protected_person) == (protected_person.pk, "Loggkontroll", True)


def test_reviewer_closes_an_item_with_a_note(login, staff, item):
    client = login(staff["reviewer"])
    listing = client.get("/loggkontroll/").content.decode()
    assert f"/loggkontroll/{item.pk}/" in listing
    response = client.post(f"/loggkontroll/{item.pk}/", {"note": "", "version": item.version})
    assert response.status_code == 400
    assert LogReviewItem.objects.get(pk=item.pk).status == ReviewStatus.OPEN
    response = client.post(f"/loggkontroll/{item.pk}/", {"note": "Enhetschefen bad om hjälp.", "version": item.version})
    assert response.status_code == 302 and response["Location"] == "/loggkontroll/"
    item.refresh_from_db()
    assert (item.status, item.note, item.closed_by_id) == (ReviewStatus.CLOSED, "Enhetschefen bad om hjälp.",
                                                           staff["reviewer"].pk)
    assert AuditEvent.objects.filter(event_type=EventType.LOG_REVIEW_ITEM_CLOSED, object_id=str(item.pk)).exists()
    assert f"/loggkontroll/{item.pk}/" not in client.get("/loggkontroll/").content.decode()  # open items only
    assert f"/loggkontroll/{item.pk}/" in client.get("/loggkontroll/?status=closed").content.decode()


def test_stale_version_gives_a_swedish_message(login, staff, item):
    response = login(staff["reviewer"]).post(f"/loggkontroll/{item.pk}/", {"note": "ok", "version": item.version + 5})
    assert response.status_code == 400
    assert "ändrats av någon annan" in response.content.decode()


def test_unknown_item_is_a_swedish_404(login, staff):
    response = login(staff["reviewer"]).get("/loggkontroll/999999/")
    assert response.status_code == 404 and "Posten finns inte." in response.content.decode()


def test_command_runs_the_review(staff, person, capsys):
    from django.core.management import call_command

    _log(staff["eb_worker"], person, hour=2, day=date(2026, 11, 18))
    call_command("logreview", "run", "--since", "2026-11-16", "--until", DAY.replace(day=19).isoformat(), "--here")
    out = capsys.readouterr().out
    assert "1 nya poster" in out and "Läsning nattetid: 1" in out
    call_command("logreview", "run", "--since", "2026-11-16", "--until", "2026-11-19", "--here")
    assert "0 nya poster" in capsys.readouterr().out
    assert LogReviewItem.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the worker commits and reconnects, as in production
def test_the_reviewer_starts_the_review_in_the_background_and_follows_it(login, staff, person):
    from skutan.audit.catalogue import EventType
    from skutan.audit.models import AuditEvent
    from skutan.core.models import TaskProgress, TaskStatus
    from skutan.core.tasks import worker_run_pending

    _log(staff["eb_worker"], person, hour=2, day=timezone.localdate() - timedelta(days=1))
    client = login(staff["reviewer"])
    response = client.post("/loggkontroll/kor/")
    task = TaskProgress.objects.get(kind="logreview.run")
    assert response.status_code == 302 and response["Location"] == f"/loggkontroll/?uppgift={task.pk}"
    assert AuditEvent.objects.filter(event_type=EventType.TASK_ENQUEUED, acting_user_id=staff["reviewer"].pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert f'hx-get="/uppgifter/{task.pk}/"' in page and "väntar på bakgrundsarbetaren" in page
    assert not LogReviewItem.objects.exists()
    worker_run_pending()
    fragment = client.get(f"/uppgifter/{task.pk}/").content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.result["created"] == 1
    assert "Klar" in fragment and "hx-trigger" not in fragment and "1 nya poster" in fragment
    assert LogReviewItem.objects.count() == 1
    # Another user does not see the task; a caseworker cannot start one.
    assert login(staff["eb_worker"]).get(f"/uppgifter/{task.pk}/").status_code == 404
    assert login(staff["eb_worker"]).post("/loggkontroll/kor/").status_code == 403
    assert TaskProgress.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_command_follows_the_review_with_the_worker_here(staff, person, capsys):
    from django.core.management import call_command

    _log(staff["eb_worker"], person, hour=2, day=date(2026, 11, 18))
    call_command("logreview", "run", "--since", "2026-11-16", "--until", "2026-11-19", "--worker-here")
    out = capsys.readouterr().out
    assert "bakgrundskön" in out and "Klar" in out and "1 nya poster" in out


def test_item_list_is_paged_and_filtered_by_user_in_the_url(login, staff, item, monkeypatch):
    from skutan.core import pagination

    client = login(staff["reviewer"])
    every = LogReviewItem.objects.filter(status=ReviewStatus.OPEN).count()
    assert every >= 2
    monkeypatch.setattr(pagination, "PAGE_SIZE", 1)
    first = client.get("/loggkontroll/?kind=").content.decode()
    assert f"Poster ({every})" in first and first.count('<td data-label="Dag">') == 1
    assert f"Sida 1 av {every}" in first and 'href="?status=open&amp;sida=2"' in first
    other = client.get(f"/loggkontroll/?anvandare={item.username}x").content.decode()
    assert "Poster (0)" in other and "Inga poster matchar filtret." in other
    mine = client.get(f"/loggkontroll/?anvandare={item.username}").content.decode()
    expected = LogReviewItem.objects.filter(status=ReviewStatus.OPEN, username=item.username).count()
    assert f"Poster ({expected})" in mine and f'value="{item.username}"' in mine
