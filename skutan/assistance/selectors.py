"""Reads for ekonomiskt bistånd. Fetches for a request authorize and access-log through the case selector."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from norm import Amount, NormTable, load_bundled_tables
from norm.errors import month_sv
from norm.tables import AMOUNT_KEYS, AMOUNT_LABELS, MISSING_MARK, OPTIONAL_KEYS
from skutan.accounts.models import Delegation, User
from skutan.accounts.selectors import delegation_holders, delegation_limit_for, delegation_point_for
from skutan.assistance.calculation import CalculationOutcome, calculation_outcome, month_key
from skutan.assistance.legal import DECISION_KIND, default_legal_basis
from skutan.assistance.models import (
    Application,
    ApplicationCost,
    ApplicationIncome,
    ApplicationMember,
    ApplicationStatus,
    Decision,
    DecisionOutcome,
    Guideline,
    GuidelineKind,
    NormAmountOverride,
)
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction
from skutan.cases.models import Case, CaseType
from skutan.cases.selectors import case_get_for_user, case_visible_q
from skutan.core.errors import NotFoundError
from skutan.people.models import HouseholdRole

APPLICATION_NOT_FOUND = "Ansökan finns inte, eller så har du inte behörighet till den."
DECISION_NOT_FOUND = "Beslutet finns inte, eller så har du inte behörighet till det."
ALL_KEYS = AMOUNT_KEYS + OPTIONAL_KEYS


# -- riksnorm tables ----------------------------------------------------------------------------------------

_merged_cache: dict[str, Any] = {"token": None, "tables": None}


def _empty_table(year: int) -> NormTable:
    """A year Skutan ships no table for (e.g. a new year): every amount missing until an admin adds it."""
    return NormTable(
        year=year,
        valid_from=date(year, 1, 1),
        valid_to=date(year, 12, 31),
        source=f"Ingen levererad tabell för {year}; beloppen är tillagda av systemförvaltare.",
        amounts={key: Amount(None, MISSING_MARK, f"Ej angivet för {year} — belopp saknas") for key in AMOUNT_KEYS},
    )


def _override_amount(row: NormAmountOverride) -> Amount:
    if row.amount is None:
        return Amount(None, MISSING_MARK, row.source)
    return Amount(row.amount, row.mark, row.source)


def norm_tables_merge(overrides: list[NormAmountOverride]) -> list[NormTable]:
    """The bundled tables with the administrators' corrections applied (``NormTable.with_overrides``)."""
    tables = {table.year: table for table in load_bundled_tables()}
    by_year: dict[int, dict[str, Amount]] = defaultdict(dict)
    for row in overrides:
        by_year[row.year][row.key] = _override_amount(row)
    for year, amounts in by_year.items():
        tables[year] = (tables.get(year) or _empty_table(year)).with_overrides(amounts)
    return sorted(tables.values(), key=lambda table: table.valid_from)


def _override_token() -> tuple:
    agg = NormAmountOverride.objects.aggregate(n=Count("id"), last=Max("entered_at"), top=Max("id"))
    return (agg["n"], agg["last"], agg["top"])


def norm_tables_current(*, request=None) -> list[NormTable]:
    """The riksnorm tables in force now: bundled + database corrections.

    Cached on the request (one query per request at most), and across requests only as long as the
    corrections are unchanged: every call outside a request checks a cheap fingerprint of the override
    table, so a correction is used by the very next calculation in every process.
    """
    if request is not None:
        cached = getattr(request, "_skutan_norm_tables", None)
        if cached is not None:
            return cached
    token = _override_token()
    if _merged_cache["token"] != token or _merged_cache["tables"] is None:
        _merged_cache["tables"] = norm_tables_merge(list(NormAmountOverride.objects.all()))
        _merged_cache["token"] = token
    tables = _merged_cache["tables"]
    if request is not None:
        request._skutan_norm_tables = tables
    return tables


def norm_years() -> list[int]:
    years = {table.year for table in load_bundled_tables()}
    years.update(NormAmountOverride.objects.values_list("year", flat=True).distinct())
    return sorted(years)


