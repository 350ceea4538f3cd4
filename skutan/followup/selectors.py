"""Uppföljning: the measures of the director's dashboard, each with its definition and source in words.

Read-only, and computed by the database from the maintained summary tables (``skutan.followup.summaries``)
wherever a measure is a sum over months: never a scan of the decisions. Deadline compliance, the per-child
funnel and the caseload are aggregate queries on indexed dates. Every number is a count, a sum or a share
for a month, year or unit, never a person; small counts are suppressed (``skutan.followup.privacy``).

Unit managers see their own units; management sees all (``followup_scope``). Reads go to the reporting
database when there is one (``reporting_alias``).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Membership, Role, Unit, UnitKind
from skutan.accounts.selectors import user_roles
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction
from skutan.audit.services import access_log_record
from skutan.core.dbrouting import reads_from_reporting
from skutan.core.errors import AccessDeniedError, NotFoundError
from skutan.followup.compliance import CLOCKS, compliance_counts
from skutan.followup.db import reporting_alias
from skutan.followup.models import HouseholdYear, MonthlyFigure, PopulationYear, SummaryRefresh
from skutan.followup.months import Period, month_add, months_between
from skutan.followup.privacy import measure_suppress

LONG_TERM_MIN_MONTHS = 10  # Socialstyrelsen: at least 10 months of a calendar year
# The national figures for the children's funnel, one-off surveys (no regular national collection exists).
NATIONAL_INVESTIGATED_SHARE = Decimal("38")
NATIONAL_SOURCE = ("Riket 2018: 331 000 orosanmälningar, varav 38 % ledde till utredning (engångskartläggning; "
                   "någon löpande nationell statistik finns inte).")
SKL_SOURCE = ("SKL (Sveriges Kommuner och Landsting), blogginlägg: upp till två tredjedelar av anmälningarna "
              "sållas bort och ungefär en fjärdedel leder till insats (ungefärliga uppgifter).")


def very_long_term_years() -> int:
    """The rule for "mycket långvarigt": long-term (10+ months) in each of this many calendar years in a row.
    No confirmed definition was found, so it is a setting, stated wherever it is shown (obekräftad)."""
    from django.conf import settings

    return int(getattr(settings, "SKUTAN_FOLLOWUP_VERY_LONG_TERM_YEARS", 3))


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "int"  # int | kronor | percent | decimal | text
    # "small": suppressed when small (a count); "a,b": suppressed with the count column a or b; "": never
    suppress: str = ""


@dataclass
class Chart:
    title: str
    series: list[tuple[str, str, str]]  # (row key, label, style: "now" | "last_year" | "forecast" | "goal")
    kind: str = "line"  # line | bar
    label_key: str = "month"


@dataclass
class Measure:
    key: str
    title: str
    definition: str
    source: str
    period_label: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sum_groups: list[tuple[list[int], int]] = field(default_factory=list)  # (member rows, their total row)
    suppressed: list[str] = field(default_factory=list)
    threshold: int = 5
    reference_lines: list[tuple[str, Decimal, str]] = field(default_factory=list)  # (label, value, source)

    # Kept for the management group's links (skutan.governance.selectors.fact_text).
    @property
    def chart_label(self) -> str:
        return self.charts[0].label_key if self.charts else ""

    @property
    def chart_value(self) -> str:
        return self.charts[0].series[0][0] if self.charts else ""

    @property
    def last_finished_row(self) -> dict | None:
        finished = [r for r in self.rows if not r.get("unfinished")]
        return finished[-1] if finished else (self.rows[-1] if self.rows else None)


# --- scope and logging -------------------------------------------------------------------------------


def followup_scope(*, user) -> list[int] | None:
    """Whose figures the user may follow up: None (all) for management, the units a unit manager manages.
    Anyone else gets AccessDeniedError (403)."""
    if user.is_superuser or Role.MANAGEMENT in user_roles(user=user):
        return None
    managed = sorted(user.memberships.filter(role=Role.UNIT_MANAGER).values_list("unit_id", flat=True))
    if not managed:
        raise AccessDeniedError(gettext("Uppföljningen är för ledningen och enhetschefer."))
    return managed


def followup_may_refresh(*, user) -> bool:
    """Who may rebuild the summary tables now (otherwise the nightly ``skutan followup refresh`` does):
    the systemförvaltare, who runs the system, and management, whose figures they are."""
    if user.is_superuser:
        return True
    roles = user_roles(user=user)
    return Role.SYSTEM_ADMIN in roles or Role.MANAGEMENT in roles


def followup_units(*, scope: list[int] | None) -> list[Unit]:
    """The units one may filter by: those with cases (not management, quality or administration)."""
    qs = Unit.objects.exclude(kind__in=(UnitKind.MANAGEMENT, UnitKind.QUALITY, UnitKind.ADMINISTRATION))
    if scope is not None:
        qs = qs.filter(pk__in=scope)
    return list(qs.order_by("name"))


def followup_unit_filter(*, scope: list[int] | None, unit_id: int | None) -> list[int] | None:
    """The unit ids to count: the chosen unit (which must be within the scope), else the whole scope."""
    if unit_id is None:
        return scope
    if scope is not None and unit_id not in scope:
        raise NotFoundError(gettext("Enheten finns inte eller ingår inte i din uppföljning."))
    if not Unit.objects.filter(pk=unit_id).exists():
        raise NotFoundError(gettext("Enheten finns inte eller ingår inte i din uppföljning."))
    return [unit_id]


def followup_choice(*, params, scope: list[int] | None, today: date):
    """The period and unit a page or an export asked for (the URL's query: period, value, from, to, unit), as
    (period, unit_id, unit_ids, error). A bad period falls back to the last twelve months with its message."""
    from skutan.core.errors import ApplicationError
    from skutan.followup.months import period_parse

    try:
        period = period_parse(kind=params.get("period", ""), value=params.get("value", ""),
                              first=params.get("from", ""), last=params.get("to", ""), today=today)
        error = None
    except ApplicationError as exc:
        period, error = period_parse(kind="", value="", first="", last="", today=today), exc.message
    unit_id = params.get("unit", "")
    unit_id = int(unit_id) if unit_id.isdigit() else None
    return period, unit_id, followup_unit_filter(scope=scope, unit_id=unit_id), error


def followup_filters_text(*, period, unit_id: int | None, units) -> str:
    unit = next((u.name for u in units if u.pk == unit_id), "alla enheter i urvalet")
    return f"{period.label}, {unit}"


def followup_access_record(*, ctx: AccessContext, measure: str = "dashboard", export: bool = False) -> None:
    """One access-log row per view of the dashboard, an export or an API read. The output is aggregate,
    but it is still drawn from personal data, so the read is logged (person=None)."""
    access_log_record(
        user=ctx.user, action=AccessAction.EXPORT if export else AccessAction.LIST, purpose=ctx.purpose,
        object_type="followup", object_id=measure, channel=ctx.channel, path=ctx.path,
    )


def summary_refreshed_at():
    run = SummaryRefresh.objects.using(reporting_alias()).filter(finished_at__isnull=False).first()
    return run.finished_at if run else None


# --- small helpers -----------------------------------------------------------------------------------


def share(part, whole) -> Decimal | None:
    """Percent with one decimal, None when there is nothing to divide by."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def whole_kronor(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def per_household(total, households) -> Decimal:
    """Cost per household: granted ÷ households, rounded half up to whole kronor; 0 without households."""
    return whole_kronor(Decimal(total) / households) if households else Decimal("0")


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def figures(*, unit_ids: list[int] | None, measures: tuple[str, ...], first: date, last: date
            ) -> dict[date, dict[str, Decimal]]:
    """month → measure → value summed over the units, from the MonthlyFigure summary (one query)."""
    qs = MonthlyFigure.objects.using(reporting_alias()).filter(measure__in=measures, month__gte=first, month__lte=last)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    out: dict[date, dict[str, Decimal]] = {}
    for month, measure, value in qs.values("month", "measure").annotate(v=Sum("value")).values_list(
        "month", "measure", "v"
    ).order_by():
        out.setdefault(month, {})[measure] = value
    return out


# --- 1. EB per month, with last year ---------------------------------------------------------------------


def assistance_months(*, unit_ids: list[int] | None, first: date, last: date) -> list[dict]:
    """Per month from ``first`` to ``last`` (a month without assistance with zeros): households, persons,
    granted, paid and cost per household. Unsuppressed: the API and the dashboard suppress on top."""
    found = figures(unit_ids=unit_ids, measures=("eb_households", "eb_persons", "eb_granted", "eb_paid"),
                    first=first, last=last)
    rows = []
    for month in months_between(first, last):
        f = found.get(month, {})
        households = int(f.get("eb_households", 0))
        granted = whole_kronor(f.get("eb_granted", 0))
        rows.append({
            "month": month, "households": households, "persons": int(f.get("eb_persons", 0)),
            "granted": granted, "paid": whole_kronor(f.get("eb_paid", 0)),
            "cost_per_household": per_household(f.get("eb_granted", 0), households),
        })
    return rows


def eb_cost_per_household(*, unit_ids: list[int] | None, period: Period, today: date | None = None) -> Measure:
    today = _today(today)
    this_month = today.replace(day=1)
    now = assistance_months(unit_ids=unit_ids, first=period.first, last=period.last)
    before = assistance_months(unit_ids=unit_ids, first=month_add(period.first, -12), last=month_add(period.last, -12))
    rows = []
    for cur, old in zip(now, before, strict=True):
        rows.append({
            "month": f"{cur['month']:%Y-%m}" + (" (pågår)" if cur["month"] == this_month else ""),
            "unfinished": cur["month"] >= this_month,
            **{k: cur[k] for k in ("households", "persons", "granted", "paid", "cost_per_household")},
            "households_ly": old["households"], "granted_ly": old["granted"], "paid_ly": old["paid"],
            "cost_ly": old["cost_per_household"],
        })
    for r in rows:  # 0 households: no cost to speak of (not a cost of 0 kr)
        if not r["households"]:
            r["cost_per_household"] = None
        if not r["households_ly"]:
            r["cost_ly"] = None
    measure = Measure(
        key="eb-kostnad", title="Ekonomiskt bistånd per månad",
        definition="För varje månad som biståndet avser: antal hushåll och personer med beviljat bistånd, "
        "beviljat belopp (det som gäller efter eventuell rättelse eller omprövning), utbetalt belopp (skickat "
        "till banken, minus återfört) och kostnad per hushåll (beviljat delat med antalet hushåll, avrundat "
        "till hela kronor). Ett hushåll räknas efter sin sökande, oavsett hur många ärenden det haft. Samma "
        "månader ett år tidigare visas bredvid.",
        source="Beslut och utbetalningar i Skutan. Kostnad per hushåll och månad är det mått Filipstads "
        "kommun följer.",
        period_label=period.label,
        columns=[
            Column("month", "Månad", "text"), Column("households", "Hushåll", suppress="small"),
            Column("persons", "Personer", suppress="households"),
            Column("granted", "Beviljat", "kronor", suppress="households"),
            Column("paid", "Utbetalt", "kronor", suppress="households"),
            Column("cost_per_household", "Per hushåll", "kronor", suppress="households"),
            Column("households_ly", "Hushåll året innan", suppress="small"),
            Column("granted_ly", "Beviljat året innan", "kronor", suppress="households_ly"),
            Column("paid_ly", "Utbetalt året innan", "kronor", suppress="households_ly"),
            Column("cost_ly", "Per hushåll året innan", "kronor", suppress="households_ly"),
        ],
        rows=rows,
        charts=[
            Chart("Kostnad per hushåll och månad", [("cost_per_household", "Per hushåll", "now"),
                                                   ("cost_ly", "Samma månad året innan", "last_year")]),
            Chart("Beviljat och utbetalt per månad", [("granted", "Beviljat", "now"), ("paid", "Utbetalt", "now2"),
                                                     ("granted_ly", "Beviljat året innan", "last_year")]),
            Chart("Hushåll och personer per månad", [("households", "Hushåll", "now"), ("persons", "Personer", "now2"),
                                                    ("households_ly", "Hushåll året innan", "last_year")]),
        ],
        notes=["Innevarande månad pågår: beslut och utbetalningar kommer fortfarande in, så den ritas streckad "
               "och ska inte jämföras med hela månader."] if any(r["unfinished"] for r in rows) else [],
    )
    measure_suppress(measure)
    return measure


# --- 2. Forecast for the rest of the year -----------------------------------------------------------------


def eb_forecast(*, unit_ids: list[int] | None, period: Period, today: date | None = None) -> Measure:
    """Beviljat bistånd for the year of the period's last month: outcome for the finished months and a forecast
    for the rest: the same month last year × this year's trend (finished months this year ÷ the same months
    last year)."""
    today = _today(today)
    year = period.last.year
    this_month = today.replace(day=1)
    now = assistance_months(unit_ids=unit_ids, first=date(year, 1, 1), last=date(year, 12, 1))
    before = assistance_months(unit_ids=unit_ids, first=date(year - 1, 1, 1), last=date(year - 1, 12, 1))
    finished = [i for i, r in enumerate(now) if r["month"] < this_month]
    actual_sum = sum((now[i]["granted"] for i in finished), Decimal(0))
    ly_sum = sum((before[i]["granted"] for i in finished), Decimal(0))
    trend = (actual_sum / ly_sum) if ly_sum else None
    rows, forecast_total = [], Decimal(0)
    for i, (cur, old) in enumerate(zip(now, before, strict=True)):
        done = i in finished
        if done:
            value, kind = cur["granted"], "Utfall"
        elif trend is not None:
            value, kind = whole_kronor(old["granted"] * trend), "Prognos"
        elif finished:  # no last year to scale: the mean of this year's finished months
            value, kind = whole_kronor(actual_sum / len(finished)), "Prognos (medel)"
        else:
            value, kind = None, "–"
        forecast_total += value or 0
        rows.append({
            "month": f"{cur['month']:%Y-%m}", "kind": kind + (" (månaden pågår)" if cur["month"] == this_month else ""),
            "actual": cur["granted"] if done else None, "forecast": None if done else value,
            "last_year": old["granted"], "households": cur["households"] if done else None,
            "unfinished": not done,
        })
    ly_total = sum((r["granted"] for r in before), Decimal(0))
    notes = []
    if trend is not None:
        change = share(forecast_total - ly_total, ly_total)
        notes.append(
            f"Prognos för helåret {year}: {_kr_text(forecast_total)} mot {_kr_text(ly_total)} året innan "
            f"({_signed(change)})."
        )
        notes.append(f"Trenden i år: {_pct_text(share(actual_sum, ly_sum))} av samma månader året innan.")
    elif finished:
        notes.append("Det finns inga siffror för samma månader året innan; prognosen är medelvärdet av årets "
                     "avslutade månader.")
    else:
        notes.append("Ingen månad av året är avslutad än, så ingen prognos kan göras.")
    measure = Measure(
        key="eb-prognos", title=f"Ekonomiskt bistånd: prognos för {year}",
        definition="Utfall för årets avslutade månader (beviljat belopp som gäller). För resten av året: samma "
        "månad förra året gånger årets trend, där trenden är årets avslutade månader delat med samma månader "
        "förra året. Innevarande månad räknas som prognos eftersom den inte är avslutad.",
        source="Beslut i Skutan. Att jämföra prognosen med förra året är det mått Timrå kommun redovisar.",
        period_label=str(year),
        columns=[Column("month", "Månad", "text"), Column("kind", "Typ", "text"),
                 Column("households", "Hushåll", suppress="small"),
                 Column("actual", "Utfall", "kronor", suppress="households"),
                 Column("forecast", "Prognos", "kronor"), Column("last_year", "Förra året", "kronor")],
        rows=rows,
        charts=[Chart("Utfall, prognos och förra året", [("actual", "Utfall", "now"), ("forecast", "Prognos", "forecast"),
                                                         ("last_year", "Förra året", "last_year")])],
        notes=notes,
    )
    measure_suppress(measure)
    return measure


def _kr_text(value) -> str:
    return f"{int(whole_kronor(value)):,}".replace(",", "\u00a0") + "\u00a0kr"


def _pct_text(value) -> str:
    return "–" if value is None else f"{value}".replace(".", ",") + "\u00a0%"


def _signed(value) -> str:
    if value is None:
        return "–"
    return ("+" if value > 0 else "−" if value < 0 else "±") + _pct_text(abs(value))


# --- 3. Long-term households -----------------------------------------------------------------------------


def long_term_years(*, unit_ids: list[int] | None, first_year: int, last_year: int) -> list[dict]:
    """Per calendar year: households with assistance, long-term (10+ months over every case) and very long-term
    (long-term in each of ``very_long_term_years()`` years in a row up to this one). Unsuppressed."""
    n = very_long_term_years()
    qs = HouseholdYear.objects.using(reporting_alias()).filter(year__gte=first_year - n + 1, year__lte=last_year)
    long_by_payee: dict[int, set[int]] = {}
    per_year = {y: {"households": 0, "long_term": 0, "very_long_term": 0} for y in range(first_year, last_year + 1)}
    scoped = qs if unit_ids is None else qs.filter(unit_id__in=unit_ids)
    counted = scoped.filter(year__gte=first_year).values("year").annotate(
        households=Count("id"), long_term=Count("id", filter=Q(months__gte=LONG_TERM_MIN_MONTHS))
    ).order_by()
    for r in counted:
        per_year[r["year"]].update(households=r["households"], long_term=r["long_term"])
    # Very long-term: the years in which each long-term household of the scope was long-term (any unit).
    candidates = scoped.filter(year__gte=first_year, months__gte=LONG_TERM_MIN_MONTHS)
    for payee, year in qs.filter(months__gte=LONG_TERM_MIN_MONTHS, payee_id__in=candidates.values("payee_id")
                                 ).values_list("payee_id", "year"):
        long_by_payee.setdefault(payee, set()).add(year)
    for payee, year in candidates.values_list("payee_id", "year"):
        years = long_by_payee.get(payee, set())
        if all(y in years for y in range(year - n + 1, year + 1)):
            per_year[year]["very_long_term"] += 1
    return [{"year": y, **v} for y, v in per_year.items()]


def eb_long_term(*, unit_ids: list[int] | None, period: Period, today: date | None = None) -> Measure:
    today = _today(today)
    n = very_long_term_years()
    rows = []
    for r in long_term_years(unit_ids=unit_ids, first_year=period.first.year, last_year=period.last.year):
        rows.append({
            "year": str(r["year"]) + (" (pågår)" if r["year"] == today.year else ""),
            "unfinished": r["year"] >= today.year, "households": r["households"], "long_term": r["long_term"],
            "share": share(r["long_term"], r["households"]), "very_long_term": r["very_long_term"],
            "very_share": share(r["very_long_term"], r["households"]),
        })
    measure = Measure(
        key="langvarigt", title="Långvarigt ekonomiskt bistånd per år",
        definition=f"Hushåll med bistånd under minst {LONG_TERM_MIN_MONTHS} månader av kalenderåret, räknat över "
        "alla ärenden hushållet haft (ett ärende som avslutas och öppnas igen är samma hushåll), och deras andel "
        "av alla hushåll med bistånd det året. Mycket långvarigt: långvarigt bistånd vart och ett av "
        f"{n} kalenderår i följd till och med året. Ett hushåll räknas till den enhet där det hade bistånd "
        "sist under året.",
        source=f"Långvarigt bistånd: Socialstyrelsens definition. Regeln för mycket långvarigt ({n} år i följd) "
        "är kommunens egen inställning; någon fastställd definition har inte hittats (obekräftad).",
        period_label=f"{period.first.year}–{period.last.year}" if period.first.year != period.last.year
        else str(period.first.year),
        columns=[Column("year", "År", "text"), Column("households", "Hushåll med bistånd", suppress="small"),
                 Column("long_term", "Långvarigt", suppress="small"),
                 Column("share", "Andel långvarigt", "percent", suppress="long_term,households"),
                 Column("very_long_term", "Mycket långvarigt", suppress="small"),
                 Column("very_share", "Andel mycket långvarigt", "percent", suppress="very_long_term,households")],
        rows=rows,
        charts=[Chart("Andel långvarigt och mycket långvarigt", [("share", "Långvarigt", "now"),
                                                                ("very_share", "Mycket långvarigt", "now2")],
                      kind="bar", label_key="year")],
        notes=["Innevarande år pågår: hushåll kan ännu nå tio månader."] if any(r["unfinished"] for r in rows) else [],
    )
    measure_suppress(measure)
    return measure


# --- 4. Per inhabitant -----------------------------------------------------------------------------------


def eb_per_inhabitant(*, unit_ids: list[int] | None, period: Period, today: date | None = None) -> Measure:
    today = _today(today)
    db = reporting_alias()
    years = list(range(period.first.year, period.last.year + 1))
    population = dict(PopulationYear.objects.using(db).filter(year__in=years).values_list("year", "inhabitants"))
    rows, notes = [], []
    whole = unit_ids is None
    paid = figures(unit_ids=None, measures=("eb_paid",), first=date(years[0], 1, 1), last=date(years[-1], 12, 1))
    persons = dict(HouseholdYear.objects.using(db).filter(year__in=years).values("year").annotate(p=Sum("persons"))
                   .values_list("year", "p").order_by())
    households = dict(HouseholdYear.objects.using(db).filter(year__in=years).values("year")
                      .annotate(n=Count("id")).values_list("year", "n").order_by())
    for y in years:
        total = sum((v.get("eb_paid", 0) for m, v in paid.items() if m.year == y), Decimal(0))
        inh = population.get(y)
        rows.append({
            "year": str(y) + (" (pågår)" if y == today.year else ""), "unfinished": y >= today.year,
            "inhabitants": inh, "households": households.get(y, 0), "paid": whole_kronor(total),
            "per_inhabitant": whole_kronor(total / inh) if inh else None,
            "persons": persons.get(y, 0), "share_inhabitants": share(persons.get(y, 0), inh) if inh else None,
        })
    missing = [str(y) for y in years if y not in population]
    if missing:
        notes.append(f"Folkmängd saknas för {', '.join(missing)}: systemförvaltaren lägger in den under "
                     "Uppföljning → Folkmängd.")
    if not whole:
        notes.append("Per invånare räknas bara för hela kommunen: siffrorna gäller alla enheter, inte filtret.")
    measure = Measure(
        key="per-invanare", title="Ekonomiskt bistånd per invånare",
        definition="Kostnad per invånare: utbetalt bistånd under året delat med folkmängden. Andel invånare med "
        "bistånd: personerna i hushåll som någon gång under året fått bistånd (varje hushåll med sitt största "
        "antal personer under året) delat med folkmängden. Folkmängden läggs in av systemförvaltaren per år.",
        source="Motsvarar Koladas nyckeltal N31001 (Kostnad ekonomiskt bistånd, kr/inv) och N31807 (Invånare som "
        "någon gång under året erhållit ekonomiskt bistånd, andel av befolkningen). Folkmängd: enligt "
        "systemförvaltarens uppgift och källa.",
        period_label=f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]),
        columns=[Column("year", "År", "text"), Column("inhabitants", "Invånare"),
                 Column("households", "Hushåll med bistånd", suppress="small"),
                 Column("paid", "Utbetalt", "kronor", suppress="households"),
                 Column("per_inhabitant", "Kronor per invånare", "kronor", suppress="households"),
                 Column("persons", "Personer med bistånd", suppress="households"),
                 Column("share_inhabitants", "Andel av invånarna", "percent", suppress="households")],
        rows=rows, notes=notes,
        charts=[Chart("Kronor per invånare", [("per_inhabitant", "Kronor per invånare", "now")], kind="bar",
                      label_key="year")],
    )
    measure_suppress(measure)
    return measure


