"""Demo data for Barn och unga: reports of concern and what became of them.

Runs as a ``DEMO_EXTENSIONS`` module (skutan/demo/generator.py) after the core generator has opened, moved
and closed the children's cases (skutan/demo/casework.py). Along each case's own status history it adds the
orosanmälan that opened it, its skyddsbedömning and förhandsbedömning, the investigation with BBIC notes and
samråd, and the interventions with their follow-ups. It then fills the last twelve months up to about
``REPORTS_PER_YEAR`` reports at scale 1.0 with repeat reports on open cases and screened-out reports about
other children (seed 003: up to two thirds screened out, about a quarter leading to interventions).

So the deadline board and the funnel have something to show: a few recent reports still lack their
skyddsbedömning (the alarm), some förhandsbedömningar run past 14 days, some investigations are near or past
their four months, and some follow-ups are overdue. Deadlines come from ``skutan.children.deadlines``.

Rows are bulk-inserted with one audit row per kind (``ctx.audit_bulk``); new cases go through the case
services inside ``ctx.happened_at`` like the core generator's.
"""

from __future__ import annotations

import random
import re
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from skutan.accounts.models import Role, UnitKind
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.cases.models import Case, CaseAssignment, CaseEvent, CaseStatus, CaseType
from skutan.cases.services import REFERENCE_PREFIX, case_close, case_open
from skutan.children import deadlines
from skutan.children.bbic import AREAS
from skutan.children.legal import reference
from skutan.children.models import (
    BbicNote,
    BestInterestAssessment,
    ChildConversation,
    ChildReport,
    ChildReportConcern,
    Consultation,
    Intervention,
    InterventionFollowUp,
    InterventionKind,
    Investigation,
    InvestigationExtension,
    InvestigationOutcome,
    InvestigationStatus,
    PreliminaryAssessment,
    PreliminaryExtension,
    PreliminaryOutcome,
    ProtectionAssessment,
    ReporterCategory,
)
from skutan.demo.bulk import audit_row
from skutan.demo.context import STOCKHOLM, AssignmentPeriod, DemoContext
from skutan.demo.names import FICTION_PHONE_NUMBERS, SWEDISH_MEN, SWEDISH_SURNAMES, SWEDISH_WOMEN
from skutan.demo.population import age_on, weighted
from skutan.demo.staff import in_post

REPORTS_PER_YEAR = 250  # for a municipality of about 10 500 inhabitants at scale 1.0
REPEAT_SHARE = 0.45  # of the reports added to fill the year: new reports about children with an open case
NEAR_DEADLINE = 3  # open investigations whose four months run out in the coming week
ALARM_REPORTS = 3  # recent reports still without a skyddsbedömning
UNIDENTIFIED_REPORTS = 2
LATE_PRELIMINARY = 2  # reports whose 14 days have run out without a förhandsbedömning
PATTERN_CHILDREN = 3  # children with three screened-out reports within twelve months
LVU_CASES = 2  # one omedelbart omhändertagande now, one child in care under LVU 2 §

CATEGORY_OF_SUMMARY = {
    "skola": ReporterCategory.SCHOOL, "förskola": ReporterCategory.PRESCHOOL, "polis": ReporterCategory.POLICE,
    "hälso- och sjukvården": ReporterCategory.HEALTH_CARE, "bvc": ReporterCategory.HEALTH_CARE,
    "anonym": ReporterCategory.ANONYMOUS,
}
CATEGORIES = [
    (ReporterCategory.SCHOOL, 27), (ReporterCategory.POLICE, 22), (ReporterCategory.HEALTH_CARE, 11),
    (ReporterCategory.PRESCHOOL, 8), (ReporterCategory.SOCIAL_SERVICES, 9), (ReporterCategory.PRIVATE_PERSON, 10),
    (ReporterCategory.ANONYMOUS, 5), (ReporterCategory.DENTAL_CARE, 3), (ReporterCategory.OTHER_MUNICIPALITY, 3),
    (ReporterCategory.OTHER, 2),
]
CONCERNS = {  # by reporter category: (concern, weight)
    ReporterCategory.SCHOOL: [("child_behaviour", 30), ("neglect", 25), ("violence", 20), ("parental_mental_illness", 10),
                              ("parental_substance_abuse", 8), ("honour_related", 4), ("sexual_abuse", 3)],
    ReporterCategory.PRESCHOOL: [("neglect", 40), ("violence", 25), ("parental_substance_abuse", 15),
                                 ("parental_mental_illness", 20)],
    ReporterCategory.POLICE: [("witnessed_violence", 35), ("child_behaviour", 35), ("parental_substance_abuse", 15),
                              ("violence", 15)],
    ReporterCategory.HEALTH_CARE: [("parental_mental_illness", 30), ("parental_substance_abuse", 25), ("neglect", 20),
                                   ("violence", 15), ("sexual_abuse", 5), ("child_marriage", 5)],
    ReporterCategory.DENTAL_CARE: [("neglect", 100)],
}
DEFAULT_CONCERNS = [("neglect", 30), ("violence", 20), ("parental_substance_abuse", 20), ("child_behaviour", 15),
                    ("parental_mental_illness", 10), ("other", 5)]
REPORT_TEXTS = {
    "violence": "{child} har ett blåmärke på kinden och säger att en vuxen hemma slog. Vi gör en anmälan genast.",
    "witnessed_violence": "Polisen har varit på hembesök efter larm om bråk. {child} fanns i lägenheten under händelsen.",
    "parental_substance_abuse": "Vårdnadshavaren har vid flera hämtningar varit påverkad. {child} har ingen annan vuxen att gå till.",
    "parental_mental_illness": "Vårdnadshavaren mår mycket dåligt psykiskt och orkar inte ta hand om {child} i vardagen.",
    "child_behaviour": "{child} har hög frånvaro, har setts med äldre ungdomar sent på kvällar och misstänks för snatteri.",
    "honour_related": "{child} berättar att familjen bestämmer vem hen får träffa och att hen hotats om att skickas utomlands.",
    "child_marriage": "Migrationsverket anmäler att {child} uppges vara gift. Anmälan görs för alla identifierade barn.",
    "neglect": "{child} kommer ofta hungrig, i för tunna kläder, och har inte varit på planerade hälsobesök.",
    "sexual_abuse": "{child} har berättat för en vuxen om sexuella övergrepp. Polisanmälan är gjord.",
    "other": "Oro för {child}s situation hemma; anmälaren ber socialtjänsten kontakta familjen.",
}
REPORTER_TITLES = {
    ReporterCategory.SCHOOL: "Mentor", ReporterCategory.PRESCHOOL: "Förskollärare",
    ReporterCategory.HEALTH_CARE: "Sjuksköterska", ReporterCategory.DENTAL_CARE: "Tandhygienist",
    ReporterCategory.POLICE: "Polisinspektör", ReporterCategory.SOCIAL_SERVICES: "Socialsekreterare",
    ReporterCategory.OTHER_MUNICIPALITY: "Socialsekreterare, Kristinehamns kommun",
    ReporterCategory.PRIVATE_PERSON: "", ReporterCategory.OTHER: "Fritidsledare",
}
PROTECTION_NOTES = [
    "Kontakt med anmälaren och skolan. Barnet är i tryggt sammanhang i dag; inget behov av omedelbart skydd.",
    "Barnet vistas hos den andra vårdnadshavaren. Inga uppgifter om akut fara; förhandsbedömning fortsätter.",
    "Samtal med vårdnadshavaren per telefon. Barnet bedöms inte vara i akut fara.",
]
IMMEDIATE_NOTE = "Barnet kan inte återvända hem i kväll. Placering hos släkting ordnad i samråd med socialjouren."
SCREENED_OUT_REASONS = [
    "Familjen tar emot stöd via elevhälsan; ingen utredning bedöms behövas.",
    "Uppgifterna kunde inte bekräftas vid samtal med vårdnadshavare och barn.",
    "Familjen har själv sökt stöd från familjecentralen; inget ytterligare behov.",
    "Händelsen var av engångskaraktär och vårdnadshavarna har vidtagit åtgärder.",
]
REPEAT_REASON = "Uppgifterna tas om hand inom pågående insats och dess uppföljning; ny utredning bedöms inte behövas."
TRANSFER_TARGETS = ["Socialtjänsten i Kristinehamns kommun", "Socialtjänsten i Karlstads kommun",
                    "Socialtjänsten i Storfors kommun"]