@dataclass(frozen=True)
class NormRow:
    key: str
    label: str
    amount: Decimal | None
    mark: str
    source: str
    confirmed: bool
    bundled: Amount | None
    override: NormAmountOverride | None


def norm_year_rows(*, year: int) -> tuple[NormTable | None, list[NormRow]]:
    """Every amount of one year's table as shown to the systemförvaltare (merged value, and where it came from)."""
    overrides = {row.key: row for row in NormAmountOverride.objects.filter(year=year).select_related("entered_by")}
    bundled = next((t for t in load_bundled_tables() if t.year == year), None)
    merged = next((t for t in norm_tables_current() if t.year == year), None)
    rows = []
    for key in ALL_KEYS:
        cell = merged.amounts.get(key) if merged else None
        rows.append(
            NormRow(
                key=key,
                label=AMOUNT_LABELS[key],
                amount=cell.amount if cell else None,
                mark=cell.mark if cell else MISSING_MARK,
                source=cell.source if cell else "",
                confirmed=bool(cell and cell.confirmed),
                bundled=bundled.amounts.get(key) if bundled else None,
                override=overrides.get(key),
            )
        )
    return merged, rows


# -- guidelines ---------------------------------------------------------------------------------------------


def guidelines_in_force(*, month: date) -> list[Guideline]:
    """The monthly cost guidelines in force (a one-off need's reference amount is not a monthly cost)."""
    return list(
        Guideline.objects.filter(valid_from__lte=month).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=month))
        .exclude(kind=GuidelineKind.ONE_OFF_REFERENCE)
    )


def guidelines_all() -> QuerySet[Guideline]:
    return Guideline.objects.select_related("created_by").order_by("cost_type", "household_size", "-valid_from")


# -- applications and decisions -----------------------------------------------------------------------------


def _application_qs() -> QuerySet[Application]:
    return Application.objects.select_related("created_by", "previous").prefetch_related(
        "members", "costs", "incomes", Prefetch("decision", queryset=Decision.objects.select_related("decided_by"))
    )