# --- 5. Children's funnel -----------------------------------------------------------------------------------


def children_funnel(*, unit_ids: list[int] | None, period: Period, today: date | None = None) -> Measure:
    """Reports of concern received in the period and what became of them: per report (from the monthly
    summary) and per child (one aggregate query: a child is counted once however many reports)."""
    from skutan.children.models import ChildReport, PreliminaryOutcome
    from skutan.followup.months import month_end
    from skutan.followup.summaries import CHILD_MEASURES

    found = figures(unit_ids=unit_ids, measures=CHILD_MEASURES, first=period.first, last=period.last)
    c = {k: int(sum((f.get(k, 0) for f in found.values()), Decimal(0))) for k in CHILD_MEASURES}
    pa = "preliminary_assessment"
    reports = ChildReport.objects.using(reporting_alias()).filter(
        received_on__gte=period.first, received_on__lte=month_end(period.last), child__isnull=False)
    if unit_ids is not None:
        reports = reports.filter(unit_id__in=unit_ids)
    kids = reports.aggregate(
        children=Count("child", distinct=True),
        assessed=Count("child", distinct=True, filter=Q(**{f"{pa}__isnull": False})),
        investigated=Count("child", distinct=True, filter=Q(**{f"{pa}__outcome": PreliminaryOutcome.OPEN_INVESTIGATION})),
        with_intervention=Count("child", distinct=True,
                                filter=Q(**{f"{pa}__investigation__interventions__isnull": False})),
    )
    steps = [
        ("Orosanmälningar", c["child_reports"], None, None),
        ("Förhandsbedömning beslutad", c["child_assessed"], c["child_reports"], None),
        ("– utredning inleds", c["child_opened"], c["child_assessed"], None),
        ("– utredning inleds inte", c["child_screened_out"], c["child_assessed"], None),
        ("– överlämnas", c["child_transferred"], c["child_assessed"], None),
        ("Utredningar", c["child_investigations"], None, None),
        ("Utredningar med minst en insats", c["child_with_intervention"], c["child_investigations"], None),
        ("Barn med orosanmälan", kids["children"], None, None),
        ("Barn med beslutad förhandsbedömning", kids["assessed"], kids["children"], None),
        ("Barn där utredning inleddes", kids["investigated"], kids["children"], None),
        ("Barn med minst en insats", kids["with_intervention"], kids["children"], None),
    ]
    rows = [{"step": label, "count": n, "share": share(n, of) if of is not None else None,
             "of_reports": share(n, c["child_reports"]) if i in (2, 3) else None}
            for i, (label, n, of, _) in enumerate(steps)]
    measure = Measure(
        key="barn-tratt", title="Barn och unga: från orosanmälan till insats",
        definition="Orosanmälningar som kom in under perioden, och vad som blev av dem: beslutad "
        "förhandsbedömning, dess utfall (utredning inleds, inleds inte, överlämnas), utredningarna de ledde "
        "till och hur många av dem som gav minst en insats. Andelen är av steget ovanför; \"av anmälningarna\" "
        "är andelen av alla anmälningar. Samma steg räknas också per barn: ett barn räknas en gång hur många "
        "anmälningar det än gällde (bara identifierade barn).",
        source="Anmälningar, förhandsbedömningar, utredningar och insatser i Skutan. Jämförelse: " + NATIONAL_SOURCE
        + " " + SKL_SOURCE,
        period_label=period.label,
        columns=[Column("step", "Steg", "text"), Column("count", "Antal", suppress="small"),
                 Column("share", "Andel av steget ovanför", "percent", suppress="count"),
                 Column("of_reports", "Andel av anmälningarna", "percent", suppress="count")],
        rows=rows,
        sum_groups=[([2, 3, 4], 1)],
        charts=[Chart("Anmälningar per steg", [("count", "Antal", "now")], kind="bar", label_key="step")],
        reference_lines=[("Riket 2018: 38 % av anmälningarna ledde till utredning", NATIONAL_INVESTIGATED_SHARE,
                          NATIONAL_SOURCE)],
        notes=[f"Här ledde {_pct_text(rows[2]['of_reports'])} av anmälningarna till utredning; i riket 2018 "
               "var det 38 %."] if rows[2]["of_reports"] is not None else [],
    )
    measure_suppress(measure)
    if measure.rows[2]["of_reports"] is None:
        measure.notes = []
    return measure


