"""Demo data for ekonomiskt bistånd: delegations, rent guidelines, monthly applications and decisions.

Runs as an extension of the demo generator (skutan/demo/generator.py, DEMO_EXTENSIONS) after the EB cases
and their households exist. Every amount of money here is synthetic (a plausible Filipstad rent, a made-up
benefit), except the riksnorm, which comes from the real tables through the ``norm`` package: each decision
is the norm's own calculation, frozen like a real one.

The current year's missing riksnorm amounts are filled as administrator overrides marked ⚠ and labelled as an
estimate (last year's amount + the year's uplift, DOMAIN.md §4), so the demo can calculate this year's months.
A real installation never gets these: a systemförvaltare enters the official amounts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from norm import MissingAmountError, NormError, calculate, parse_request
from norm.tables import AMOUNT_KEYS
from skutan.accounts.models import Delegation, Role, UnitKind
from skutan.assistance.calculation import guideline_warnings
from skutan.assistance.legal import DECISION_KIND, default_legal_basis
from skutan.assistance.models import (
    Application,
    ApplicationCost,
    ApplicationIncome,
    ApplicationMember,
    ApplicationStatus,
    Decision,
    DecisionOutcome,
    DecisionSimulationInput,
    Guideline,
)
from skutan.assistance.selectors import norm_tables_current
from skutan.assistance.services import norm_amount_set
from skutan.assistance.simulation_store import simulation_input_rows
from skutan.cases.models import CaseEvent, CaseType
from skutan.demo.context import STOCKHOLM, DemoContext
from skutan.people.models import HouseholdMember

# DOMAIN.md §4: the 2026 uplift (+0.7 %), used only to estimate this year's missing amounts for the demo.
UPLIFT = {2026: Decimal("1.007")}
# The synthetic nämnd decision that adopted the demo's delegationsordning.
DEMO_SOURCE = {"source_body": "Socialnämnden (demo)", "source_date": date(2018, 12, 12), "source_paragraph": "§ 98"}
CASEWORKER_MAX = Decimal(15000)  # synthetic delegationsordning: handläggare up to 15 000 kr a month
GUIDELINE_SOURCE = "Socialnämnden {date} § {paragraph}, riktlinjer för ekonomiskt bistånd (demo)"
# Synthetic maximum reasonable rents in a small Värmland town (kr/month) per household size; 6 = 6 or more.
MAX_RENT = {
    date(2019, 1, 1): {1: 5600, 2: 6900, 3: 7900, 4: 8800, 5: 9600, 6: 10400},
    date(2023, 1, 1): {1: 6200, 2: 7600, 3: 8700, 4: 9700, 5: 10600, 6: 11500},
}
BASE_RENT_2019 = {1: 4700, 2: 5900, 3: 6800, 4: 7700, 5: 8400, 6: 9100}
RENT_INCREASE = Decimal("0.03")  # a year


def _round10(value: Decimal) -> Decimal:
    return (value / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# -- setup ---------------------------------------------------------------------------------------------------


def _estimate_current_year(ctx: DemoContext) -> int:
    """Fill the current year's missing amounts as labelled estimates (demo only)."""
    year = ctx.today.year
    factor = UPLIFT.get(year)
    tables = {t.year: t for t in norm_tables_current()}
    current, previous = tables.get(year), tables.get(year - 1)
    if factor is None or current is None or previous is None:
        return 0
    count = 0
    for key in AMOUNT_KEYS:
        cell, before = current.amounts[key], previous.amounts[key]
        if cell.amount is not None or before.amount is None:
            continue
        norm_amount_set(
            actor=None, year=year, key=key, amount=_round10(before.amount * factor), estimate=True,
            source=f"demo: {year - 1} års belopp {int(before.amount)} kr × {factor} (årets uppräkning), avrundat till tiotal",
        )
        count += 1
    if count and ctx.admin is not None:
        from skutan.assistance.models import NormAmountOverride

        NormAmountOverride.objects.filter(year=year, entered_by__isnull=True).update(entered_by=ctx.admin)
    return count