def application_get_for_user(
    *, ctx: AccessContext, application_id: int, action: str = AccessAction.VIEW
) -> Application:
    """Fetch an application the user may read (through its case, which logs the read)."""
    case_id = Application.objects.filter(pk=application_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFoundError(APPLICATION_NOT_FOUND)
    try:
        case = case_get_for_user(ctx=ctx, case_id=case_id, action=action)
    except NotFoundError:
        raise NotFoundError(APPLICATION_NOT_FOUND) from None
    application = _application_qs().get(pk=application_id)
    application.case = case
    return application


def decision_get_for_user(*, ctx: AccessContext, decision_id: int, action: str = AccessAction.VIEW) -> Decision:
    case_id = Decision.objects.filter(pk=decision_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFoundError(DECISION_NOT_FOUND)
    try:
        case = case_get_for_user(ctx=ctx, case_id=case_id, action=action)
    except NotFoundError:
        raise NotFoundError(DECISION_NOT_FOUND) from None
    decision = Decision.objects.select_related("decided_by", "payee", "application").get(pk=decision_id)
    decision.case = case
    return decision


def case_applications(*, case: Case) -> list[Application]:
    """The months of a case the caller already fetched through case_get_for_user, newest first."""
    return list(
        Application.objects.filter(case=case).select_related("decision", "decision__decided_by")
        .prefetch_related("decision__revisions").order_by("-month")
    )


def assistance_cases_for_user(*, user, mine_only: bool = True) -> list[Case]:
    """Active EB cases for the 'Ekonomiskt bistånd' start page, with their latest month: the user's own, or
    every one the user may see. The caller logs the list read (audit.services.access_log_list_record)."""
    qs = Case.objects.filter(case_visible_q(user=user), case_type=CaseType.FINANCIAL_ASSISTANCE).exclude(
        status="closed"
    )
    if mine_only:
        qs = qs.filter(assignments__user=user, assignments__ended_at__isnull=True)
    qs = (
        qs.select_related("person")
        .annotate(latest_month=Max("assistance_applications__month"))
        .distinct()
        .order_by("person__last_name", "person__first_name")
    )
    return list(qs[:300])


def application_request(*, application: Application, rows: _RequestRows | None = None) -> dict[str, Any]:
    """The norm JSON request (norm/README.md) for the stored rows of an application. ``rows``: its members,
    costs and incomes already read as plain tuples (application_proposals reads them for thousands at once);
    otherwise they are read through the application's relations."""
    if rows is None:
        rows = _RequestRows(
            members=[(m.member_key, m.birth_date, m.role, m.lunch_at_home) for m in application.members.all()],
            costs=[(c.type, c.amount, c.description) for c in application.costs.all()],
            incomes=[(i.type, i.amount, i.member_key) for i in application.incomes.all()],
        )
    return {
        "month": month_key(application.month),
        "members": [
            {
                "id": key,
                "birth_date": birth_date.isoformat(),
                "role": role,
                **({"lunch_at_home": lunch_at_home} if lunch_at_home is not None else {}),
            }
            for key, birth_date, role, lunch_at_home in rows.members
        ],
        "cohabiting": application.cohabiting,
        "shared_household_size": application.shared_household_size,
        "costs": [
            {
                "type": cost_type,
                "amount": _json_amount(amount),
                **({"description": description} if description else {}),
            }
            for cost_type, amount, description in rows.costs
        ],
        "incomes": [
            {"type": income_type, "amount": _json_amount(amount), **({"member": member_key} if member_key else {})}
            for income_type, amount, member_key in rows.incomes
        ],
        "consecutive_months_on_assistance": application.consecutive_months_on_assistance,
        "job_stimulus_months_used": application.job_stimulus_months_used,
    }


@dataclass
class _RequestRows:
    """An application's rows as the request needs them, in their stored order (position, id):
    members (member_key, birth_date, role, lunch_at_home), costs (type, amount, description),
    incomes (type, amount, member_key)."""

    members: list[tuple] = field(default_factory=list)
    costs: list[tuple] = field(default_factory=list)
    incomes: list[tuple] = field(default_factory=list)


def _request_rows(applications: Sequence[Application]) -> dict[int, _RequestRows]:
    """The request rows of many applications: one query per kind of row, plain tuples (no model instances)."""
    ids = [a.pk for a in applications]
    out: dict[int, _RequestRows] = {pk: _RequestRows() for pk in ids}
    kinds = (
        (ApplicationMember, "members", ("member_key", "birth_date", "role", "lunch_at_home")),
        (ApplicationCost, "costs", ("type", "amount", "description")),
        (ApplicationIncome, "incomes", ("type", "amount", "member_key")),
    )
    for model, attribute, fields in kinds:
        rows = model.objects.filter(application_id__in=ids).order_by("application_id", "position", "id")
        for application_id, *values in rows.values_list("application_id", *fields):
            getattr(out[application_id], attribute).append(tuple(values))
    return out


def _json_amount(amount: Decimal) -> int | str:
    return int(amount) if amount == amount.to_integral() else str(amount.normalize())


def application_outcome(*, application: Application, tables=None, request: dict | None = None) -> CalculationOutcome:
    """The calculation shown for an application: frozen for a decided month, live otherwise."""
    if application.is_decided:
        decision = application.decision
        return CalculationOutcome(
            result=decision.calculation, guideline_warnings=list(decision.guideline_warnings)
        )
    request = request if request is not None else application_request(application=application)
    return calculation_outcome(
        request=request,
        tables=tables if tables is not None else norm_tables_current(),
        guidelines=guidelines_in_force(month=application.month),
    )


def application_preview(*, application: Application, data, tables=None) -> CalculationOutcome:
    """The calculation for a draft month as the case worker is typing it (``data``: an ApplicationInput not
    yet saved). Reads only: nothing is stored."""
    from skutan.assistance.inputs import assign_keys, request_dict

    assign_keys(data.members)
    consecutive = (
        application.consecutive_months_on_assistance
        if data.consecutive_months_on_assistance is None
        else data.consecutive_months_on_assistance
    )
    job_used = (
        application.job_stimulus_months_used if data.job_stimulus_months_used is None else data.job_stimulus_months_used
    )
    if any(member.birth_date is None for member in data.members):
        return CalculationOutcome(result=None, error="Födelsedatum saknas för en hushållsmedlem.", error_field="members")
    return calculation_outcome(
        request=request_dict(application.month, data, consecutive, job_used),
        tables=tables if tables is not None else norm_tables_current(),
        guidelines=guidelines_in_force(month=application.month),
    )


def _previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def _person_decisions(*, person_id: int, before: date):
    """Decisions on ekonomiskt bistånd in any case where the person was the applicant or an adult of the
    month's household: jobbstimulans and långvarigt bistånd follow the person, not the case (a reopened or
    transferred case continues the count)."""
    return (
        Decision.objects.filter(month__lt=before, case__case_type=CaseType.FINANCIAL_ASSISTANCE)
        .filter(Q(payee_id=person_id) | Q(application__members__person_id=person_id, application__members__role="adult"))
        .distinct()
    )


def consecutive_months_before(*, case: Case, month: date) -> int:
    """Months directly before ``month`` in which the case's person was granted assistance (bifall or delvis
    bifall), in this case or any earlier one (old SoL 4 kap. 1 b §: the six months in a row follow the person)."""
    granted = set(
        _person_decisions(person_id=case.person_id, before=month)
        .filter(outcome__in=[DecisionOutcome.GRANTED, DecisionOutcome.PARTLY_GRANTED], amount__gt=0)
        .values_list("month", flat=True)
    )
    count, current = 0, _previous_month(month)
    while current in granted:
        count += 1
        current = _previous_month(current)
    return count


def _months_with_job_stimulus(*, person_id: int, before: date) -> list[date]:
    months = set()
    for decided_month, calculation in _person_decisions(person_id=person_id, before=before).values_list(
        "month", "calculation"
    ):
        lines = (calculation or {}).get("lines") or []
        if any(line.get("kind") == "job_stimulus" for line in lines):
            months.add(decided_month)
    return sorted(months)


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def job_stimulus_period_mode() -> str:
    """SKUTAN_JOB_STIMULUS_PERIOD: "calendar" (default) counts the 24 months as calendar months from the first
    month jobbstimulans applied; "applied" counts only months in which it applied. The law text (old SoL
    4 kap. 1 b §) as summarised in DOMAIN.md §4 does not settle it; see docs/assistance/jobbstimulans.md."""
    from django.conf import settings

    mode = getattr(settings, "SKUTAN_JOB_STIMULUS_PERIOD", "calendar")
    if mode not in ("calendar", "applied"):
        raise ValueError("SKUTAN_JOB_STIMULUS_PERIOD ska vara calendar eller applied")
    return mode


def job_stimulus_months_before(*, case: Case, month: date) -> int:
    """How much of the person's 24 months of jobbstimulans is used before ``month`` (in any case)."""
    months = _months_with_job_stimulus(person_id=case.person_id, before=month)
    if not months:
        return 0
    if job_stimulus_period_mode() == "calendar":
        return _months_between(months[0], month)
    return len(months)


@dataclass(frozen=True)
class JobStimulusPeriod:
    start: date | None  # first month jobbstimulans applied to the person (None: not yet)
    end: date | None  # last month of the 24 (calendar mode; in "applied" mode if used every month from now)
    used: int
    max_months: int
    qualifying_months: int  # consecutive months granted before this month
    after_months: int  # months needed to qualify (6)
    mode: str
    source: str


def job_stimulus_period(*, application: Application) -> JobStimulusPeriod:
    """The person's jobbstimulans period as shown on the application (start and end month)."""
    from norm.legal import legal_source_for
    from skutan.legal.selectors import legal_sources_current

    legal = legal_source_for(legal_sources_current(), "job_stimulus", application.month)
    max_months = int(legal.parameters["max_months"])
    after = int(legal.parameters["after_consecutive_months"])
    mode = job_stimulus_period_mode()
    months = _months_with_job_stimulus(person_id=application.case.person_id, before=application.month)
    used = application.job_stimulus_months_used
    start = months[0] if months else None
    if start is None and application.consecutive_months_on_assistance >= after:
        start = application.month  # qualifies now: the period would start this month
    end = None
    if start is not None:
        remaining = max_months - 1 if mode == "calendar" or start == application.month else max_months - used - 1
        anchor = start if mode == "calendar" else application.month
        end = anchor
        for _ in range(max(remaining, 0)):
            end = (end.replace(day=28) + timedelta(days=4)).replace(day=1)
    return JobStimulusPeriod(
        start=start, end=end, used=used, max_months=max_months,
        qualifying_months=application.consecutive_months_on_assistance, after_months=after, mode=mode,
        source=legal.source,
    )


def household_defaults(*, case: Case, month: date) -> tuple[list[dict[str, Any]], bool]:
    """The case's household on the month as application member rows, and whether the adults are sambor."""
    household = case.household
    if household is None:
        from skutan.people.selectors import household_current_for_person

        household = household_current_for_person(person=case.person)
    month_end = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    members: list[dict[str, Any]] = []
    cohabiting = False
    if household is not None:
        cohabiting = household.cohabiting
        rows = household.members.select_related("person").filter(joined_on__lte=month_end).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=month)
        )
        for row in rows:
            person = row.person
            members.append(
                {
                    "person_id": person.pk,
                    "key": f"p{person.pk}",
                    "name": person.full_name,
                    "birth_date": person.birth_date,
                    "role": row.role,
                    "lunch_at_home": row.lunch_at_home if row.role == HouseholdRole.CHILD else None,
                }
            )
    if not any(m["person_id"] == case.person_id for m in members):
        person = case.person
        members.insert(
            0,
            {
                "person_id": person.pk, "key": f"p{person.pk}", "name": person.full_name,
                "birth_date": person.birth_date, "role": HouseholdRole.ADULT, "lunch_at_home": None,
            },
        )
    members.sort(key=lambda m: (m["role"] != HouseholdRole.ADULT, m["person_id"] != case.person_id))
    adults = sum(1 for m in members if m["role"] == HouseholdRole.ADULT)
    return members, cohabiting and adults == 2


