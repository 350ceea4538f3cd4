"""The review run over a real access log, its idempotence, and closing items."""

from datetime import date, datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.logreview.detection import STOCKHOLM
from skutan.logreview.models import LogReviewItem, ReviewKind, ReviewStatus
from skutan.logreview.selectors import relatives_by_user, review_weekly_counts
from skutan.logreview.services import logreview_item_close, logreview_run
from skutan.people.services import person_create

DAY = date(2026, 11, 17)


def _log(user, person, hour=10, minute=0, day=DAY, **flags):
    return AccessLog.objects.create(
        at=datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM), user_id=user.pk,
        username=user.username, person_id=person.pk, case_id=flags.pop("case_id", None), object_type="person",
        object_id=str(person.pk), action=flags.pop("action", "view"), purpose="Handläggning",
        protected_person=person.protected_identity, **flags,
    )


def _run():
    return logreview_run(since=DAY - timedelta(days=1), until=DAY + timedelta(days=1))


@pytest.fixture
def namesake_family(staff):
    """Two persons named like the EB caseworker (Berg) at one address, and a lone Berg elsewhere."""
    from skutan.conftest import make_pnr

    kw = {"actor": staff["eb_worker"], "last_name": "Berg", "postal_code": "68230", "city": "Filipstad"}
    a = person_create(identity_number=make_pnr(date(1960, 3, 3), 981), first_name="Gun", street_address="Ågatan 3", **kw)
    b = person_create(identity_number=make_pnr(date(1962, 4, 4), 982), first_name="Olle", street_address="Ågatan 3", **kw)
    lone = person_create(identity_number=make_pnr(date(1970, 5, 5), 983), first_name="Per", street_address="Torget 1", **kw)
    return a, b, lone


def test_each_rule_finds_its_pattern(staff, person, protected_person, namesake_family):
    worker, other = staff["eb_worker"], staff["eb_worker2"]
    _log(worker, protected_person)  # worker is not its handläggare (it has no case)
    _log(other, person, outside_units=True)
    _log(other, person, hour=23, minute=40)
    _log(worker, namesake_family[0], hour=14)
    _log(worker, namesake_family[2], hour=14)  # a lone namesake is not flagged
    _run()
    kinds = sorted((i.kind, i.username, i.count) for i in LogReviewItem.objects.all())
    assert kinds == sorted([
        (ReviewKind.PROTECTED_PERSON, "eb.handlaggare", 1),
        (ReviewKind.OUTSIDE_UNITS, "eb.handlaggare2", 1),
        (ReviewKind.NIGHT, "eb.handlaggare2", 1),
        (ReviewKind.POSSIBLE_RELATIVE, "eb.handlaggare", 1),
    ])
    relative = LogReviewItem.objects.get(kind=ReviewKind.POSSIBLE_RELATIVE)
    assert relative.person_ids == [namesake_family[0].pk]


def test_items_copy_no_names_or_personnummer(staff, protected_person):
    _log(staff["eb_worker"], protected_person)
    _run()
    item = LogReviewItem.objects.get()
    text = str(item.details) + item.username + item.key
    assert protected_person.last_name not in text and protected_person.identity_number not in text
    assert item.details["person_ids"] == [protected_person.pk]


def test_the_current_handlaggare_reading_a_protected_client_is_not_flagged(staff, protected_case, protected_person):
    _log(staff["eb_worker"], protected_person, case_id=protected_case.pk)
    _run()
    assert not LogReviewItem.objects.exists()


@override_settings(SKUTAN_LOGREVIEW_BURST_PERSONS=3, SKUTAN_LOGREVIEW_BURST_MINUTES=10)
def test_many_persons_threshold_is_configurable(staff, person, protected_person, namesake_family):
    worker = staff["eb_worker2"]
    for minute, p in enumerate([person, *namesake_family]):
        _log(worker, p, minute=minute)
    _run()
    item = LogReviewItem.objects.get(kind=ReviewKind.MANY_PERSONS)
    assert (item.count, item.details["threshold"], item.details["window_minutes"]) == (4, 3, 10)


