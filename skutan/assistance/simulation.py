"""Regelsimulering: what would a rule change cost, and who would lose?

Every current household (the latest decided month of each active ekonomiskt bistånd case) is recalculated from
its frozen request (Decision.inputs, the norm contract) twice: under today's rules (the riksnorm tables in
force, with the administrators' corrections) and under a scenario:

- a percentage uplift of the riksnorm table of each household's month (amounts rounded to the nearest 10 kr,
  as the yearly uplifts are; DOMAIN.md §4), or another year's table; and/or
- a hypothetical assistance cap ("bidragstak"): at most this much per household and month. A cap is planned
  for 2027 but its rules and level are not decided; the amount here is the user's assumption, labelled so.

The pure part (Scenario, simulate, uplift_table) takes plain data and has no Django. simulation_run reads the
households in a read-only transaction (the database refuses any write there, and it is rolled back anyway), so
a simulation can never change a decision or a payment. Only aggregates leave it: no names, no case numbers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext

from norm import Amount, NormError, NormTable, calculate, parse_request, table_for_month
from norm.tables import UNCONFIRMED_MARK

ZERO = Decimal(0)
UPLIFT_ROUNDING = Decimal(10)  # uplifted riksnorm amounts are rounded to the nearest 10 kr (DOMAIN.md §4)
ANY_DAY = (date(1900, 1, 1), date(9999, 12, 31))


# -- the pure part ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """What to change. ``uplift_percent`` and ``table_year`` exclude each other; ``cap`` combines with either."""

    uplift_percent: Decimal | None = None
    table_year: int | None = None
    cap: Decimal | None = None

    def __post_init__(self) -> None:
        if self.uplift_percent is not None and self.table_year is not None:
            raise ValueError("uplift_percent and table_year exclude each other")

    @property
    def is_empty(self) -> bool:
        return self.uplift_percent is None and self.table_year is None and self.cap is None

    def describe(self) -> str:
        parts = []
        if self.uplift_percent is not None:
            parts.append(f"riksnormen {'+' if self.uplift_percent >= 0 else '−'}{_pct(abs(self.uplift_percent))} %")
        if self.table_year is not None:
            parts.append(f"riksnormen för {self.table_year}")
        if self.cap is not None:
            parts.append(f"hypotetiskt bidragstak {_kr(self.cap)} per hushåll och månad")
        return ", ".join(parts) or "inga ändringar"


@dataclass(frozen=True)
class Household:
    key: str  # an opaque id (the decision's), never a name
    inputs: dict[str, Any]
    decided_amount: Decimal


@dataclass(frozen=True)
class HouseholdOutcome:
    key: str
    baseline: Decimal
    alternative: Decimal
    capped: bool

    @property
    def change(self) -> Decimal:
        return self.alternative - self.baseline


@dataclass(frozen=True)
class Bucket:
    label: str
    count: int
    share_percent: Decimal  # of the households computed
    width_percent: int  # bar length relative to the largest bucket


@dataclass
class SimulationResult:
    scenario: Scenario
    outcomes: list[HouseholdOutcome] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (key, reason)
    decided_total: Decimal = ZERO

    @property
    def households(self) -> int:
        return len(self.outcomes) + len(self.failed)

    @property
    def baseline_total(self) -> Decimal:
        return sum((o.baseline for o in self.outcomes), ZERO)

    @property
    def alternative_total(self) -> Decimal:
        return sum((o.alternative for o in self.outcomes), ZERO)

    @property
    def change_total(self) -> Decimal:
        return self.alternative_total - self.baseline_total

    @property
    def change_percent(self) -> Decimal | None:
        if not self.baseline_total:
            return None
        return (self.change_total * 100 / self.baseline_total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def change_percent_text(self) -> str:
        """'+2,3 %', '−10,7 %' (a real minus sign, like the kronor filter)."""
        percent = self.change_percent
        if percent is None:
            return ""
        sign = "−" if percent < 0 else "+" if percent > 0 else "±"
        return f"{sign}{_pct(abs(percent))} %"

    @property
    def losers(self) -> list[HouseholdOutcome]:
        return [o for o in self.outcomes if o.change < 0]

    @property
    def winners(self) -> list[HouseholdOutcome]:
        return [o for o in self.outcomes if o.change > 0]

    @property
    def unchanged(self) -> int:
        return sum(1 for o in self.outcomes if o.change == 0)

    @property
    def capped(self) -> int:
        return sum(1 for o in self.outcomes if o.capped)

    @property
    def loss_total(self) -> Decimal:
        return -sum((o.change for o in self.losers), ZERO)

    @property
    def loss_median(self) -> Decimal | None:
        losses = sorted(-o.change for o in self.losers)
        if not losses:
            return None
        middle = len(losses) // 2
        return losses[middle] if len(losses) % 2 else (losses[middle - 1] + losses[middle]) / 2

    def buckets(self) -> list[Bucket]:
        counts = [0] * len(BUCKETS)
        for outcome in self.outcomes:
            counts[bucket_index(outcome.change)] += 1
        computed = len(self.outcomes) or 1
        largest = max(counts) or 1
        return [
            Bucket(
                label=label, count=count,
                share_percent=(Decimal(count) * 100 / computed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                width_percent=round(count * 100 / largest),
            )
            for (label, _test), count in zip(BUCKETS, counts, strict=True)
        ]


# The distribution of the change per household and month (kr). Half-open so every amount, öre included,
# falls in exactly one bucket.
BUCKETS = (
    ("Förlorar mer än 2 000 kr", lambda c: c < -2000),
    ("Förlorar mer än 1 000, högst 2 000 kr", lambda c: -2000 <= c < -1000),
    ("Förlorar mer än 500, högst 1 000 kr", lambda c: -1000 <= c < -500),
    ("Förlorar högst 500 kr", lambda c: -500 <= c < 0),
    ("Oförändrat", lambda c: c == 0),
    ("Får högst 500 kr mer", lambda c: 0 < c <= 500),
    ("Får mer än 500, högst 1 000 kr mer", lambda c: 500 < c <= 1000),
    ("Får mer än 1 000, högst 2 000 kr mer", lambda c: 1000 < c <= 2000),
    ("Får mer än 2 000 kr mer", lambda c: c > 2000),
)


def bucket_index(change: Decimal) -> int:
    return next(i for i, (_label, test) in enumerate(BUCKETS) if test(change))


def _round_to_ten(amount: Decimal) -> Decimal:
    return (amount / UPLIFT_ROUNDING).quantize(Decimal(1), rounding=ROUND_HALF_UP) * UPLIFT_ROUNDING


def uplift_table(table: NormTable, percent: Decimal) -> NormTable:
    """Every riksnorm amount × (1 + percent/100), rounded to the nearest 10 kr, marked ⚠ (hypothetical).
    Missing amounts stay missing; the prisbasbelopp is not part of the riksnorm and is kept."""
    factor = 1 + percent / 100
    amounts = {}
    for key, cell in table.amounts.items():
        if cell.amount is None or key == "price_base_amount":
            amounts[key] = cell
            continue
        amounts[key] = Amount(
            _round_to_ten(cell.amount * factor), UNCONFIRMED_MARK,
            f"Hypotetisk uppräkning {_pct(percent)} % av {table.year} års belopp {cell.amount} kr (regelsimulering)",
        )
    return replace(table, source=f"Regelsimulering: {table.year} års riksnorm {_pct(percent)} %", amounts=amounts)


def _for_any_month(table: NormTable) -> NormTable:
    return replace(table, valid_from=ANY_DAY[0], valid_to=ANY_DAY[1])


def _assistance(request, tables: Sequence[NormTable]) -> Decimal:
    return calculate(request, tables).assistance


def simulate(households: Sequence[Household], tables: Sequence[NormTable], scenario: Scenario) -> SimulationResult:
    """Recalculate each household under today's tables and under the scenario. A household that cannot be
    calculated (a missing riksnorm amount, inputs that no longer pass the contract) is counted in ``failed``
    with the reason, never guessed."""
    result = SimulationResult(scenario=scenario, decided_total=sum((h.decided_amount for h in households), ZERO))
    by_year = {table.year: table for table in tables}
    if scenario.table_year is not None and scenario.table_year not in by_year:
        raise ValueError(f"no riksnorm table for {scenario.table_year}")
    uplifted: dict[int, list[NormTable]] = {}
    for household in households:
        try:
            request = parse_request(household.inputs)
            baseline = _assistance(request, tables)
            if scenario.uplift_percent is not None:
                year, month = request.month
                current = table_for_month(tables, year, month)
                if current.year not in uplifted:
                    uplifted[current.year] = [_for_any_month(uplift_table(current, scenario.uplift_percent))]
                alternative = _assistance(request, uplifted[current.year])
            elif scenario.table_year is not None:
                alternative = _assistance(request, [_for_any_month(by_year[scenario.table_year])])
            else:
                alternative = baseline
        except NormError as error:
            result.failed.append((household.key, getattr(error, "message", str(error))))
            continue
        capped = scenario.cap is not None and alternative > scenario.cap
        if capped:
            alternative = scenario.cap
        result.outcomes.append(HouseholdOutcome(household.key, baseline, alternative, capped))
    return result


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _kr(value: Decimal) -> str:
    return f"{int(value):,}".replace(",", " ") + " kr"


# -- reading the households (Django) ----------------------------------------------------------------------------


def simulation_unit_ids(*, user) -> list[int] | None:
    """Whose households the user may simulate: every EB unit for management (None = all), the EB units a unit
    manager manages. Raises AccessDeniedError for anyone else."""
    from skutan.accounts.models import Role, UnitKind
    from skutan.accounts.selectors import user_roles
    from skutan.core.errors import AccessDeniedError

    if user.is_superuser or Role.MANAGEMENT in user_roles(user=user):
        return None
    managed = list(
        user.memberships.filter(role=Role.UNIT_MANAGER, unit__kind=UnitKind.FINANCIAL_ASSISTANCE)
        .values_list("unit_id", flat=True)
    )
    if not managed:
        raise AccessDeniedError(gettext("Regelsimuleringen är för ledningen och enhetschefer inom ekonomiskt bistånd."))
    return managed


def simulation_households(*, unit_ids: list[int] | None) -> list[Household]:
    """The latest decided month of every active EB case (its frozen inputs and decided amount)."""
    from skutan.assistance.models import Decision
    from skutan.cases.models import ACTIVE_STATUSES, CaseType

    decisions = Decision.objects.filter(
        case__case_type=CaseType.FINANCIAL_ASSISTANCE, case__status__in=ACTIVE_STATUSES
    )
    if unit_ids is not None:
        decisions = decisions.filter(case__unit_id__in=unit_ids)
    latest: dict[int, Household] = {}
    rows = decisions.order_by("case_id", "-month", "-decided_at", "-id").values_list("id", "case_id", "amount", "inputs")
    for decision_id, case_id, amount, inputs in rows.iterator(chunk_size=2000):
        if case_id not in latest:
            latest[case_id] = Household(key=str(decision_id), inputs=inputs, decided_amount=amount)
    return list(latest.values())


@contextmanager
def read_only_transaction() -> Iterator[None]:
    """A transaction the database itself keeps read-only, always rolled back.

    PostgreSQL: SET TRANSACTION READ ONLY (inside a savepoint, the rollback of the savepoint restores the mode).
    SQLite: PRAGMA query_only for the duration.
    """
    from django.db import connection, transaction

    sqlite = connection.vendor == "sqlite"
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = ON" if sqlite else "SET TRANSACTION READ ONLY")
            try:
                yield
            finally:
                transaction.set_rollback(True)
    finally:
        if sqlite:  # outside the (rolled back) block, so it runs even after a refused write
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")


def simulation_run(*, ctx, scenario: Scenario) -> SimulationResult:
    """Run a scenario over the households the user may see. Read-only; one access-log row records that the
    user read the households' data in aggregate."""
    from skutan.assistance.selectors import norm_tables_current
    from skutan.audit.models import AccessAction
    from skutan.audit.services import access_log_record
    from skutan.core.errors import ApplicationError

    unit_ids = simulation_unit_ids(user=ctx.user)
    with read_only_transaction():
        tables = norm_tables_current()
        households = simulation_households(unit_ids=unit_ids)
    try:
        result = simulate(households, tables, scenario)
    except ValueError:
        raise ApplicationError(f"Det finns ingen riksnorm för {scenario.table_year}.", field="table_year") from None
    access_log_record(
        user=ctx.user, action=AccessAction.LIST, purpose=ctx.purpose, object_type="simulation",
        object_id=f"{len(households)} hushåll", channel=ctx.channel, path=ctx.path,
    )
    return result
