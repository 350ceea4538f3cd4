"""Ekonomiskt bistånd for one household and one month, explained line by line (DOMAIN.md §4).

    need       = riksnorm (personal costs of every member + household common costs) + reasonable costs
    assistance = need − counted income, never below 0, paid in whole kronor (rounded half up)

Every line carries its legal source (norm/tables/legal_sources.json) and the status of its amount. An amount
the table lacks is never guessed: the calculation is refused with MissingAmountError naming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .errors import MissingAmountError, month_sv
from .legal import LegalSource, LegalSources, legal_source_for, load_legal_sources
from .model import (
    ADULT,
    CHILD,
    CHILD_WORK_INCOME,
    COMMON,
    COMMON_SHARE,
    COST,
    INCOME,
    INCOME_KINDS,
    JOB_STIMULUS,
    NORM_KINDS,
    PERSONAL,
    SALARY,
    CalculationRequest,
    CalculationResult,
    Line,
    Member,
    age_on,
    format_kr,
    whole_kronor,
)
from .parse import check_request, is_checked
from .tables import AMOUNT_LABELS, COMMON_KEYS, MARKS, PRICE_BASE_AMOUNT, Amount, NormTable, table_for_month

# Age bands of the riksnorm for children living at home (SoF 2 kap. 1 §): (oldest age in band, key suffix).
# Ages 0–6 have a lunch-at-home and a not-lunch-at-home amount; from 7 there is one amount.
CHILD_BANDS = (
    (0, "0"),
    (2, "1_2"),
    (3, "3"),
    (6, "4_6"),
    (10, "7_10"),
    (14, "11_14"),
    (18, "15_18"),
    (20, "19_20"),
)
LUNCH_SPLIT_UNTIL = 6
LARGEST_TABLED_HOUSEHOLD = 7
ZERO = Decimal(0)


def child_amount_key(age: int, lunch_at_home: bool | None) -> str:
    """The riksnorm key for a child of `age` (0–20). lunch_at_home None counts as lunch at home."""
    for oldest, suffix in CHILD_BANDS:
        if age <= oldest:
            if age > LUNCH_SPLIT_UNTIL:
                return f"child_{suffix}"
            return f"child_{'nolunch' if lunch_at_home is False else 'lunch'}_{suffix}"
    raise ValueError(f"no child band for age {age}")


def calculate(
    request: CalculationRequest,
    tables: Sequence[NormTable],
    *,
    legal_sources: LegalSources | None = None,
) -> CalculationResult:
    """Calculate ekonomiskt bistånd for `request` with the table in force in its month.

    Rules, all from DOMAIN.md §4:
    - Age is the number of completed years on the first day of the calculation month (one rule, used for
      every member; someone born during the month counts as 0).
    - Children (role child, under 21) get the amount of their age band; ages 0–6 with lunch_at_home false get
      the "ej lunch 5 dagar/vecka" amount.
    - Two adults with cohabiting true get one couple amount; otherwise each adult gets the single amount.
    - Common household costs follow the number of members 1–7; each member beyond 7 adds the 7-person amount
      minus the 6-person amount.
    - shared_household_size set: the case shares a household of that many people without being sambo with
      them, so it gets common_<size> × (its members) ÷ size, rounded to whole kronor half up.
    - Reasonable costs are added; incomes are subtracted, less jobbstimulans and a child's own work income.
    - assistance = max(0, need − income) and surplus = max(0, income − need), whole kronor, half up.

    Raises MissingTableError (no table for the month), MissingAmountError (a needed amount is null or absent),
    NormInputError (the request breaks the contract).
    """
    if not is_checked(request):  # parse_request already checked it
        check_request(request)
    year, month = request.month
    table = table_for_month(tables, year, month)
    context = _month_context(table, legal_sources or load_legal_sources(), year, month)
    calculation = _Calculation(context)
    calculation.personal_costs(request)
    calculation.common_costs(request)
    calculation.reasonable_costs(request)
    calculation.incomes(request)
    return calculation.result()


# -- what every calculation of one month shares ----------------------------------------------------------------
#
# The explanation of a line (its legal source, where its amount comes from, its status) depends only on the
# table, the legal sources and the month, and those are immutable. It is worked out once per month and table
# and reused, so a calculation formats no kronor and looks up no law it has already looked up.


class _NormCell:
    """One riksnorm cell as a line uses it: amount, the line's source text, mark, status."""

    __slots__ = ("amount", "source", "mark", "confirmed", "unconfirmed_entry")

    def __init__(self, key: str, cell: Amount, table: NormTable, legal: LegalSource) -> None:
        self.amount = cell.amount
        self.source = f"{legal.source}; belopp: {cell.source}"
        self.mark = cell.mark
        self.confirmed = cell.confirmed
        self.unconfirmed_entry = _unconfirmed_entry(key, cell, table)