def _estimate_next_year(ctx: DemoContext) -> int:
    """From 1 November the next year's table is usually still missing (DOMAIN.md §4). The demo fills it as
    labelled estimates (⚠): this year's amounts × this year's uplift, since next year's is not known. A real
    installation never gets these: the systemförvaltare sees the gap and enters the official amounts."""
    today = ctx.today
    if today.month < 11:
        return 0
    year = today.year + 1
    factor = UPLIFT.get(today.year)
    tables = {t.year: t for t in norm_tables_current()}
    current = tables.get(today.year)
    if factor is None or current is None or year in tables:
        return 0
    count = 0
    for key in AMOUNT_KEYS:
        before = current.amounts[key]
        if before.amount is None:
            continue
        norm_amount_set(
            actor=None, year=year, key=key, amount=_round10(before.amount * factor), estimate=True,
            source=f"demo: {year} års tabell är inte beslutad; {today.year} års belopp {int(before.amount)} kr × "
            f"{factor} ({today.year} års uppräkning), avrundat till tiotal",
        )
        count += 1
    if count and ctx.admin is not None:
        from skutan.assistance.models import NormAmountOverride

        NormAmountOverride.objects.filter(year=year, entered_by__isnull=True).update(entered_by=ctx.admin)
    return count


def _letterhead(ctx: DemoContext) -> None:
    """The municipality and the EB units' contact details for the letters (synthetic: a .example address and
    phone numbers from PTS's series for fiction, 070-174 06 05–99)."""
    from django.conf import settings

    from skutan.accounts.models import Municipality, Unit, UnitKind

    if not Municipality.objects.exists():
        Municipality.objects.create(
            name=settings.SKUTAN_MUNICIPALITY_NAME, code=settings.SKUTAN_MUNICIPALITY_CODE,
            board_name="Socialnämnden", address="Box 100, 682 00 Filipstad (demo)", phone="070-174 06 05",
            email="socialnamnden@filipstad.example", letter_names_decision_maker=True,
        )
    for i, unit in enumerate(Unit.objects.filter(kind__in=[UnitKind.FINANCIAL_ASSISTANCE, UnitKind.INTAKE], address="")):
        unit.address = "Stora torget 1, 682 30 Filipstad (demo)"
        unit.phone = f"070-174 06 {10 + i:02d}"
        unit.email = f"{'ekonomiskt.bistand' if unit.kind == UnitKind.FINANCIAL_ASSISTANCE else 'mottagning'}{i or ''}@filipstad.example"
        unit.opening_hours = "Telefontid måndag–fredag 9.00–10.00, besök efter överenskommelse"
        unit.save(update_fields=["address", "phone", "email", "opening_hours"])


# The demo's free-text closing reasons (skutan/demo/texts.py) as the register's (local, unconfirmed) codes.
CLOSING_CODES = {
    "Egen försörjning genom arbete": "arbete", "Studier med studiemedel": "studier", "Flyttat från kommunen": "flyttat",
    "Ersättning från Försäkringskassan beviljad": "ersattning", "Ersättning från a-kassan": "ersattning",
    "Ingen ny ansökan inkommen": "okand", "Pension beviljad": "pension",
}


def _closing_codes(ctx: DemoContext) -> int:
    """Coded avslutsorsak for closed EB cases; the latest few are left for the register check to find."""
    from skutan.assistance.models import CaseClosingCode

    if ctx.admin is None:
        return 0
    closed = sorted((c for c in ctx.cases[CaseType.FINANCIAL_ASSISTANCE] if c.closed_on), key=lambda c: c.closed_on)
    recent = ctx.today - timedelta(days=60)
    rows = [
        CaseClosingCode(case=c, code=CLOSING_CODES.get(c.closing_reason, "annan"), recorded_by=ctx.admin,
                        recorded_at=datetime.combine(c.closed_on, time(15), tzinfo=STOCKHOLM))
        for c in closed if c.closed_on < recent or ctx.rng.random() < 0.5
    ]
    CaseClosingCode.objects.bulk_create(rows)
    ctx.audit_bulk(what="assistance.closing_codes", count=len(rows))
    return len(rows)


