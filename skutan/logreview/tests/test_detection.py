"""The review rules on plain rows (no database)."""

from datetime import datetime, timedelta

from skutan.logreview import detection
from skutan.logreview.detection import STOCKHOLM, Read

MORNING = datetime(2026, 11, 17, 9, 0, tzinfo=STOCKHOLM)


def _read(minutes=0, user=1, person=10, action="view", at=None, **flags):
    return Read(at=at or MORNING + timedelta(minutes=minutes), user_id=user, username=f"u{user}", person_id=person,
                case_id=flags.pop("case_id", None), action=action, **flags)


def test_many_persons_counts_distinct_persons_within_the_window():
    reads = [_read(minutes=i, person=100 + i) for i in range(10)]
    reads += [_read(minutes=i, person=100) for i in range(10)]  # the same person again does not count
    [finding] = detection.many_persons(reads, persons=10, minutes=30, limit=5)
    assert (finding.kind, finding.count, finding.user_id) == ("many_persons", 10, 1)
    assert finding.person_ids == [100, 101, 102, 103, 104]  # capped at the limit
    assert finding.key == "many_persons:1:2026-11-17"


def test_many_persons_ignores_spread_out_reading_and_list_pages():
    spread = [_read(minutes=20 * i, person=100 + i) for i in range(10)]
    lists = [_read(minutes=i, person=200 + i, action="list") for i in range(50)]
    assert detection.many_persons(spread + lists, persons=5, minutes=30, limit=50) == []


def test_protected_reads_by_a_current_handler_are_not_flagged():
    reads = [_read(user=1, person=5, protected_person=True), _read(user=2, person=5, protected_person=True),
             _read(user=2, person=6)]
    [finding] = detection.protected_persons(reads, handlers={(1, 5)}, limit=10)
    assert (finding.user_id, finding.count, finding.person_ids) == (2, 1, [5])


def test_outside_units_needs_no_case_and_no_emergency():
    reads = [_read(outside_units=True), _read(outside_units=True, case_id=3),
             _read(outside_units=True, emergency=True), _read()]
    [finding] = detection.outside_units(reads, limit=10)
    assert finding.count == 1


def test_night_hours_wrap_midnight_and_exempt_roles():
    late = datetime(2026, 11, 17, 23, 40, tzinfo=STOCKHOLM)
    early = datetime(2026, 11, 18, 5, 59, tzinfo=STOCKHOLM)
    six = datetime(2026, 11, 18, 6, 0, tzinfo=STOCKHOLM)
    assert detection.is_night(late, start=22, end=6) and detection.is_night(early, start=22, end=6)
    assert not detection.is_night(six, start=22, end=6) and not detection.is_night(MORNING, start=22, end=6)
    reads = [_read(at=late, user=1), _read(at=late, user=2), _read(at=six, user=1)]
    findings = detection.night(reads, start=22, end=6, exempt_users={2}, limit=10)
    assert [(f.user_id, f.count) for f in findings] == [(1, 1)]


def test_night_is_judged_in_stockholm_time():
    from datetime import UTC

    assert detection.is_night(datetime(2026, 11, 17, 21, 30, tzinfo=UTC), start=22, end=6)  # 22.30 in Filipstad
    assert not detection.is_night(datetime(2026, 11, 17, 20, 30, tzinfo=UTC), start=22, end=6)


def test_possible_relatives_only_the_users_own_set():
    reads = [_read(user=1, person=7), _read(user=2, person=7), _read(user=1, person=8)]
    [finding] = detection.possible_relatives(reads, relatives_of={1: {7}}, limit=10)
    assert (finding.user_id, finding.person_ids) == (1, [7])