# -- delegation ---------------------------------------------------------------------------------------------


def delegation_for(*, user, amount: Decimal, on: date, unit_id: int | None = None) -> Delegation | None:
    """The point of the delegationsordning that lets ``user`` decide ekonomiskt bistånd of ``amount`` kronor on
    ``on`` (in the case's unit), if any."""
    return delegation_point_for(user=user, decision_kind=DECISION_KIND, amount=amount, on=on, unit_id=unit_id)


def delegation_limit(*, user, on: date, unit_id: int | None = None):
    """(has any point, highest limit or None): shown on the decision page before the caseworker decides."""
    return delegation_limit_for(user=user, decision_kind=DECISION_KIND, on=on, unit_id=unit_id)


@dataclass
class DelegationStatus:
    """What the decision page tells the caseworker before they decide: is ``amount`` within their delegation,
    and if not, who in the case's unit holds a point covering it."""

    amount: Decimal
    has_any: bool
    limit: Decimal | None
    point: Delegation | None
    holders: list[User]

    @property
    def covered(self) -> bool:
        return self.point is not None


def delegation_status(*, user, case: Case, amount: Decimal, on: date | None = None) -> DelegationStatus:
    from django.utils import timezone

    on = on or timezone.localdate()
    has_any, limit = delegation_limit(user=user, on=on, unit_id=case.unit_id)
    point = delegation_for(user=user, amount=amount, on=on, unit_id=case.unit_id)
    holders = []
    if point is None:
        holders = [
            u for u, _ in delegation_holders(decision_kind=DECISION_KIND, amount=amount, on=on, unit_id=case.unit_id)
            if u.pk != user.pk
        ]
    return DelegationStatus(amount=amount, has_any=has_any, limit=limit, point=point, holders=holders)


