"""Reads for the automated log review.

Two kinds: what the review job itself reads (access-log rows, handläggare, namesakes; a system job, so no
access-log rows of its own), and what the log reviewer reads on the pages (only log reviewers; persons named
in an item are access-logged when shown).
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from skutan.accounts.models import Membership, User
from skutan.accounts.selectors import user_can_review_log
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction, AccessLog
from skutan.audit.services import access_log_record
from skutan.cases.models import CaseAssignment
from skutan.core.errors import AccessDeniedError, NotFoundError
from skutan.logreview.detection import Read
from skutan.logreview.models import LogReviewItem, ReviewKind, ReviewStatus
from skutan.people.models import HouseholdMember, Person

REVIEWERS_ONLY = "Bara loggranskare får se den automatiska loggkontrollen."
ITEM_NOT_FOUND = "Posten finns inte."


def _start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


# --- what the review job reads ------------------------------------------------------------------------

def access_log_reads(*, since: date, until: date) -> list[Read]:
    """Every logged read from ``since`` to ``until`` (both days included), oldest first."""
    rows = (
        AccessLog.objects.filter(at__gte=_start(since), at__lt=_start(until + timedelta(days=1)), user_id__isnull=False)
        .order_by("at", "id")
        .values_list("at", "user_id", "username", "person_id", "case_id", "action", "protected_person",
                     "outside_units", "emergency")
    )
    return [Read(*row) for row in rows.iterator(chunk_size=5000)]


def current_handlers(*, person_ids: set[int]) -> set[tuple[int, int]]:
    """(user id, person id) for every handläggare currently assigned to a case of one of the persons."""
    return set(
        CaseAssignment.objects.filter(ended_at__isnull=True, case__person_id__in=person_ids)
        .values_list("user_id", "case__person_id")
    )


def users_with_roles(*, roles: tuple[str, ...]) -> set[int]:
    return set(Membership.objects.filter(role__in=roles).values_list("user_id", flat=True))


def relatives_by_user(*, user_ids: set[int]) -> dict[int, set[int]]:
    """Persons who may be a staff member's relatives: for each user, the persons who carry the user's
    surname (User.last_name, case-insensitive) *and* live with another person of that surname, in the same
    current household or at the same registered address (street address and postal code).

    Staff never register their own address in Skutan, so "same surname and address as the staff member"
    is approximated by "a family of the staff member's surname": a lone namesake is not flagged (common
    surnames would drown the reviewer), a namesake family is. See docs/security.md.
    """
    surnames: dict[str, set[int]] = defaultdict(set)
    for user_id, last_name in User.objects.filter(pk__in=user_ids).exclude(last_name="").values_list("pk", "last_name"):
        surnames[last_name.strip().casefold()].add(user_id)
    if not surnames:
        return {}
    match = Q()
    for surname in surnames:
        match |= Q(last_name__iexact=surname)
    namesakes = list(Person.objects.filter(match).values_list("pk", "last_name", "street_address", "postal_code"))
    households: dict[int, set[int]] = defaultdict(set)
    for household_id, person_id in HouseholdMember.objects.filter(
        person_id__in=[p[0] for p in namesakes], left_on__isnull=True
    ).values_list("household_id", "person_id"):
        households[household_id].add(person_id)
    household_of: dict[int, set[int]] = defaultdict(set)
    for members in households.values():
        for person_id in members:
            household_of[person_id] |= members
    by_surname_address: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    surname_of: dict[int, str] = {}
    for person_id, last_name, street, postal in namesakes:
        surname_of[person_id] = last_name.strip().casefold()
        if street.strip() and postal.strip():
            by_surname_address[(surname_of[person_id], street.strip().casefold(), postal.replace(" ", ""))].add(person_id)
    family: dict[str, set[int]] = defaultdict(set)
    for (surname, _street, _postal), people in by_surname_address.items():
        if len(people) > 1:
            family[surname] |= people
    for person_id, members in household_of.items():
        if any(surname_of.get(m) == surname_of[person_id] for m in members if m != person_id):
            family[surname_of[person_id]].add(person_id)
    return {user_id: family[surname] for surname, users in surnames.items() for user_id in users if family[surname]}


def review_item_by_key(*, key: str) -> LogReviewItem | None:
    return LogReviewItem.objects.filter(key=key).first()


# --- what the log reviewer reads ----------------------------------------------------------------------

def _require_reviewer(user) -> None:
    if not user_can_review_log(user=user):
        raise AccessDeniedError(REVIEWERS_ONLY)


def review_items_for(*, reviewer, status: str | None = None, kind: str | None = None,
                     username: str | None = None) -> QuerySet[LogReviewItem]:
    _require_reviewer(reviewer)
    qs = LogReviewItem.objects.all()
    if username:
        qs = qs.filter(username=username)
    if status in ReviewStatus.values:
        qs = qs.filter(status=status)
    if kind in ReviewKind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("-day", "kind", "username", "id")


def review_item_get_for_user(*, reviewer, item_id: int) -> LogReviewItem:
    _require_reviewer(reviewer)
    item = LogReviewItem.objects.filter(pk=item_id).first()
    if item is None:
        raise NotFoundError(ITEM_NOT_FOUND)
    return item


def review_item_persons(*, ctx: AccessContext, item: LogReviewItem) -> list[Person]:
    """The persons an item names, for the reviewer; each one shown is a logged read (purpose Loggkontroll)."""
    _require_reviewer(ctx.user)
    persons = list(Person.objects.filter(pk__in=item.person_ids).order_by("last_name", "first_name", "pk"))
    for person in persons:
        access_log_record(
            user=ctx.user, action=AccessAction.LIST, purpose="Loggkontroll", object_type="logreview_item",
            object_id=item.pk, person=person, channel=ctx.channel, path=ctx.path,
        )
    return persons


def review_weekly_counts(*, reviewer, weeks: int = 8, today: date | None = None) -> list[dict]:
    """Items found per ISO week (by the day of the reading), newest week first, with how many are open."""
    _require_reviewer(reviewer)
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    rows = LogReviewItem.objects.filter(day__gte=first).values_list("day", "kind", "status")
    table = {}
    for i in range(weeks):
        start = monday - timedelta(weeks=i)
        iso = start.isocalendar()
        table[start] = {"monday": start, "label": f"v. {iso.week} {iso.year}", "total": 0, "open": 0,
                        "by_kind": {k: 0 for k in ReviewKind.values}}
    for day, kind, status in rows:
        week = table.get(day - timedelta(days=day.weekday()))
        if week is None:
            continue
        week["total"] += 1
        week["open"] += status == ReviewStatus.OPEN
        week["by_kind"][kind] = week["by_kind"].get(kind, 0) + 1
    result = list(table.values())
    peak = max((w["total"] for w in result), default=0) or 1
    for week in result:
        week["width_percent"] = round(100 * week["total"] / peak)
        week["kind_counts"] = [week["by_kind"].get(k, 0) for k in ReviewKind.values]
    return result