# --- 6. Deadline compliance ------------------------------------------------------------------------------------


def children_deadlines(*, unit_ids: list[int] | None, period: Period, today: date | None = None) -> Measure:
    today = _today(today)
    counts = compliance_counts(unit_ids=unit_ids, period=period, today=today)
    rows = []
    for kind, (label, _source) in CLOCKS.items():
        n = counts[kind]
        judged = n["on_time"] + n["late_done"] + n["late_open"]
        rows.append({"limit": label, "on_time": n["on_time"], "late_done": n["late_done"],
                     "late_open": n["late_open"], "open": n["open"], "judged": judged,
                     "share": share(n["on_time"], judged)})
    measure = Measure(
        key="frister", title="Barn och unga: frister som hålls",
        definition="Allt vars sista dag infaller under perioden: gjort senast sista dagen (inom frist), gjort "
        "senare (sent), inte gjort fast sista dagen har passerat (försenat, precis det som står som försenat i "
        "fristbevakningen) och inte gjort men sista dagen har inte kommit (pågår, räknas inte än). Sista dagen "
        "är den som gäller efter registrerad förlängning. En uppföljning eller ett LVU-steg som inte behövdes "
        "längre för att insatsen eller vården upphört före sista dagen räknas inte. Andel inom frist = inom frist "
        "delat med inom frist, sent och försenat.",
        source=" ".join(f"{label}: {src}" for label, src in CLOCKS.values()),
        period_label=period.label,
        columns=[Column("limit", "Frist", "text"), Column("on_time", "Inom frist", suppress="small"),
                 Column("late_done", "Gjort för sent", suppress="small"),
                 Column("late_open", "Försenat, inte gjort", suppress="small"),
                 Column("open", "Pågår", suppress="small"), Column("judged", "Bedömda", suppress="small"),
                 Column("share", "Andel inom frist", "percent", suppress="judged")],
        rows=rows,
        charts=[Chart("Andel inom frist", [("share", "Andel inom frist", "now")], kind="bar", label_key="limit")],
    )
    measure_suppress(measure)
    return measure


