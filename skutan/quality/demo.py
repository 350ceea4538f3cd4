"""Demo data for quality: a year of believable deviations, two Lex Sarah matters (one reported to IVO), a risk
analysis, and the municipality's own Lex Sarah targets.

Runs as an extension of the demo generator (DEMO_EXTENSIONS). Deviations are reported through the services,
backdated to the day they happened, by staff of the unit where they happened.
"""

from datetime import timedelta

from skutan.accounts.models import Role, UnitKind
from skutan.cases.models import CaseType
from skutan.demo.context import DemoContext
from skutan.quality import services
from skutan.quality.defaults import seed_categories
from skutan.quality.models import Deviation, DeviationCategory, LexSarahMatter, LexSarahStep, Severity

# (category, what happened, immediate action) — typical deviations of an IFO, no personal data in the text.
EVENTS = [
    ("documentation", "Journalanteckning från hembesöket var inte signerad efter fem dagar.",
     "Handläggaren signerade samma dag."),
    ("documentation", "Beslut saknade motivering i beslutsunderlaget.", "Beslutet kompletterades."),
    ("case_handling", "Ansökan låg oregistrerad i två veckor i postfacket.", "Registrerades och prioriterades."),
    ("case_handling", "Fel riksnormsår användes i en beräkning.", "Beräkningen gjordes om och mellanskillnaden betalades."),
    ("confidentiality", "Brev skickades till fel adress.", "Mottagaren kontaktades och brevet återtogs."),
    ("confidentiality", "Samtal om en klient fördes i ett öppet kontorslandskap.", "Påminnelse på APT."),
    ("conduct", "Klient upplevde sig illa bemött i telefon.", "Enhetschefen ringde upp klienten."),
    ("threat_violence", "Klient uttalade hot mot handläggare i receptionen.", "Väktare tillkallades; polisanmälan övervägs."),
    ("it_fault", "Sidan för utbetalningar svarade inte under förmiddagen.", "IT-support kontaktades."),
    ("deadline_missed", "Förhandsbedömning blev klar efter 16 dagar.", "Orsaken (sjukfrånvaro) dokumenterades."),
    ("deadline_missed", "Uppföljning av insats gjordes inte på planerat datum.", "Ny tid bokades."),
    ("other", "Tolk kom inte till bokat möte.", "Mötet bokades om med telefontolk."),
]

TARGETS = {  # the demo municipality's own targets, in days from the report
    LexSarahStep.FIRST_ASSESSMENT: 2, LexSarahStep.INVESTIGATED: 30,
    LexSarahStep.SERIOUSNESS_DECIDED: 35, LexSarahStep.REPORTED_TO_IVO: 42,
}


def generate(ctx: DemoContext) -> None:
    seed_categories(DeviationCategory)
    officers = ctx.users(Role.QUALITY_OFFICER, UnitKind.QUALITY)
    if not officers:
        return
    officer = officers[0]
    with ctx.happened_at(ctx.at(ctx.today - timedelta(days=400))):
        for step, days in TARGETS.items():
            services.quality_target_set(actor=officer, step=step, days=days, decided_by="Nämndens beslut (demo)")
    kinds = [k for k in (UnitKind.FINANCIAL_ASSISTANCE, UnitKind.CHILDREN, UnitKind.ADULTS, UnitKind.INTAKE)
             if k in ctx.units]
    case_pool = {k: [c for c in ctx.cases.get(t, [])] for k, t in (
        (UnitKind.FINANCIAL_ASSISTANCE, CaseType.FINANCIAL_ASSISTANCE), (UnitKind.CHILDREN, CaseType.CHILDREN),
        (UnitKind.ADULTS, CaseType.ADULTS))}
    count = ctx.scaled(90, minimum=12)
    reported = []
    for i in range(count):
        kind = ctx.rng.choice(kinds)
        staff = ctx.caseworkers(kind) or [officer]
        reporter = ctx.rng.choice(staff)
        category, text, action = EVENTS[i % len(EVENTS)] if i < len(EVENTS) else ctx.rng.choice(EVENTS)
        day = ctx.today - timedelta(days=ctx.rng.randint(1, 364))
        pool = case_pool.get(kind) or []
        case = ctx.rng.choice(pool) if pool and ctx.rng.random() < 0.4 else None
        if case is not None and case.opened_on > day:
            case = None
        with ctx.happened_at(ctx.at(day, 15)):
            deviation = services.deviation_report(
                actor=reporter, occurred_on=day, unit=ctx.units[kind], category=category, description=text,
                immediate_action=action, case=case, system_fault=category == "it_fault",
                page_path="/utbetalningar/" if category == "it_fault" else "",
            )
        # Services stamp "now"; the demo's deviations happened over the past year.
        Deviation.objects.filter(pk=deviation.pk).update(reported_at=ctx.at(day, 15))
        reported.append(deviation)
        if ctx.rng.random() < 0.7 and day < ctx.today - timedelta(days=3):
            with ctx.happened_at(ctx.at(day + timedelta(days=2), 10)):
                services.deviation_assess(
                    actor=officer, deviation=deviation, version=deviation.version,
                    severity=ctx.rng.choice([Severity.LOW, Severity.LOW, Severity.MEDIUM, Severity.HIGH]),
                    assessment="Bedömd vid veckans genomgång av avvikelser.",
                )
            Deviation.objects.filter(pk=deviation.pk).update(assessed_at=ctx.at(day + timedelta(days=2), 10))
    _lex_sarah(ctx, officer, reported)
    ctx.say(f"  kvalitet: {len(reported)} avvikelser, 2 Lex Sarah-ärenden")


