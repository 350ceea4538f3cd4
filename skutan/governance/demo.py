"""Demo data for the management group (seed 004): half a year of weekly meetings with minutes, decisions
(a few with follow-ups due), assignments in every status, and the förvaltning's routines.

Runs as an extension of the demo generator. Meetings before this week are approved (justerade); this
week's meeting is open for the secretary. No client data is written anywhere here.
"""

from datetime import timedelta

from skutan.accounts.models import Role, UnitKind
from skutan.demo.context import DemoContext
from skutan.governance import services
from skutan.governance.models import (
    AgendaItem,
    Assignment,
    AssignmentStatus,
    AssignmentUpdate,
    GroupDecision,
    Meeting,
    RoutineKind,
    RoutineVersion,
)

TOPICS = [
    ("Ekonomiskt bistånd: utfall och prognos", "followup_measure", "eb-kostnad",
     "Kostnaden per hushåll och månad följer budget; prognosen för helåret diskuterades.",
     "Ta fram en prognos för resten av året med förra årets månader som grund.", "Prognos för försörjningsstöd"),
    ("Barn och unga: förhandsbedömningar i tid", "followup_measure", "frister",
     "Andelen förhandsbedömningar inom 14 dagar har sjunkit under sommaren.",
     "Ny rutin för mottagning av orosanmälningar införs.", "Rutin för orosanmälningar"),
    ("Långvarigt bistånd och Projekt 200", "followup_measure", "langvarigt",
     "Gruppen med bistånd i mer än två år är stabil. Samverkan med arbetsmarknadsenheten behövs.",
     "Familjeenheten och vuxen/missbruk deltar i arbetet med de långvariga hushållen.", "Samverkansplan långvariga"),
    ("Arbetsmiljö och hot mot personal", "", "",
     "Två incidenter med hot i receptionen. Rutinen för besök i par ses över.",
     "Alla hembesök hos personer med hotmarkering görs av två personer.", "Översyn av säkerhetsrutinen"),
    ("Rekrytering och introduktion", "followup_measure", "arbetsbelastning",
     "Två tjänster på barn och unga är vakanta. Introduktionsprogrammet för nyanställda följs upp.",
     "Mentorer utses för alla nyanställda socialsekreterare.", "Introduktionsprogram 2027"),
]
OUTCOMES = [AssignmentStatus.REPORTED_BACK, AssignmentStatus.DONE, AssignmentStatus.IN_PROGRESS,
            AssignmentStatus.NOT_STARTED, AssignmentStatus.CANCELLED, AssignmentStatus.IN_PROGRESS]


def _user(ctx: DemoContext, role: str, kind: str, title_part: str):
    users = ctx.users(role, kind)
    return next((u for u in users if title_part in (u.title or "")), users[0] if users else None)


def _projekt_200_id() -> int | None:
    from skutan.followup.models import CohortProgramme

    return CohortProgramme.objects.filter(name="Projekt 200").values_list("pk", flat=True).first()


def generate(ctx: DemoContext) -> None:
    director = _user(ctx, Role.MANAGEMENT, UnitKind.MANAGEMENT, "Socialdirektör")
    secretary = _user(ctx, Role.MANAGEMENT, UnitKind.MANAGEMENT, "Utvecklingsledare")
    if director is None or secretary is None:
        return
    members = ctx.users(Role.MANAGEMENT, UnitKind.MANAGEMENT) + [
        u for kind in ctx.staff.get(Role.UNIT_MANAGER, {}) for u in ctx.users(Role.UNIT_MANAGER, kind)]
    owners = [u for u in members if u.pk not in (director.pk,)] or [secretary]
    with ctx.happened_at(ctx.at(ctx.today - timedelta(days=200))):
        group = services.group_create(actor=director, name="Ledningsgruppen IFO", chair=director, secretary=secretary,
                                      members=members)
    monday = ctx.today - timedelta(days=ctx.today.weekday())
    projekt_200 = _projekt_200_id()
    weeks = ctx.scaled(26, minimum=6)
    for w in range(weeks, -1, -1):
        held_on = monday - timedelta(weeks=w) + timedelta(days=1)  # Tuesdays
        if held_on > ctx.today:
            continue
        with ctx.happened_at(ctx.at(held_on - timedelta(days=2), 10)):
            meeting = services.meeting_create(actor=secretary, group=group, held_on=held_on, location="Sammanträdesrum Klarälven")
        Meeting.objects.filter(pk=meeting.pk).update(created_at=ctx.at(held_on - timedelta(days=2), 10))
        n_topics = 2 + (w % 2)
        for t in range(n_topics):
            title, kind, ref, discussion, decision_text, assignment_title = TOPICS[(w + t) % len(TOPICS)]
            if ref == "langvarigt" and projekt_200 is not None:  # the cohort programme's own figure
                kind, ref = "cohort_programme", str(projekt_200)
            proposer = ctx.rng.choice(members)
            with ctx.happened_at(ctx.at(held_on - timedelta(days=1), 9)):
                item, _ = services.agenda_item_propose(actor=proposer, meeting=meeting, title=title, fact_kind=kind,
                                                       fact_ref=ref)
                item, _ = services.minutes_item_save(actor=secretary, item=item, discussion=discussion,
                                                     version=item.version)
                follow = held_on + timedelta(weeks=ctx.rng.choice([4, 6, 8])) if t == 0 else None
                services.decision_record(
                    actor=secretary, item=item, text=decision_text, follow_up_on=follow,
                    follow_up_question="Gav beslutet avsedd effekt? Redovisa siffrorna." if follow else "")
                if ctx.rng.random() < 0.6:
                    due = held_on + timedelta(days=ctx.rng.choice([14, 21, 30, 45, 60]))
                    assignment, _ = services.assignment_create(
                        actor=secretary, title=f"{assignment_title} ({held_on:%Y-%m-%d})",
                        owner=ctx.rng.choice(owners), due_on=due, item=item, description=decision_text,
                        expected_report=ctx.rng.choice(["written_report", "presentation"]), today=held_on)
                    _progress(ctx, assignment, held_on, secretary)
        # Services stamp "now": give the proposals, decisions and assignments their meeting's days, before
        # the approval freezes the minutes.
        AgendaItem.objects.filter(meeting=meeting).update(proposed_at=ctx.at(held_on - timedelta(days=1), 9))
        GroupDecision.objects.filter(meeting=meeting).update(created_at=ctx.at(held_on, 11))
        Assignment.objects.filter(meeting=meeting).update(created_at=ctx.at(held_on, 11))
        if w > 0:  # earlier weeks are approved by the chair; this week's minutes are still open
            with ctx.happened_at(ctx.at(held_on + timedelta(days=2), 15)):
                services.minutes_approve(actor=director, meeting=meeting, version=meeting.version)
    _routines(ctx, director, secretary)
    ctx.say(f"  ledningsgruppen: {weeks + 1} möten, {Assignment.objects.count()} uppdrag")