def _delegations(ctx: DemoContext) -> dict[int, Decimal | None]:
    """Handläggare in EB up to 15 000 kr, the unit manager without limit (synthetic delegationsordning)."""
    limits: dict[int, Decimal | None] = {}
    rows = []
    for user in ctx.users(Role.CASEWORKER, UnitKind.FINANCIAL_ASSISTANCE, active_only=False):
        limits[user.pk] = CASEWORKER_MAX
        rows.append(Delegation(
            user=user, decision_kind=DECISION_KIND, max_amount=CASEWORKER_MAX,
            point="4.1.1 Försörjningsstöd enligt riksnorm och riktlinjer (demo)", legal_ground="4 kap. 1 § SoL (2001:453)",
            valid_from=date(2019, 1, 1), valid_to=ctx.former_staff.get(user.pk), **DEMO_SOURCE,
        ))
    for user in ctx.users(Role.UNIT_MANAGER, UnitKind.FINANCIAL_ASSISTANCE, active_only=False):
        limits[user.pk] = None
        rows.append(Delegation(
            user=user, decision_kind=DECISION_KIND, max_amount=None,
            point="4.1.2 Ekonomiskt bistånd utan beloppsgräns (demo)", legal_ground="4 kap. 1 § SoL (2001:453)",
            valid_from=date(2019, 1, 1), **DEMO_SOURCE,
        ))
    Delegation.objects.bulk_create(rows)
    ctx.audit_bulk(what="assistance.delegations", count=len(rows))
    return limits


def _guidelines(ctx: DemoContext) -> list[Guideline]:
    rows = []
    periods = sorted(MAX_RENT)
    for i, start in enumerate(periods):
        end = periods[i + 1] - timedelta(days=1) if i + 1 < len(periods) else None
        source = GUIDELINE_SOURCE.format(date=(start - timedelta(days=41)).isoformat(), paragraph=100 + i * 17)
        for size, amount in MAX_RENT[start].items():
            rows.append(Guideline(
                kind="max_rent", cost_type="rent", household_size=None if size == 6 else size, max_amount=amount,
                source=source if size < 6 else source + ", 6 personer eller fler", valid_from=start, valid_to=end,
                created_by=ctx.admin,
            ))
    Guideline.objects.bulk_create(rows)
    ctx.audit_bulk(what="assistance.guidelines", count=len(rows))
    return rows


# -- one household's money ------------------------------------------------------------------------------------