def deciders_for(*, case: Case, amount: Decimal, on: date) -> list[User]:
    """Who in the case's unit may decide ``amount``: unit managers first."""
    holders = delegation_holders(decision_kind=DECISION_KIND, amount=amount, on=on, unit_id=case.unit_id)
    return [user for user, _ in holders][:5]


# -- proposal -----------------------------------------------------------------------------------------------


@dataclass
class Proposal:
    """What the system suggests for a month. Only a suggestion: a human always decides (decision_make)."""

    outcome: str | None
    amount: Decimal | None
    reasons: str
    legal_basis: str
    outcome_data: CalculationOutcome
    previous_amount: Decimal | None
    attention: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0

    @property
    def adverse(self) -> bool:
        return self.outcome in (DecisionOutcome.REJECTED, DecisionOutcome.PARTLY_GRANTED)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "amount": None if self.amount is None else str(self.amount),
            "reasons": self.reasons,
            "legal_basis": self.legal_basis,
            "previous_amount": None if self.previous_amount is None else str(self.previous_amount),
            "attention": self.attention,
            "calculation": self.outcome_data.result,
            "error": self.outcome_data.error,
            "guideline_warnings": self.outcome_data.guideline_warnings,
            "elapsed_ms": round(self.elapsed_ms, 2),
            "auto_decided": False,
        }


