"""The rules of the automated log review, as plain functions over access-log rows (no database).

Each rule returns ``Finding``s; skutan/logreview/services.py stores them as review items. A finding is one
user, one kind, one day (Europe/Stockholm): a reviewer then reads one item per user and day, not one per
read.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
OPENING_ACTIONS = frozenset({"view", "print", "export"})  # a list or a search shows many names by design


@dataclass(frozen=True)
class Read:
    """The part of an access-log row the rules need."""

    at: datetime
    user_id: int
    username: str
    person_id: int | None
    case_id: int | None
    action: str
    protected_person: bool = False
    outside_units: bool = False
    emergency: bool = False

    @property
    def local(self) -> datetime:
        return self.at.astimezone(STOCKHOLM)

    @property
    def day(self) -> date:
        return self.local.date()


@dataclass
class Finding:
    kind: str
    user_id: int
    username: str
    day: date
    period_start: datetime
    period_end: datetime
    count: int
    person_ids: list[int] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.user_id}:{self.day.isoformat()}"


def _by_user_and_day(reads: Iterable[Read]) -> dict[tuple[int, date], list[Read]]:
    groups: dict[tuple[int, date], list[Read]] = defaultdict(list)
    for read in reads:
        groups[(read.user_id, read.day)].append(read)
    for group in groups.values():
        group.sort(key=lambda r: r.at)
    return groups


def _persons(reads: list[Read], limit: int) -> list[int]:
    return sorted({r.person_id for r in reads if r.person_id is not None})[:limit]


def _summarise(kind: str, reads: Iterable[Read], limit: int, **extra) -> list[Finding]:
    return [
        Finding(kind=kind, user_id=user_id, username=group[-1].username, day=day, period_start=group[0].at,
                period_end=group[-1].at, count=len(group), person_ids=_persons(group, limit),
                extra={"persons": len({r.person_id for r in group if r.person_id}), **extra})
        for (user_id, day), group in sorted(_by_user_and_day(reads).items())
    ]


def many_persons(reads: Iterable[Read], *, persons: int, minutes: int, limit: int) -> list[Finding]:
    """A user who opened at least ``persons`` different persons within any ``minutes``-minute window."""
    findings = []
    openings = [r for r in reads if r.action in OPENING_ACTIONS and r.person_id is not None]
    for (user_id, day), group in sorted(_by_user_and_day(openings).items()):
        best, best_window = 0, (0, 0)
        start = 0
        seen: dict[int, int] = defaultdict(int)
        for end, read in enumerate(group):
            seen[read.person_id] += 1
            while (read.at - group[start].at).total_seconds() > minutes * 60:
                seen[group[start].person_id] -= 1
                if not seen[group[start].person_id]:
                    del seen[group[start].person_id]
                start += 1
            if len(seen) > best:
                best, best_window = len(seen), (start, end)
        if best >= persons:
            window = group[best_window[0]:best_window[1] + 1]
            findings.append(Finding(
                kind="many_persons", user_id=user_id, username=group[-1].username, day=day,
                period_start=window[0].at, period_end=window[-1].at, count=best,
                person_ids=_persons(window, limit),
                extra={"persons": best, "threshold": persons, "window_minutes": minutes},
            ))
    return findings


def protected_persons(reads: Iterable[Read], *, handlers: set[tuple[int, int]], limit: int) -> list[Finding]:
    """Reads of persons with skyddade personuppgifter, except by a current handläggare of their case
    (``handlers``: (user id, person id) pairs), whose reading is the job itself."""
    flagged = [r for r in reads if r.protected_person and (r.user_id, r.person_id) not in handlers]
    return _summarise("protected_person", flagged, limit)


def outside_units(reads: Iterable[Read], *, limit: int) -> list[Finding]:
    """Reads of a person with no case in any of the reader's units (the access log's outside_units flag on
    a read with no case), outside emergency access, which has its own review."""
    flagged = [r for r in reads if r.outside_units and r.case_id is None and not r.emergency]
    return _summarise("outside_units", flagged, limit)


def is_night(moment: datetime, *, start: int, end: int) -> bool:
    hour = moment.astimezone(STOCKHOLM).hour
    return hour >= start or hour < end if start > end else start <= hour < end


def night(reads: Iterable[Read], *, start: int, end: int, exempt_users: set[int], limit: int) -> list[Finding]:
    flagged = [r for r in reads if r.user_id not in exempt_users and is_night(r.at, start=start, end=end)]
    return _summarise("night", flagged, limit, night=f"{start:02d}–{end:02d}")


def possible_relatives(
    reads: Iterable[Read], *, relatives_of: dict[int, set[int]], limit: int
) -> list[Finding]:
    """Reads of a person in ``relatives_of[user id]`` (see services.relatives_by_user for the rule)."""
    flagged = [r for r in reads if r.person_id is not None and r.person_id in relatives_of.get(r.user_id, ())]
    return _summarise("possible_relative", flagged, limit)
