"""Demo data for Vuxen (issue 15): a believable month in the adults unit: investigations with the person's own
wishes, insatser decided within delegation and one sent to the manager, follow-ups, an LVM investigation on its
clock, a SIP with the region, two boplaner with drug tests and a step coming up, and a samordningsmöte asked for
by ekonomiskt bistånd. The mobile team's month is skutan/mobile/demo.py."""

from datetime import date, timedelta

from skutan.accounts.models import Delegation, Role, UnitKind
from skutan.adults import services
from skutan.cases.models import CaseType
from skutan.core.errors import ApplicationError
from skutan.demo.context import DemoContext

INVESTIGATIONS = [
    ("Vill sluta dricka och behålla lägenheten. Vill inte åka på behandlingshem nu.",
     "Öppenvård för alkohol, stöd i boendet, kontakt med familjeläkaren."),
    ("Vill ha hjälp att komma till avgiftning och sedan en kontaktperson.",
     "Avgiftning, därefter öppenvård och en kontaktperson för att bryta isoleringen."),
    ("Vill flytta från Rud och få ett eget kontrakt.", "Bostadssocialt kontrakt med boplan, drogtester och boendestöd."),
    ("Vill ha stöd med ångesten och att klara vardagen.", "Boendestöd från socialpsykiatrin, SIP med psykiatrin."),
]
INSATSER = [  # kind, provider, cost per month, goal
    ("outpatient", "Beroendecentrum Karlstad", "6500", "Inga återfall under tre månader; deltar i gruppen varje vecka."),
    ("housing_support", "Boendestödet", "4200", "Klarar räkningar och städning själv, håller tider."),
    ("contact_person", "Kontaktpersonverksamheten", "1800", "Träffar någon varje vecka och har en fritidsaktivitet."),
    ("housing_contract", "Bostadsenheten", "7500", "Sköter kontraktet ett år utan anmärkning och får eget kontrakt."),
    ("detox", "Beroendeenheten, Region Värmland", "3000", "Genomför avgiftningen och går vidare till öppenvård."),
]


def generate(ctx: DemoContext) -> None:
    today = ctx.today
    unit = ctx.units.get(UnitKind.ADULTS)
    cases = [c for c in ctx.active_cases(CaseType.ADULTS) if ctx.handler_on(c, today) is not None]
    if unit is None or not cases:
        return
    manager = ctx.manager(UnitKind.ADULTS)
    for each in ctx.units_of.get(UnitKind.ADULTS, [unit]):  # the larger scales have several Vuxen units
        _delegations(each, today)
    worked = []
    for i, case in enumerate(cases[:8]):
        worker = ctx.handler_on(case, today)
        if case.unit_id not in set(worker.memberships.values_list("unit_id", flat=True)):
            continue
        with ctx.happened_at(ctx.at(today - timedelta(days=30 - i))):
            # The enhetschef of the case's own unit (the larger scales have several): only she holds its delegation.
            worked.append((case, worker, _casework(ctx, case, worker, ctx.manager_of(case.unit) or manager, i)))
    if worked:
        _lvm(ctx, *worked[0][:2])
        _sip(ctx, worked[min(3, len(worked) - 1)][0], worked[min(3, len(worked) - 1)][1])
    boplans = 0
    for case, worker, insatser in worked:
        contract = next((x for x in insatser if x.kind == "housing_contract"), None)
        if contract is not None:
            _boplan(ctx, case, worker, contract, boplans)
            boplans += 1
    _coordination(ctx)
    ctx.say(f"  vuxen: {len(worked)} ärenden med utredning och insatser, {boplans} boplaner")


def _delegations(unit, today: date) -> None:
    common = {"decision_kind": "vuxen_insats", "unit": unit, "valid_from": date(today.year - 1, 1, 1),
              "source_body": "Socialnämnden (demo)", "source_date": date(today.year - 1, 12, 10),
              "source_paragraph": "§ 147", "legal_ground": "SoL"}
    Delegation.objects.create(point="5.1 Insats i öppna former upp till 10 000 kr/mån", role=Role.CASEWORKER,
                              max_amount=10000, **common)
    Delegation.objects.create(point="5.2 Insats utan beloppsgräns (t.ex. behandlingshem)", role=Role.UNIT_MANAGER,
                              **common)


