"""Demo data for the mobile team (issue 15): assignments from the Vuxen caseworkers on their cases with insatser,
a month of visits (up to six a day per member) with notes signed into the journal, two clients not reached
(one escalation acknowledged, one open), and today's visits with the lone-worker check-in."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from skutan.accounts.models import Role, UnitKind
from skutan.adults.models import AdultInsats, InsatsStatus
from skutan.cases.models import CaseType
from skutan.core.errors import ApplicationError
from skutan.demo.context import DemoContext
from skutan.mobile import services as mobile

STHLM = ZoneInfo("Europe/Stockholm")
NOTES = [
    ("supervision", "met", "Hemma, nykter, handlat mat. Inga synpunkter från grannar."),
    ("motivation", "met", "Pratade om avgiftning. Vill att vi ringer beroendeenheten tillsammans på torsdag."),
    ("social_visit", "met", "Drack kaffe, pratade om fiske. Mer öppen än förra veckan."),
    ("help_to_contact", "met", "Ringde familjeläkaren tillsammans, tid bokad nästa vecka."),
    ("accompany_to_care", "met", "Följde med till akuten, väntade tre timmar. Sammanfattade besvären för läkaren."),
    ("supervision", "not_reached", "Ingen öppnade. Posten låg kvar i hallen."),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=STHLM)


def _workdays(first: date, last: date):
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def generate(ctx: DemoContext) -> None:
    team = ctx.units.get(UnitKind.MOBILE_TEAM)
    with_insats = set(AdultInsats.objects.filter(status=InsatsStatus.DECIDED).values_list("case_id", flat=True))
    worked = []
    for case in ctx.active_cases(CaseType.ADULTS):
        worker = ctx.handler_on(case, ctx.today)
        if case.pk in with_insats and worker is not None and case.unit_id in set(
                worker.memberships.values_list("unit_id", flat=True)):
            worked.append((case, worker, None))
    if team is None or not worked:
        return
    count = _mobile(ctx, team, worked)
    ctx.say(f"  mobila teamet: {count} uppdrag")


def _mobile(ctx, team, worked) -> int:
    members = ctx.users(Role.MOBILE_TEAM, UnitKind.MOBILE_TEAM)
    if not members:
        return 0
    today = ctx.today
    start = today - timedelta(days=30)
    purposes = ["supervision", "motivation", "social_visit", "help_to_contact", "accompany_to_care", "supervision"]
    assignments = []
    for i, (case, worker, _) in enumerate(worked[:6]):
        with ctx.happened_at(ctx.at(start - timedelta(days=2), 10)):
            assignment, _ = mobile.assignment_create(
                actor=worker, case=case, team=team, purpose=purposes[i], visits_per_week=[3, 2, 1, 2, 1, 5][i],
                starts_on=start, ends_on=today + timedelta(days=60), start_meeting_on=start,
                instructions="Ring på två gånger; hunden är snäll." if i == 0 else "")
        assignments.append(assignment)
    # A month of visits: each member up to six a day, notes signed the same day; two could not reach the client.
    not_reached = 0
    for d, day in enumerate(_workdays(start, today - timedelta(days=1))):
        for m, member in enumerate(members):
            for slot in range(2 + (d + m) % 4):
                assignment = assignments[(d + m + slot) % len(assignments)]
                purpose, outcome, note = NOTES[(d + slot) % (len(NOTES) - 1)]
                if d in (6, 17) and m == 0 and slot == 0:
                    purpose, outcome, note = NOTES[-1]
                    not_reached += 1
                when = _at(day, 9 + 2 * slot)
                with ctx.happened_at(when):
                    visit = mobile.visit_record(actor=member, assignment=assignment, visited_at=when,
                                                purpose=purpose if outcome == "not_reached" else assignment.purpose,
                                                outcome=outcome, note=note)
                    if outcome == "met":
                        mobile.visit_note_sign(actor=member, visit=visit)
                    elif d == 6:
                        mobile.escalation_acknowledge(actor=assignment.given_by, escalation=visit.escalation,
                                                      response="Åkte dit med hyresvärden, allt väl.")
    _today(ctx, assignments, members)
    return len(assignments)


def _today(ctx, assignments, members) -> None:
    """Today's visits of the first member, with the lone-worker check-in (only when the demo day is today)."""
    if ctx.today != timezone.localdate():
        return
    member, now = members[0], timezone.now()
    companion = members[1] if len(members) > 1 else None
    for k, assignment in enumerate(assignments[:4]):
        planned = _at(ctx.today, 9 + 2 * k)
        try:
            visit, _ = mobile.visit_plan(actor=member, assignment=assignment, planned_at=planned, minutes=45)
        except ApplicationError:  # a marker needs company
            visit, _ = mobile.visit_plan(actor=member, assignment=assignment, planned_at=planned, minutes=45,
                                         companion=companion)
        if planned + timedelta(minutes=45) < now:
            from skutan.staff.services import visit_check_in, visit_check_out

            visit_check_in(actor=member, visit=visit.staff_visit)
            visit_check_out(actor=member, visit=visit.staff_visit)
            mobile.visit_record(actor=member, assignment=assignment, visit=visit, visited_at=planned,
                                purpose=visit.purpose, outcome="met", note=NOTES[k][2])