def _unconfirmed_entry(key: str, cell: Amount, table: NormTable) -> str | None:
    if cell.confirmed:
        return None
    return f"{AMOUNT_LABELS[key]}: {format_kr(cell.amount)} {cell.mark} ({table.year})"


class _MonthContext:
    __slots__ = ("table", "sources", "year", "month", "first_day", "month_name", "_legal", "_cells")

    def __init__(self, table: NormTable, sources: LegalSources, year: int, month: int) -> None:
        self.table, self.sources = table, sources
        self.year, self.month = year, month
        self.first_day = date(year, month, 1)
        self.month_name = month_sv(year, month)
        self._legal: dict[str, LegalSource] = {}
        self._cells: dict[str, _NormCell] = {}

    def legal(self, kind: str) -> LegalSource:
        legal = self._legal.get(kind)
        if legal is None:
            legal = self._legal[kind] = legal_source_for(self.sources, kind, self.first_day)
        return legal

    def cell(self, key: str) -> Amount:
        cell = self.table.amounts.get(key)
        if cell is None or cell.amount is None:
            raise MissingAmountError(key, AMOUNT_LABELS[key], year=self.table.year)
        return cell

    def norm_cell(self, key: str) -> _NormCell:
        """The cell for a one-amount norm line (raises MissingAmountError, then MissingLegalSourceError)."""
        fact = self._cells.get(key)
        if fact is None:
            cell = self.cell(key)
            fact = self._cells[key] = _NormCell(key, cell, self.table, self.legal("norm"))
        return fact


_CONTEXTS: dict[tuple[int, int, int, int], _MonthContext] = {}
_CONTEXTS_MAX = 512  # months × tables × source sets kept; the Django side may build a table per request


def _month_context(table: NormTable, sources: LegalSources, year: int, month: int) -> _MonthContext:
    key = (id(table), id(sources), year, month)
    context = _CONTEXTS.get(key)
    # The context holds the table and the sources, so their ids cannot be reused while it is cached.
    if context is None or context.table is not table or context.sources is not sources:
        if len(_CONTEXTS) >= _CONTEXTS_MAX:
            _CONTEXTS.clear()
        context = _CONTEXTS[key] = _MonthContext(table, sources, year, month)
    return context


_new_object = object.__new__


def _line(
    kind: str, label: str, amount: Decimal, source: str, mark: str | None, confirmed: bool,
    letter_source: str, member: str | None = None,
) -> Line:
    # A Line without the frozen dataclass __init__ (one object.__setattr__ per field): the same object, built
    # several times faster. Line has no __post_init__ to skip.
    line = _new_object(Line)
    line.__dict__.update(
        kind=kind, label=label, amount=amount, source=source, mark=mark, confirmed=confirmed, member=member,
        letter_source=letter_source,
    )
    return line


_ADULT_SINGLE_LABEL = f"personliga kostnader: {AMOUNT_LABELS['adult_single']}"
_ADULT_COUPLE_LABEL = f"personliga kostnader: {AMOUNT_LABELS['adult_couple']}"


