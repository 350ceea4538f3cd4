"""The simulator's calculation in arrays (NumPy): every household at once, no explanation lines.

The same rules as norm.calculate() over the same dated riksnorm tables and legal sources (DOMAIN.md §4), in
whole öre as 64-bit integers so no rounding differs from the Decimal kronor of calculate():

    need       = personal amounts + common household costs (or the case's share) + reasonable costs
    counted    = incomes − jobbstimulans (25 % of an adult's salary, SoL 4 kap. 1 b §) − a child's salary up
                 to one prisbasbelopp
    assistance = need − counted, whole kronor half up, never below 0

Only the simulator uses this (what would a rule change cost in aggregate). A decision, a proposal or a letter
always uses calculate(), which explains every line. `skutan/assistance/tests/test_simulation_arrays.py` proves
the two equal on a random sample of households.

A household the arrays do not take on the fast path (an amount given as text or with öre, anything the request
contract might refuse, a month without a table, an amount the table lacks) is handed back to calculate(), so
its result, or its reason for failing, is exactly calculate()'s.

Pure Python and NumPy: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from norm import NormError, NormTable
from norm.calculate import CHILD_BANDS, LUNCH_SPLIT_UNTIL
from norm.legal import KINDS as LEGAL_KINDS
from norm.legal import LegalSources, legal_source_for, load_legal_sources
from norm.model import ADULT, CHILD, COST_TYPES, INCOME_TYPES, OTHER_COST, SALARY
from norm.parse import CHILD_AGE_LIMIT, COST_FIELDS, INCOME_FIELDS, MAX_COUNT, MEMBER_FIELDS, REQUEST_FIELDS
from norm.tables import AMOUNT_KEYS, PRICE_BASE_AMOUNT

KEYS = (*AMOUNT_KEYS, PRICE_BASE_AMOUNT)
KEY_INDEX = {key: i for i, key in enumerate(KEYS)}
ADULT_SINGLE, ADULT_COUPLE = KEY_INDEX["adult_single"], KEY_INDEX["adult_couple"]
COMMON = np.array([KEY_INDEX[f"common_{n}"] for n in range(1, 8)])
PBA = KEY_INDEX[PRICE_BASE_AMOUNT]
MISSING = -1  # a cell without an amount
MAX_FAST_AMOUNT = 99_999_999  # whole kronor up to parse.MAX_AMOUNT; anything else takes calculate()

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _child_key_index(age: int, lunch: bool | None) -> int:
    for oldest, suffix in CHILD_BANDS:
        if age <= oldest:
            if age > LUNCH_SPLIT_UNTIL:
                return KEY_INDEX[f"child_{suffix}"]
            return KEY_INDEX[f"child_{'nolunch' if lunch is False else 'lunch'}_{suffix}"]
    raise ValueError(age)


_CHILD_KEYS = {(age, lunch): _child_key_index(age, lunch) for age in range(CHILD_AGE_LIMIT) for lunch in
               (True, False, None)}
# A child as one small integer (age × 3 + lunch: 0 at home, 1 not, 2 not given), as the database read gives
# it; CHILD_CODE_KEY maps it to the riksnorm key index.
LUNCH_CODE = {True: 0, False: 1, None: 2}
CHILD_CODE_KEY = np.array([_CHILD_KEYS[age, lunch] for age in range(CHILD_AGE_LIMIT) for lunch in (True, False, None)],
                          dtype=np.int64)


@dataclass
class HouseholdArrays:
    """Households as columns. Row i is household i of the input; rows in ``slow`` are left to calculate()."""

    size: int
    months: list[tuple[int, int]]  # the distinct calculation months
    month: np.ndarray  # index into months, per household
    adults: np.ndarray
    members: np.ndarray
    cohabiting: np.ndarray  # bool
    shared: np.ndarray  # shared_household_size, 0 when not shared
    costs: np.ndarray  # öre
    incomes: np.ndarray  # öre, every income counted in full
    consecutive: np.ndarray
    job_used: np.ndarray
    child_household: np.ndarray  # per child: its household row
    child_key: np.ndarray  # per child: its riksnorm key index
    salary_household: np.ndarray  # per salary income: its household row
    salary_amount: np.ndarray  # öre
    salary_child: np.ndarray  # bool: the earner is a child
    slow: np.ndarray  # bool: calculate() decides this row

    PER_HOUSEHOLD = ("month", "adults", "members", "cohabiting", "shared", "costs", "incomes", "consecutive",
                     "job_used", "slow")

    def take(self, rows: np.ndarray) -> HouseholdArrays:
        """The households ``rows`` (repeats allowed), in that order, with their children and salaries."""
        rows = np.asarray(rows, dtype=np.int64)
        per = {name: getattr(self, name)[rows] for name in self.PER_HOUSEHOLD}
        child_household, (child_key,) = _take_items(self.size, rows, self.child_household, self.child_key)
        salary_household, (salary_amount, salary_child) = _take_items(
            self.size, rows, self.salary_household, self.salary_amount, self.salary_child
        )
        return HouseholdArrays(size=len(rows), months=list(self.months), child_household=child_household,
                               child_key=child_key, salary_household=salary_household, salary_amount=salary_amount,
                               salary_child=salary_child, **per)


def _take_items(size: int, rows: np.ndarray, household: np.ndarray, *columns: np.ndarray):
    """The items (children, salaries) of the households ``rows``, renumbered to their new rows."""
    order = np.argsort(household, kind="stable")
    counts = np.bincount(household, minlength=size)
    starts = np.cumsum(counts) - counts
    taken = counts[rows]
    new_household = np.repeat(np.arange(len(rows), dtype=np.int64), taken)
    within = np.arange(taken.sum(), dtype=np.int64) - np.repeat(np.cumsum(taken) - taken, taken)
    source = order[np.repeat(starts[rows], taken) + within]
    return new_household, tuple(column[source] for column in columns)


def combine(size: int, parts: Sequence[tuple[np.ndarray, HouseholdArrays]]) -> HouseholdArrays:
    """One HouseholdArrays of ``size`` rows from parts, each (its rows in the whole, its arrays). Every row
    must be in exactly one part; the parts' months are merged."""
    months: dict[tuple[int, int], int] = {}
    per = {name: np.zeros(size, dtype=bool if name in ("cohabiting", "slow") else np.int64)
           for name in HouseholdArrays.PER_HOUSEHOLD}
    items: dict[str, list[np.ndarray]] = {name: [] for name in ("child_household", "child_key", "salary_household",
                                                                 "salary_amount", "salary_child")}
    for rows, part in parts:
        remap = np.array([months.setdefault(m, len(months)) for m in part.months], dtype=np.int64)
        for name in HouseholdArrays.PER_HOUSEHOLD:
            per[name][rows] = getattr(part, name)
        if remap.size:
            per["month"][rows] = remap[part.month]
        items["child_household"].append(rows[part.child_household])
        items["child_key"].append(part.child_key)
        items["salary_household"].append(rows[part.salary_household])
        items["salary_amount"].append(part.salary_amount)
        items["salary_child"].append(part.salary_child)
    joined = {name: np.concatenate(values) if values else np.zeros(0, dtype=np.int64)
              for name, values in items.items()}
    joined["salary_child"] = joined["salary_child"].astype(bool)
    return HouseholdArrays(size=size, months=list(months), **per, **joined)


