"""Demo data for the follow-up: the population per year, the summary tables, and Projekt 200.

Projekt 200 takes the EB households with assistance in every month of the two years before its start (the
rule is evaluated by the service, in the database). What became of each household follows from the demo's
own decisions: a household whose assistance stopped gets an outcome at that month (mostly work, often in a
supported form), one still on assistance stays so; a few get help from Familjeenheten or Vuxen/missbruk.
"""

from __future__ import annotations

from datetime import date, timedelta

from skutan.accounts.models import Role, UnitKind
from skutan.demo.context import DemoContext
from skutan.followup import services
from skutan.followup.models import CohortMember, HouseholdMonth
from skutan.followup.months import month_add
from skutan.followup.summaries import statistics_refresh

FORMS = ["regular"] * 4 + ["lonebidrag"] * 3 + ["extratjanst"] * 3 + ["nystartsjobb"] * 2 + [
    "trygghetsanstallning", "utvecklingsanstallning"]
EFFORTS = [("family", "Föräldrastöd"), ("family", "Familjebehandling"), ("addiction", "Öppenvård, missbruk"),
           ("labour_market", "Arbetsträning"), ("labour_market", "Studie- och yrkesvägledning"),
           ("housing", "Stöd att behålla bostaden")]


def generate(ctx: DemoContext) -> None:
    admin = ctx.admin or next(iter(ctx.users(Role.SYSTEM_ADMIN)), None)
    if admin is not None:
        inhabitants = 47_200
        for year in range(ctx.today.year - 7, ctx.today.year + 1):
            with ctx.happened_at(ctx.at(date(year, 2, 20) if date(year, 2, 20) <= ctx.today else ctx.today)):
                services.population_set(actor=admin, year=year, inhabitants=inhabitants,
                                        source="Demodata: påhittad folkmängd 31 december året innan (inte SCB)")
            inhabitants += ctx.rng.randrange(120, 420)
    ctx.say("  sammanställningar för uppföljningen …")
    statistics_refresh()
    _projekt_200(ctx)


def _projekt_200(ctx: DemoContext) -> None:
    managers = ctx.users(Role.UNIT_MANAGER, UnitKind.FINANCIAL_ASSISTANCE)
    directors = ctx.users(Role.MANAGEMENT, UnitKind.MANAGEMENT)
    unit = ctx.units.get(UnitKind.FINANCIAL_ASSISTANCE)
    if not managers or not directors or unit is None:
        return
    manager, director = managers[0], directors[0]
    start = month_add(ctx.today.replace(day=1), -20)
    rule_months = 24
    for candidate in (24, 22, 20, 18):  # the strictest rule that still gives a group worth following
        rule_months = candidate
        if _eligible(start, candidate) >= ctx.scaled(25, minimum=8):
            break
    with ctx.happened_at(ctx.at(start - timedelta(days=20))):
        programme = services.cohort_programme_create(
            actor=director, name="Projekt 200", starts_on=start, goal_share=90,
            goal_text="90 % av hushållen går från försörjningsstöd till egen försörjning", rule_months=rule_months,
            rule_window=24, unit=unit, max_members=ctx.scaled(200, minimum=20),
            description="Hushåll med försörjningsstöd i två år eller mer får långsiktigt stöd, med stöttade "
            "anställningsformer och hjälp från Familjeenheten och vuxen/missbruk. Arbetsgruppen byter inte ut "
            "hushållen när det ordnar sig.",
        )
    with ctx.happened_at(ctx.at(start - timedelta(days=5))):
        services.cohort_freeze(actor=director, programme=programme)
    members = list(CohortMember.objects.filter(programme=programme, in_cohort=True).select_related("payee"))
    last_month = {}
    for payee, month in HouseholdMonth.objects.filter(
        payee_id__in=[m.payee_id for m in members], granted__gt=0, month__gte=start
    ).values_list("payee_id", "month"):
        last_month[payee] = max(month, last_month.get(payee, month))
    recent = month_add(ctx.today.replace(day=1), -1)
    rng = ctx.rng
    for member in members:
        ended = last_month.get(member.payee_id)
        if ended is None or ended < recent:
            # The assistance stopped: the month after the last one (or at the start).
            on = month_add(ended, 1) if ended else start + timedelta(days=rng.randrange(5, 40))
            on = min(on + timedelta(days=rng.randrange(0, 20)), ctx.today)
            roll = rng.random()
            if roll < 0.72:
                kind, form = "work", rng.choice(FORMS)
            elif roll < 0.84:
                kind, form = "studies", ""
            elif roll < 0.93:
                kind, form = "other_benefit", ""
            elif roll < 0.99:
                kind, form = "moved", ""
            else:
                kind, form = "deceased", ""
        else:  # still on assistance: the status from the last follow-up talk
            on = min(ctx.today - timedelta(days=rng.randrange(10, 120)), ctx.today)
            kind, form = "on_assistance", ""
        with ctx.happened_at(ctx.at(on, 14)):
            services.cohort_outcome_record(actor=manager, member=member, kind=kind, employment_form=form,
                                           occurred_on=on, note="")
        if rng.random() < 0.4:
            involved, measure = rng.choice(EFFORTS)
            begun = min(start + timedelta(days=rng.randrange(0, 120)), ctx.today)
            with ctx.happened_at(ctx.at(begun, 11)):
                services.cohort_effort_record(actor=manager, member=member, involved_unit=involved, measure=measure,
                                              started_on=begun)
    ctx.say(f"  Projekt 200: {len(members)} hushåll, regeln {rule_months} av 24 månader före {start:%Y-%m-%d}")


def _eligible(start: date, months: int) -> int:
    from django.db.models import Count

    return (HouseholdMonth.objects.filter(month__gte=month_add(start, -24), month__lte=month_add(start, -1),
                                          granted__gt=0)
            .values("payee_id").annotate(n=Count("month")).filter(n__gte=months).count())