def _kr(amount) -> str:
    return f"{int(amount):,}".replace(",", " ") + " kr"


class _ProposalReads:
    """What the proposals of many months share, read once: the tables, the guidelines and legal basis of each
    month, the norm's legal sources, and each case's previous decided amount (one query for all of them)."""

    def __init__(self, applications: Sequence[Application], tables) -> None:
        from skutan.legal.selectors import legal_sources_current

        self.tables = tables if tables is not None else norm_tables_current()
        self.legal_sources = legal_sources_current()
        self._guidelines: dict[date, list[Guideline]] = {}
        self._legal_basis: dict[date, str] = {}
        self.previous: dict[int, Decimal | None] = {}
        if not applications:
            return
        latest = max(a.month for a in applications)
        by_case: dict[int, list[tuple[date, Decimal]]] = {}
        rows = Decision.objects.filter(
            case_id__in={a.case_id for a in applications}, month__lt=latest
        ).values_list("case_id", "month", "amount")
        for case_id, month, amount in rows:
            by_case.setdefault(case_id, []).append((month, amount))
        for application in applications:
            earlier = [(m, a) for m, a in by_case.get(application.case_id, ()) if m < application.month]
            self.previous[application.pk] = max(earlier, key=lambda row: row[0])[1] if earlier else None

    def guidelines(self, month: date) -> list[Guideline]:
        if month not in self._guidelines:
            self._guidelines[month] = guidelines_in_force(month=month)
        return self._guidelines[month]

    def legal_basis(self, month: date) -> str:
        if month not in self._legal_basis:
            self._legal_basis[month] = default_legal_basis(month)
        return self._legal_basis[month]


def application_proposals(*, applications: Sequence[Application], tables=None) -> list[Proposal]:
    """The proposals of many draft months at once (a month's renewals): each application's rows are read
    together (one query per kind of row, not per application) and what they share is read once. Writes
    nothing."""
    applications = list(applications)
    reads = _ProposalReads(applications, tables)
    rows = _request_rows([a for a in applications if not a.is_decided])
    return [_proposal(application, reads, rows.get(application.pk)) for application in applications]


def application_proposal(*, application: Application, tables=None) -> Proposal:
    """Propose outcome, amount and standard reasons for a draft month. Writes nothing."""
    return _proposal(application, _ProposalReads([application], tables))