@override_settings(SKUTAN_LOGREVIEW_NIGHT_START=20, SKUTAN_LOGREVIEW_NIGHT_END=7)
def test_night_hours_are_configurable(staff, person):
    _log(staff["eb_worker"], person, hour=20, minute=30)
    _run()
    assert LogReviewItem.objects.filter(kind=ReviewKind.NIGHT).count() == 1


def test_rerunning_does_not_duplicate_and_updates_open_items(staff, person):
    _log(staff["eb_worker"], person, hour=23)
    first = _run()
    assert (first.created, first.updated) == (1, 0)
    again = _run()
    assert (again.created, again.updated) == (0, 0)
    _log(staff["eb_worker"], person, hour=23, minute=30)
    third = _run()
    assert (third.created, third.updated) == (0, 1)
    item = LogReviewItem.objects.get()
    assert item.count == 2
    assert AuditEvent.objects.filter(event_type=EventType.LOG_REVIEW_RUN).count() == 3


def test_a_closed_item_stays_closed_on_rerun(staff, person):
    _log(staff["eb_worker"], person, hour=23)
    _run()
    item = LogReviewItem.objects.get()
    logreview_item_close(actor=staff["reviewer"], item_id=item.pk, note="Jourärende, ok.", version=item.version)
    _log(staff["eb_worker"], person, hour=23, minute=30)
    _run()
    item.refresh_from_db()
    assert (item.status, item.count, LogReviewItem.objects.count()) == (ReviewStatus.CLOSED, 1, 1)


def test_close_needs_a_note_the_role_and_the_current_version(staff, person):
    _log(staff["eb_worker"], person, hour=23)
    _run()
    item = LogReviewItem.objects.get()
    with pytest.raises(AccessDeniedError):
        logreview_item_close(actor=staff["eb_manager"], item_id=item.pk, note="x", version=item.version)
    with pytest.raises(ApplicationError) as exc:
        logreview_item_close(actor=staff["reviewer"], item_id=item.pk, note="  ", version=item.version)
    assert exc.value.field == "note"
    with pytest.raises(ConflictError):
        logreview_item_close(actor=staff["reviewer"], item_id=item.pk, note="ok", version=item.version + 1)
    closed = logreview_item_close(actor=staff["reviewer"], item_id=item.pk, note="Samtal med medarbetaren.",
                                  version=item.version)
    assert (closed.status, closed.closed_by_username, closed.note) == ("closed", "loggranskare", "Samtal med medarbetaren.")
    assert closed.closed_at is not None
    event = AuditEvent.objects.get(event_type=EventType.LOG_REVIEW_ITEM_CLOSED)
    assert (event.acting_user_id, event.object_id) == (staff["reviewer"].pk, str(item.pk))
    with pytest.raises(ConflictError):
        logreview_item_close(actor=staff["reviewer"], item_id=item.pk, note="igen", version=closed.version)


def test_relatives_need_the_staff_surname_and_a_family(staff, namesake_family):
    relatives = relatives_by_user(user_ids={staff["eb_worker"].pk, staff["eb_worker2"].pk})
    assert relatives == {staff["eb_worker"].pk: {namesake_family[0].pk, namesake_family[1].pk}}


def test_weekly_counts(staff, person):
    _log(staff["eb_worker"], person, hour=23)
    _log(staff["eb_worker"], person, hour=23, day=DAY - timedelta(days=7))
    logreview_run(since=DAY - timedelta(days=8), until=DAY)
    weeks = review_weekly_counts(reviewer=staff["reviewer"], weeks=3, today=DAY)
    assert [(w["label"], w["total"], w["open"]) for w in weeks] == [("v. 47 2026", 1, 1), ("v. 46 2026", 1, 1),
                                                                      ("v. 45 2026", 0, 0)]
    with pytest.raises(AccessDeniedError):
        review_weekly_counts(reviewer=staff["eb_worker"])


def test_default_period_is_the_lookback(staff, person):
    result = logreview_run()
    assert result.until == timezone.localdate() and (result.until - result.since).days == 6
    with pytest.raises(ApplicationError):
        logreview_run(since=DAY, until=DAY - timedelta(days=1))
