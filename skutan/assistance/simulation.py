"""Regelsimulering: what would a rule change cost, and who would lose?

Every current household (the latest decided month of each active ekonomiskt bistånd case) is recalculated from
its frozen request (Decision.inputs, the norm contract) twice: under today's rules (the riksnorm tables in
force, with the administrators' corrections) and under a scenario:

- a percentage uplift of the riksnorm table of each household's month (amounts rounded to the nearest 10 kr,
  as the yearly uplifts are; DOMAIN.md §4), or another year's table; and/or
- a hypothetical assistance cap ("bidragstak"): at most this much per household and month. A cap is planned
  for 2027 but its rules and level are not decided; the amount here is the user's assumption, labelled so.

The pure part (Scenario, simulate, simulate_arrays, uplift_table) takes plain data and has no Django.
simulate() recalculates household by household with norm.calculate(); simulate_arrays() does the same in
NumPy arrays (simulation_arrays.py), all households at once and without explanation lines, and hands any
household it does not take on its fast path back to calculate(). The page uses the arrays; a test proves the
two equal. The latest month of each case is picked by the database, so only those decisions are read, and on
PostgreSQL the database also takes their frozen requests apart into the arrays' columns (simulation_read.py).
simulation_run reads and calculates in a read-only transaction (the database refuses any write there, and it
is rolled back anyway), so a simulation can never change a decision or a payment. Only aggregates leave it: no
names, no case numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from django.utils.translation import gettext

from norm import Amount, NormError, NormTable, calculate, parse_request, table_for_month
from norm.tables import UNCONFIRMED_MARK
from skutan.assistance.simulation_arrays import HouseholdArrays, assistance_arrays, households_to_arrays

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
            parts.append(gettext("riksnormen för %(table_year)s") % {"table_year": self.table_year})
        if self.cap is not None:
            parts.append(gettext(
                "hypotetiskt bidragstak %(cap)s per hushåll och månad"
            ) % {"cap": _kr(self.cap)})
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
    def computed(self) -> int:
        return len(self.outcomes)

    @property
    def loser_count(self) -> int:
        return len(self.losers)

    @property
    def winner_count(self) -> int:
        return len(self.winners)

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


# The same buckets as (lower, upper, lower included, upper included) in öre, for the array result.
BUCKET_EDGES_ORE = (
    (None, -200000, False, False), (-200000, -100000, True, False), (-100000, -50000, True, False),
    (-50000, 0, True, False), (0, 0, True, True), (0, 50000, False, True), (50000, 100000, False, True),
    (100000, 200000, False, True), (200000, None, False, False),
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


def _scenario_tables(tables: Sequence[NormTable], scenario: Scenario) -> dict[int, NormTable]:
    by_year = {table.year: table for table in tables}
    if scenario.table_year is not None and scenario.table_year not in by_year:
        raise ValueError(f"no riksnorm table for {scenario.table_year}")
    return by_year


def _recalculate(
    household: Household, tables: Sequence[NormTable], scenario: Scenario, by_year: dict[int, NormTable],
    uplifted: dict[int, list[NormTable]],
) -> tuple[Decimal, Decimal]:
    """(baseline, alternative before any cap) by calculate(). Raises NormError."""
    request = parse_request(household.inputs)
    baseline = _assistance(request, tables)
    if scenario.uplift_percent is not None:
        year, month = request.month
        current = table_for_month(tables, year, month)
        if current.year not in uplifted:
            uplifted[current.year] = [_for_any_month(uplift_table(current, scenario.uplift_percent))]
        return baseline, _assistance(request, uplifted[current.year])
    if scenario.table_year is not None:
        return baseline, _assistance(request, [_for_any_month(by_year[scenario.table_year])])
    return baseline, baseline


def simulate(households: Sequence[Household], tables: Sequence[NormTable], scenario: Scenario) -> SimulationResult:
    """Recalculate each household under today's tables and under the scenario with calculate(), one by one.
    A household that cannot be calculated (a missing riksnorm amount, inputs that no longer pass the contract)
    is counted in ``failed`` with the reason, never guessed. The reference for simulate_arrays()."""
    result = SimulationResult(scenario=scenario, decided_total=sum((h.decided_amount for h in households), ZERO))
    by_year = _scenario_tables(tables, scenario)
    uplifted: dict[int, list[NormTable]] = {}
    for household in households:
        try:
            baseline, alternative = _recalculate(household, tables, scenario, by_year, uplifted)
        except NormError as error:
            result.failed.append((household.key, getattr(error, "message", str(error))))
            continue
        capped = scenario.cap is not None and alternative > scenario.cap
        if capped:
            alternative = scenario.cap
        result.outcomes.append(HouseholdOutcome(household.key, baseline, alternative, capped))
    return result


# -- the same in arrays ----------------------------------------------------------------------------------------


@dataclass
class CurrentHouseholds:
    """The households as read: their keys, their columns for the arrays (built once, reused by every scenario),
    the decided total, and a way to the frozen request of any row, for the few rows calculate() takes (the
    database read gives the columns without decoding the requests)."""

    keys: Sequence[str]
    arrays: HouseholdArrays
    decided_total: Decimal
    inputs_of: Callable[[Sequence[int]], list[Any]]  # rows -> their requests

    @classmethod
    def of(cls, households: Sequence[Household]) -> CurrentHouseholds:
        households = list(households)
        return cls([h.key for h in households], households_to_arrays([h.inputs for h in households]),
                   sum((h.decided_amount for h in households), ZERO),
                   lambda rows: [households[row].inputs for row in rows])

    @property
    def size(self) -> int:
        return self.arrays.size


class ArraySimulationResult:
    """A SimulationResult computed in arrays: the same figures, without an object per household (the
    per-household outcomes are built only when asked for)."""

    def __init__(
        self, *, scenario: Scenario, keys: Sequence[str], computed: np.ndarray, baseline: np.ndarray,
        alternative: np.ndarray, capped: np.ndarray, failed: list[tuple[str, str]], decided_total: Decimal,
    ) -> None:
        # baseline and alternative in öre (a cap may have öre); computed marks the rows that have an outcome.
        self.scenario, self.failed, self.decided_total = scenario, failed, decided_total
        self._keys = keys
        self._rows = np.flatnonzero(computed)
        self._baseline, self._alternative, self._capped = baseline[self._rows], alternative[self._rows], capped[self._rows]
        self._change = self._alternative - self._baseline

    @staticmethod
    def _kr(ore) -> Decimal:
        return Decimal(int(ore)) / 100

    @property
    def households(self) -> int:
        return len(self._rows) + len(self.failed)

    @property
    def computed(self) -> int:
        return len(self._rows)

    @property
    def outcomes(self) -> list[HouseholdOutcome]:
        return [
            HouseholdOutcome(self._keys[row], self._kr(b), self._kr(a), bool(c))
            for row, b, a, c in zip(self._rows, self._baseline, self._alternative, self._capped, strict=True)
        ]

    @property
    def baseline_total(self) -> Decimal:
        return self._kr(self._baseline.sum())

    @property
    def alternative_total(self) -> Decimal:
        return self._kr(self._alternative.sum())

    @property
    def change_total(self) -> Decimal:
        return self.alternative_total - self.baseline_total

    change_percent = SimulationResult.change_percent
    change_percent_text = SimulationResult.change_percent_text

    @property
    def losers(self) -> list[HouseholdOutcome]:
        return [o for o in self.outcomes if o.change < 0]

    @property
    def winners(self) -> list[HouseholdOutcome]:
        return [o for o in self.outcomes if o.change > 0]

    @property
    def loser_count(self) -> int:
        return int((self._change < 0).sum())

    @property
    def winner_count(self) -> int:
        return int((self._change > 0).sum())

    @property
    def unchanged(self) -> int:
        return int((self._change == 0).sum())

    @property
    def capped(self) -> int:
        return int(self._capped.sum())

    @property
    def loss_total(self) -> Decimal:
        return self._kr(-self._change[self._change < 0].sum())

    @property
    def loss_median(self) -> Decimal | None:
        losses = np.sort(-self._change[self._change < 0])
        if not losses.size:
            return None
        middle = losses.size // 2
        if losses.size % 2:
            return self._kr(losses[middle])
        return (self._kr(losses[middle - 1]) + self._kr(losses[middle])) / 2

    def buckets(self) -> list[Bucket]:
        change = self._change
        counts = []
        for lower, upper, lower_in, upper_in in BUCKET_EDGES_ORE:
            mask = np.ones(change.shape, dtype=bool)
            if lower is not None:
                mask &= change >= lower if lower_in else change > lower
            if upper is not None:
                mask &= change <= upper if upper_in else change < upper
            counts.append(int(mask.sum()))
        computed = self.computed or 1
        largest = max(counts) or 1
        return [
            Bucket(
                label=label, count=count,
                share_percent=(Decimal(count) * 100 / computed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                width_percent=round(count * 100 / largest),
            )
            for (label, _test), count in zip(BUCKETS, counts, strict=True)
        ]


def simulate_arrays(
    current: CurrentHouseholds | Sequence[Household], tables: Sequence[NormTable], scenario: Scenario
) -> ArraySimulationResult:
    """simulate() in arrays (simulation_arrays.py): every household at once. A household the arrays leave to
    calculate() (unusual input, a missing amount) is recalculated by simulate()'s own path, so the result is
    simulate()'s, figure for figure."""
    if not isinstance(current, CurrentHouseholds):
        current = CurrentHouseholds.of(current)
    arrays = current.arrays
    by_year = _scenario_tables(tables, scenario)
    months = arrays.months
    today = []
    for year, month in months:
        try:
            today.append(table_for_month(tables, year, month))
        except NormError:
            today.append(None)
    baseline, slow = assistance_arrays(arrays, today)
    if scenario.uplift_percent is not None:
        uplifted_by_year: dict[int, NormTable] = {}
        for table in today:
            if table is not None and table.year not in uplifted_by_year:
                uplifted_by_year[table.year] = uplift_table(table, scenario.uplift_percent)
        alternative, slow_alternative = assistance_arrays(
            arrays, [None if table is None else uplifted_by_year[table.year] for table in today]
        )
        slow = slow | slow_alternative
    elif scenario.table_year is not None:
        other = by_year[scenario.table_year]
        alternative, slow_alternative = assistance_arrays(
            arrays, [None if table is None else other for table in today]
        )
        slow = slow | slow_alternative
    else:
        alternative = baseline
    baseline, alternative = baseline * 100, alternative * 100  # öre from here on
    computed = ~slow
    failed: list[tuple[str, str]] = []
    uplifted: dict[int, list[NormTable]] = {}
    slow_rows = np.flatnonzero(slow)
    for row, inputs in zip(slow_rows, current.inputs_of([int(r) for r in slow_rows]), strict=True):
        household = Household(current.keys[row], inputs, ZERO)
        try:
            base, alt = _recalculate(household, tables, scenario, by_year, uplifted)
        except NormError as error:
            failed.append((household.key, getattr(error, "message", str(error))))
            continue
        computed[row] = True
        baseline[row], alternative[row] = int(base * 100), int(alt * 100)
    if scenario.cap is not None:
        cap = int(scenario.cap * 100)
        capped = alternative > cap
        alternative = np.minimum(alternative, cap)
    else:
        capped = np.zeros(current.size, dtype=bool)
    return ArraySimulationResult(
        scenario=scenario, keys=current.keys, computed=computed, baseline=baseline,
        alternative=alternative, capped=capped, failed=failed,
        decided_total=current.decided_total,
    )


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