def _lex_sarah(ctx: DemoContext, officer, reported) -> None:
    """One matter investigated and reported to IVO, one under investigation (vanished journal notes)."""
    older = sorted(reported, key=lambda d: d.occurred_on)
    first, second = older[0], older[len(older) // 2]
    start = first.occurred_on
    with ctx.happened_at(ctx.at(start + timedelta(days=1))):
        matter = services.lex_sarah_classify(
            actor=officer, deviation=first, assessment="Risk att den enskilde inte fått det bistånd hen har rätt till.")
    with ctx.happened_at(ctx.at(start + timedelta(days=2))):
        matter = services.lex_sarah_first_assessment(
            actor=officer, matter=matter, version=matter.version,
            first_assessment="Påtaglig risk för missförhållande: rutinen för registrering av post följs inte.",
            immediate_remedy="Alla oregistrerade handlingar gicks igenom samma dag.")
        services.measure_add(actor=officer, matter=matter, owner=officer, due_on=start + timedelta(days=60),
                             description="Ny rutin för daglig postöppning med två personer")
    with ctx.happened_at(ctx.at(start + timedelta(days=24))):
        matter = services.lex_sarah_investigate(
            actor=officer, matter=matter, version=matter.version, complete=True,
            what_happened="Handlingar blev liggande under en period med hög sjukfrånvaro.",
            causes="Rutinen byggde på en enda person; ingen ersättare var utsedd och inget larm fanns i systemet.",
            measures_summary="Rutin med ersättare, daglig kontroll och uppföljning på APT.",
            informed="Den enskilde, enhetschefen och nämndens ordförande.")
    with ctx.happened_at(ctx.at(start + timedelta(days=30))):
        matter = services.lex_sarah_decide_seriousness(
            actor=officer, matter=matter, version=matter.version, serious=True,
            reasons="Flera enskilda riskerade att stå utan försörjning.")
    with ctx.happened_at(ctx.at(start + timedelta(days=33))):
        matter = services.lex_sarah_ivo_sent(actor=officer, matter=matter, version=matter.version,
                                             sent_on=start + timedelta(days=33), reference="IVO 3.5.1-00000/demo")
    LexSarahMatter.objects.filter(pk=matter.pk).update(
        classified_at=ctx.at(start + timedelta(days=1)), first_assessed_at=ctx.at(start + timedelta(days=2)),
        investigated_at=ctx.at(start + timedelta(days=24)), seriousness_decided_at=ctx.at(start + timedelta(days=30)))
    with ctx.happened_at(ctx.at(second.occurred_on + timedelta(days=1))):
        second_matter = services.lex_sarah_classify(
            actor=officer, deviation=second, kind="misconduct",
            assessment="Journalanteckningar har försvunnit ur en akt; kan vara ett missförhållande.")
    with ctx.happened_at(ctx.at(second.occurred_on + timedelta(days=3))):
        services.lex_sarah_first_assessment(
            actor=officer, matter=second_matter, version=second_matter.version,
            first_assessment="Utreds vidare; IT-leverantören kontaktad.", immediate_remedy="Säkerhetskopia begärd.")
    LexSarahMatter.objects.filter(pk=second_matter.pk).update(
        classified_at=ctx.at(second.occurred_on + timedelta(days=1)),
        first_assessed_at=ctx.at(second.occurred_on + timedelta(days=3)))
    analysis_unit = ctx.units.get(UnitKind.CHILDREN) or first.unit
    manager = officer
    with ctx.happened_at(ctx.at(ctx.today - timedelta(days=300))):
        analysis = services.risk_analysis_create(
            actor=manager, unit=analysis_unit, process="Förhandsbedömning inom 14 dagar",
            description="Kartläggning av riskerna i flödet från orosanmälan till beslut om utredning.",
            next_review_on=ctx.today + timedelta(days=65))
        for text, p, c in (("Anmälan registreras sent", 2, 3), ("Ingen ersättare vid sjukdom", 3, 3),
                           ("Fristen syns inte i systemet", 1, 4)):
            services.risk_add(actor=manager, analysis=analysis, description=text, probability=p, consequence=c)
        services.measure_add(actor=manager, analysis=analysis, owner=officer, due_on=ctx.today + timedelta(days=30),
                             description="Fristtavlan visas på enhetens morgonmöte")
        for d in [d for d in reported if d.category.code == "deadline_missed"][:3]:
            services.risk_analysis_link_deviation(actor=manager, analysis=analysis, deviation=d)
