"""Maintaining the summary tables (HouseholdMonth, HouseholdYear, MonthlyFigure).

Definitions (the same as on the dashboard):
- The month is the one the assistance is for (``Decision.month``); a one-off decision counts in the month it
  was decided, as its payment does.
- Granted: the amount in force, that is the latest change's (rättelse, omprövning, ändring efter dom,
  ``DecisionRevision``) amount and outcome when the decision was changed, else the decision's own; only bifall
  and delvis bifall count.
- Paid: payments sent to the bank or confirmed for the month, less what was reversed (återfört).
- A household is its applicant (``payee``); its month belongs to the unit of the case with the latest decision
  that month, so units add up to the whole.

``summaries_apply`` is the incremental refresh, registered with ``skutan.core.summaries`` in
``FollowupConfig.ready``. ``statistics_refresh`` rebuilds everything (``skutan followup refresh``; a task
runner can wrap it, it reports progress through ``progress(done, total, message)``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from skutan.followup.models import HouseholdMonth, HouseholdYear, MonthlyFigure, SummaryRefresh
from skutan.followup.months import month_add

GRANTED_OUTCOMES = ("granted", "partly_granted")  # skutan.assistance.models.DecisionOutcome
PAID_STATUSES = ("sent", "confirmed", "reversed")  # skutan.payments.models.PaymentStatus (reversals subtracted)
EB_MEASURES = ("eb_households", "eb_persons", "eb_granted", "eb_paid")
CHILD_MEASURES = ("child_reports", "child_assessed", "child_opened", "child_screened_out", "child_transferred",
                  "child_investigations", "child_with_intervention")
ZERO = Decimal("0")


# --- what the source tables say ------------------------------------------------------------------------


def _in_force(model, fk: str):
    from skutan.assistance.models import DecisionRevision

    latest = DecisionRevision.objects.filter(**{fk: OuterRef("pk")}).order_by("-decided_at", "-id")
    return model.objects.annotate(
        amount_in_force=Coalesce(Subquery(latest.values("amount")[:1]), F("amount")),
        outcome_in_force=Coalesce(Subquery(latest.values("outcome")[:1]), F("outcome")),
    )


def household_month_rows(*, months: Iterable[date] | None = None, payees: Iterable[int] | None = None,
                         keys: set[tuple[int, date]] | None = None) -> dict[tuple[int, date], dict]:
    """(payee, month) → {unit, persons, granted, paid}, computed from decisions and payments.

    Filter by ``months`` and/or ``payees`` (the query), and then by exact ``keys`` if given."""
    from skutan.assistance.models import ApplicationMember, Decision, OneOffDecision
    from skutan.payments.models import Payment, Reversal

    month_list = sorted(set(months)) if months is not None else None
    payee_list = sorted(set(payees)) if payees is not None else None

    def narrowed(qs, month_field="month", payee_field="payee_id"):
        if month_list is not None:
            qs = qs.filter(**{f"{month_field}__in": month_list})
        if payee_list is not None:
            qs = qs.filter(**{f"{payee_field}__in": payee_list})
        return qs

    rows: dict[tuple[int, date], dict] = {}

    def row(key):
        return rows.setdefault(key, {"unit": None, "at": None, "persons": 0, "granted": ZERO, "paid": ZERO})

    members = (ApplicationMember.objects.filter(application_id=OuterRef("application_id"))
               .values("application_id").annotate(n=Count("id")).values("n"))
    monthly = narrowed(_in_force(Decision, "decision")).annotate(persons=Coalesce(Subquery(members[:1]), Value(1)))
    for payee_id, month, unit_id, at, amount, outcome, persons in monthly.values_list(
        "payee_id", "month", "case__unit_id", "decided_at", "amount_in_force", "outcome_in_force", "persons"
    ).order_by():
        r = row((payee_id, month))
        if outcome in GRANTED_OUTCOMES:
            r["granted"] += amount
        r["persons"] = max(r["persons"], persons)
        if r["at"] is None or at > r["at"]:
            r["unit"], r["at"] = unit_id, at
    one_offs = _in_force(OneOffDecision, "one_off")
    if payee_list is not None:
        one_offs = one_offs.filter(payee_id__in=payee_list)
    if month_list is not None:
        one_offs = one_offs.filter(decided_at__gte=_start(month_list[0]), decided_at__lt=_start(month_add(month_list[-1], 1)))
    for payee_id, unit_id, at, amount, outcome in one_offs.values_list(
        "payee_id", "case__unit_id", "decided_at", "amount_in_force", "outcome_in_force"
    ).order_by():
        month = timezone.localdate(at).replace(day=1)
        if month_list is not None and month not in month_list:
            continue
        r = row((payee_id, month))
        if outcome in GRANTED_OUTCOMES:
            r["granted"] += amount
        if r["at"] is None or at > r["at"]:
            r["unit"], r["at"] = unit_id, at
    reversed_ = (Reversal.objects.filter(payment_id=OuterRef("pk")).values("payment_id")
                 .annotate(s=Sum("amount")).values("s"))
    payments = narrowed(Payment.objects.filter(status__in=PAID_STATUSES)).annotate(
        back=Coalesce(Subquery(reversed_[:1]), Value(ZERO))
    )
    for payee_id, month, unit_id, amount, back in payments.values_list(
        "payee_id", "month", "case__unit_id", "amount", "back"
    ).order_by():
        r = row((payee_id, month))
        r["paid"] += amount - back
        if r["unit"] is None:
            r["unit"] = unit_id
    for r in rows.values():
        r["persons"] = max(r["persons"], 1)
    if keys is not None:
        rows = {k: v for k, v in rows.items() if k in keys}
    return {k: v for k, v in rows.items() if v["granted"] > 0 or v["paid"] > 0}


def _start(month: date):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    return datetime.combine(month, time(0), tzinfo=ZoneInfo("Europe/Stockholm"))


def children_figure_rows(*, unit_ids: Iterable[int] | None = None) -> dict[tuple[date, int], dict[str, int]]:
    """(month the report came in, unit) → the funnel counts of the reports of that month."""
    from skutan.children.models import ChildReport, PreliminaryOutcome

    qs = ChildReport.objects.all()
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    pa = "preliminary_assessment"
    found = (
        qs.annotate(m=TruncMonth("received_on")).values("m", "unit_id").annotate(
            child_reports=Count("id", distinct=True),
            child_assessed=Count("id", distinct=True, filter=Q(**{f"{pa}__isnull": False})),
            child_opened=Count("id", distinct=True, filter=Q(**{f"{pa}__outcome": PreliminaryOutcome.OPEN_INVESTIGATION})),
            child_screened_out=Count("id", distinct=True, filter=Q(**{f"{pa}__outcome": PreliminaryOutcome.NO_INVESTIGATION})),
            child_transferred=Count("id", distinct=True, filter=Q(**{f"{pa}__outcome": PreliminaryOutcome.TRANSFER})),
            child_investigations=Count(f"{pa}__investigation", distinct=True),
            child_with_intervention=Count(
                f"{pa}__investigation", distinct=True,
                filter=Q(**{f"{pa}__investigation__interventions__isnull": False}),
            ),
        ).order_by()
    )
    return {(r["m"], r["unit_id"]): {k: r[k] for k in CHILD_MEASURES} for r in found}


# --- writing the summaries ------------------------------------------------------------------------------


def _household_months_write(computed: dict[tuple[int, date], dict], keys: set[tuple[int, date]]) -> set[tuple[int, date]]:
    """Replace the rows of ``keys`` with ``computed``; return the (unit, month) pairs touched, before and after."""
    touched: set[tuple[int, date]] = set()
    by_month: dict[date, set[int]] = defaultdict(set)
    for payee, month in keys:
        by_month[month].add(payee)
    for month, payees in by_month.items():
        old = HouseholdMonth.objects.filter(month=month, payee_id__in=payees)
        touched.update((u, month) for u in old.values_list("unit_id", flat=True).distinct())
        old.delete()
    HouseholdMonth.objects.bulk_create(
        [HouseholdMonth(month=m, payee_id=p, unit_id=r["unit"], persons=r["persons"], granted=r["granted"],
                        paid=r["paid"]) for (p, m), r in computed.items()],
        batch_size=2000,
    )
    touched.update((r["unit"], m) for (p, m), r in computed.items())
    return touched


def _household_years_write(pairs: set[tuple[int, int]]) -> None:
    """Rebuild HouseholdYear for the (payee, year) pairs from HouseholdMonth."""
    by_year: dict[int, set[int]] = defaultdict(set)
    for payee, year in pairs:
        by_year[year].add(payee)
    for year, payees in by_year.items():
        payee_list = sorted(payees)
        for start in range(0, len(payee_list), 5000):
            _household_years_build(year, payee_list[start:start + 5000])


def _household_years_build(year: int, payees: list[int] | None) -> None:
    months = HouseholdMonth.objects.filter(month__gte=date(year, 1, 1), month__lte=date(year, 12, 1), granted__gt=0)
    old = HouseholdYear.objects.filter(year=year)
    if payees is not None:
        months = months.filter(payee_id__in=payees)
        old = old.filter(payee_id__in=payees)
    old.delete()
    last_unit = (HouseholdMonth.objects.filter(payee_id=OuterRef("payee_id"), granted__gt=0,
                                               month__gte=date(year, 1, 1), month__lte=date(year, 12, 1))
                 .order_by("-month").values("unit_id")[:1])
    from django.db.models import Max

    found = months.values("payee_id").annotate(n=Count("month", distinct=True), p=Max("persons"),
                                               u=Subquery(last_unit)).order_by()
    HouseholdYear.objects.bulk_create(
        [HouseholdYear(year=year, payee_id=r["payee_id"], unit_id=r["u"], months=r["n"], persons=r["p"])
         for r in found],
        batch_size=2000,
    )


def _eb_figures_write(unit_months: set[tuple[int, date]] | None) -> None:
    """Rebuild the EB MonthlyFigure rows of (unit, month) pairs (all when None) from HouseholdMonth."""
    qs = HouseholdMonth.objects.all()
    old = MonthlyFigure.objects.filter(measure__in=EB_MEASURES)
    if unit_months is not None:
        if not unit_months:
            return
        cond = Q()
        for unit, month in unit_months:
            cond |= Q(unit_id=unit, month=month)
        qs, old = qs.filter(cond), old.filter(cond)
    old.delete()
    rows = qs.values("month", "unit_id").annotate(
        eb_households=Count("id", filter=Q(granted__gt=0)),
        eb_persons=Coalesce(Sum("persons", filter=Q(granted__gt=0)), 0),
        eb_granted=Coalesce(Sum("granted"), ZERO),
        eb_paid=Coalesce(Sum("paid"), ZERO),
    ).order_by()
    MonthlyFigure.objects.bulk_create(
        [MonthlyFigure(month=r["month"], unit_id=r["unit_id"], measure=m, value=r[m])
         for r in rows for m in EB_MEASURES if r[m]],
        batch_size=2000,
    )


def _children_figures_write(unit_ids: set[int] | None) -> None:
    old = MonthlyFigure.objects.filter(measure__in=CHILD_MEASURES)
    if unit_ids is not None:
        if not unit_ids:
            return
        old = old.filter(unit_id__in=unit_ids)
    old.delete()
    MonthlyFigure.objects.bulk_create(
        [MonthlyFigure(month=m, unit_id=u, measure=k, value=v)
         for (m, u), counts in children_figure_rows(unit_ids=unit_ids).items() for k, v in counts.items() if v],
        batch_size=2000,
    )


def summaries_apply(*, households: set[tuple[int, date]] = frozenset(), cases: set[int] = frozenset(),
                    children_units: set[int] = frozenset()) -> None:
    """The incremental refresh: the keys a write touched (see skutan.core.summaries)."""
    keys = set(households)
    if cases:
        keys |= _keys_of_cases(cases)
    with transaction.atomic():
        if keys:
            computed = household_month_rows(months={m for _, m in keys}, payees={p for p, _ in keys}, keys=keys)
            touched = _household_months_write(computed, keys)
            _household_years_write({(p, m.year) for p, m in keys})
            _eb_figures_write(touched)
        if children_units:
            _children_figures_write(set(children_units))


def _keys_of_cases(case_ids: set[int]) -> set[tuple[int, date]]:
    from skutan.assistance.models import Decision, OneOffDecision
    from skutan.payments.models import Payment

    keys = set(Decision.objects.filter(case_id__in=case_ids).values_list("payee_id", "month"))
    keys |= set(Payment.objects.filter(case_id__in=case_ids).values_list("payee_id", "month"))
    keys |= {(p, timezone.localdate(at).replace(day=1))
             for p, at in OneOffDecision.objects.filter(case_id__in=case_ids).values_list("payee_id", "decided_at")}
    return keys


def statistics_refresh(*, progress: Callable[[int, int, str], None] | None = None) -> SummaryRefresh:
    """Rebuild every summary table from the source tables, month by month.

    ``progress(done, total, message)`` is called after each step (a task runner can report it). Each month is
    its own transaction, so a long refresh never holds one lock for long; readers see a month either before or
    after its rebuild."""
    from skutan.assistance.models import Decision, OneOffDecision
    from skutan.payments.models import Payment

    say = progress or (lambda done, total, message: None)
    run = SummaryRefresh.objects.create()
    bounds = [
        Decision.objects.order_by("month").values_list("month", flat=True).first(),
        Payment.objects.order_by("month").values_list("month", flat=True).first(),
    ]
    first_one_off = OneOffDecision.objects.order_by("decided_at").values_list("decided_at", flat=True).first()
    if first_one_off is not None:
        bounds.append(timezone.localdate(first_one_off).replace(day=1))
    last = [
        Decision.objects.order_by("-month").values_list("month", flat=True).first(),
        Payment.objects.order_by("-month").values_list("month", flat=True).first(),
        timezone.localdate().replace(day=1),
    ]
    known = [b for b in bounds if b is not None]
    months: list[date] = []
    if known:
        m, end = min(known), max(d for d in last if d is not None)
        while m <= end:
            months.append(m)
            m = month_add(m, 1)
    years = sorted({m.year for m in months})
    total = len(months) + len(years) + 2
    done = 0
    with transaction.atomic():
        HouseholdMonth.objects.filter(month__lt=months[0] if months else date.max).delete()
    rows = 0
    for month in months:
        with transaction.atomic():
            HouseholdMonth.objects.filter(month=month).delete()
            computed = household_month_rows(months=[month])
            HouseholdMonth.objects.bulk_create(
                [HouseholdMonth(month=m, payee_id=p, unit_id=r["unit"], persons=r["persons"], granted=r["granted"],
                                paid=r["paid"]) for (p, m), r in computed.items()],
                batch_size=2000,
            )
            rows += len(computed)
        done += 1
        say(done, total, f"Hushåll {month:%Y-%m}")
    for year in years:
        with transaction.atomic():
            _household_years_build(year, None)
        done += 1
        say(done, total, f"År {year}")
    with transaction.atomic():
        HouseholdYear.objects.exclude(year__in=years).delete()
        _eb_figures_write(None)
    done += 1
    say(done, total, "Månadssiffror för ekonomiskt bistånd")
    with transaction.atomic():
        _children_figures_write(None)
    done += 1
    say(done, total, "Barn och unga")
    run.finished_at, run.rows = timezone.now(), rows
    run.save(update_fields=["finished_at", "rows"])
    return run