def _month(text: Any, months: dict[str, Any]):
    known = months.get(text) if type(text) is str else None
    if known is None:
        if type(text) is not str or not (match := _MONTH.fullmatch(text)):
            return None
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            return None
        known = months[text] = ((year, month), date(year, month, 1), date(year + month // 12, month % 12 + 1, 1))
    return known


def _fast_features(data: Any, dates: dict[str, date], months: dict[str, Any]):
    """The household's features when it is plainly valid; None hands it to calculate()."""
    if type(data) is not dict or not data.keys() <= REQUEST_FIELDS:
        return None
    known = _month(data.get("month"), months)
    if known is None:
        return None
    year_month, first_day, next_month = known
    members = data.get("members")
    if type(members) is not list or not members:
        return None
    ids: dict[str, str] = {}
    adults, children = 0, []
    for member in members:
        if type(member) is not dict or not member.keys() <= MEMBER_FIELDS:
            return None
        member_id, role, text = member.get("id"), member.get("role"), member.get("birth_date")
        if type(member_id) is not str or member_id in ids or not member_id.strip():
            return None
        born = dates.get(text) if type(text) is str else None
        if born is None:
            if type(text) is not str or not _DATE.fullmatch(text):
                return None
            try:
                born = dates[text] = date.fromisoformat(text)
            except ValueError:
                return None
        if born >= next_month:
            return None
        if role == ADULT:
            adults += 1
            if "lunch_at_home" in member and type(member["lunch_at_home"]) not in _OPTIONAL_BOOL:
                return None
        elif role == CHILD:
            lunch = member.get("lunch_at_home")
            if type(lunch) not in _OPTIONAL_BOOL:
                return None
            age = first_day.year - born.year - ((first_day.month, 1) < (born.month, born.day))
            if age >= CHILD_AGE_LIMIT:
                return None
            children.append(_CHILD_KEYS[max(age, 0), lunch])
        else:
            return None
        ids[member_id] = role
    cohabiting = data.get("cohabiting", False)
    if type(cohabiting) is not bool or adults == 0 or (cohabiting and adults > 2):
        return None
    shared = data.get("shared_household_size")
    if shared is not None and (type(shared) is not int or not len(members) <= shared <= MAX_COUNT):
        return None
    consecutive, job_used = data.get("consecutive_months_on_assistance"), data.get("job_stimulus_months_used", 0)
    if type(consecutive) is not int or type(job_used) is not int:
        return None
    if not (0 <= consecutive <= MAX_COUNT and 0 <= job_used <= MAX_COUNT):
        return None
    costs = 0
    items = data.get("costs")
    if items is not None:
        if type(items) is not list:
            return None
        for cost in items:
            if type(cost) is not dict or not cost.keys() <= COST_FIELDS:
                return None
            amount, kind = cost.get("amount"), cost.get("type")
            if type(amount) is not int or not 0 <= amount <= MAX_FAST_AMOUNT or kind not in COST_TYPES:
                return None
            if "description" in cost:
                description = cost["description"]
                if description is not None and type(description) is not str:
                    return None
                if kind == OTHER_COST and not (description or "").strip():
                    return None
            elif kind == OTHER_COST:
                return None
            costs += amount
    incomes, salaries = 0, []
    items = data.get("incomes")
    if items is not None:
        if type(items) is not list:
            return None
        for income in items:
            if type(income) is not dict or not income.keys() <= INCOME_FIELDS:
                return None
            amount, kind, earner = income.get("amount"), income.get("type"), income.get("member")
            if type(amount) is not int or not 0 <= amount <= MAX_FAST_AMOUNT or kind not in INCOME_TYPES:
                return None
            if earner is not None and earner not in ids:  # ids are text, so a non-text member is not in them
                return None
            if kind == SALARY:
                if earner is None:
                    return None
                salaries.append((amount * 100, ids[earner] == CHILD))
            incomes += amount
    return (year_month, adults, len(members), cohabiting, shared or 0, costs * 100, incomes * 100, consecutive,
            job_used, children, salaries)


_OPTIONAL_BOOL = (bool, type(None))


def households_to_arrays(inputs: Sequence[Any]) -> HouseholdArrays:
    """Columns from the households' frozen requests (the norm JSON contract, Decision.inputs)."""
    n = len(inputs)
    month_index: dict[tuple[int, int], int] = {}
    cols = np.zeros((n, 9), dtype=np.int64)  # month, adults, members, cohabiting, shared, costs, incomes, …
    slow = np.zeros(n, dtype=bool)
    child_household, child_key = [], []
    salary_household, salary_amount, salary_child = [], [], []
    dates: dict[str, date] = {}
    months: dict[str, Any] = {}
    for i, data in enumerate(inputs):
        try:
            features = _fast_features(data, dates, months)
        except (TypeError, ValueError):  # an unhashable value where a key belongs; year 0 or beyond 9999
            features = None
        if features is None:
            slow[i] = True
            continue
        month, adults, members, cohabiting, shared, costs, incomes, consecutive, job_used, children, salaries = (
            features
        )
        m = month_index.setdefault(month, len(month_index))
        cols[i] = (m, adults, members, cohabiting, shared, costs, incomes, consecutive, job_used)
        if children:
            child_household.extend([i] * len(children))
            child_key.extend(children)
        for amount, is_child in salaries:
            salary_household.append(i)
            salary_amount.append(amount)
            salary_child.append(is_child)
    return HouseholdArrays(
        size=n, months=list(month_index), month=cols[:, 0], adults=cols[:, 1], members=cols[:, 2],
        cohabiting=cols[:, 3].astype(bool), shared=cols[:, 4], costs=cols[:, 5], incomes=cols[:, 6],
        consecutive=cols[:, 7], job_used=cols[:, 8],
        child_household=np.array(child_household, dtype=np.int64), child_key=np.array(child_key, dtype=np.int64),
        salary_household=np.array(salary_household, dtype=np.int64),
        salary_amount=np.array(salary_amount, dtype=np.int64), salary_child=np.array(salary_child, dtype=bool),
        slow=slow,
    )


def _ore(amount: Decimal | None) -> int:
    if amount is None:
        return MISSING
    ore = amount * 100
    if ore != ore.to_integral():
        raise ValueError("an amount with fractions of öre")
    return int(ore)


def _amount_row(table: NormTable | None) -> list[int]:
    if table is None:
        return [MISSING] * len(KEYS)
    try:
        return [_ore(table.amounts[key].amount) if key in table.amounts else MISSING for key in KEYS]
    except ValueError:  # an administrator's amount with fractions of öre: calculate() handles the month
        return [MISSING] * len(KEYS)


def _job_parameters(months: list[tuple[int, int]], sources: LegalSources) -> tuple[np.ndarray, np.ndarray]:
    """Per month: jobbstimulans rate (hundredths of a percent), months on assistance before it, its months;
    and whether the month's legal sources are complete enough for the fast path."""
    rows, usable = [], []
    for year, month in months:
        day = date(year, month, 1)
        try:
            for kind in (*LEGAL_KINDS, "income_unconfirmed_types"):
                legal_source_for(sources, kind, day)
            job = legal_source_for(sources, "job_stimulus", day)
            rate = Decimal(job.parameters["rate_percent"]) * 100
            row = (int(rate), int(job.parameters["after_consecutive_months"]), int(job.parameters["max_months"]))
            usable.append(rate == rate.to_integral())
        except (LookupError, KeyError, ValueError, NormError):
            row = (0, 0, 0)
            usable.append(False)
        rows.append(row)
    return np.array(rows, dtype=np.int64).reshape(-1, 3), np.array(usable, dtype=bool)


def _sum_by(rows: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Per household, the sum of its items' values: int64 throughout (no float weights, so no rounding)."""
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, rows, values)
    return out


def assistance_arrays(
    households: HouseholdArrays, tables: Sequence[NormTable | None], *, legal_sources: LegalSources | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(assistance in whole kronor, needs calculate()) per household.

    ``tables[j]`` is the table each household of month ``households.months[j]`` is calculated with (None:
    there is none, and calculate() says so). A row
    needs calculate() when it was not taken on the fast path or its table lacks an amount it uses (calculate()
    then gives the exact reason); its assistance here is 0 and means nothing.
    """
    h = households
    slow = h.slow.copy()
    if h.size == 0:
        return np.zeros(0, dtype=np.int64), slow
    if not h.months:
        return np.zeros(h.size, dtype=np.int64), slow
    sources = legal_sources or load_legal_sources()
    # The month × key table of cells (öre), gathered per row by a flat index (month × keys + key): never an
    # n × keys matrix, which at a million households is a quarter of a gigabyte per scenario.
    table = np.array([_amount_row(table) for table in tables], dtype=np.int64)
    width = table.shape[1]
    flat = table.ravel()
    base = h.month * width
    params, usable = _job_parameters(h.months, sources)
    month_slow = ~usable | np.array([table is None for table in tables], dtype=bool)
    slow |= month_slow[h.month]

    couple = h.cohabiting & (h.adults == 2)
    personal_cell = flat[base + np.where(couple, ADULT_COUPLE, ADULT_SINGLE)]
    missing = personal_cell == MISSING
    personal = np.where(couple, personal_cell, personal_cell * h.adults)

    if h.child_household.size:
        child_cell = flat[base[h.child_household] + h.child_key]
        child_missing = child_cell == MISSING
        if child_missing.any():
            missing[h.child_household[child_missing]] = True
        personal = personal + _sum_by(h.child_household, child_cell, h.size)

    # Common costs for the household's size (the shared household's, if shared); beyond 7 members each one
    # adds the 7-person amount minus the 6-person amount.
    size = np.where(h.shared > 0, h.shared, h.members)
    tabled = size <= 7
    common_cell = flat[base + COMMON[np.minimum(size, 7) - 1]]
    six, seven = table[:, COMMON[5]][h.month], table[:, COMMON[6]][h.month]
    beyond = seven + (size - 7) * (seven - six)
    full = np.where(tabled, common_cell, beyond)
    missing |= np.where(tabled, common_cell == MISSING, (six == MISSING) | (seven == MISSING))
    # The share of a shared household: full × members ÷ size, whole kronor, half up.
    denominator = np.maximum(size, 1) * 100
    share = (2 * full * h.members + denominator) // (2 * denominator) * 100
    common = np.where(h.shared > 0, share, full)

    counted = h.incomes
    if h.salary_household.size:
        earner = h.salary_household
        earner_month = h.month[earner]
        job = params[earner_month]  # per salary: jobbstimulans rate, after, max
        job_applies = (h.consecutive[earner] >= job[:, 1]) & (h.job_used[earner] < job[:, 2])
        adult_pay = ~h.salary_child & job_applies
        # 25 % of the salary is not counted, to whole öre half up.
        not_counted = np.where(adult_pay, (h.salary_amount * job[:, 0] * 2 + 10000) // 20000, 0)
        # A child's salary is not counted up to one prisbasbelopp (it must be in the table).
        pba = table[earner_month, PBA]
        child_not_counted = np.where(h.salary_child, np.minimum(h.salary_amount, pba), 0)
        pba_missing = h.salary_child & (pba == MISSING)
        if pba_missing.any():
            missing[earner[pba_missing]] = True
        counted = counted - _sum_by(earner, not_counted + child_not_counted, h.size)

    difference = personal + common + h.costs - counted
    assistance = np.where(difference > 0, (difference + 50) // 100, 0)
    slow |= missing
    return np.where(slow, 0, assistance), slow
