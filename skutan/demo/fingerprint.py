"""A fingerprint of a generated municipality, to prove that a seed gives the same data twice.

Primary keys are left out (a second run in the same database gets other ids): every row is described by
natural keys (personnummer, diarienummer, usernames) and its values. The bulk steps' own audit rows carry
the real time they were written and are counted, not dated.
"""

import hashlib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent
from skutan.cases.models import Case, CaseEvent, JournalEntry
from skutan.people.models import HouseholdMember, Person

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def municipality_fingerprint(*, today: date | None = None) -> dict[str, str]:
    """sha256 per kind of row (persons, members, cases, journal, case events, access log, audit). With
    ``today`` (the generator's day, in the past), times after that day are the real time of writing (today's
    work done through the services, with the clock) and are fingerprinted as ``now``."""
    limit = datetime.combine(today + timedelta(days=1), time.min, tzinfo=STOCKHOLM) if today else None
    case_ref = dict(Case.objects.values_list("pk", "reference"))
    person_no = dict(Person.objects.values_list("pk", "identity_number"))
    parts = {
        "persons": Person.objects.values_list(
            "identity_number", "first_name", "last_name", "birth_date", "protection", "street_address", "created_at"
        ),
        "members": (
            (person_no[p], r, j, left) for p, r, j, left in
            HouseholdMember.objects.values_list("person_id", "role", "joined_on", "left_on")
        ),
        "cases": (
            (ref, t, person_no[p], u, s, o, c, created) for ref, t, p, u, s, o, c, created in
            Case.objects.values_list("reference", "case_type", "person_id", "unit__name", "status", "opened_on",
                                     "closed_on", "created_at")
        ),
        "journal": (
            (case_ref[c], d, text, a, s) for c, d, text, a, s in
            JournalEntry.objects.values_list("case_id", "event_date", "text", "author__username", "signed_at")
        ),
        "case_events": (
            (case_ref.get(c), at, t, u) for c, at, t, u in
            CaseEvent.objects.values_list("case_id", "at", "event_type", "username")
        ),
        "access_log": (
            (at, u, person_no.get(p), case_ref.get(c), a) for at, u, p, c, a in
            AccessLog.objects.values_list("at", "username", "person_id", "case_id", "action")
        ),
        "audit": (
            (t, None if t == EventType.DEMO_DATA_CREATED else at, u, ot) for t, at, u, ot in
            AuditEvent.objects.values_list("event_type", "at", "acting_username", "object_type")
        ),
    }
    return {name: _digest(rows, limit) for name, rows in parts.items()}


def _value(value, limit):
    return "now" if limit is not None and isinstance(value, datetime) and value >= limit else value


def _digest(rows, limit) -> str:
    lines = sorted(repr(tuple(_value(v, limit) for v in row)) for row in rows)
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode())
        digest.update(b"\n")
    return f"{len(lines)}:{digest.hexdigest()[:16]}"