BBIC_TEXTS = [
    "Uppgifter från samtal med barnet och vårdnadshavarna samt från skola och BVC.",
    "Inga farhågor på området enligt de uppgifter som inhämtats.",
    "Brister konstateras; behovet ska följas upp i planeringen.",
    "Barnet har stöd av en trygg vuxen; det är en skyddsfaktor.",
]
PROVIDERS = {
    InterventionKind.CONTACT_PERSON: ["Kontaktperson (uppdragstagare)"],
    InterventionKind.FOSTER_HOME: ["Familjehem, egen rekrytering", "Familjehem via konsulentstödd verksamhet"],
    InterventionKind.HVB: ["HVB Ekbacken", "HVB Solgläntan"],
    InterventionKind.OUTPATIENT: ["Öppenvården Lotsen", "Familjebehandlarna"],
    InterventionKind.PARENTING_SUPPORT: ["Familjecentralen", "Föräldrastöd (ABC-grupp)"],
    InterventionKind.OTHER: ["Stödfamilj"],
}
INTERVENTION_KINDS = [
    (InterventionKind.OUTPATIENT, 35), (InterventionKind.PARENTING_SUPPORT, 25), (InterventionKind.CONTACT_PERSON, 20),
    (InterventionKind.FOSTER_HOME, 10), (InterventionKind.HVB, 7), (InterventionKind.OTHER, 3),
]
VIOLENT = {"violence", "sexual_abuse", "honour_related", "witnessed_violence"}
GOALS = [
    "Barnet ska ha en trygg vardag utan våld.",
    "Barnet ska gå i skolan varje dag och ha en vuxen att vända sig till.",
    "Föräldrarna ska kunna sätta gränser utan att ta till våld.",
    "Barnet ska få en stabil boendesituation och sina grundläggande behov tillgodosedda.",
]
BEST_INTEREST_TEXTS = [
    "Barnets bästa är att få stöd i hemmet med tät uppföljning; barnets egen vilja att bo kvar har vägts in.",
    "Barnets behov av skydd väger tyngre än önskan att bo kvar; placering bedöms vara till barnets bästa.",
    "Barnet behöver en vuxen utanför familjen; kontaktperson bedöms vara till barnets bästa.",
]
CHILD_VIEWS = [
    "Barnet vill bo kvar hemma men vill att det blir lugnare.",
    "Barnet säger att det är bra i skolan och vill träffa sina kompisar mer.",
    "Barnet vill inte prata om hemmet men vill ha någon att prata med.",
]

EVENT_KEYS = {ChildReport: "report_id", Investigation: "investigation_id", Intervention: "intervention_id"}


def generate(ctx: DemoContext) -> None:
    builder = _Builder(ctx)
    builder.history()
    builder.fill_last_year()
    builder.patterns()
    builder.recent_gaps()
    counts = builder.save()
    counts.update(_Care(ctx, builder).build())
    ctx.say("  " + ", ".join(f"{n} {what}" for what, n in counts.items()))


def _sentences(text: str) -> str:
    """Capital letter at the start of each sentence ("barnet" stands in for an unidentified child's name)."""
    return re.sub(r"(^|[.!?]\s+)([a-zåäö])", lambda m: m.group(1) + m.group(2).upper(), text)


def _status_days(ctx: DemoContext, case_ids: list[int]) -> dict[int, dict[str, date]]:
    """For each case, the first day it reached each status, read from its history (written with the
    simulated time inside ``ctx.happened_at``)."""
    found: dict[int, dict[str, date]] = {}
    events = CaseEvent.objects.filter(case_id__in=case_ids, event_type="status_changed").order_by("id")
    for case_id, at, data in events.values_list("case_id", "at", "data"):
        found.setdefault(case_id, {}).setdefault(data.get("new"), timezone.localdate(at))
    return found