def _progress(ctx: DemoContext, assignment: Assignment, held_on, secretary) -> None:
    """Assignments in every status, as their owners would have updated them; some are overdue."""
    # Every status occurs: the outcomes go round in turn (done early is allowed; reported back needs a meeting).
    status = OUTCOMES[Assignment.objects.count() % len(OUTCOMES)]
    if assignment.due_on > ctx.today and status == AssignmentStatus.REPORTED_BACK:
        status = AssignmentStatus.DONE
    if status == AssignmentStatus.NOT_STARTED:
        return
    steps = [AssignmentStatus.IN_PROGRESS] if status != AssignmentStatus.CANCELLED else []
    if status in (AssignmentStatus.DONE, AssignmentStatus.REPORTED_BACK):
        steps.append(AssignmentStatus.DONE)
    if status == AssignmentStatus.REPORTED_BACK:
        steps.append(AssignmentStatus.REPORTED_BACK)
    if status == AssignmentStatus.CANCELLED:
        steps.append(AssignmentStatus.CANCELLED)
    notes = {AssignmentStatus.IN_PROGRESS: "Arbetet är påbörjat.", AssignmentStatus.DONE: "Klart, rapport skickad.",
             AssignmentStatus.REPORTED_BACK: "Redovisat på ledningsgruppen.",
             AssignmentStatus.CANCELLED: "Avskrivet: ersatt av ett bredare uppdrag."}
    for i, step in enumerate(steps):
        day = min(held_on + timedelta(days=3 + 5 * i), ctx.today)
        actor = assignment.owner if step != AssignmentStatus.CANCELLED else secretary
        with ctx.happened_at(ctx.at(day, 11)):
            assignment, _ = services.assignment_status_update(actor=actor, assignment=assignment, status=step,
                                                              note=notes[step], version=assignment.version)
        AssignmentUpdate.objects.filter(assignment=assignment, status=step).update(at=ctx.at(day, 11))


def _routines(ctx: DemoContext, director, secretary) -> None:
    today = ctx.today
    eb_chef = ctx.manager(UnitKind.FINANCIAL_ASSISTANCE) if ctx.users(Role.UNIT_MANAGER,
                                                                     UnitKind.FINANCIAL_ASSISTANCE) else secretary
    rows = [
        ("Riktlinjer för ekonomiskt bistånd", RoutineKind.GUIDELINE, eb_chef, 400, 330, "eb_guidelines",
         "Skäliga boendekostnader per hushållstyp, hemförsäkring och hushållsel."),
        ("Rutin för mottagning av orosanmälningar", RoutineKind.ROUTINE, secretary, 500, -20, "",
         "Skyddsbedömning samma dag, förhandsbedömning inom 14 dagar."),
        ("Rutin för hembesök och ensamarbete", RoutineKind.ROUTINE, secretary, 300, 60, "",
         "Besök hos personer med hotmarkering görs av två; in- och utcheckning i Skutan."),
        ("Riktlinje för dokumentation", RoutineKind.GUIDELINE, director, 800, -90, "",
         "Journalanteckningar signeras samma dag; rättelser görs som nya anteckningar."),
    ]
    for title, kind, owner, decided_ago, revise_in, used_for, summary in rows:
        with ctx.happened_at(ctx.at(today - timedelta(days=decided_ago))):
            routine = services.routine_create(
                actor=secretary, title=title, kind=kind, owner=owner, decided_on=today - timedelta(days=decided_ago),
                revise_by=today + timedelta(days=revise_in), summary=summary, decided_by="Socialnämnden (demo)",
                used_for=used_for)
        RoutineVersion.objects.filter(routine=routine).update(created_at=ctx.at(today - timedelta(days=decided_ago)))