def _casework(ctx, case, worker, manager, i: int) -> list:
    wishes, needs = INVESTIGATIONS[i % len(INVESTIGATIONS)]
    today = ctx.today
    inv = services.investigation_open(actor=worker, case=case, opened_on=today - timedelta(days=40 - i),
                                      wishes=wishes, needs=needs)
    inv = services.investigation_update(actor=worker, investigation=inv, wishes=wishes, needs=needs,
                                        assessment="Behoven kan inte tillgodoses på annat sätt.",
                                        expected_version=inv.version)
    if i % 4 == 3:
        return []  # still being investigated
    services.investigation_conclude(actor=worker, investigation=inv, concluded_on=today - timedelta(days=28 - i),
                                    expected_version=inv.version)
    decided = []
    kinds = [INSATSER[i % len(INSATSER)]] + ([INSATSER[3]] if i in (0, 2) else [])
    for kind, provider, cost, goal in kinds:
        start = today - timedelta(days=25 - i)
        insats = services.insats_propose(actor=worker, case=case, kind=kind, legal_ground="sol_living", goal=goal,
                                         starts_on=start, ends_on=start + timedelta(days=180), provider=provider,
                                         monthly_cost=cost, investigation=inv)
        decided.append(services.insats_decide(actor=worker, insats=insats, decided_on=start))
    if decided and i % 3 == 1:
        services.insats_follow_up(actor=worker, insats=decided[0], done_on=today - timedelta(days=3),
                                  goal_status="partly", notes="Går på gruppen, ett återfall. Fortsätter.")
    if i == 1:  # a treatment home above the caseworker's delegation: sent to the manager (seed 001)
        insats = services.insats_propose(
            actor=worker, case=case, kind="treatment_home", legal_ground="sol_living",
            goal="Drogfri efter sex månader och en plan för boendet efteråt.", starts_on=today + timedelta(days=7),
            ends_on=today + timedelta(days=190), provider="Behandlingshemmet Tallgården", monthly_cost="42000",
            investigation=inv)
        if manager.pk != worker.pk:
            services.insats_refer(actor=worker, insats=insats, to_user=manager,
                                  message="Öppenvården räcker inte, personen vill själv åka.")
    return decided


def _lvm(ctx, case, worker) -> None:
    received = ctx.today - timedelta(days=4)
    with ctx.happened_at(ctx.at(received, 10)):
        matter = services.lvm_report_register(
            actor=worker, case=case, received_on=received, reporter="health_care", reporter_name="Akutmottagningen",
            text="Tredje intoxikationen på en månad, vägrar fortsatt vård.")
        services.lvm_investigation_open(actor=worker, matter=matter, opened_on=received + timedelta(days=1),
                                        expected_version=matter.version)


def _sip(ctx, case, worker) -> None:
    eb = ctx.units.get(UnitKind.FINANCIAL_ASSISTANCE)
    with ctx.happened_at(ctx.at(ctx.today - timedelta(days=12), 13)):
        services.sip_create(
            actor=worker, case=case, title="SIP: psykiatri, missbruk och försörjning",
            consent_on=ctx.today - timedelta(days=12), consent_scope="Vuxen, ekonomiskt bistånd och psykiatrin",
            next_meeting_on=ctx.today + timedelta(days=16),
            participants=[
                {"organisation": "Vuxen/missbruk", "unit": case.unit, "name": worker.display_name,
                 "responsibility": "Samordnar planen, bokar nästa möte"},
                {"organisation": "Region Värmland, allmänpsykiatrin", "name": "Ansvarig läkare",
                 "responsibility": "Medicinering och återbesök"},
                {"organisation": "Ekonomiskt bistånd", "unit": eb, "responsibility": "Hyran under behandlingen"},
            ])


def _boplan(ctx, case, worker, contract, n: int) -> None:
    today = ctx.today
    signed = today - timedelta(days=85 if n == 0 else 40)
    with ctx.happened_at(ctx.at(signed, 11)):
        plan = services.boplan_create(
            actor=worker, case=case, insats=contract, test_place="bore" if n == 0 else "home", tests_per_month=8,
            visits_per_week=3, landlord="KBAB (demo)", landlord_contact="Avstämning med förvaltaren varannan vecka.",
            signed_on=signed, landlord_informed_on=signed + timedelta(days=1),
            steps=[{"planned_on": today + timedelta(days=5 if n == 0 else 50), "tests_per_month": 4,
                    "visits_per_week": 2},
                   {"planned_on": today + timedelta(days=95 if n == 0 else 140), "tests_per_month": 2,
                    "visits_per_week": 1}])
    day = signed + timedelta(days=3)
    k = 0
    while day < today:
        result, substances = "negative", ""
        if n == 1 and k == 5:
            result, substances = "positive", "Cannabis"
        if n == 1 and k == 7:
            result = "missed"
        with ctx.happened_at(ctx.at(day, 9, 30)):
            test = services.drug_test_record(actor=worker, boplan=plan, taken_on=day, place=plan.test_place,
                                             result=result, substances=substances)
        if result == "positive" and k < 6:
            services.drug_test_flag_acknowledge(actor=worker, test=test)
        day += timedelta(days=4 if n == 0 else 5)
        k += 1


def _coordination(ctx) -> None:
    """Ekonomiskt bistånd asks Vuxen for a samordningsmöte about a person they share (with consent)."""
    adults = {c.person_id: c for c in ctx.active_cases(CaseType.ADULTS)}
    for eb_case in ctx.active_cases(CaseType.FINANCIAL_ASSISTANCE):
        if eb_case.person_id in adults:
            worker = ctx.handler_on(eb_case, ctx.today)
            if worker is None:
                continue
            try:
                with ctx.happened_at(ctx.at(ctx.today - timedelta(days=2), 14)):
                    services.coordination_request(actor=worker, person=eb_case.person,
                                                  consent_on=ctx.today - timedelta(days=2), consent_how="oral",
                                                  message="Hyresskulder och oro för missbruk; vill samordna.")
            except ApplicationError:
                continue
            return