class _Builder:
    def __init__(self, ctx: DemoContext):
        self.ctx, self.rng, self.today = ctx, ctx.rng, ctx.today
        # The parts added later (the child's voice, patterns) draw from their own stream, so the rest of the
        # municipality stays what the seed always gave.
        self.voice_rng = random.Random()
        self.voice_rng.setstate(ctx.rng.getstate())
        self.voice_rng.random()  # not the same draws as the main stream
        self.unit = ctx.units[UnitKind.CHILDREN]
        self.now = timezone.now()
        self.reports: list[ChildReport] = []
        self.concerns: dict[int, list[str]] = {}  # id(report) -> codes
        self.protections: list[ProtectionAssessment] = []
        self.preliminaries: list[PreliminaryAssessment] = []
        self.pre_extensions: list[PreliminaryExtension] = []
        self.conversations: list[ChildConversation] = []
        self.investigations: list[Investigation] = []
        self.inv_extensions: list[InvestigationExtension] = []
        self.notes: list[BbicNote] = []
        self.consultations: list[Consultation] = []
        self.interventions: list[Intervention] = []
        self.follow_ups: list[InterventionFollowUp] = []
        self.best_interest: list[BestInterestAssessment] = []
        self.events: list[tuple] = []  # (case_id, at, user, event_type, object, data builder)
        self.by_case: dict[int, dict] = {}  # case id -> {"investigations": [...], "interventions": [...]}
        # Beyond the demo, the screened-out cases of the last year are thousands: their rows are built here
        # and written with the rest, not opened and closed one by one through the case services.
        self.bulk_cases = ctx.scale > 1
        self.new_rows: dict[str, list] = {"cases": [], "assignments": [], "audit": []}
        self.case_ids: list[int] = []
        self.references: dict[str, int] = {}

    # --- small helpers ---------------------------------------------------------------------------------

    def _at(self, day: date, hour: int, minute: int = 0) -> datetime:
        moment = datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)
        return min(moment, self.now - timedelta(minutes=1))

    def _office(self, day: date) -> datetime:
        return self._at(day, self.rng.randint(8, 15), self.rng.randint(0, 59))

    def _worker(self, case: Case | None, day: date):
        if case is not None:
            handler = self.ctx.handler_on(case, day)
            if handler is not None:
                return handler
        everyone = self.ctx.users(Role.CASEWORKER, UnitKind.CHILDREN, active_only=False)
        in_post_then = [u for u in everyone if in_post(u, day, self.ctx.former_staff)]
        return self.rng.choice(in_post_then or everyone)

    def _event(self, case: Case | None, at: datetime, user, event_type: str, obj, **data) -> None:
        if case is not None:
            self.events.append((case.pk, at, user, event_type, obj, data))

    def _reporter(self, category: str) -> tuple[str, str, bool]:
        rng = self.rng
        if category == ReporterCategory.ANONYMOUS:
            return "", "", False
        first = rng.choice(SWEDISH_WOMEN + SWEDISH_MEN)
        name = f"{REPORTER_TITLES.get(category, '')} {first} {rng.choice(SWEDISH_SURNAMES)}".strip()
        confidential = category == ReporterCategory.PRIVATE_PERSON and rng.random() < 0.4
        return name, rng.choice(FICTION_PHONE_NUMBERS), confidential

    # --- building blocks ---------------------------------------------------------------------------------

    def report(self, *, case: Case | None, child, received_on: date, category: str | None = None,
               concerns: list[str] | None = None, description: str = "") -> ChildReport:
        rng = self.rng
        category = category or weighted(rng, CATEGORIES)
        if concerns is None:
            concerns = [weighted(rng, CONCERNS.get(category, DEFAULT_CONCERNS))]
            if rng.random() < 0.3:
                extra = weighted(rng, DEFAULT_CONCERNS)
                if extra not in concerns:
                    concerns.append(extra)
        hour = rng.randint(18, 23) if category == ReporterCategory.POLICE and rng.random() < 0.4 else None
        received_at = self._at(received_on, hour, rng.randint(0, 59)) if hour else self._office(received_on)
        protection = deadlines.protection_deadline(received_on)
        preliminary = deadlines.preliminary_deadline(received_on)
        name, contact, confidential = self._reporter(category)
        first_name = child.first_name if child is not None else "barnet"
        registrar = self._worker(case, received_on)
        report = ChildReport(
            unit=self.unit, case=case, child=child, child_description=description, received_at=received_at,
            received_on=received_on, registered_by=registrar, registered_at=received_at + timedelta(minutes=20),
            reporter_category=category, reporter_name=name, reporter_contact=contact,
            reporter_confidential=confidential, text=_sentences(REPORT_TEXTS[concerns[0]].format(child=first_name)),
            protection_due=protection.due, protection_limit_source=protection.limit.source,
            preliminary_statutory_due=preliminary.due, preliminary_due=preliminary.due,
            preliminary_limit_source=preliminary.limit.source,
        )
        self.reports.append(report)
        self.concerns[id(report)] = concerns
        self._event(case, received_at, registrar, "child_report_received", report, reporter_category=category,
                    concerns=concerns)
        return report

    def protect(self, report: ChildReport, *, late: bool = False) -> None:
        rng = self.rng
        at = report.received_at + timedelta(minutes=rng.randint(20, 180))
        if late:
            at += timedelta(days=rng.randint(1, 3))
        else:
            end_of_day = datetime.combine(report.received_on, time(23, 50), tzinfo=STOCKHOLM)
            at = min(at, end_of_day)
        at = min(at, self.now - timedelta(minutes=1))
        immediate = rng.random() < 0.04
        worker = self._worker(report.case, timezone.localdate(at))
        self.protections.append(ProtectionAssessment(
            report=report, assessed_at=at, assessed_by=worker, immediate_protection_needed=immediate,
            notes=IMMEDIATE_NOTE if immediate else rng.choice(PROTECTION_NOTES), recorded_at=at,
        ))
        self._event(report.case, at, worker, "protection_assessed", report, immediate_protection_needed=immediate)

    def decide(self, report: ChildReport, *, outcome: str, on: date, investigation: Investigation | None = None,
               reason: str = "", transferred_to: str = "") -> None:
        rng = self.rng
        on = max(on, report.received_on)
        worker = self._worker(report.case, on)
        concerns = set(self.concerns[id(report)])
        no_conversation = ""
        if outcome != PreliminaryOutcome.OPEN_INVESTIGATION and concerns & {"honour_related", "child_marriage"}:
            if rng.random() < 0.85:
                held = report.received_on + timedelta(days=rng.randint(0, max(0, (on - report.received_on).days)))
                self.conversations.append(ChildConversation(
                    report=report, held_on=held, held_by=worker.get_full_name(), recorded_by=worker,
                    notes="Samtal med barnet i skolan utan vårdnadshavare närvarande.",
                ))
            else:
                no_conversation = "Barnet har lämnat landet med familjen och har inte gått att nå."
        if on > report.preliminary_due and rng.random() < 0.4:
            decided = max(report.received_on, report.preliminary_due - timedelta(days=rng.randint(1, 4)))
            new_due = max(on, report.preliminary_due + timedelta(days=7))
            self.pre_extensions.append(PreliminaryExtension(
                report=report, decided_on=decided, decided_by=worker, previous_due=report.preliminary_due,
                new_due=new_due, reason="Barnet vistas utomlands under skollovet; samtal med barnet krävs före beslut.",
            ))
            report.preliminary_due = new_due
        if outcome == PreliminaryOutcome.NO_INVESTIGATION and not reason:
            reason = rng.choice(SCREENED_OUT_REASONS)
        self.preliminaries.append(PreliminaryAssessment(
            report=report, outcome=outcome, decided_on=on, decided_by=worker, reason=reason,
            transferred_to=transferred_to, no_conversation_reason=no_conversation, investigation=investigation,
            recorded_at=self._at(on, 14),
        ))
        self._event(report.case, self._at(on, 14, rng.randint(0, 59)), worker, "preliminary_decided", report,
                    outcome=outcome)

    def investigate(self, case: Case, opened_on: date, *, concluded_on: date | None, outcome: str = "",
                    reason: str = "", concerns: set[str] = frozenset()) -> Investigation:
        rng = self.rng
        due = deadlines.investigation_deadline(opened_on)
        worker = self._worker(case, opened_on)
        investigation = Investigation(
            case=case, opened_on=opened_on, opened_by=worker, statutory_due=due.due, due=due.due,
            limit_source=due.limit.source, limit_confirmed=due.limit.confirmed,
            status=InvestigationStatus.CONCLUDED if concluded_on else InvestigationStatus.OPEN, outcome=outcome,
            concluded_on=concluded_on, conclusion_reason=reason,
            concluded_by=self._worker(case, concluded_on) if concluded_on else None,
            created_at=self._at(opened_on, 14),
        )
        self.investigations.append(investigation)
        self.by_case.setdefault(case.pk, {"investigations": [], "interventions": []})["investigations"].append(
            investigation)
        self._event(case, self._at(opened_on, 14, 30), worker, "investigation_opened", investigation)
        end = concluded_on or self.today
        if end > due.due and rng.random() < 0.55:
            decided = max(opened_on, due.due - timedelta(days=rng.randint(2, 15)))
            new_due = max(end + timedelta(days=rng.randint(0, 10)), due.due + timedelta(days=rng.randint(21, 60)))
            self.inv_extensions.append(InvestigationExtension(
                investigation=investigation, decided_on=decided, decided_by=worker, previous_due=due.due,
                new_due=new_due, reason="Utlåtande från BUP väntas; utredningen kan inte slutföras utan det.",
            ))
            investigation.due = new_due
        elapsed = (end - opened_on).days
        areas = rng.sample(AREAS, min(len(AREAS), rng.randint(4, 12) if concluded_on else min(12, elapsed // 10)))
        for area in areas:
            written = opened_on + timedelta(days=rng.randint(0, max(0, elapsed)))
            self.notes.append(BbicNote(investigation=investigation, area=area.code, text=rng.choice(BBIC_TEXTS),
                                       updated_by=worker, updated_at=self._at(min(written, end), 15)))
        if concerns & VIOLENT and rng.random() < 0.6 and elapsed >= 3:
            held = opened_on + timedelta(days=rng.randint(1, min(elapsed, 20)))
            self.consultations.append(Consultation(
                investigation=investigation, held_on=held, agency="barnahus", agency_name="Barnahus Värmland",
                participants="Polis, åklagare, barnläkare och socialsekreterare", recorded_by=worker,
                notes="Gemensamt samråd; polisen håller barnförhör.",
            ))
        if concluded_on:
            self._event(case, self._at(concluded_on, 15), investigation.concluded_by, "investigation_concluded",
                        investigation, outcome=outcome)
        return investigation

    def intervene(self, case: Case, investigation: Investigation | None, decided_on: date, *,
                  ended_on: date | None, end_reason: str = "") -> Intervention:
        rng = self.rng
        kind = weighted(rng, INTERVENTION_KINDS)
        starts_on = decided_on + timedelta(days=rng.randint(0, 10))
        if ended_on is not None:
            starts_on = min(starts_on, ended_on)
        else:
            starts_on = min(starts_on, self.today)
        if ended_on is not None:
            ends_on = ended_on
        elif kind in (InterventionKind.FOSTER_HOME, InterventionKind.HVB):
            ends_on = None  # until further notice
        else:
            planned = starts_on + timedelta(days=rng.randint(180, 365))
            ends_on = max(planned, self.today + timedelta(days=rng.randint(30, 120)))
        worker = self._worker(case, decided_on)
        best_interest = None
        rng = self.voice_rng
        if investigation is not None:
            best_interest = BestInterestAssessment(
                investigation=investigation, assessed_on=max(investigation.opened_on, decided_on - timedelta(days=3)),
                text=rng.choice(BEST_INTEREST_TEXTS), recorded_by=worker, recorded_at=self._at(decided_on, 10),
            )
            self.best_interest.append(best_interest)
            held = investigation.opened_on + timedelta(days=rng.randint(3, 20))
            alone = rng.random() < 0.8
            self.conversations.append(ChildConversation(
                investigation=investigation, held_on=min(held, decided_on), held_by=worker.display_name, alone=alone,
                not_alone_reason="" if alone else "Barnet ville ha en förälder med.",
                present="" if alone else "Mamma", notes="Barnet berättade om skolan och hemmet.", recorded_by=worker,
                recorded_at=self._at(min(held, decided_on), 16),
            ))
            investigation.child_views = rng.choice(CHILD_VIEWS)
        legal = reference("sol_assistance", decided_on)
        intervention = Intervention(
            case=case, investigation=investigation, kind=kind,
            kind_other="Stödfamilj en helg i månaden" if kind == InterventionKind.OTHER else "",
            decided_on=decided_on, decided_by=worker, starts_on=starts_on, ends_on=ends_on,
            provider=rng.choice(PROVIDERS[kind]), ended_on=ended_on, end_reason=end_reason if ended_on else "",
            recorded_at=self._at(decided_on, 15, 30), legal_ground="sol_assistance", legal_source=legal.citation,
            goal=rng.choice(GOALS), reasons="Utredningen visar ett behov som inte kan tillgodoses på annat sätt.",
            best_interest=best_interest, delegation_source="Delegationsordning IFO punkt 5.2 (demo)",
        )
        rng = self.rng
        self.interventions.append(intervention)
        self.by_case.setdefault(case.pk, {"investigations": [], "interventions": []})["interventions"].append(
            intervention)
        self._event(case, self._at(decided_on, 15, 30), worker, "intervention_decided", intervention, kind=kind)
        every = 180 if kind in (InterventionKind.FOSTER_HOME, InterventionKind.HVB) else 90
        last = ended_on or self.today + timedelta(days=120)
        due = starts_on + timedelta(days=every)
        while due <= last:
            done = None
            if due < (ended_on or self.today):
                overdue = ended_on is None and due > self.today - timedelta(days=75) and rng.random() < 0.12
                if not overdue:
                    done = min(due + timedelta(days=rng.randint(0, 12)), ended_on or self.today)
            self.follow_ups.append(InterventionFollowUp(
                intervention=intervention, due_on=due, done_on=done, done_by=self._worker(case, done) if done else None,
                notes="Insatsen följd upp med barnet och vårdnadshavarna; fortsätter enligt plan." if done else "",
                recorded_at=self._at(decided_on, 15, 30),
            ))
            due += timedelta(days=every)
        return intervention

    # --- the story -------------------------------------------------------------------------------------

    def history(self) -> None:
        """Reports, assessments, investigations and interventions along each children's case's history."""
        rng, today = self.rng, self.today
        cases = list(self.ctx.cases.get(CaseType.CHILDREN, []))
        days = _status_days(self.ctx, [c.pk for c in cases])
        self.first_reports: list[tuple[Case, ChildReport]] = []
        for case in cases:
            steps = days.get(case.pk, {})
            inv_day, int_day = steps.get(CaseStatus.INVESTIGATION), steps.get(CaseStatus.INTERVENTION)
            report = None
            if case.opening_kind == "report":
                summary = case.summary.lower()
                category = next((c for key, c in CATEGORY_OF_SUMMARY.items() if summary.endswith(key)), None)
                report = self.report(case=case, child=case.person, received_on=case.opened_on, category=category)
                self.first_reports.append((case, report))
                self.protect(report, late=rng.random() < 0.03)
            concerns = set(self.concerns[id(report)]) if report else set()
            investigation = None
            if inv_day is not None:
                inv_day = max(inv_day, case.opened_on)
                if int_day is not None:
                    concluded, outcome, reason = int_day, InvestigationOutcome.INTERVENTIONS, "Beslut om insats"
                elif case.closed_on is not None:
                    concluded, outcome, reason = case.closed_on, InvestigationOutcome.CLOSED, case.closing_reason
                else:
                    concluded, outcome, reason = None, "", ""
                investigation = self.investigate(case, inv_day, concluded_on=concluded, outcome=outcome,
                                                 reason=reason, concerns=concerns)
                if report is not None:
                    self.decide(report, outcome=PreliminaryOutcome.OPEN_INVESTIGATION, on=inv_day,
                                investigation=investigation)
            elif report is not None and case.closed_on is not None:
                decided = min(case.closed_on, case.opened_on + timedelta(days=rng.randint(3, 13)))
                if "flyttat" in case.closing_reason:
                    self.decide(report, outcome=PreliminaryOutcome.TRANSFER, on=decided,
                                transferred_to=rng.choice(TRANSFER_TARGETS))
                else:
                    self.decide(report, outcome=PreliminaryOutcome.NO_INVESTIGATION, on=decided)
            if int_day is not None:
                self.intervene(case, investigation, int_day, ended_on=case.closed_on, end_reason=case.closing_reason)
                if case.closed_on is None and rng.random() < 0.15:
                    self.intervene(case, investigation, min(int_day + timedelta(days=rng.randint(20, 120)), today),
                                   ended_on=None)
        self.year_start = today - timedelta(days=365)
        self._near_deadline()

    def _near_deadline(self) -> None:
        """Make sure a few open investigations run out in the coming week: on cases with a long-running
        intervention, a new report some four months ago opened a new investigation (the case's status
        moves to Utredning, as investigation_open does)."""
        rng, today = self.rng, self.today
        horizon = today + timedelta(days=deadlines.FORECAST_DAYS)
        natural = sum(1 for i in self.investigations if i.status == InvestigationStatus.OPEN and today <= i.due <= horizon)
        busy = {i.case.pk for i in self.investigations if i.status == InvestigationStatus.OPEN}
        candidates = [
            c for c in self.ctx.cases.get(CaseType.CHILDREN, [])
            if c.status == CaseStatus.INTERVENTION and c.pk not in busy
            and any(i.decided_on <= today - timedelta(days=200) for i in self.by_case.get(c.pk, {}).get("interventions", []))
        ]
        self.restatused: list[Case] = []
        for case in rng.sample(candidates, min(len(candidates), max(0, self.ctx.scaled(NEAR_DEADLINE) - natural))):
            target = today + timedelta(days=rng.randint(1, deadlines.FORECAST_DAYS - 1))
            opened_on = target - timedelta(days=124)
            while deadlines.investigation_deadline(opened_on).due < target:
                opened_on += timedelta(days=1)
            if deadlines.investigation_deadline(opened_on).due > horizon:
                continue
            report = self.report(case=case, child=case.person, received_on=opened_on - timedelta(days=rng.randint(3, 10)))
            self.protect(report)
            concerns = set(self.concerns[id(report)])
            investigation = self.investigate(case, opened_on, concluded_on=None, concerns=concerns)
            self.decide(report, outcome=PreliminaryOutcome.OPEN_INVESTIGATION, on=opened_on, investigation=investigation)
            worker = self._worker(case, opened_on)
            self.events.append((case.pk, self._at(opened_on, 14, 45), worker, "status_changed", None,
                                {"old": CaseStatus.INTERVENTION, "new": CaseStatus.INVESTIGATION}))
            case.status = CaseStatus.INVESTIGATION
            self.restatused.append(case)

    def _open_on(self, case: Case, day: date) -> bool:
        return case.opened_on <= day and (case.closed_on is None or day <= case.closed_on)

    def fill_last_year(self) -> None:
        """Repeat reports on open cases and screened-out reports about other children, up to the year's volume."""
        rng, today = self.rng, self.today
        in_year = sum(1 for r in self.reports if r.received_on >= self.year_start)
        remaining = max(0, self.ctx.scaled(REPORTS_PER_YEAR) - in_year)
        repeats = round(remaining * REPEAT_SHARE)
        candidates = [
            c for c in self.ctx.cases.get(CaseType.CHILDREN, [])
            if (c.closed_on is None or c.closed_on >= self.year_start + timedelta(days=20))
            and c.opened_on <= today - timedelta(days=15)
        ]
        # Children with an intervention are reported again more often (school, police, the placement itself).
        weights = [3 if self.by_case.get(c.pk, {}).get("interventions") else 1 for c in candidates]
        for _ in range(repeats if candidates else 0):
            case = rng.choices(candidates, weights=weights)[0]
            first = max(case.opened_on + timedelta(days=15), self.year_start)
            last = min(case.closed_on or today, today)
            if last < first:
                continue
            day = first + timedelta(days=rng.randint(0, (last - first).days))
            self._repeat(case, day)
        self._screened_out_cases(remaining - repeats)

    def _repeat(self, case: Case, day: date) -> None:
        rng, today = self.rng, self.today
        report = self.report(case=case, child=case.person, received_on=day)
        self.protect(report, late=rng.random() < 0.03)
        age = (today - day).days
        if case.closed_on is None and (age < 14 or (age <= 25 and rng.random() < 0.35)):
            return  # still undecided: within its 14 days, or late
        limit = case.closed_on or today
        decided = min(day + timedelta(days=rng.randint(2, 12)), limit)
        parts = self.by_case.get(case.pk, {"investigations": [], "interventions": []})
        open_investigation = next(
            (i for i in parts["investigations"]
             if i.opened_on <= day and (i.concluded_on is None or decided <= i.concluded_on)), None)
        if open_investigation is not None:
            self.decide(report, outcome=PreliminaryOutcome.OPEN_INVESTIGATION, on=decided,
                        investigation=open_investigation)
        elif any(i.decided_on <= day and (i.ended_on is None or day <= i.ended_on) for i in parts["interventions"]):
            self.decide(report, outcome=PreliminaryOutcome.NO_INVESTIGATION, on=decided, reason=REPEAT_REASON)
        else:
            self.decide(report, outcome=PreliminaryOutcome.NO_INVESTIGATION, on=decided)

    def _screened_out_cases(self, count: int) -> None:
        """New cases opened by a report and closed by the förhandsbedömning (case services, backdated)."""
        rng, today = self.rng, self.today
        latest = today - timedelta(days=16)
        if latest < self.year_start:
            return
        children = self._children_without_case(latest)
        rng.shuffle(children)
        for child in children[:count]:
            day = self.year_start + timedelta(days=rng.randint(0, (latest - self.year_start).days))
            if age_on(child.birth_date, day) >= 18:
                continue
            self._screened_out_case(child, day, transfer=rng.random() < 0.2)
        self._finish_new_cases()

    def _children_without_case(self, latest: date) -> list:
        ctx = self.ctx
        with_case = {c.person_id for cases in ctx.cases.values() for c in cases if c.case_type == CaseType.CHILDREN}
        with_case |= {c.person_id for c, _, _ in getattr(self, "new_cases", [])}
        return [p for p in ctx.persons if p.birth_date and p.pk not in with_case
                and age_on(p.birth_date, latest) < 17 and p.birth_date < self.year_start]

    def _screened_out_case(self, child, day: date, *, transfer: bool, late_ok: bool = True) -> None:
        rng, today, ctx = self.rng, self.today, self.ctx
        worker = self._worker(None, day)
        category = weighted(rng, CATEGORIES)
        received_at = self._office(day)
        summary = f"Orosanmälan från {ReporterCategory(category).label.lower()}"
        if not self.bulk_cases:
            with ctx.happened_at(received_at):
                case = case_open(
                    actor=worker, person=child, unit=self.unit, case_type=CaseType.CHILDREN, opening_kind="report",
                    opened_on=day, household=ctx.household_of.get(child.pk), summary=summary, assign_to=worker,
                )
        decided = min(day + timedelta(days=rng.randint(2, 13)), today)
        if late_ok and rng.random() < 0.05:
            decided = min(day + timedelta(days=rng.randint(15, 22)), today)  # a late förhandsbedömning
        reason = "Överlämnat efter förhandsbedömning" if transfer else "Ingen utredning inleds efter förhandsbedömning"
        if self.bulk_cases:
            case = self._case_rows(child=child, worker=worker, day=day, received_at=received_at, summary=summary,
                                   closed_at=self._at(decided, 15, rng.randint(0, 59)), decided=decided, reason=reason)
        report = self.report(case=case, child=child, received_on=day, category=category)
        self.protect(report, late=late_ok and rng.random() < 0.03)
        if transfer:
            self.decide(report, outcome=PreliminaryOutcome.TRANSFER, on=decided,
                        transferred_to=rng.choice(TRANSFER_TARGETS))
        else:
            self.decide(report, outcome=PreliminaryOutcome.NO_INVESTIGATION, on=decided)
        if not self.bulk_cases:
            with ctx.happened_at(self._at(decided, 15, rng.randint(0, 59))):
                case = case_close(actor=worker, case=case, reason=reason, expected_version=case.version,
                                  closed_on=decided)
        self.events.append((case.pk, self._at(day, 13), worker, "status_changed", None,
                            {"old": CaseStatus.OPENED, "new": CaseStatus.ASSESSMENT}))
        ctx.assignments[case.pk] = [AssignmentPeriod(worker, day, decided)]
        self.new_cases = getattr(self, "new_cases", [])
        if not self.bulk_cases:
            self.new_cases.append((case, received_at, decided))
        ctx.cases.setdefault(CaseType.CHILDREN, []).append(case)

    def _case_rows(self, *, child, worker, day: date, received_at: datetime, summary: str, closed_at: datetime,
                   decided: date, reason: str) -> Case:
        """The rows case_open(assign_to=worker) and case_close would write, dated as they happened (as the
        core generator's cases_create builds them), written in ``save``."""
        prefix = f"{REFERENCE_PREFIX[CaseType.CHILDREN]}-{day.year}-"
        if prefix not in self.references:
            last = Case.objects.filter(reference__startswith=prefix).order_by("-reference").values_list(
                "reference", flat=True).first()
            self.references[prefix] = int(last.rsplit("-", 1)[1]) if last else 0
        self.references[prefix] += 1
        if not self.case_ids:
            self.case_ids = list(reversed(self.ctx.writer.ids(Case, 1000)))
        case = Case(
            pk=self.case_ids.pop(), reference=f"{prefix}{self.references[prefix]:05d}", person=child,
            household=self.ctx.household_of.get(child.pk), case_type=CaseType.CHILDREN, unit=self.unit,
            status=CaseStatus.CLOSED, opening_kind="report", opened_on=day, summary=summary, created_at=received_at,
            closed_on=decided, closing_reason=reason, version=2,
        )
        rows = self.new_rows
        rows["cases"].append(case)
        rows["assignments"].append(CaseAssignment(case=case, user=worker, assigned_by=worker, assigned_at=received_at,
                                                  ended_at=self._at(decided, 16)))
        name = worker.get_full_name() or worker.get_username()
        self.events += [
            (case.pk, received_at, worker, "opened", None, {"opening_kind": "report"}),
            (case.pk, received_at, worker, "allocated", None, {"assignee_id": worker.pk, "assignee": name}),
            (case.pk, closed_at, worker, "closed", None, {"reason": reason}),
        ]
        of_case = {"obj": case, "person_id": child.pk, "case_id": case.pk}
        rows["audit"] += [
            audit_row(event_type=EventType.CASE_OPENED, actor=worker, at=received_at, **of_case,
                      data={"case_type": CaseType.CHILDREN, "unit_id": self.unit.pk, "opening_kind": "report"}),
            audit_row(event_type=EventType.CASE_ALLOCATED, actor=worker, at=received_at, **of_case,
                      data={"assignee_id": worker.pk}),
            audit_row(event_type=EventType.CASE_CLOSED, actor=worker, at=closed_at, **of_case, data={"reason": reason}),
        ]
        return case

    def _finish_new_cases(self) -> None:
        ctx = self.ctx
        ctx.cases.setdefault(CaseType.CHILDREN, []).sort(key=lambda c: (c.opened_on, c.pk))
        for case, received_at, decided in getattr(self, "new_cases", []):
            Case.objects.filter(pk=case.pk).update(created_at=received_at)
            CaseAssignment.objects.filter(case=case).update(
                assigned_at=received_at, ended_at=self._at(decided, 16))
        self.new_cases = []

    def patterns(self) -> None:
        """A few children with three or more reports in twelve months, all screened out (the pattern flag)."""
        main, self.rng = self.rng, self.voice_rng
        try:
            self._patterns()
        finally:
            self.rng = main

    def _patterns(self) -> None:
        rng, today = self.rng, self.today
        latest = today - timedelta(days=20)
        for child in self._children_without_case(latest)[: self.ctx.scaled(PATTERN_CHILDREN)]:
            start = today - timedelta(days=rng.randint(250, 330))
            days = sorted({start + timedelta(days=rng.randint(0, (latest - start).days)) for _ in range(3)})
            for i, day in enumerate(days):
                if i and day <= days[i - 1] + timedelta(days=25):
                    day = days[i - 1] + timedelta(days=26)
                if day > latest or age_on(child.birth_date, day) >= 18:
                    continue
                self._screened_out_case(child, day, transfer=False, late_ok=False)
        self._finish_new_cases()

    def recent_gaps(self) -> None:
        """What the alarm shows: a few recent reports without a skyddsbedömning, and reports about children
        not yet identified."""
        rng, today = self.rng, self.today
        for _ in range(self.ctx.scaled(UNIDENTIFIED_REPORTS)):
            day = today - timedelta(days=rng.randint(0, 8))
            report = self.report(case=None, child=None, received_on=day, category=ReporterCategory.PRIVATE_PERSON,
                                 description=rng.choice([
                                     "Flicka, ca 8 år, bor i flerfamiljshuset på Kyrkogatan; förnamn Ella enligt anmälaren.",
                                     "Pojke i tolvårsåldern som ofta är ute sent vid busstationen; heter troligen Leo.",
                                 ]))
            if day == today or rng.random() < 0.5:
                self.protect(report)
        active = [c for c in self.ctx.cases.get(CaseType.CHILDREN, [])
                  if c.closed_on is None and c.opened_on <= today - timedelta(days=30)]
        for case in rng.sample(active, min(len(active), self.ctx.scaled(LATE_PRELIMINARY))):
            report = self.report(case=case, child=case.person, received_on=today - timedelta(days=rng.randint(18, 24)))
            self.protect(report)
        decided = {id(p.report) for p in self.preliminaries}
        assessed = {id(p.report) for p in self.protections}
        pending = [r for r in self.reports if id(r) not in decided and id(r) in assessed and r.received_on < today
                   and r.received_on >= today - timedelta(days=20)]
        stripped = {id(r) for r in rng.sample(pending, min(len(pending), self.ctx.scaled(ALARM_REPORTS)))}
        if stripped:  # one pass over the lists (millions of events at Stockholm's size), not one per report
            self.protections = [p for p in self.protections if id(p.report) not in stripped]
            self.events = [e for e in self.events if not (id(e[4]) in stripped and e[3] == "protection_assessed")]

    # --- writing ---------------------------------------------------------------------------------------

    def save(self) -> dict[str, int]:
        ctx = self.ctx
        Case.objects.filter(pk__in=[c.pk for c in getattr(self, "restatused", [])]).update(
            status=CaseStatus.INVESTIGATION)
        write = ctx.writer.create  # COPY on PostgreSQL: at Stockholm's size these are millions of rows
        write(self.new_rows["cases"])
        write(self.new_rows["assignments"])
        ctx.writer.write(self.new_rows["audit"], model=AuditEvent)
        write(self.investigations)
        for c in self.conversations:  # conversations in the investigation point at it, now saved
            if c.investigation is not None:
                c.investigation_id = c.investigation.pk
        write(self.reports)
        write([ChildReportConcern(report=r, category=c) for r in self.reports for c in self.concerns[id(r)]])
        for _model, rows in ((ProtectionAssessment, self.protections), (PreliminaryExtension, self.pre_extensions),
                            (ChildConversation, self.conversations), (PreliminaryAssessment, self.preliminaries),
                            (InvestigationExtension, self.inv_extensions), (BbicNote, self.notes),
                            (Consultation, self.consultations)):
            write(rows)
        write(self.best_interest)
        write(self.interventions)
        write(self.follow_ups)
        events = []
        for case_id, at, user, event_type, obj, data in self.events:
            if obj is not None:
                data = {EVENT_KEYS[type(obj)]: obj.pk, **data}
            events.append(CaseEvent(case_id=case_id, at=at, event_type=event_type, user_id=getattr(user, "pk", None),
                                    username=user.get_username() if user else "", data=data))
        write(events)
        counts = {
            "orosanmälningar": len(self.reports), "skyddsbedömningar": len(self.protections),
            "förhandsbedömningar": len(self.preliminaries), "utredningar": len(self.investigations),
            "insatser": len(self.interventions), "uppföljningar": len(self.follow_ups),
        }
        ctx.audit_bulk(what="children", count=sum(counts.values()), **{
            "reports": len(self.reports), "protection_assessments": len(self.protections),
            "preliminary_assessments": len(self.preliminaries), "preliminary_extensions": len(self.pre_extensions),
            "child_conversations": len(self.conversations), "investigations": len(self.investigations),
            "investigation_extensions": len(self.inv_extensions), "bbic_notes": len(self.notes),
            "consultations": len(self.consultations), "interventions": len(self.interventions),
            "follow_ups": len(self.follow_ups), "case_events": len(events),
        })
        return counts


class _Care:
    """After the reports and investigations are saved: the children's delegations, the guardians and the
    notices to them, placements with their six-monthly övervägande, a couple of LVU cases, and återkoppling
    to professional reporters. Bulk inserts with one audit row per kind."""

    def __init__(self, ctx: DemoContext, builder: _Builder):
        self.ctx, self.rng, self.today, self.builder = ctx, ctx.rng, ctx.today, builder

    def build(self) -> dict[str, int]:
        return {
            "delegationer (barn)": self.delegations(), "vårdnadshavare": self.guardians(),
            "underrättelser": self.notices(), "placeringar": self.placements(), "LVU-beslut": self.lvu(),
            "återkopplingar": self.feedback(),
        }

    def delegations(self) -> int:
        """A synthetic delegationsordning: caseworkers decide insatser up to 25 000 kr a month, unit managers
        everything, including placements and the extensions."""
        from decimal import Decimal

        from skutan.accounts.models import Delegation
        from skutan.children import delegation as kinds

        rows = []
        for user in self.ctx.users(Role.CASEWORKER, UnitKind.CHILDREN, active_only=False):
            rows.append(Delegation(user=user, decision_kind=kinds.INTERVENTION, max_amount=Decimal(25000),
                                   point="Delegationsordning IFO punkt 5.2: öppna insatser för barn (demo)",
                                   valid_from=date(2019, 1, 1), valid_to=self.ctx.former_staff.get(user.pk)))
        for user in self.ctx.users(Role.UNIT_MANAGER, UnitKind.CHILDREN, active_only=False):
            rows += [Delegation(user=user, decision_kind=kind, max_amount=None, valid_from=date(2019, 1, 1),
                                point=f"Delegationsordning IFO punkt 5.{n}: {label} (demo)")
                     for n, (kind, label) in enumerate(kinds.KIND_LABELS.items(), start=1)]
        Delegation.objects.bulk_create(rows)
        self.ctx.audit_bulk(what="children.delegations", count=len(rows))
        return len(rows)

    def guardians(self) -> int:
        """The adults of each child's household are the child's guardians (at most two)."""
        from skutan.children.models import Guardian
        from skutan.people.models import HouseholdMember, HouseholdRole

        child_ids = {c.person_id for c in self.ctx.cases.get(CaseType.CHILDREN, [])}
        households = {cid: h.pk for cid, h in self.ctx.household_of.items() if cid in child_ids}
        adults: dict[int, list] = {}
        for m in HouseholdMember.objects.filter(household_id__in=set(households.values()), role=HouseholdRole.ADULT,
                                                left_on__isnull=True).select_related("person"):
            adults.setdefault(m.household_id, []).append(m.person)
        admin = self.builder._worker(None, self.today)
        rows = []
        for child_id, household_id in households.items():
            for person in adults.get(household_id, [])[:2]:
                rows.append(Guardian(child_id=child_id, person=person, lives_with_child=True,
                                     phone=person.phone, recorded_by=admin))
        Guardian.objects.bulk_create(rows, batch_size=1000)
        self.ctx.audit_bulk(what="children.guardians", count=len(rows))
        return len(rows)

    def notices(self) -> int:
        """Each guardian told that the investigation was opened (letter), and of the decisions."""
        from skutan.children.models import Guardian, PartyNotice

        guardians: dict[int, list] = {}
        for g in Guardian.objects.filter(ended_on__isnull=True):
            guardians.setdefault(g.child_id, []).append(g)
        rows = []
        for inv in Investigation.objects.select_related("case", "opened_by"):
            for g in guardians.get(inv.case.person_id, []):
                rows.append(PartyNotice(case=inv.case, guardian=g, subject="investigation_opened",
                                        sent_on=min(inv.opened_on + timedelta(days=1), self.today), channel="letter",
                                        recorded_by=inv.opened_by))
        for i in Intervention.objects.select_related("case", "decided_by"):
            for g in guardians.get(i.case.person_id, []):
                rows.append(PartyNotice(case=i.case, guardian=g, subject="decision", about=i.label,
                                        sent_on=min(i.decided_on + timedelta(days=1), self.today),
                                        channel=self.rng.choice(["letter", "digital"]), recorded_by=i.decided_by))
        PartyNotice.objects.bulk_create(rows, batch_size=1000)
        self.ctx.audit_bulk(what="children.party_notices", count=len(rows))
        return len(rows)

    def placements(self) -> int:
        """Each familjehem/HVB insats is a placement with its övervägande every six months: those passed done,
        the next one pending on the board; two familjehem in the register."""
        from skutan.children.models import CareReview, FosterHome, Placement
        from skutan.people.models import HouseholdMember, HouseholdRole

        unit = self.builder.unit
        admin = self.builder._worker(None, self.today)
        fosters = [p for p in self.ctx.persons if p.birth_date and age_on(p.birth_date, self.today) >= 35][:4]
        homes = [FosterHome(unit=unit, name=name, consent_on=self.today - timedelta(days=900 + 200 * n),
                            consent_reference=f"Beslut i socialnämndens individutskott §{40 + n} (demo)", places=2,
                            recorded_by=admin)
                 for n, name in enumerate(("Familjehemmet Lindgården", "Familjehemmet Björkbacken"))]
        FosterHome.objects.bulk_create(homes)
        from skutan.children.models import FosterHomeMember

        FosterHomeMember.objects.bulk_create(
            FosterHomeMember(foster_home=homes[n // 2], person=p) for n, p in enumerate(fosters)
        )
        del HouseholdMember, HouseholdRole
        placements, reviews = [], []
        active_child: set[int] = set()
        for i in Intervention.objects.filter(kind__in=("foster_home", "hvb")).select_related("case").order_by("-starts_on"):
            if i.ended_on is None and i.case_id in active_child:
                continue  # one ongoing placement per case
            home = homes[len(placements) % 2] if i.kind == "foster_home" else None
            placement = Placement(case=i.case, intervention=i, kind=i.kind, foster_home=home,
                                  place_name=home.name if home else i.provider, starts_on=i.starts_on,
                                  ended_on=i.ended_on)
            placements.append(placement)
            if i.ended_on is None:
                active_child.add(i.case_id)
            start, end = i.starts_on, i.ended_on or self.today
            while True:
                d = deadlines.care_review_deadline("placement_consideration", start)
                review = CareReview(case=i.case, placement=placement, kind="placement_consideration", counted_from=start,
                                    due_on=d.due, limit_source=d.limit.source, limit_confirmed=d.limit.confirmed)
                reviews.append(review)
                if d.due >= end or (i.ended_on and d.due > i.ended_on):
                    if i.ended_on is not None:
                        reviews.pop()  # care ended before the next one fell due
                    break
                done = d.due - timedelta(days=self.rng.randint(0, 20))
                review.done_on, review.care_still_needed = done, True
                review.done_by = i.decided_by
                review.notes = "Nämnden har övervägt vården; den behövs fortfarande."
                start = done
        Placement.objects.bulk_create(placements, batch_size=500)
        for r in reviews:
            r.placement_id = r.placement.pk
        CareReview.objects.bulk_create(reviews, batch_size=1000)
        self.ctx.audit_bulk(what="children.placements", count=len(placements) + len(reviews) + len(homes))
        return len(placements)

    def lvu(self) -> int:
        """One omedelbart omhändertagande a few days ago (7 § and 8 § on the board) and one child in care
        under 2 § since about eight months (its 13 § övervägande pending)."""
        from skutan.children.models import CareReview, LvuDecision

        cases = [c for c in Case.objects.filter(case_type=CaseType.CHILDREN, closed_on__isnull=True,
                                                 status=CaseStatus.INVESTIGATION).order_by("pk")]
        cases = cases[: self.ctx.scaled(LVU_CASES, minimum=2)]
        rows = []
        for n, case in enumerate(cases[:2]):
            worker = self.builder._worker(case, self.today)
            if n == 0:
                day = self.today - timedelta(days=3)
                court = deadlines.lvu_court_submission_deadline(day)
                application = deadlines.lvu_care_application_deadline(day)
                rows.append(LvuDecision(
                    case=case, kind="immediate_custody", grounds="2 §", decided_on=day, executed_on=day,
                    reasons="Barnet har utsatts för våld i hemmet och kan inte bo kvar i avvaktan på rättens beslut.",
                    decided_by_text="Socialnämndens ordförande", recorded_by=worker,
                    court_submission_due=court.due, court_submission_source=court.limit.source,
                    care_application_due=application.due, care_application_source=application.limit.source,
                    moved_by_next_weekday_rule=deadlines.lvu_next_weekday_rule()))
            else:
                began = self.today - timedelta(days=240)
                rows.append(LvuDecision(case=case, kind="care", grounds="2 §", decided_on=began, executed_on=began,
                                        reasons="Förvaltningsrätten har beslutat om vård enligt 2 § LVU.",
                                        decided_by_text="Förvaltningsrätten i Karlstad", recorded_by=worker))
        LvuDecision.objects.bulk_create(rows)
        reviews = []
        for d in rows:
            if d.kind == "care":
                first = deadlines.care_review_deadline("lvu_consideration", d.executed_on)
                done = first.due - timedelta(days=5)
                reviews.append(CareReview(case=d.case, lvu_decision=d, kind="lvu_consideration",
                                          counted_from=d.executed_on, due_on=first.due, limit_source=first.limit.source,
                                          done_on=done, done_by=d.recorded_by, care_still_needed=True,
                                          notes="Vården behövs fortfarande."))
                nxt = deadlines.care_review_deadline("lvu_consideration", done)
                reviews.append(CareReview(case=d.case, lvu_decision=d, kind="lvu_consideration", counted_from=done,
                                          due_on=nxt.due, limit_source=nxt.limit.source))
        CareReview.objects.bulk_create(reviews)
        self.ctx.audit_bulk(what="children.lvu", count=len(rows) + len(reviews))
        return len(rows)

    def feedback(self) -> int:
        """Återkoppling to professional reporters: done for most, the most recent ones still to do."""
        from skutan.children.models import PROFESSIONAL_REPORTERS

        qs = ChildReport.objects.filter(reporter_category__in=PROFESSIONAL_REPORTERS,
                                        preliminary_assessment__isnull=False,
                                        preliminary_assessment__decided_on__lt=self.today - timedelta(days=10))
        n = 0
        for report in qs.select_related("preliminary_assessment").only("pk", "preliminary_assessment__decided_on"):
            if self.rng.random() < 0.9:
                ChildReport.objects.filter(pk=report.pk).update(
                    feedback_given_on=report.preliminary_assessment.decided_on + timedelta(days=self.rng.randint(0, 5)),
                    feedback_channel=self.rng.choice(["letter", "email", "phone"]))
                n += 1
        self.ctx.audit_bulk(what="children.reporter_feedback", count=n)
        return n