class _Calculation:
    """Collects the lines, warnings and unconfirmed amounts of one calculation."""

    def __init__(self, context: _MonthContext) -> None:
        self.context = context
        self.table = context.table
        self.year, self.month = context.year, context.month
        self.first_day = context.first_day
        self.lines: list[Line] = []
        self.warnings: list[str] = []
        self.unconfirmed: list[str] = []

    # -- helpers --------------------------------------------------------------------------------------------

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def _cell(self, key: str) -> Amount:
        return self.context.cell(key)

    def _note_status(self, key: str, cell: Amount) -> None:
        if not cell.confirmed:
            entry = _unconfirmed_entry(key, cell, self.table)
            if entry not in self.unconfirmed:
                self.unconfirmed.append(entry)

    def _legal(self, kind: str) -> LegalSource:
        legal = self.context.legal(kind)
        if not legal.confirmed:
            self._warn(f"Lagrumshänvisningen är obekräftad: {legal.source}")
        return legal

    def _add_one_cell_line(self, kind: str, label: str, key: str, member: str | None = None) -> None:
        """A norm line from one riksnorm cell: its explanation comes ready from the month's context."""
        fact = self.context.norm_cell(key)
        legal = self._legal("norm")
        entry = fact.unconfirmed_entry
        if entry is not None and entry not in self.unconfirmed:
            self.unconfirmed.append(entry)
        self.lines.append(
            _line(kind, label, fact.amount, fact.source, fact.mark, fact.confirmed, legal.letter_source, member)
        )

    def _add_norm_line(
        self,
        kind: str,
        label: str,
        amount: Decimal,
        cells: Sequence[tuple[str, Amount]],
        member: str | None = None,
    ) -> None:
        # The line shows the law, then where each amount it uses comes from, and the weakest mark among them.
        sources = list(dict.fromkeys(cell.source for _, cell in cells))
        legal = self._legal("norm")
        source = f"{legal.source}; belopp: {'; '.join(sources)}"
        mark = max((cell.mark for _, cell in cells), key=MARKS.index)
        for key, cell in cells:
            self._note_status(key, cell)
        self.lines.append(
            _line(kind, label, amount, source, mark, all(cell.confirmed for _, cell in cells), legal.letter_source,
                  member)
        )

    def _common_amount(self, size: int) -> tuple[Decimal, list[tuple[str, Amount]], str]:
        """Common household costs for `size` people, the cells used and the arithmetic in words."""
        if size <= LARGEST_TABLED_HOUSEHOLD:
            key = f"common_{size}"
            cell = self._cell(key)
            return cell.amount, [(key, cell)], format_kr(cell.amount)
        # Each member beyond 7 adds the difference between the 6- and 7-person amounts (DOMAIN.md §4).
        six, seven = self._cell("common_6"), self._cell("common_7")
        beyond = size - LARGEST_TABLED_HOUSEHOLD
        amount = seven.amount + beyond * (seven.amount - six.amount)
        words = (
            f"{format_kr(seven.amount)} + {beyond} × ({format_kr(seven.amount)} − {format_kr(six.amount)})"
        )
        return amount, [("common_6", six), ("common_7", seven)], words

    # -- the steps ------------------------------------------------------------------------------------------

    def personal_costs(self, request: CalculationRequest) -> None:
        adults = [member for member in request.members if member.role == ADULT]
        children = [member for member in request.members if member.role == CHILD]
        if request.cohabiting and len(adults) == 2:
            # Sambor/makar share one amount for the couple (SoF 2 kap. 1 §).
            self._add_one_cell_line(PERSONAL, _ADULT_COUPLE_LABEL, "adult_couple")
        else:
            if request.cohabiting:
                self._warn(
                    "Sambor är angivet men hushållet har bara en vuxen; normen för ensamstående används"
                )
            elif len(adults) > 1 and request.shared_household_size is None:
                self._warn(
                    "Vuxna som inte är sambor är enligt riksnormen var sitt ärende (ensamstående + andel "
                    "av hushållets gemensamma kostnader); kontrollera hushållets sammansättning"
                )
            for adult in adults:
                self._add_one_cell_line(PERSONAL, _ADULT_SINGLE_LABEL, "adult_single", member=adult.id)
        for child in children:
            self._child_line(child)

    def _child_line(self, child: Member) -> None:
        age = age_on(child.birth_date, self.first_day)
        if age <= LUNCH_SPLIT_UNTIL and child.lunch_at_home is None:
            self._warn(
                f"Uppgift om lunch saknas för barn {child.id} ({age} år); beloppet för lunch hemma används"
            )
        key = child_amount_key(age, child.lunch_at_home)
        label = f"personliga kostnader: {AMOUNT_LABELS[key]}, {age} år den 1 {self.context.month_name}"
        self._add_one_cell_line(PERSONAL, label, key, member=child.id)

    def common_costs(self, request: CalculationRequest) -> None:
        members = len(request.members)
        size = request.shared_household_size
        if size is None:
            if members <= LARGEST_TABLED_HOUSEHOLD:
                key = COMMON_KEYS[members - 1]
                self._add_one_cell_line(COMMON, AMOUNT_LABELS[key], key)
                return
            amount, cells, words = self._common_amount(members)
            label = f"hushållsgemensamma kostnader, {members} personer ({words})"
            self._add_norm_line(COMMON, label, amount, cells)
            return
        # A case sharing a larger household without being sambo pays its share of the whole household's
        # common costs (DOMAIN.md §4): common_<size> × members ÷ size, whole kronor, half up.
        full, cells, words = self._common_amount(size)
        share = whole_kronor(full * members / size)
        times = "" if members == 1 else f" × {members}"
        label = (
            f"hushållsgemensamma kostnader, andel: {members} av {size} personer "
            f"({words}{times} ÷ {size}, avrundat till hela kronor)"
        )
        self._add_norm_line(COMMON_SHARE, label, share, cells)

    def reasonable_costs(self, request: CalculationRequest) -> None:
        if not request.costs:
            return
        legal = self._legal("reasonable_costs")  # SoL (2001:453) 4 kap. 3 §
        for cost in request.costs:
            self.lines.append(_line(COST, cost.label, cost.amount, legal.source, None, True, legal.letter_source))

    def incomes(self, request: CalculationRequest) -> None:
        if not request.incomes:
            return
        members = {member.id: member for member in request.members}
        income_legal = self._legal("income")  # all household income counts, SoL (2001:453) 4 kap. 1 §
        job = self.context.legal("job_stimulus")
        rate = Decimal(job.parameters["rate_percent"])
        after, max_months = job.parameters["after_consecutive_months"], job.parameters["max_months"]
        job_applies = (
            request.consecutive_months_on_assistance >= after
            and request.job_stimulus_months_used < max_months
        )
        doubtful = self.context.legal("income_unconfirmed_types")
        for income in request.incomes:
            unconfirmed = income.type in doubtful.parameters["types"]
            if unconfirmed:
                self._warn(f"Obekräftat att {income.label} räknas fullt ut som inkomst (⚠): kontrollera riktlinjen")
            legal = doubtful if unconfirmed else income_legal
            self.lines.append(
                _line(INCOME, income.label, -income.amount, legal.source, "⚠" if unconfirmed else None,
                      not unconfirmed, legal.letter_source, income.member)
            )
            if income.type != SALARY:
                continue
            earner = members[income.member]  # check_request: salary has a member
            if earner.role == CHILD:
                self._child_work_income(income.amount, earner)
            elif job_applies:
                # Jobbstimulans: after 6 consecutive months on assistance, 25 % of employment income is not
                # counted, for 24 months (SoL (2001:453) 4 kap. 1 b §).
                self._legal("job_stimulus")
                not_counted = (income.amount * rate / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                self.lines.append(
                    Line(
                        kind=JOB_STIMULUS,
                        label=f"jobbstimulans: {rate} % av lönen räknas inte",
                        amount=not_counted,
                        source=job.source,
                        mark=None,
                        confirmed=True,
                        member=earner.id,
                        letter_source=job.letter_source,
                    )
                )
            elif request.consecutive_months_on_assistance >= after:
                # Worth flagging: the household qualifies by months but the stimulus has run out.
                self._warn(f"Jobbstimulans tillämpas inte: de {max_months} månaderna är redan använda")

    def _child_work_income(self, amount: Decimal, child: Member) -> None:
        # A child's own work income is disregarded up to one prisbasbelopp per year (DOMAIN.md §4 ✔). The
        # prisbasbelopp is not in DOMAIN.md: it must be entered as table key price_base_amount, never guessed.
        cell = self.table.amounts.get(PRICE_BASE_AMOUNT)
        if cell is None or cell.amount is None:
            raise MissingAmountError(
                PRICE_BASE_AMOUNT,
                AMOUNT_LABELS[PRICE_BASE_AMOUNT],
                year=self.table.year,
                message=f"Prisbasbelopp för {self.table.year} saknas i tabellen — beräkningen kan inte göras "
                "(det behövs för barns arbetsinkomst)",
            )
        legal = self._legal("child_work_income")
        self._note_status(PRICE_BASE_AMOUNT, cell)
        # One month's salary can use at most the whole year's allowance; earlier months are not known here.
        not_counted = min(amount, cell.amount)
        self.lines.append(
            Line(
                kind=CHILD_WORK_INCOME,
                label=f"barns arbetsinkomst räknas inte (upp till ett prisbasbelopp per år, {format_kr(cell.amount)})",
                amount=not_counted,
                source=f"{legal.source}; prisbasbelopp: {cell.source}",
                mark=cell.mark,
                confirmed=cell.confirmed,
                member=child.id,
                letter_source=legal.letter_source,
            )
        )
        self._warn(
            f"Kontrollera arbetsinkomsten tidigare under {self.year} för barn {child.id}: bara upp till "
            "ett prisbasbelopp per år räknas inte"
        )

    def result(self) -> CalculationResult:
        norm_total = costs_total = income_total = ZERO
        for line in self.lines:
            kind = line.kind
            if kind in NORM_KINDS:
                norm_total += line.amount
            elif kind == COST:
                costs_total += line.amount
            elif kind in INCOME_KINDS:
                income_total -= line.amount
        need = norm_total + costs_total
        return CalculationResult(
            month=(self.year, self.month),
            norm_table=str(self.table.year),
            lines=tuple(self.lines),
            norm_total=norm_total,
            costs_total=costs_total,
            income_total=income_total,
            need=need,
            assistance=whole_kronor(max(ZERO, need - income_total)),
            surplus=whole_kronor(max(ZERO, income_total - need)),
            unconfirmed_amounts=tuple(self.unconfirmed),
            warnings=tuple(self.warnings),
        )