def _proposal(application: Application, reads: _ProposalReads, rows: _RequestRows | None = None) -> Proposal:
    started = time.perf_counter()
    if application.is_decided:
        outcome_data = application_outcome(application=application, tables=reads.tables)
    else:
        outcome_data = calculation_outcome(
            request=application_request(application=application, rows=rows), tables=reads.tables,
            guidelines=reads.guidelines(application.month), legal_sources=reads.legal_sources,
        )
    month_text = month_sv(application.month.year, application.month.month)
    previous_amount = reads.previous.get(application.pk)
    attention: list[str] = []
    legal_basis = reads.legal_basis(application.month)
    if not outcome_data.ok:
        attention.append(gettext("Beräkningen kan inte göras: %(error)s") % {"error": outcome_data.error})
        proposal = Proposal(
            outcome=None, amount=None, reasons="", legal_basis=legal_basis, outcome_data=outcome_data,
            previous_amount=previous_amount, attention=attention,
        )
        proposal.elapsed_ms = (time.perf_counter() - started) * 1000
        return proposal
    result = outcome_data.result
    assistance = Decimal(result["assistance"])
    # Standard reasons without amounts: the amount is decided on the calculation at the moment of deciding,
    # and the letter prints that calculation line by line.
    if assistance > 0:
        outcome = DecisionOutcome.GRANTED
        reasons = (
            f"Du beviljas ekonomiskt bistånd (försörjningsstöd) för {month_text}. Ditt hushålls behov enligt "
            "riksnormen och skäliga kostnader är större än hushållets inkomster; skillnaden beviljas, se "
            "beräkningen."
        )
    else:
        outcome = DecisionOutcome.REJECTED
        reasons = (
            f"Ditt hushålls inkomster är lika stora som eller större än behovet enligt riksnormen och skäliga "
            f"kostnader för {month_text}, se beräkningen. Behovet kan därför tillgodoses på annat sätt, och du har "
            "inte rätt till ekonomiskt bistånd för månaden."
        )
    if outcome == DecisionOutcome.REJECTED:
        attention.append("Förslaget är avslag: granska särskilt innan du beslutar.")
    if previous_amount is not None and assistance < previous_amount:
        attention.append(
            gettext(
                "Förslaget (%(assistance)s) är lägre än förra beslutet (%(previous_amount)s): granska "
                "särskilt innan du beslutar."
            ) % {"assistance": _kr(assistance), "previous_amount": _kr(previous_amount)}
        )
    for warning in outcome_data.guideline_warnings:
        attention.append(warning["message"])
    if result.get("unconfirmed_amounts"):
        attention.append(
            "Beräkningen använder obekräftade belopp (⚠): " + "; ".join(result["unconfirmed_amounts"])
        )
    missing = [a.get("name") for a in application.attachments or [] if not a.get("received")]
    if missing:
        attention.append("Underlag saknas: " + ", ".join(missing))
    proposal = Proposal(
        outcome=outcome, amount=assistance, reasons=reasons, legal_basis=legal_basis, outcome_data=outcome_data,
        previous_amount=previous_amount, attention=attention,
    )
    proposal.elapsed_ms = (time.perf_counter() - started) * 1000
    return proposal


def application_is_draft(application: Application) -> bool:
    return application.status == ApplicationStatus.DRAFT