def _latest_decision_ids(*, unit_ids: list[int] | None):
    """The id of the latest decided month of every active EB case, as a subquery: the database picks them
    (DISTINCT ON on PostgreSQL, a window elsewhere), so only those rows, with their JSON, are read."""
    from django.db import connection
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    from skutan.assistance.models import Decision
    from skutan.cases.models import ACTIVE_STATUSES, CaseType

    decisions = Decision.objects.filter(
        case__case_type=CaseType.FINANCIAL_ASSISTANCE, case__status__in=ACTIVE_STATUSES
    )
    if unit_ids is not None:
        decisions = decisions.filter(case__unit_id__in=unit_ids)
    latest_first = ("case_id", "-month", "-decided_at", "-id")
    if connection.vendor == "postgresql":
        return decisions.order_by(*latest_first).distinct("case_id").values("id")
    ranked = decisions.annotate(
        rank=Window(RowNumber(), partition_by=[F("case_id")], order_by=[F("month").desc(), F("decided_at").desc(),
                                                                        F("id").desc()])
    ).filter(rank=1)
    return ranked.values("id")


def simulation_households(*, unit_ids: list[int] | None) -> CurrentHouseholds:
    """The latest decided month of every active EB case, as the columns the array calculation uses, with its
    decided amount. The columns are read as stored with each decision (simulation_store.py); a decision
    written before they were stored is read the old way (simulation_read.stored_columns)."""
    from skutan.assistance.simulation_read import decision_inputs, stored_columns

    latest = _latest_decision_ids(unit_ids=unit_ids)
    sql, params = latest.query.sql_with_params()
    ids, amounts_ore, arrays, known = stored_columns(sql, params)
    keys = [str(pk) for pk in ids.tolist()]
    decided_total = Decimal(int(amounts_ore.sum())) / 100

    def inputs_of(rows: Sequence[int]) -> list[Any]:
        missing = [int(ids[row]) for row in rows if row not in known]
        read = decision_inputs(missing) if missing else {}
        return [known[row] if row in known else read[int(ids[row])] for row in rows]

    return CurrentHouseholds(keys, arrays, decided_total, inputs_of)


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


def simulation_run(*, ctx, scenario: Scenario) -> ArraySimulationResult:
    """Run a scenario over the households the user may see. Read-only; one access-log row records that the
    user read the households' data in aggregate."""
    from skutan.assistance.selectors import norm_tables_current
    from skutan.audit.models import AccessAction
    from skutan.audit.services import access_log_record
    from skutan.core.errors import ApplicationError

    unit_ids = simulation_unit_ids(user=ctx.user)
    # The calculation runs inside the read-only transaction too: the rows left to calculate() read their
    # frozen requests then.
    with read_only_transaction():
        tables = norm_tables_current()
        current = simulation_households(unit_ids=unit_ids)
        try:
            result = simulate_arrays(current, tables, scenario)
        except ValueError:
            raise ApplicationError(gettext(
                "Det finns ingen riksnorm för %(table_year)s."
            ) % {"table_year": scenario.table_year}, field="table_year") from None
    access_log_record(
        user=ctx.user, action=AccessAction.LIST, purpose=ctx.purpose, object_type="simulation",
        object_id=f"{current.size} hushåll", channel=ctx.channel, path=ctx.path,
    )
    return result
