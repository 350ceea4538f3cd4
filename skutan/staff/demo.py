"""Demo data for staff: safety markers, today's visits (one overdue, so the manager's board has an alarm), the
seeds' threat incidents, qualifications with a dispensation ending soon, and introduction for newcomers."""

from datetime import timedelta

from django.utils import timezone

from skutan.accounts.models import Role, UnitKind
from skutan.cases.models import CaseType
from skutan.demo.context import DemoContext
from skutan.staff import services
from skutan.staff.models import SafetyMarkerKind, Visit
from skutan.staff.rules import seed_marker_kinds

MARKERS = [("threat_to_staff", "Hotade handläggare vid besök i receptionen."),
           ("violence_history", "Dömd för våld mot tjänsteman."), ("dog", "Stor hund, ofta lös."),
           ("always_two", "Besök alltid två enligt enhetschefens beslut.")]


def generate(ctx: DemoContext) -> None:
    seed_marker_kinds(SafetyMarkerKind)
    today = ctx.today
    eb_cases = ctx.active_cases(CaseType.FINANCIAL_ASSISTANCE)
    adults = ctx.active_cases(CaseType.ADULTS)
    marked = []
    for i, case in enumerate((eb_cases[:3] + adults[:2])[:len(MARKERS) + 1]):
        kind, reason = MARKERS[i % len(MARKERS)]
        worker = ctx.handler_on(case, today) or ctx.manager(UnitKind.FINANCIAL_ASSISTANCE)
        if case.unit_id not in set(worker.memberships.values_list("unit_id", flat=True)):
            continue
        with ctx.happened_at(ctx.at(today - timedelta(days=30 + i))):
            services.safety_marker_set(actor=worker, person=case.person, kind=kind, reason=reason,
                                       review_on=timezone.localdate() + timedelta(days=10 + 40 * i))
        marked.append(case)
    _visits(ctx, eb_cases)
    _incidents(ctx)
    _qualifications(ctx)
    ctx.say(f"  personal: {len(marked)} säkerhetsmarkeringar, {Visit.objects.count()} besök")


def _visits(ctx: DemoContext, cases) -> None:
    """Today's visits for the EB unit; one is overdue with no check-out (only when the demo day is today)."""
    if not cases or ctx.today != timezone.localdate():
        return
    now = timezone.now()
    for i, case in enumerate(cases[5:8]):
        worker = ctx.handler_on(case, ctx.today)
        if worker is None or case.unit_id not in set(worker.memberships.values_list("unit_id", flat=True)):
            continue
        colleagues = [u for u in ctx.caseworkers(UnitKind.FINANCIAL_ASSISTANCE) if u.pk != worker.pk]
        start = now - timedelta(hours=3 - i)
        try:
            visit = services.visit_plan(actor=worker, person=case.person, unit=case.unit, case=case,
                                        starts_at=start, expected_end=start + timedelta(minutes=45),
                                        companion=colleagues[0] if colleagues else None, purpose="Hembesök")
        except Exception:  # noqa: BLE001 - a marked person without a companion is skipped in the demo
            continue
        if i == 0:
            services.visit_check_in(actor=worker, visit=visit)  # checked in, never out: the alarm
        elif i == 1:
            services.visit_check_in(actor=worker, visit=visit)
            services.visit_check_out(actor=worker, visit=visit)


def _incidents(ctx: DemoContext) -> None:
    """The seeds' two cases: one never reported to the police, one reported and the investigation dropped."""
    kinds = [k for k in (UnitKind.CHILDREN, UnitKind.FINANCIAL_ASSISTANCE) if ctx.caseworkers(k)]
    if not kinds:
        return
    affected = ctx.caseworkers(kinds[0])[0]
    manager = ctx.manager(kinds[0])
    unit = ctx.units[kinds[0]]
    with ctx.happened_at(ctx.at(ctx.today - timedelta(days=40))):
        services.threat_incident_record(
            actor=affected, affected=affected, unit=unit, occurred_on=ctx.today - timedelta(days=40),
            channel="social_media", description="Uthängd med namn och bild i en Facebookgrupp; en förälder skrev "
                                                "”nu vet jag var dina barn går i skolan”.",
            support_given="Samtal med enhetschefen.")
    with ctx.happened_at(ctx.at(ctx.today - timedelta(days=120))):
        incident = services.threat_incident_record(
            actor=manager, affected=affected, unit=unit, occurred_on=ctx.today - timedelta(days=120),
            channel="phone", description="Hot om våld i telefon efter ett beslut.", police_status="reported",
            police_reported_on=ctx.today - timedelta(days=119), police_case_number="5000-K00000-00 (demo)",
            support_given="Samtal, företagshälsovård.")
    with ctx.happened_at(ctx.at(ctx.today - timedelta(days=60))):
        services.threat_incident_update(
            actor=manager, incident=incident, police_status="dropped", police_reported_on=incident.police_reported_on,
            police_case_number=incident.police_case_number, support_given=incident.support_given,
            follow_up_note="Förundersökningen lades ned.", version=incident.version)


def _qualifications(ctx: DemoContext) -> None:
    for kind in (UnitKind.CHILDREN, UnitKind.FINANCIAL_ASSISTANCE, UnitKind.ADULTS):
        workers = ctx.caseworkers(kind)
        managers = ctx.users(Role.UNIT_MANAGER, kind)
        if not workers or not managers:
            continue
        manager = managers[0]
        for i, w in enumerate(workers):
            new = w.employed_since and (ctx.today - w.employed_since).days < 365
            unqualified = kind == UnitKind.CHILDREN and i == len(workers) - 1
            services.staff_profile_save(
                actor=manager, user=w, degree="none" if unqualified else "socionom",
                dispensation_until=ctx.today + timedelta(days=45) if unqualified else None,
                dispensation_reason="Dispens enligt nämndens beslut (demo)" if unqualified else "",
                child_specialist_training_on=ctx.today - timedelta(days=300) if kind == UnitKind.CHILDREN and
                not new and not unqualified else None,
                mentor=workers[0] if new and workers[0].pk != w.pk else None)
            if new:
                for title, days in (("Introduktion i Skutan och dokumentation", 7), ("Bisittare vid utredning", 30),
                                    ("Genomgång av delegationsordningen", 60)):
                    step = services.introduction_step_add(actor=manager, user=w, title=title,
                                                          due_on=w.employed_since + timedelta(days=days))
                    if w.employed_since + timedelta(days=days) < ctx.today:
                        services.introduction_step_done(actor=manager, step=step,
                                                        done_on=w.employed_since + timedelta(days=days))