def decision_preview(
    *, application: Application, data, actor, outcome: str, amount: Any, reasons: str, legal_basis: str, tables=None
) -> Decision:
    """An unsaved Decision for the letter preview: the calculation of the month as typed (``data``), the
    outcome and amount as proposed. Nothing is stored; the decision itself is made by decision_make."""
    from decimal import Decimal, InvalidOperation

    from django.utils import timezone

    from skutan.assistance.models import DecisionOutcome
    from skutan.core.errors import ApplicationError

    calc = application_preview(application=application, data=data, tables=tables)
    if not calc.ok:
        raise ApplicationError(gettext(
            "Brevet kan inte förhandsgranskas: %(error)s"
        ) % {"error": calc.error}, field=calc.error_field or "calculation")
    if outcome not in DecisionOutcome.values:
        raise ApplicationError(gettext("Välj bifall, delvis bifall eller avslag."), field="outcome")
    calculated = Decimal(calc.result["assistance"])
    if outcome == DecisionOutcome.GRANTED:
        value = calculated
    elif outcome == DecisionOutcome.REJECTED:
        value = Decimal(0)
    else:
        try:
            value = Decimal(str(amount or "").replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ApplicationError(gettext("Ange beloppet i hela kronor."), field="amount") from None
    from skutan.assistance.legal import default_legal_basis

    case = application.case
    return Decision(
        case=case, application=application, month=application.month, outcome=outcome, amount=value,
        calculated_amount=calculated, payee=case.person, decided_by=actor, decided_at=timezone.now(),
        delegation_source="", reasons=(reasons or "").strip() or "(motivering saknas ännu)",
        legal_basis=(legal_basis or "").strip() or default_legal_basis(application.month),
        calculation=calc.result, inputs={}, guideline_warnings=calc.guideline_warnings,
        unconfirmed_amounts=list(calc.result.get("unconfirmed_amounts") or []),
    )


def application_household_type(*, application: Application) -> tuple[int, str]:
    """The register's hushållstyp for the month's household (DOMAIN.md §9), derived, never entered."""
    from skutan.assistance.register import application_household_type as derive

    return derive(application=application)


def case_closing_code(*, case: Case):
    """The register's avslutsorsak of an (authorized) EB case, or None."""
    from skutan.assistance.models import CaseClosingCode

    return CaseClosingCode.objects.filter(case=case).first()


# -- riksnorm for a new year --------------------------------------------------------------------------------

NEW_YEAR_NOTICE_FROM = (11, 1)  # from 1 November the next year's table is expected (DOMAIN.md §4)


@dataclass(frozen=True)
class NormYearGap:
    year: int
    whole_table: bool  # no amount at all for the year
    missing: tuple[str, ...]  # labels of the missing amounts
    estimated: tuple[str, ...] = ()  # labels of amounts that are only estimates (the demo's)


def norm_year_gap(*, year: int, tables=None) -> NormYearGap | None:
    """What is missing of ``year``'s riksnorm (None: nothing). Not personal data."""
    tables = tables if tables is not None else norm_tables_current()
    table = next((t for t in tables if t.year == year), None)
    if table is None:
        return NormYearGap(year=year, whole_table=True, missing=tuple(AMOUNT_LABELS[k] for k in AMOUNT_KEYS))
    from skutan.assistance.services import ESTIMATE_PREFIX

    missing = [k for k in AMOUNT_KEYS if table.amounts.get(k) is None or table.amounts[k].amount is None]
    estimated = [k for k in AMOUNT_KEYS if k not in missing and table.amounts[k].source.startswith(ESTIMATE_PREFIX)]
    if not missing and not estimated:
        return None
    return NormYearGap(year=year, whole_table=len(missing) == len(AMOUNT_KEYS),
                       missing=tuple(AMOUNT_LABELS[k] for k in missing),
                       estimated=tuple(AMOUNT_LABELS[k] for k in estimated))


def norm_year_gaps_to_report(*, today: date | None = None) -> list[NormYearGap]:
    """The gaps a systemförvaltare should see now: this year's table, and from 1 November next year's."""
    from django.utils import timezone

    today = today or timezone.localdate()
    years = [today.year]
    if (today.month, today.day) >= NEW_YEAR_NOTICE_FROM:
        years.append(today.year + 1)
    tables = norm_tables_current()
    return [gap for gap in (norm_year_gap(year=y, tables=tables) for y in years) if gap]


def norm_responsible_names() -> list[str]:
    """The systemförvaltare who enter a missing table (named to the caseworker who meets the gap)."""
    from skutan.accounts.models import Role
    from skutan.accounts.selectors import users_with_role

    return [u.display_name for u in users_with_role(role=Role.SYSTEM_ADMIN)]
def application_exists(*, case_id: int, month: date) -> bool:
    """Whether the case (already authorized) has an application for the month."""
    return Application.objects.filter(case_id=case_id, month=month).exists()


def guideline_get(*, guideline_id: int) -> Guideline | None:
    """A municipal guideline (not personal data), or None."""
    return Guideline.objects.filter(pk=guideline_id).first()
