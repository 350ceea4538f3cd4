"""Uppföljning: aggregate measures for the social director, management and unit managers (DOMAIN.md §9).

Read-only. Every measure is one or two aggregate queries, whatever the amount of data, and returns only
counts, sums and shares per month, year or unit: never a person, a case or a caseworker's name.

Each measure is a ``Measure``: its definition and source in words (shown on the page and in the exports),
its columns and its rows. Unit managers see their own units' cases; management sees all (``followup_scope``).
"""

import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear, TruncDate
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Membership, Role
from skutan.accounts.selectors import user_roles
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction
from skutan.audit.services import access_log_record
from skutan.core.errors import AccessDeniedError, NotFoundError

STOCKHOLM = ZoneInfo("Europe/Stockholm")
GRANTED_OUTCOMES = ("granted", "partly_granted")  # skutan.assistance.models.DecisionOutcome
LONG_TERM_MIN_MONTHS = 10  # "Långvarigt ekonomiskt bistånd": at least 10 months of a calendar year (DOMAIN.md §9 ✔)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "int"  # int | kronor | percent | text


@dataclass
class Measure:
    key: str
    title: str
    definition: str
    source: str
    period_from: date
    period_to: date
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    chart_label: str = ""  # the row key naming a bar
    chart_value: str = ""  # the row key giving its length
    notes: list[str] = field(default_factory=list)


# --- scope and logging -------------------------------------------------------------------------------


def followup_scope(*, user) -> list[int] | None:
    """Whose cases the user may follow up: None (all) for management, the units a unit manager manages.
    Anyone else gets AccessDeniedError (403)."""
    if user.is_superuser or Role.MANAGEMENT in user_roles(user=user):
        return None
    managed = sorted(user.memberships.filter(role=Role.UNIT_MANAGER).values_list("unit_id", flat=True))
    if not managed:
        raise AccessDeniedError(gettext("Uppföljningen är för ledningen och enhetschefer."))
    return managed


def followup_access_record(*, ctx: AccessContext, measure: str = "dashboard", export: bool = False) -> None:
    """One access-log row per view of the dashboard, an export or an API read. The output is aggregate,
    but it is still drawn from personal data, so the read is logged (person=None)."""
    access_log_record(
        user=ctx.user, action=AccessAction.EXPORT if export else AccessAction.LIST, purpose=ctx.purpose,
        object_type="followup", object_id=measure, channel=ctx.channel, path=ctx.path,
    )


