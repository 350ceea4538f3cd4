from contextlib import nullcontext
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from skutan.audit.models import AccessLog
from skutan.audit.services import access_log_record
from skutan.core.clock import recorded_at


def _log(user, *, person=None, at=None, **flags):
    with recorded_at(at) if at is not None else nullcontext():
        row = access_log_record(user=user, action="view", purpose="Test", object_type="person",
                                object_id=getattr(person, "pk", ""), person=person, **flags)
    return row.pk


@pytest.fixture
def rows(staff, person, protected_person):
    tz = timezone.get_current_timezone()
    return {
        "old": _log(staff["eb_worker"], person=person, at=datetime(2026, 1, 10, 12, tzinfo=tz)),
        "late_evening": _log(staff["eb_worker2"], person=person, at=datetime(2026, 2, 1, 23, 30, tzinfo=tz)),
        "protected": _log(staff["eb_worker"], person=protected_person, at=datetime(2026, 2, 15, 9, tzinfo=tz)),
        "outside": _log(staff["bou_worker"], person=person, outside_units=True, at=datetime(2026, 3, 1, 9, tzinfo=tz)),
        "emergency": _log(staff["bou_worker"], person=person, emergency=True, at=datetime(2026, 3, 2, 9, tzinfo=tz)),
    }


def _ids(response):
    """The ids of the rows returned, but the reviewer's own reads (each call logs its own, purpose Loggkontroll)."""
    assert response.status_code == 200, response.content
    return {r["id"] for r in response.json() if r["purpose"] != "Loggkontroll"}


@pytest.mark.parametrize("who", ["eb_worker", "eb_manager", "bou_worker"])
def test_access_log_refused_for_non_reviewers(api, staff, rows, who):
    response = api(staff[who]).get("/access-log")
    assert response.status_code == 403
    assert "loggranskare" in response.json()["detail"]


def test_access_log_no_or_invalid_token_is_401(rows):
    assert Client().get("/api/v1/access-log").status_code == 401
    assert Client().get("/api/v1/access-log", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_access_log_lists_all_newest_first(api, staff, rows):
    response = api(staff["reviewer"]).get("/access-log")
    assert [r["id"] for r in response.json()] == [
        rows["emergency"], rows["outside"], rows["protected"], rows["late_evening"], rows["old"]
    ]
    first = response.json()[0]
    assert first["emergency"] is True and first["username"] == "bou.handlaggare"


def test_access_log_filters(api, staff, rows, person, protected_person):
    client = api(staff["reviewer"])
    assert _ids(client.get(f"/access-log?user={staff['bou_worker'].pk}")) == {rows["outside"], rows["emergency"]}
    # since and until are whole days in Stockholm time; until is inclusive
    assert _ids(client.get("/access-log?since=2026-02-01&until=2026-02-15")) == {rows["late_evening"], rows["protected"]}
    assert _ids(client.get("/access-log?until=2026-01-31")) == {rows["old"]}
    assert _ids(client.get("/access-log?since=2026-03-02")) == {rows["emergency"]}
    assert _ids(client.get("/access-log?flagged=true")) == {rows["protected"], rows["outside"], rows["emergency"]}
    assert len(client.get("/access-log?limit=2").json()) == 2
    # filtering by person is itself a logged read of that person (see below), so these come last
    assert _ids(client.get(f"/access-log?flagged=true&person={person.pk}")) == {rows["outside"], rows["emergency"]}
    assert _ids(client.get(f"/access-log?person={protected_person.pk}")) == {rows["protected"]}
    reviews = AccessLog.objects.filter(user_id=staff["reviewer"].pk, person_id=protected_person.pk)
    assert reviews.exists() and all(r.protected_person and r.purpose == "Loggkontroll" for r in reviews)


@pytest.mark.parametrize("query, field", [("since=igår", "since"), ("person=x", "person"), ("flagged=kanske", "flagged")])
def test_access_log_bad_filters_are_400(api, staff, rows, query, field):
    response = api(staff["reviewer"]).get(f"/access-log?{query}")
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_reading_the_log_about_a_person_is_logged(api, staff, rows, person):
    api(staff["reviewer"]).get("/access-log?since=2000-01-01&until=2000-01-02")
    assert not AccessLog.objects.filter(user_id=staff["reviewer"].pk).exists()  # no row shown: nothing read
    api(staff["reviewer"]).get(f"/access-log?person={person.pk}")
    row = AccessLog.objects.filter(user_id=staff["reviewer"].pk).get()
    assert (row.person_id, row.object_type, row.purpose, row.channel) == (person.pk, "access_log", "Loggkontroll", "api")


def test_superuser_reads_access_log_and_is_logged(api, superuser, rows, person):
    response = api(superuser).get(f"/access-log?person={person.pk}&since={(timezone.localdate() - timedelta(days=400)).isoformat()}")
    assert _ids(response) == {rows["old"], rows["late_evening"], rows["outside"], rows["emergency"]}
    assert AccessLog.objects.filter(user_id=superuser.pk, person_id=person.pk).count() == 1