class HouseholdEconomy:
    """A household's synthetic situation, drifting month by month: rent, and what the adults live on."""

    SITUATIONS = [  # (situation, weight)
        ("unemployed_benefit", 30), ("unemployed_none", 22), ("sick", 14), ("part_time", 18),
        ("waiting", 8), ("studies", 5), ("full_time_low", 3),
    ]

    def __init__(self, rng, size: int, start_year: int):
        self.rng = rng
        self.rent_factor = Decimal(str(round(rng.uniform(0.82, 1.22), 3)))
        if rng.random() < 0.10:  # some live above the guideline
            self.rent_factor += Decimal("0.35")
        self.electricity = rng.choice([0, 0, 300, 400, 500, 650])
        self.insurance = rng.choice([0, 140, 170, 210, 260])
        self.situation = self._draw()
        self.level = Decimal(rng.randint(45, 115)) * 100  # the size of the main income when there is one

    def _draw(self) -> str:
        total = sum(w for _, w in self.SITUATIONS)
        pick = self.rng.uniform(0, total)
        for name, weight in self.SITUATIONS:
            pick -= weight
            if pick <= 0:
                return name
        return self.SITUATIONS[0][0]

    def month(self, month: date) -> None:
        if self.rng.random() < 0.06:  # the situation changes now and then
            self.situation = self._draw()
            self.level = Decimal(self.rng.randint(45, 115)) * 100

    def rent(self, month: date, size: int) -> Decimal:
        base = Decimal(BASE_RENT_2019[min(size, 6)])
        years = Decimal(month.year - 2019)
        return _round10(base * self.rent_factor * (1 + RENT_INCREASE) ** int(years))

    def costs(self, month: date, size: int) -> list[dict]:
        costs = [{"type": "rent", "amount": int(self.rent(month, size))}]
        if self.electricity:
            costs.append({"type": "household_electricity", "amount": self.electricity})
        if self.insurance:
            costs.append({"type": "home_insurance", "amount": self.insurance})
        if self.situation in ("part_time", "full_time_low"):
            costs.append({"type": "work_travel", "amount": self.rng.choice([450, 600, 890])})
        if self.situation == "unemployed_benefit" and self.rng.random() < 0.5:
            costs.append({"type": "unemployment_fund_fee", "amount": self.rng.choice([110, 130, 150])})
        if self.rng.random() < 0.07:
            what, low, high = self.rng.choice([
                ("glasögon", 900, 2500), ("akut tandvård", 800, 4000), ("läkarvård och medicin", 200, 1300),
                ("barnomsorgsavgift", 300, 1500), ("busskort till sjukvård", 300, 600),
            ])
            costs.append({"type": "other", "amount": self.rng.randint(low, high) // 10 * 10, "description": what})
        return costs

    def incomes(self, adults: list[str], children: int, size: int) -> list[dict]:
        incomes = []
        main = adults[0]
        amount = int(self.level)
        if self.situation == "unemployed_benefit":
            incomes.append({"type": "unemployment_benefit", "amount": amount, "member": main})
        elif self.situation == "sick":
            incomes.append({"type": "sickness_benefit", "amount": amount, "member": main})
        elif self.situation == "part_time":
            incomes.append({"type": "salary", "amount": int(self.level * Decimal("0.8")), "member": main})
        elif self.situation == "full_time_low":
            incomes.append({"type": "salary", "amount": amount + 4000, "member": main})
        elif self.situation == "studies":
            incomes.append({"type": "study_allowance", "amount": 3500, "member": main})
        if len(adults) > 1 and self.rng.random() < 0.5:
            incomes.append({"type": "parental_benefit" if children else "sickness_benefit",
                            "amount": int(self.level * Decimal("0.6")), "member": adults[1]})
        if children:
            incomes.append({"type": "child_allowance", "amount": 1250 * children})
            if self.rng.random() < 0.6:
                incomes.append({"type": "housing_allowance", "amount": 800 + 450 * min(children, 4)})
            if len(adults) == 1 and self.rng.random() < 0.5:
                incomes.append({"type": "maintenance_support", "amount": 1673 * min(children, 3)})
        return incomes


# -- the months -------------------------------------------------------------------------------------------


def _members_on(rows: list[HouseholdMember], month: date, applicant_id: int) -> list[HouseholdMember]:
    next_month = _next_month(month)
    kept = []
    for row in rows:
        born = row.person.birth_date
        if born is None or born >= next_month:
            continue
        if row.joined_on >= next_month or (row.left_on is not None and row.left_on < month):
            continue
        if row.role == "child" and _age(born, month) >= 21:
            continue  # an adult child is his or her own case
        kept.append(row)
    if not any(r.person_id == applicant_id for r in kept):
        return []
    return kept


def _reasons(outcome: str, month_text: str, result: dict, amount: int, note: str) -> str:
    if outcome == DecisionOutcome.GRANTED:
        return (f"Du beviljas ekonomiskt bistånd (försörjningsstöd) för {month_text} med {amount} kr enligt "
                f"riksnormen och skäliga kostnader, minus hushållets inkomster ({result['income_total']} kr).")
    if outcome == DecisionOutcome.PARTLY_GRANTED:
        return (f"Du beviljas {amount} kr för {month_text}. {note} Övriga delar av ansökan avslås.")
    return (f"Ansökan om ekonomiskt bistånd för {month_text} avslås. {note}")


MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december")


def generate(ctx: DemoContext) -> None:
    import time as _time

    started = _time.monotonic()
    rng = ctx.rng
    estimates = _estimate_current_year(ctx)
    if estimates:
        ctx.say(f"  {estimates} belopp i riksnormen {ctx.today.year} uppskattade (⚠ obekräftade, bara i demon)")
    _letterhead(ctx)
    _closing_codes(ctx)
    next_year = _estimate_next_year(ctx)
    if next_year:
        ctx.say(f"  {next_year} belopp i riksnormen {ctx.today.year + 1} uppskattade (⚠ obekräftade, bara i demon)")
    limits = _delegations(ctx)
    guidelines = _guidelines(ctx)
    tables = norm_tables_current()
    table_years = {t.year for t in tables}
    manager = ctx.manager(UnitKind.FINANCIAL_ASSISTANCE)
    cases = ctx.cases.get(CaseType.FINANCIAL_ASSISTANCE, [])
    household_ids = {c.household_id for c in cases if c.household_id}
    members_by_household: dict[int, list[HouseholdMember]] = defaultdict(list)
    for row in HouseholdMember.objects.filter(household_id__in=household_ids).select_related("person"):
        members_by_household[row.household_id].append(row)

    current_month = ctx.today.replace(day=1)
    # Beyond the demo, the monthly applications cover the last ``scale.assistance_months`` (Stockholm: five
    # years, over 12 000 households a month); older EB cases keep their history without them.
    window = getattr(ctx.scale, "assistance_months", 0)
    first_month = None
    if window:
        months = current_month.year * 12 + current_month.month - 1 - (window - 1)
        first_month = date(months // 12, months % 12 + 1, 1)
    plans = []  # (case, month, members, request, result, outcome, amount, note, decided)
    for case in cases:
        rows = members_by_household.get(case.household_id, [])
        if not rows:
            continue
        long_term = rng.random() < 0.55  # DOMAIN.md §9: långvarigt = 10+ months a year
        start = case.opened_on.replace(day=1)
        if first_month is not None:
            start = max(start, first_month)
        end = (case.closed_on or ctx.today).replace(day=1)
        size = max(1, len(rows))
        economy = HouseholdEconomy(rng, size, start.year)
        run, run_end, job_used = 0, None, 0  # granted months in a row, ending with run_end
        month = start
        while month <= end:
            this_month, month = month, _next_month(month)
            economy.month(this_month)
            applies = rng.random() < (0.97 if long_term else 0.55)
            if this_month.year not in table_years or not applies:
                continue
            consecutive = run if run_end is not None and _next_month(run_end) == this_month else 0
            members = _members_on(rows, this_month, case.person_id)
            if not members:
                continue
            year_table = next(t for t in tables if t.year == this_month.year)
            adults = [m for m in members if m.role == "adult"][:2]
            children = [m for m in members if m.role == "child"]
            members = adults + children
            cohabiting = bool(case.household.cohabiting and len(adults) == 2) if case.household else False
            member_json = []
            for m in members:
                entry = {"id": f"p{m.person_id}", "birth_date": m.person.birth_date.isoformat(), "role": m.role}
                if m.role == "child":
                    lunch = m.lunch_at_home
                    age = _age(m.person.birth_date, this_month)
                    band = "child_nolunch_0" if age < 1 else "child_nolunch_1_2" if age < 3 else "child_nolunch_3" if age < 4 else "child_nolunch_4_6"
                    if not lunch and age <= 6 and year_table.amounts[band].amount is None:
                        lunch = True  # no "ej lunch" amount that year (DOMAIN.md §4): the demo uses lunch hemma
                    entry["lunch_at_home"] = bool(lunch)
                member_json.append(entry)
            request = {
                "month": f"{this_month:%Y-%m}", "members": member_json, "cohabiting": cohabiting,
                "costs": economy.costs(this_month, len(members)),
                "incomes": economy.incomes([e["id"] for e in member_json if e["role"] == "adult"],
                                           len(children), len(members)),
                "consecutive_months_on_assistance": consecutive,
                "job_stimulus_months_used": job_used,
            }
            try:
                result = calculate(parse_request(request), tables).to_dict()
            except MissingAmountError:
                continue
            except NormError:
                continue
            decided = this_month < current_month or (this_month == current_month and rng.random() < 0.45)
            assistance = result["assistance"]
            note = ""
            if assistance <= 0:
                outcome, amount = DecisionOutcome.REJECTED, 0
                note = (f"Hushållets inkomster ({result['income_total']} kr) täcker behovet enligt riksnormen och "
                        f"skäliga kostnader ({result['need']} kr).")
            else:
                rent = next(c["amount"] for c in request["costs"] if c["type"] == "rent")
                limit = _max_rent(guidelines, this_month, len(members))
                roll = rng.random()
                if roll < 0.03:
                    outcome, amount = DecisionOutcome.REJECTED, 0
                    note = ("Du har inte stått till arbetsmarknadens förfogande under månaden och har inte lämnat "
                            "begärda underlag.")
                elif limit and rent > limit and roll < 0.15 and assistance > rent - limit:
                    outcome, amount = DecisionOutcome.PARTLY_GRANTED, assistance - int(rent - limit)
                    note = (f"Hyran {rent} kr är högre än kommunens riktlinje {int(limit)} kr; bistånd ges för skälig "
                            "hyra. Du behöver söka en billigare bostad.")
                else:
                    outcome, amount = DecisionOutcome.GRANTED, assistance
            if decided and amount > 0:
                run, run_end = consecutive + 1, this_month
                if any(line["kind"] == "job_stimulus" for line in result["lines"]):
                    job_used += 1
            plans.append((case, this_month, members, request, result, outcome, amount, note, decided))

    planned = _time.monotonic()
    _write(ctx, plans, limits, manager, guidelines)
    _referrals(ctx, limits, manager)
    ctx.say(f"  ekonomiskt bistånd: {planned - started:.1f} s beräkning, {_time.monotonic() - planned:.1f} s skrivning")

    from skutan.assistance import demo_decisions

    demo_decisions.generate(ctx)
    # The bulk decisions got the simulator's columns in _write, those of demo_decisions from decision_make;
    # the backfill fills any still without (none expected), as a safety net.
    from skutan.assistance.simulation_store import simulation_inputs_backfill

    filled = simulation_inputs_backfill()
    if filled:
        ctx.say(f"  ekonomiskt bistånd: simulatorns kolumner i efterhand för {filled} beslut")


def _referrals(ctx: DemoContext, limits: dict, manager) -> None:
    """»Beslut att fatta«: one or two undecided months above the handläggare's delegation, sent to the unit
    manager, so the queue and the decision page's delegation notice have something to show."""
    from skutan.assistance import selectors
    from skutan.assistance.services import decision_refer
    from skutan.core.errors import ApplicationError

    sent = 0
    drafts = Application.objects.filter(status=ApplicationStatus.DRAFT).select_related("case").order_by("pk")
    for application in drafts[:80]:
        handler = ctx.handler_on(application.case, ctx.today)
        limit = limits.get(handler.pk) if handler else None
        if handler is None or limit is None or not handler.is_active or manager is None:
            continue
        outcome = selectors.application_outcome(application=application)
        if not outcome.ok or Decimal(outcome.result["assistance"]) <= limit:
            continue
        try:
            decision_refer(
                actor=handler, application=application, to_user=manager, outcome=DecisionOutcome.GRANTED,
                reasons="Behovet är styrkt med hyresavi och kontoutdrag. Beloppet är över min delegation.",
                message="Stor familj med hög hyra; se beräkningen.",
            )
        except ApplicationError:
            continue
        sent += 1
        if sent == 2:
            break
    if sent:
        ctx.say(f"  {sent} beslutsunderlag skickade till enhetschefen (Beslut att fatta)")


# Försörjningshinder for the demo (DOMAIN.md §9 codes), roughly as common as unemployment, sickness and
# social reasons are among recipients; the weights are invented for the demo.
OBSTACLES = ("111", "113", "112", "021", "023", "040", "061", "051", "114", "090")
OBSTACLE_WEIGHTS = (30, 12, 6, 14, 6, 14, 6, 4, 6, 2)
MEASURES = ("af_program", "kommunal", "praktik", "extratjanst", "sfi_komvux")


def _insert(ctx: DemoContext, model, names: tuple[str, ...], rows) -> None:
    """Plain rows through the generator's writer (COPY on PostgreSQL): at Stockholm's size the household,
    cost and income rows are millions, where the ORM's bulk_create dominated the run time."""
    ctx.writer.write_rows(model, [model._meta.get_field(name).attname for name in names], rows)


def _max_rent(guidelines: list[Guideline], month: date, size: int) -> Decimal | None:
    best = None
    for g in guidelines:
        if g.valid_from <= month and (g.valid_to is None or month <= g.valid_to):
            if g.household_size == size or (g.household_size is None and size >= 6):
                best = g.max_amount
    return best


DECISION_INPUTS = 14  # the place of the frozen request in a decision row of _write


def _write(ctx: DemoContext, plans: list, limits: dict, manager, guidelines: list[Guideline]) -> None:
    points = {d.user_id: d for d in Delegation.objects.filter(decision_kind=DECISION_KIND, user__isnull=False)}
    rng = ctx.rng
    by_month: dict[date, list] = defaultdict(list)
    for plan in plans:
        by_month[plan[1]].append(plan)
    last_app: dict[int, Application] = {}
    decisions, members_rows, costs_rows, incomes_rows, events, applications = [], [], [], [], [], []
    app_ids = iter(ctx.writer.ids(Application, len(plans)))
    written_at = timezone.now()
    total_apps = 0
    today = ctx.today
    legal_basis: dict[date, str] = {}
    obstacles: dict[int, str] = {}  # försörjningshinder per adult, kept from month to month
    plans_for: dict[int, str] = {}  # an arbetsmarknadsinsats for about a quarter of the adults
    outcomes: dict[str, int] = defaultdict(int)
    for month in sorted(by_month):
        apps = []
        for case, this_month, members, request, result, outcome, amount, note, decided in by_month[month]:
            received = min(this_month - timedelta(days=rng.randint(0, 12)), today)
            previous = last_app.get(case.pk)
            handler = ctx.handler_on(case, received) or manager
            app = Application(
                pk=next(app_ids), case=case, month=this_month,
                # Written after its rows (the database freezes a decided month's rows; the foreign keys are
                # checked at commit), so it is written decided at once.
                status=ApplicationStatus.DECIDED if decided else ApplicationStatus.DRAFT,
                received_on=received, cohabiting=request["cohabiting"],
                consecutive_months_on_assistance=request["consecutive_months_on_assistance"],
                consecutive_months_computed=request["consecutive_months_on_assistance"],
                job_stimulus_months_used=request["job_stimulus_months_used"],
                attachments=[{"name": "Hyresavi", "received": True},
                             {"name": "Kontoutdrag", "received": decided or rng.random() < 0.5}],
                previous=previous, created_by=handler,
                created_at=datetime.combine(received, time(9, rng.randint(0, 59)), tzinfo=STOCKHOLM),
                updated_at=written_at,
            )
            app._plan = (case, members, request, result, outcome, amount, note, decided, handler)
            apps.append(app)
        applications += apps
        total_apps += len(apps)
        for app in apps:
            case, members, request, result, outcome, amount, note, decided, handler = app._plan
            last_app[case.pk] = app
            for i, m in enumerate(members):
                obstacle, measures = "", []
                if m.role == "adult":
                    if m.person_id not in obstacles:
                        obstacles[m.person_id] = rng.choices(OBSTACLES, weights=OBSTACLE_WEIGHTS)[0]
                        plans_for[m.person_id] = rng.choice(MEASURES) if rng.random() < 0.25 else ""
                    # A month still in handling may not have its försörjningshinder yet (the register check shows it).
                    obstacle = obstacles[m.person_id] if decided or rng.random() < 0.7 else ""
                    measures = [plans_for[m.person_id]] if plans_for[m.person_id] else []
                members_rows.append((
                    app.pk, m.person_id, f"p{m.person_id}", m.person.full_name, m.person.birth_date, m.role,
                    request["members"][i].get("lunch_at_home"), obstacle, measures, i,
                ))
            for i, c in enumerate(request["costs"]):
                costs_rows.append((app.pk, c["type"], Decimal(c["amount"]), c.get("description", ""), i))
            for i, inc in enumerate(request["incomes"]):
                incomes_rows.append((app.pk, inc["type"], Decimal(inc["amount"]), inc.get("member", ""), "", i))
            if not decided:
                continue
            decided_on = min(app.received_on + timedelta(days=rng.randint(1, 10)), today)
            decider = handler
            limit = limits.get(decider.pk, Decimal(0)) if decider else Decimal(0)
            if decider.pk not in limits or (limit is not None and amount > limit):
                decider = manager
            decided_at = datetime.combine(decided_on, time(rng.randint(8, 16), rng.randint(0, 59)), tzinfo=STOCKHOLM)
            if decided_at > timezone.now():
                decided_at = timezone.now() - timedelta(minutes=rng.randint(5, 300))
            month_text = f"{MONTHS_SV[app.month.month - 1]} {app.month.year}"
            if app.month not in legal_basis:
                legal_basis[app.month] = default_legal_basis(app.month)
            in_force = [g for g in guidelines if g.valid_from <= app.month and (g.valid_to is None or app.month <= g.valid_to)]
            warnings = [
                w.to_dict()
                for w in guideline_warnings(costs=request["costs"], household_size=len(request["members"]), guidelines=in_force)
            ]
            decisions.append((
                case.pk, app.pk, app.month, outcome, Decimal(amount), Decimal(result["assistance"]), case.person_id,
                decider.pk, decided_at, points[decider.pk].pk if decider.pk in points else None,
                points[decider.pk].source_text[:200] if decider.pk in points else "Delegationsordning IFO punkt 4.1 (demo)",
                _reasons(outcome, month_text, result, amount, note), legal_basis[app.month], result, request,
                warnings, result["unconfirmed_amounts"],
            ))
            outcomes[outcome] += 1
            events.append((
                case.pk, decided_at, "assistance_decided", decider.pk, decider.get_username(),
                {"month": f"{app.month:%Y-%m}", "outcome": outcome, "amount": str(amount)},
            ))
    _insert(ctx, ApplicationMember, ("application", "person", "member_key", "name", "birth_date", "role", "lunch_at_home",
                                "support_obstacle", "labour_market_measures", "position"), members_rows)
    _insert(ctx, ApplicationCost, ("application", "type", "amount", "description", "position"), costs_rows)
    _insert(ctx, ApplicationIncome, ("application", "type", "amount", "member_key", "description", "position"), incomes_rows)
    ctx.writer.write(applications, model=Application)
    decision_ids = ctx.writer.ids(Decision, len(decisions))  # the ids the table's sequence would have given
    _insert(ctx, Decision, ("id", "case", "application", "month", "outcome", "amount", "calculated_amount", "payee",
                            "decided_by", "decided_at", "delegation", "delegation_source", "reasons", "legal_basis",
                            "calculation", "inputs", "guideline_warnings", "unconfirmed_amounts"),
            ((pk, *row) for pk, row in zip(decision_ids, decisions, strict=True)))
    # The simulator's columns, from the requests in hand: what simulation_inputs_backfill would read back from
    # the decisions' JSON and bulk_create (a third of this plug-in's time at Karlstad's size).
    pairs = [(pk, row[DECISION_INPUTS]) for pk, row in zip(decision_ids, decisions, strict=True)]
    for start in range(0, len(pairs), 20_000):
        ctx.writer.write(simulation_input_rows(pairs[start:start + 20_000]), model=DecisionSimulationInput)
    ctx.say(f"  ekonomiskt bistånd: simulatorns kolumner för {len(pairs)} beslut")
    _insert(ctx, CaseEvent, ("case", "at", "event_type", "user_id", "username", "data"), events)
    ctx.audit_bulk(what="assistance.applications", count=total_apps)
    ctx.audit_bulk(what="assistance.decisions", count=len(decisions))
    ctx.say(
        f"  {total_apps} ansökningar om ekonomiskt bistånd, {len(decisions)} beslut "
        f"({outcomes['granted']} bifall, {outcomes['partly_granted']} delvis bifall, {outcomes['rejected']} avslag)"
    )