# --- small helpers -----------------------------------------------------------------------------------


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _share(part: int, whole: int) -> Decimal | None:
    """Percent with one decimal, None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _kr(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _unit_q(unit_ids: list[int] | None, path: str) -> Q:
    return Q() if unit_ids is None else Q(**{f"{path}__in": unit_ids})


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# --- 1. EB cost per household and month -------------------------------------------------------------


def eb_cost_per_household(*, unit_ids: list[int] | None, today: date | None = None, months: int = 24) -> Measure:
    """Kostnad för ekonomiskt bistånd per hushåll och månad, the last ``months`` months (this one included).

    Definition: for each month the assistance is for (``assistance.Decision.month``), the sum of the decided
    amounts (``Decision.amount``) of decisions with outcome bifall or delvis bifall, divided by the number of
    distinct cases (one case = one household) with such a decision that month. Source: seed 000 (Filipstad
    measures kr per household and month). Decided amounts, not payments: a month counts when it is decided.
    """
    from skutan.assistance.models import Decision

    today = _today(today)
    first, last = _month_start(today, months - 1), _month_start(today)
    per_month = {
        row["month"]: row
        for row in Decision.objects.filter(
            _unit_q(unit_ids, "case__unit_id"), outcome__in=GRANTED_OUTCOMES, month__gte=first, month__lte=last
        )
        .values("month")
        .annotate(total=Sum("amount"), households=Count("case_id", distinct=True))
        .order_by()
    }
    rows = []
    for back in range(months - 1, -1, -1):
        month = _month_start(today, back)
        found = per_month.get(month, {})
        total, households = _kr(found.get("total")), found.get("households", 0)
        rows.append({
            "month": f"{month:%Y-%m}", "households": households, "total": total,
            "per_household": _kr(total / households) if households else None,
        })
    return Measure(
        key="eb-kostnad", title="Ekonomiskt bistånd: kostnad per hushåll och månad",
        definition="Summan av beviljade belopp (bifall och delvis bifall) för månaden biståndet avser, delat med "
        "antalet hushåll (ärenden) med sådant beslut den månaden.",
        source="Beslut om ekonomiskt bistånd i Skutan. Måttet används av Filipstad (seed 000).",
        period_from=first, period_to=today,
        columns=[Column("month", "Månad", "text"), Column("households", "Hushåll"),
                 Column("total", "Totalt beviljat", "kronor"),
                 Column("per_household", "Per hushåll", "kronor")],
        rows=rows, chart_label="month", chart_value="per_household",
    )


# --- 2. Long-term recipients -----------------------------------------------------------------------


def eb_long_term(*, unit_ids: list[int] | None, today: date | None = None, years: int = 5) -> Measure:
    """Långvarigt ekonomiskt bistånd per kalenderår, the last ``years`` years (this one included).

    Definition (DOMAIN.md §9 ✔): a household with granted or partly granted assistance
    (``assistance.Decision``) for at least 10 distinct months (``Decision.month``) of the calendar year. A
    household is counted by its applicant (``Decision.payee``, the register's registerledare), never per case:
    a case closed and reopened in the year, or moved between units, is still one household.
    Also the number of households with assistance at all that year, and the share. "Mycket långvarigt" has no
    confirmed definition and is deliberately not shown.
    """
    from skutan.assistance.models import Decision

    today = _today(today)
    first_year = today.year - years + 1
    # One row per (year, applicant): aggregated in the database, then counted per year here.
    per_household = (
        Decision.objects.filter(
            _unit_q(unit_ids, "case__unit_id"), outcome__in=GRANTED_OUTCOMES,
            month__gte=date(first_year, 1, 1), month__lte=date(today.year, 12, 1),
        )
        .annotate(year=ExtractYear("month"))
        .values("year", "payee_id")
        .annotate(months=Count("month", distinct=True))
        .order_by()
        .values_list("year", "months")
    )
    households = dict.fromkeys(range(first_year, today.year + 1), 0)
    long_term = dict.fromkeys(range(first_year, today.year + 1), 0)
    for year, month_count in per_household:
        households[year] += 1
        if month_count >= LONG_TERM_MIN_MONTHS:
            long_term[year] += 1
    rows = [
        {"year": str(year) + (" (pågår)" if year == today.year else ""), "households": households[year],
         "long_term": long_term[year], "share": _share(long_term[year], households[year])}
        for year in households
    ]
    return Measure(
        key="langvarigt", title="Långvarigt ekonomiskt bistånd per år",
        definition=f"Hushåll med bistånd (bifall eller delvis bifall) för minst {LONG_TERM_MIN_MONTHS} månader "
        "under kalenderåret, och deras andel av alla hushåll med bistånd det året. Ett hushåll räknas efter sin "
        "sökande (registerledaren), inte per ärende: ett ärende som avslutas och öppnas igen är samma hushåll.",
        source="Definitionen av långvarigt bistånd: Socialstyrelsen (DOMAIN.md §9). Beslut i Skutan.",
        period_from=date(first_year, 1, 1), period_to=today,
        columns=[Column("year", "År", "text"), Column("households", "Hushåll med bistånd"),
                 Column("long_term", "Varav långvarigt"), Column("share", "Andel långvarigt", "percent")],
        rows=rows, chart_label="year", chart_value="long_term",
        notes=["Innevarande år pågår: hushåll kan ännu nå tio månader.",
               "”Mycket långvarigt bistånd” visas inte: någon fastställd definition finns inte (obekräftad)."],
    )


# --- 3. Children's funnel --------------------------------------------------------------------------


def children_funnel(*, unit_ids: list[int] | None, today: date | None = None, months: int = 12) -> Measure:
    """Orosanmälningar och vad som blev av dem, for reports received the last ``months`` months.

    Definition: the reports (``children.ChildReport``, by ``received_on``) received in the period →
    of them, those with a förhandsbedömning (``PreliminaryAssessment``) → of which the outcome was
    "utredning inleds" → the distinct investigations (``PreliminaryAssessment.investigation``) they led to →
    of which with at least one insats (``Intervention.investigation``). Shares are of the step before
    (investigations with insats: of investigations). Screened out = outcome "utredning inleds inte", as a
    share of the decided assessments. Source: the children's register in Skutan.
    """
    from skutan.children.models import ChildReport, PreliminaryOutcome

    today = _today(today)
    first = _month_start(today, months - 1)
    pa = "preliminary_assessment"
    counts = ChildReport.objects.filter(
        _unit_q(unit_ids, "unit_id"), received_on__gte=first, received_on__lte=today
    ).aggregate(
        received=Count("id", distinct=True),
        decided=Count("id", distinct=True, filter=Q(**{f"{pa}__isnull": False})),
        opened=Count("id", distinct=True, filter=Q(**{f"{pa}__outcome": PreliminaryOutcome.OPEN_INVESTIGATION})),
        screened_out=Count("id", distinct=True, filter=Q(**{f"{pa}__outcome": PreliminaryOutcome.NO_INVESTIGATION})),
        transferred=Count("id", distinct=True, filter=Q(**{f"{pa}__outcome": PreliminaryOutcome.TRANSFER})),
        investigations=Count(f"{pa}__investigation", distinct=True),
        with_intervention=Count(
            f"{pa}__investigation", distinct=True,
            filter=Q(**{f"{pa}__investigation__interventions__isnull": False}),
        ),
        children=Count("child", distinct=True),
        children_decided=Count("child", distinct=True, filter=Q(**{f"{pa}__isnull": False})),
        children_investigated=Count(
            "child", distinct=True, filter=Q(**{f"{pa}__outcome": PreliminaryOutcome.OPEN_INVESTIGATION})),
        children_with_intervention=Count(
            "child", distinct=True, filter=Q(**{f"{pa}__investigation__interventions__isnull": False})),
    )
    # Children all of whose reports in the period were screened out (a child counted once, however many reports).
    per_child = (
        ChildReport.objects.filter(_unit_q(unit_ids, "unit_id"), received_on__gte=first, received_on__lte=today,
                                   child__isnull=False)
        .values("child")
        .annotate(n=Count("id"), out=Count("id", filter=Q(**{f"{pa}__outcome": PreliminaryOutcome.NO_INVESTIGATION})))
    )
    counts["children_only_screened_out"] = sum(1 for row in per_child if row["n"] == row["out"])
    steps = [
        ("Orosanmälningar", counts["received"], None),
        ("Förhandsbedömning beslutad", counts["decided"], counts["received"]),
        ("Utredning inleds", counts["opened"], counts["decided"]),
        ("Utredningar", counts["investigations"], None),
        ("Utredningar med minst en insats", counts["with_intervention"], counts["investigations"]),
        ("Utredning inleds inte (sållade)", counts["screened_out"], counts["decided"]),
        ("Överlämnade", counts["transferred"], counts["decided"]),
        ("Barn med orosanmälan (identifierade)", counts["children"], None),
        ("Barn med beslutad förhandsbedömning", counts["children_decided"], counts["children"]),
        ("Barn där utredning inleddes", counts["children_investigated"], counts["children"]),
        ("Barn med minst en insats", counts["children_with_intervention"], counts["children"]),
        ("Barn vars alla anmälningar sållades", counts["children_only_screened_out"], counts["children"]),
    ]
    rows = [{"step": label, "count": n, "share": _share(n, of) if of is not None else None} for label, n, of in steps]
    return Measure(
        key="barn-tratt", title="Barn och unga: från orosanmälan till insats",
        definition="Orosanmälningar som kom in under perioden och vad som blev av dem. Andelen avser steget före: "
        "beslutade förhandsbedömningar av anmälningarna, inledda utredningar och sållade av de beslutade, "
        "utredningar med insats av utredningarna. Flera anmälningar kan leda till samma utredning. Raderna om "
        "barn räknar varje identifierat barn en gång, hur många anmälningar det än gäller; andelen avser barnen "
        "med anmälan.",
        source="Orosanmälningar, förhandsbedömningar, utredningar och insatser i Skutan (SoL 11 kap. 1, 1 a §§).",
        period_from=first, period_to=today,
        columns=[Column("step", "Steg", "text"), Column("count", "Antal"), Column("share", "Andel", "percent")],
        rows=rows, chart_label="step", chart_value="count",
    )


# --- 4. Deadline compliance -----------------------------------------------------------------------


def children_deadlines(*, unit_ids: list[int] | None, today: date | None = None, months: int = 12) -> Measure:
    """Hur väl fristerna hålls, the last ``months`` months.

    Definitions:
    - Förhandsbedömningar decided in the period (``PreliminaryAssessment.decided_on``): share decided on or
      before the report's ``preliminary_due`` (14 days, or the extended date when an extension is recorded).
    - Utredningar opened in the period (``Investigation.opened_on``): share concluded on or before ``due``
      (four months, or the extended date), or still open with ``due`` not yet passed.
    - Orosanmälningar received in the period: share with a skyddsbedömning made the same day
      (``ProtectionAssessment.assessed_at``, Swedish local day = ``ChildReport.received_on``); reports
      without one count as not the same day.
    - Omedelbara omhändertaganden decided in the period (``LvuDecision``): share submitted to the court on or
      before ``court_submission_due`` (7 §), and share whose application for care was filed on or before
      ``care_application_due`` (8 §); not yet done counts as on time while the day has not passed, and one that
      ended before its day needed nothing more.
    - Six-monthly considerations (``CareReview``) due in the period: share done on or before ``due_on``.
    Source: SoL 11 kap. 1 a § (skyddsbedömning genast, förhandsbedömning 14 dagar), 11 kap. 2 § (utredning
    fyra månader), LVU 7, 8 och 13 §§, SoL 6 kap. 8 §; the deadlines are those stored on the records, the same
    the deadline board shows.
    """
    from skutan.children.models import (
        CareReview,
        ChildReport,
        Investigation,
        InvestigationStatus,
        LvuDecision,
        PreliminaryAssessment,
    )

    today = _today(today)
    first = _month_start(today, months - 1)
    prelim = PreliminaryAssessment.objects.filter(
        _unit_q(unit_ids, "report__unit_id"), decided_on__gte=first, decided_on__lte=today
    ).aggregate(total=Count("id"), on_time=Count("id", filter=Q(decided_on__lte=F("report__preliminary_due"))))
    inv = Investigation.objects.filter(
        _unit_q(unit_ids, "case__unit_id"), opened_on__gte=first, opened_on__lte=today
    ).aggregate(
        total=Count("id"),
        on_time=Count("id", filter=(
            Q(status=InvestigationStatus.CONCLUDED, concluded_on__lte=F("due"))
            | Q(status=InvestigationStatus.OPEN, due__gte=today)
        )),
    )
    protection = (
        ChildReport.objects.filter(_unit_q(unit_ids, "unit_id"), received_on__gte=first, received_on__lte=today)
        .annotate(assessed_day=TruncDate("protection_assessment__assessed_at", tzinfo=STOCKHOLM))
        .aggregate(total=Count("id"), on_time=Count("id", filter=Q(assessed_day=F("received_on"))))
    )
    # LVU and the six-monthly considerations: the due dates stored on the records, the same the board shows
    # (skutan.children.selectors: lvu_*_pending_q, care_review_pending_q).
    lvu = LvuDecision.objects.filter(
        _unit_q(unit_ids, "case__unit_id"), kind="immediate_custody", decided_on__gte=first, decided_on__lte=today
    )
    court = lvu.aggregate(total=Count("id"), on_time=Count("id", filter=(
        Q(court_submitted_on__isnull=False, court_submitted_on__lte=F("court_submission_due"))
        | Q(court_submitted_on__isnull=True, court_submission_due__gte=today)
        | Q(court_submitted_on__isnull=True, ended_on__isnull=False, ended_on__lte=F("court_submission_due"))
    )))
    application = lvu.aggregate(total=Count("id"), on_time=Count("id", filter=(
        Q(care_applied_on__isnull=False, care_applied_on__lte=F("care_application_due"))
        | Q(care_applied_on__isnull=True, care_application_due__gte=today)
        | Q(care_applied_on__isnull=True, ended_on__isnull=False, ended_on__lte=F("care_application_due"))
    )))
    reviews = CareReview.objects.filter(
        _unit_q(unit_ids, "case__unit_id"), due_on__gte=first, due_on__lte=today
    ).aggregate(total=Count("id"), on_time=Count("id", filter=Q(done_on__isnull=False, done_on__lte=F("due_on"))))
    rows = [
        {"limit": label, "total": c["total"], "on_time": c["on_time"], "share": _share(c["on_time"], c["total"])}
        for label, c in (
            ("Skyddsbedömning samma dag", protection),
            ("Förhandsbedömning inom frist", prelim),
            ("Utredning inom frist", inv),
            ("Underställning inom en vecka (7 § LVU)", court),
            ("Ansökan om vård inom fyra veckor (8 § LVU)", application),
            ("Övervägande/omprövning inom sex månader", reviews),
        )
    ]
    return Measure(
        key="frister", title="Barn och unga: frister som hålls",
        definition="Skyddsbedömning samma dag som anmälan kom in (anmälningar under perioden). Förhandsbedömning "
        "beslutad senast sista dagen, med registrerad förlängning (beslutade under perioden). Utredning avslutad "
        "senast sista dagen, med registrerade förlängningar, eller pågående och ännu inom fristen (inledda "
        "under perioden). Underställning (7 § LVU) och ansökan om vård (8 § LVU) för omedelbara omhändertaganden "
        "beslutade under perioden; övervägande och omprövning (13 § LVU, 6 kap. 8 § SoL) med sista dag under "
        "perioden, gjorda senast den dagen.",
        source="SoL 11 kap. 1 a § och 2 §, 6 kap. 8 §; LVU 7, 8 och 13 §§; fristerna som de är registrerade i "
        "Skutan, samma som i fristbevakningen.",
        period_from=first, period_to=today,
        columns=[Column("limit", "Frist", "text"), Column("total", "Antal"), Column("on_time", "Inom frist"),
                 Column("share", "Andel inom frist", "percent")],
        rows=rows, chart_label="limit", chart_value="share",
    )


# --- 5. Workload -----------------------------------------------------------------------------------


def caseworker_workload(*, unit_ids: list[int] | None, today: date | None = None) -> Measure:
    """Arbetsbelastning per enhet today.

    Definitions: caseworkers = active users with the role handläggare in the unit (``accounts.Membership``).
    Active cases per caseworker = cases of the unit not closed (``cases.ACTIVE_STATUSES``) with a current
    assignment (``CaseAssignment.ended_at`` empty) to that caseworker; a caseworker without cases counts as 0.
    Median and max per unit. Under two years in post = ``User.employed_since`` later than the same day two
    years ago; caseworkers with no date recorded are counted apart and left out of the share.
    Source: seed 002 (Timrå: 66 % of caseworkers had under two years in post).
    """
    from skutan.cases.models import ACTIVE_STATUSES, CaseAssignment

    today = _today(today)
    two_years_ago = _years_before(today, 2)
    members = list(
        Membership.objects.filter(_unit_q(unit_ids, "unit_id"), role=Role.CASEWORKER, user__is_active=True)
        .values_list("unit_id", "unit__name", "user_id", "user__employed_since")
        .order_by("unit__name", "user_id")
    )
    load = {
        (row["case__unit_id"], row["user_id"]): row["cases"]
        for row in CaseAssignment.objects.filter(
            _unit_q(unit_ids, "case__unit_id"), ended_at__isnull=True, case__status__in=ACTIVE_STATUSES
        )
        .values("case__unit_id", "user_id")
        .annotate(cases=Count("case_id", distinct=True))
        .order_by()
    }
    units: dict[int, dict] = {}
    for unit_id, unit_name, user_id, employed_since in members:
        unit = units.setdefault(unit_id, {"unit": unit_name, "loads": [], "new": 0, "known": 0})
        unit["loads"].append(load.get((unit_id, user_id), 0))
        if employed_since is not None:
            unit["known"] += 1
            unit["new"] += employed_since > two_years_ago
    rows = [
        {"unit": u["unit"], "caseworkers": len(u["loads"]), "active_cases": sum(u["loads"]),
         "median": Decimal(str(statistics.median(u["loads"]))).quantize(Decimal("0.1")), "max": max(u["loads"]),
         "under_two_years": u["new"], "unknown_employed_since": len(u["loads"]) - u["known"],
         "share_under_two_years": _share(u["new"], u["known"])}
        for u in units.values()
    ]
    people = {user_id: employed_since for _, _, user_id, employed_since in members}
    known = [d for d in people.values() if d is not None]
    new = sum(d > two_years_ago for d in known)
    notes = [
        f"Totalt {len(people)} handläggare; {new} av {len(known)} med känt anställningsdatum har varit anställda "
        f"kortare än två år ({_fmt_share(_share(new, len(known)))})."
    ] if people else []
    return Measure(
        key="arbetsbelastning", title="Arbetsbelastning per enhet",
        definition="Aktiva ärenden per handläggare i enheten i dag (median och högsta), räknat på pågående "
        "tilldelningar; handläggare utan ärenden räknas med 0. Andelen handläggare som varit anställda kortare "
        "än två år, av dem med registrerat anställningsdatum.",
        source="Tilldelningar och anställningsdatum i Skutan. Måttet om anställningstid: Timrå (seed 002).",
        period_from=today, period_to=today,
        columns=[Column("unit", "Enhet", "text"), Column("caseworkers", "Handläggare"),
                 Column("active_cases", "Aktiva ärenden"), Column("median", "Median per handläggare", "decimal"),
                 Column("max", "Högst per handläggare"), Column("under_two_years", "Anställda < 2 år"),
                 Column("unknown_employed_since", "Okänd anställningstid"),
                 Column("share_under_two_years", "Andel < 2 år", "percent")],
        rows=rows, chart_label="unit", chart_value="median", notes=notes,
    )


def _fmt_share(value: Decimal | None) -> str:
    return "–" if value is None else f"{value}".replace(".", ",") + "\u00a0%"


# --- registry ----------------------------------------------------------------------------------------

MEASURES = {
    "eb-kostnad": eb_cost_per_household,
    "langvarigt": eb_long_term,
    "barn-tratt": children_funnel,
    "frister": children_deadlines,
    "arbetsbelastning": caseworker_workload,
}


def followup_measure(*, unit_ids: list[int] | None, measure: str, today: date | None = None) -> Measure:
    try:
        selector = MEASURES[measure]
    except KeyError:
        raise NotFoundError(gettext("Det finns inget sådant mått.")) from None
    return selector(unit_ids=unit_ids, today=today)


def followup_dashboard(*, unit_ids: list[int] | None, today: date | None = None) -> list[Measure]:
    return [selector(unit_ids=unit_ids, today=today) for selector in MEASURES.values()]