# --- 7. Caseload and time in post ----------------------------------------------------------------------------


def caseworker_workload(*, unit_ids: list[int] | None, period: Period | None = None, today: date | None = None) -> Measure:
    """Active cases per caseworker today, and the share of caseworkers with under two years in post."""
    from skutan.cases.models import ACTIVE_STATUSES, CaseAssignment

    today = _today(today)
    db = reporting_alias()
    two_years_ago = _years_before(today, 2)
    members = Membership.objects.using(db).filter(role=Role.CASEWORKER, user__is_active=True)
    if unit_ids is not None:
        members = members.filter(unit_id__in=unit_ids)
    members = list(members.values_list("unit_id", "unit__name", "user_id", "user__employed_since")
                   .order_by("unit__name", "user_id"))
    assignments = CaseAssignment.objects.using(db).filter(ended_at__isnull=True, case__status__in=ACTIVE_STATUSES)
    if unit_ids is not None:
        assignments = assignments.filter(case__unit_id__in=unit_ids)
    load = {(r["case__unit_id"], r["user_id"]): r["cases"]
            for r in assignments.values("case__unit_id", "user_id").annotate(cases=Count("case_id", distinct=True)).order_by()}
    units: dict[int, dict] = {}
    for unit_id, unit_name, user_id, employed_since in members:
        unit = units.setdefault(unit_id, {"unit": unit_name, "loads": [], "new": 0, "known": 0})
        unit["loads"].append(load.get((unit_id, user_id), 0))
        if employed_since is not None:
            unit["known"] += 1
            unit["new"] += employed_since > two_years_ago
    rows = [
        {"unit": u["unit"], "caseworkers": len(u["loads"]), "active_cases": sum(u["loads"]),
         "mean": (Decimal(sum(u["loads"])) / len(u["loads"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
         "median": Decimal(str(statistics.median(u["loads"]))).quantize(Decimal("0.1")), "max": max(u["loads"]),
         "under_two_years": u["new"], "unknown_employed_since": len(u["loads"]) - u["known"],
         "share_under_two_years": share(u["new"], u["known"])}
        for u in units.values()
    ]
    people = {user_id: employed_since for _, _, user_id, employed_since in members}
    known = [d for d in people.values() if d is not None]
    new = sum(d > two_years_ago for d in known)
    if people:
        rows.append({"unit": "Totalt", "caseworkers": len(people), "active_cases": sum(r["active_cases"] for r in rows),
                     "mean": (Decimal(sum(r["active_cases"] for r in rows)) / len(people)).quantize(Decimal("0.1")),
                     "median": None, "max": max((r["max"] for r in rows), default=0), "under_two_years": new,
                     "unknown_employed_since": len(people) - len(known), "share_under_two_years": share(new, len(known))})
    measure = Measure(
        key="arbetsbelastning", title="Arbetsbelastning och anställningstid",
        definition="Aktiva ärenden per handläggare i enheten i dag (medel, median och högsta), räknat på pågående "
        "tilldelningar; handläggare utan ärenden räknas med 0. Andelen handläggare som varit anställda kortare "
        "än två år, av dem med registrerat anställningsdatum.",
        source="Tilldelningar och anställningsdatum i Skutan. Andelen med kortare tid än två år är det mått Timrå "
        "kommun redovisar (66 % av socialsekreterarna).",
        period_label=f"{today:%Y-%m-%d}",
        columns=[Column("unit", "Enhet", "text"), Column("caseworkers", "Handläggare"),
                 Column("active_cases", "Aktiva ärenden"), Column("mean", "Medel per handläggare", "decimal"),
                 Column("median", "Median per handläggare", "decimal"), Column("max", "Högst per handläggare"),
                 Column("under_two_years", "Anställda < 2 år"),
                 Column("unknown_employed_since", "Okänd anställningstid"),
                 Column("share_under_two_years", "Andel < 2 år", "percent")],
        rows=rows,
        charts=[Chart("Ärenden per handläggare (medel)", [("mean", "Medel", "now")], kind="bar", label_key="unit"),
                Chart("Andel anställda kortare än två år", [("share_under_two_years", "Andel < 2 år", "now")],
                      kind="bar", label_key="unit")],
    )
    return measure


# --- registry ----------------------------------------------------------------------------------------

MEASURES = {
    "eb-kostnad": eb_cost_per_household,
    "eb-prognos": eb_forecast,
    "langvarigt": eb_long_term,
    "per-invanare": eb_per_inhabitant,
    "barn-tratt": children_funnel,
    "frister": children_deadlines,
    "arbetsbelastning": caseworker_workload,
}
MEASURE_TITLES = {
    "eb-kostnad": "Ekonomiskt bistånd per månad", "eb-prognos": "Ekonomiskt bistånd: prognos",
    "langvarigt": "Långvarigt bistånd", "per-invanare": "Bistånd per invånare",
    "barn-tratt": "Barn och unga: från anmälan till insats", "frister": "Frister som hålls",
    "arbetsbelastning": "Arbetsbelastning och anställningstid",
}


def default_period(today: date) -> Period:
    this_month = today.replace(day=1)
    return Period(month_add(this_month, -11), this_month, "range")


@reads_from_reporting
def followup_measure(*, unit_ids: list[int] | None, measure: str, period: Period | None = None,
                     today: date | None = None) -> Measure:
    try:
        selector = MEASURES[measure]
    except KeyError:
        raise NotFoundError(gettext("Det finns inget sådant mått.")) from None
    today = _today(today)
    return selector(unit_ids=unit_ids, period=period or default_period(today), today=today)


@reads_from_reporting
def followup_dashboard(*, unit_ids: list[int] | None, period: Period | None = None,
                       today: date | None = None) -> list[Measure]:
    today = _today(today)
    period = period or default_period(today)
    return [selector(unit_ids=unit_ids, period=period, today=today) for selector in MEASURES.values()]


def last_month_with_figures(*, unit_ids: list[int] | None) -> date | None:
    qs = MonthlyFigure.objects.using(reporting_alias()).filter(measure="eb_households")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return qs.aggregate(m=Max("month"))["m"]


def population_years() -> list[PopulationYear]:
    """The administered population per year (not personal data), newest first."""
    return list(PopulationYear.objects.select_related("entered_by").order_by("-year"))


def long_term_cases_for_user(*, ctx: AccessContext, year: int, unit_ids: list[int] | None) -> tuple[list, int]:
    """Drill-down from the long-term figure: the cases of the year's long-term households that the reader may
    see through the normal access control (each listed person's read is access-logged), and how many
    households were left out because the reader has no case of theirs to see. Protected persons are not listed."""
    from skutan.cases.models import Case
    from skutan.cases.selectors import case_visible_q

    payees = HouseholdYear.objects.filter(year=year, months__gte=LONG_TERM_MIN_MONTHS)
    if unit_ids is not None:
        payees = payees.filter(unit_id__in=unit_ids)
    payee_ids = list(payees.values_list("payee_id", flat=True))
    cases: dict[int, object] = {}
    for case in (Case.objects.filter(case_visible_q(user=ctx.user), person_id__in=payee_ids,
                                     case_type="financial_assistance")
                 .select_related("person", "unit").order_by("person_id", "-opened_on", "-id")):
        if not case.person.protected_identity:
            cases.setdefault(case.person_id, case)
    for case in cases.values():
        access_log_record(user=ctx.user, action=AccessAction.LIST, purpose=ctx.purpose, object_type="followup_long_term",
                          object_id=year, person=case.person, case_id=case.pk, channel=ctx.channel, path=ctx.path)
    listed = sorted(cases.values(), key=lambda c: (c.person.last_name, c.person.first_name, c.pk))
    return listed, len(payee_ids) - len(listed)
