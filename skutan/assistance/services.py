"""Writes for ekonomiskt bistånd. Each runs in one transaction with its audit row (5xx, 6xx) and case event.

The calculation rules are the pure package ``norm``; a service only validates input against the norm's JSON
contract, stores rows, and freezes the calculation when a human decides. There is no automatic decision.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from norm import Amount
from norm.errors import month_sv
from norm.tables import AMOUNT_LABELS, CONFIRMED_MARKS, UNCONFIRMED_MARK
from skutan.accounts.models import Role
from skutan.accounts.selectors import user_has_role
from skutan.assistance import selectors
from skutan.assistance.calculation import check_request_json, month_key
from skutan.assistance.inputs import (
    ApplicationInput,
    CostInput,
    IncomeInput,
    MemberInput,
    assign_keys,
    request_dict,
)
from skutan.assistance.legal import DECISION_KIND, default_legal_basis
from skutan.assistance.models import (
    COST_TYPE_CHOICES,
    Application,
    ApplicationCost,
    ApplicationIncome,
    ApplicationMember,
    ApplicationStatus,
    CaseClosingCode,
    Decision,
    DecisionOutcome,
    Guideline,
    NormAmountOverride,
)
from skutan.assistance.register_codes import code_list
from skutan.assistance.simulation_store import decision_simulation_input_record
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases.access import case_write_check
from skutan.cases.events import case_event_custom
from skutan.cases.models import Case, CaseType
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.core.summaries import statistics_changed
from skutan.people.models import HouseholdMember
from skutan.referrals.services import referral_complete, referral_send

DECIDED_IMMUTABLE = (
    "Månaden är beslutad och kan inte ändras: beräkningen och underlaget är låsta. Skapa en ny ansökan för "
    "att pröva ett nytt behov."
)
MAX_MONTHS_AHEAD = 2


def _first_of_month(month: date) -> date:
    if month.day != 1:
        raise ApplicationError(gettext("Ange månaden som dess första dag (ÅÅÅÅ-MM-01)."), field="month")
    return month


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _check_input(*, case: Case, month: date, data: ApplicationInput, consecutive: int, job_used: int) -> None:
    """Refuse (400, naming the field) anything the norm contract refuses, plus what only Skutan knows."""
    allowed_people = {case.person_id}
    household_ids = [case.household_id] if case.household_id else []
    household_ids += list(
        HouseholdMember.objects.filter(person_id=case.person_id).values_list("household_id", flat=True)
    )
    allowed_people.update(
        HouseholdMember.objects.filter(household_id__in=household_ids).values_list("person_id", flat=True)
    )
    for i, member in enumerate(data.members):
        if member.birth_date is None:
            raise ApplicationError(
                gettext(
                    "Hushållsmedlem rad %(i)s: födelsedatum saknas."
                ) % {"i": i + 1}, field=f"members[{i}].birth_date"
            )
        if member.person_id is not None and member.person_id not in allowed_people:
            raise ApplicationError(
                gettext("Hushållsmedlem rad %(i)s: personen hör inte till ärendets hushåll.") % {"i": i + 1},
                field=f"members[{i}].person_id",
            )
        if len(member.name) > 200:
            raise ApplicationError(gettext(
                "Hushållsmedlem rad %(i)s: namnet är för långt."
            ) % {"i": i + 1}, field=f"members[{i}].name")
        _check_register_codes(i, member, month)
    for i, income in enumerate(data.incomes):
        if len(income.description) > 200:
            raise ApplicationError(gettext(
                "Inkomst rad %(i)s: beskrivningen är för lång."
            ) % {"i": i + 1}, field=f"incomes[{i}].description")
    for i, cost in enumerate(data.costs):
        if len(cost.description) > 200:
            raise ApplicationError(gettext(
                "Kostnad rad %(i)s: beskrivningen är för lång."
            ) % {"i": i + 1}, field=f"costs[{i}].description")
    for i, attachment in enumerate(data.attachments):
        name = attachment.get("name") if isinstance(attachment, dict) else None
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            raise ApplicationError(gettext(
                "Underlag rad %(i)s: ange dokumentets namn."
            ) % {"i": i + 1}, field=f"attachments[{i}].name")
        if not isinstance(attachment.get("received", False), bool):
            raise ApplicationError(
                gettext("Underlag rad %(i)s: ange om dokumentet har kommit in (true/false).") % {"i": i + 1},
                field=f"attachments[{i}].received",
            )
    if data.received_on and data.received_on > timezone.localdate():
        raise ApplicationError(gettext("Datum då ansökan kom in kan inte ligga i framtiden."), field="received_on")
    check_request_json(request_dict(month, data, consecutive, job_used))


def _check_register_codes(i: int, member: MemberInput, month: date) -> None:
    """Försörjningshinder and arbetsmarknadsinsatser are per adult, from the register's code lists."""
    obstacle = (member.support_obstacle or "").strip()
    if obstacle:
        if member.role != "adult":
            raise ApplicationError(
                gettext("Hushållsmedlem rad %(i)s: försörjningshinder anges bara för vuxna.") % {"i": i + 1},
                field=f"members[{i}].support_obstacle",
            )
        if code_list("support_obstacles").get(obstacle, month) is None:
            raise ApplicationError(
                gettext(
                    "Hushållsmedlem rad %(i)s: okänd kod för försörjningshinder (%(obstacle)s)."
                ) % {"i": i + 1, "obstacle": obstacle[:10]},
                field=f"members[{i}].support_obstacle",
            )
    measures = member.labour_market_measures or []
    if not isinstance(measures, list) or not all(isinstance(m, str) for m in measures):
        raise ApplicationError(
            gettext(
                "Hushållsmedlem rad %(i)s: ange arbetsmarknadsinsatserna som en lista med koder."
            ) % {"i": i + 1},
            field=f"members[{i}].labour_market_measures",
        )
    if measures and member.role != "adult":
        raise ApplicationError(
            gettext("Hushållsmedlem rad %(i)s: arbetsmarknadsinsatser anges bara för vuxna.") % {"i": i + 1},
            field=f"members[{i}].labour_market_measures",
        )
    for measure in measures:
        if code_list("labour_market_measures").get(measure, month) is None:
            raise ApplicationError(
                gettext(
                    "Hushållsmedlem rad %(i)s: okänd arbetsmarknadsinsats (%(measure)s)."
                ) % {"i": i + 1, "measure": measure[:30]},
                field=f"members[{i}].labour_market_measures",
            )


def _check_case(case: Case) -> None:
    if case.case_type != CaseType.FINANCIAL_ASSISTANCE:
        raise ApplicationError(
            gettext("Ansökan om ekonomiskt bistånd kan bara registreras i ett ärende om ekonomiskt bistånd."), field="case"
        )
    if not case.is_active:
        raise ConflictError(gettext("Ärendet är avslutat. Öppna ett nytt ärende för en ny ansökan."), field="case")


def _write_rows(application: Application, data: ApplicationInput) -> None:
    ApplicationMember.objects.bulk_create(
        ApplicationMember(
            application=application, person_id=m.person_id, member_key=m.key, name=m.name.strip(),
            birth_date=m.birth_date, role=m.role, lunch_at_home=m.lunch_at_home if m.role == "child" else None,
            support_obstacle=(m.support_obstacle or "").strip() if m.role == "adult" else "",
            labour_market_measures=list(dict.fromkeys(m.labour_market_measures or [])) if m.role == "adult" else [],
            position=i,
        )
        for i, m in enumerate(data.members)
    )
    ApplicationCost.objects.bulk_create(
        ApplicationCost(application=application, type=c.type, amount=c.amount, description=c.description.strip(), position=i)
        for i, c in enumerate(data.costs)
    )
    ApplicationIncome.objects.bulk_create(
        ApplicationIncome(
            application=application, type=inc.type, amount=inc.amount, member_key=inc.member_key,
            description=inc.description.strip(), position=i,
        )
        for i, inc in enumerate(data.incomes)
    )


def _clean_attachments(attachments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": a["name"].strip(), "received": bool(a.get("received", False))} for a in attachments]


def application_defaults(*, case: Case, month: date) -> ApplicationInput:
    """A new month pre-filled from the case's household (no costs or incomes yet)."""
    members, cohabiting = selectors.household_defaults(case=case, month=month)
    return ApplicationInput(
        members=[
            MemberInput(
                person_id=m["person_id"], key=m["key"], name=m["name"], birth_date=m["birth_date"], role=m["role"],
                lunch_at_home=m["lunch_at_home"],
            )
            for m in members
        ],
        cohabiting=cohabiting,
    )


# -- applications -------------------------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *, actor, case: Case, month: date, data: ApplicationInput | None = None, previous: Application | None = None
) -> Application:
    """Register one month's application on an EB case. ``data`` None: pre-filled from the household."""
    case_write_check(user=actor, case=case)
    _check_case(case)
    month = _first_of_month(month)
    latest = _next_month(timezone.localdate().replace(day=1))
    for _ in range(MAX_MONTHS_AHEAD - 1):
        latest = _next_month(latest)
    if month > latest or month.year < 2000:
        raise ApplicationError(
            gettext(
                "Månaden %(month)s ligger för långt fram eller tillbaka i tiden."
            ) % {"month": month_key(month)}, field="month"
        )
    if Application.objects.filter(case=case, month=month).exists():
        raise ConflictError(
            gettext(
                "Det finns redan en ansökan för %(month)s i ärendet."
            ) % {"month": month_sv(month.year, month.month)}, field="month"
        )
    if data is None:
        data = application_defaults(case=case, month=month)
    assign_keys(data.members)
    computed = selectors.consecutive_months_before(case=case, month=month)
    consecutive = computed if data.consecutive_months_on_assistance is None else data.consecutive_months_on_assistance
    job_used = (
        selectors.job_stimulus_months_before(case=case, month=month)
        if data.job_stimulus_months_used is None
        else data.job_stimulus_months_used
    )
    _check_input(case=case, month=month, data=data, consecutive=consecutive, job_used=job_used)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                case=case, month=month, cohabiting=data.cohabiting, shared_household_size=data.shared_household_size,
                consecutive_months_on_assistance=consecutive, consecutive_months_computed=computed,
                job_stimulus_months_used=job_used, attachments=_clean_attachments(data.attachments),
                notes=data.notes, received_on=data.received_on or timezone.localdate(), previous=previous,
                created_by=actor,
            )
    except IntegrityError:  # a concurrent create of the same month won
        raise ConflictError(
            gettext(
                "Det finns redan en ansökan för %(month)s i ärendet."
            ) % {"month": month_sv(month.year, month.month)}, field="month"
        ) from None
    _write_rows(application, data)
    audit_event_record(
        event_type=EventType.ASSISTANCE_APPLICATION_RENEWED if previous else EventType.ASSISTANCE_APPLICATION_CREATED,
        actor=actor, obj=application, person_id=case.person_id, case_id=case.pk,
        data={"month": month_key(month), "previous_id": previous.pk if previous else None},
    )
    case_event_custom(
        case=case, event_type="assistance_application_created", user=actor,
        data={"application_id": application.pk, "month": month_key(month), "renewed": previous is not None},
    )
    return application


@transaction.atomic
def application_update(
    *, actor, application: Application, data: ApplicationInput, expected_version: int
) -> Application:
    """Replace the month's household, costs and incomes. A decided month is refused (409)."""
    case_write_check(user=actor, case=application.case)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.DRAFT:
        raise ConflictError(DECIDED_IMMUTABLE, field="application")
    if locked.version != expected_version:
        from skutan.core.concurrency import STALE_MESSAGE

        raise ConflictError(STALE_MESSAGE, field="version")
    case = application.case
    assign_keys(data.members)
    consecutive = (
        locked.consecutive_months_on_assistance
        if data.consecutive_months_on_assistance is None
        else data.consecutive_months_on_assistance
    )
    job_used = locked.job_stimulus_months_used if data.job_stimulus_months_used is None else data.job_stimulus_months_used
    _check_input(case=case, month=locked.month, data=data, consecutive=consecutive, job_used=job_used)
    Application.objects.filter(pk=locked.pk).update(
        cohabiting=data.cohabiting, shared_household_size=data.shared_household_size,
        consecutive_months_on_assistance=consecutive, job_stimulus_months_used=job_used,
        attachments=_clean_attachments(data.attachments), notes=data.notes,
        received_on=data.received_on or locked.received_on, version=locked.version + 1, updated_at=timezone.now(),
    )
    locked.members.all().delete()
    locked.costs.all().delete()
    locked.incomes.all().delete()
    _write_rows(locked, data)
    audit_event_record(
        event_type=EventType.ASSISTANCE_APPLICATION_UPDATED, actor=actor, obj=locked, person_id=case.person_id,
        case_id=case.pk,
        data={
            "month": month_key(locked.month), "members": len(data.members), "costs": len(data.costs),
            "incomes": len(data.incomes),
        },
    )
    refreshed = selectors._application_qs().get(pk=locked.pk)
    refreshed.case = case
    return refreshed


def application_input_from(application: Application) -> ApplicationInput:
    """The stored rows of a month as input (for "Ny månad" and for re-saving)."""
    return ApplicationInput(
        members=[
            MemberInput(
                person_id=m.person_id, key=m.member_key, name=m.name, birth_date=m.birth_date, role=m.role,
                lunch_at_home=m.lunch_at_home, support_obstacle=m.support_obstacle,
                labour_market_measures=list(m.labour_market_measures or []),
            )
            for m in application.members.all()
        ],
        costs=[CostInput(type=c.type, amount=c.amount, description=c.description) for c in application.costs.all()],
        incomes=[
            IncomeInput(type=i.type, amount=i.amount, member_key=i.member_key, description=i.description)
            for i in application.incomes.all()
        ],
        cohabiting=application.cohabiting,
        shared_household_size=application.shared_household_size,
        consecutive_months_on_assistance=application.consecutive_months_on_assistance,
        job_stimulus_months_used=application.job_stimulus_months_used,
        attachments=list(application.attachments or []),
        notes=application.notes,
        received_on=application.received_on,
    )


@transaction.atomic
def application_renew(*, actor, application: Application) -> Application:
    """"Ny månad": next month's application, pre-filled from this month's household, costs and incomes.

    The months on assistance are counted again from the decisions; documents must come in anew, so every
    attachment starts as not received.
    """
    case_write_check(user=actor, case=application.case)
    data = application_input_from(application)
    data.consecutive_months_on_assistance = None
    data.job_stimulus_months_used = None
    data.attachments = [{"name": a["name"], "received": False} for a in application.attachments or []]
    data.notes = ""
    data.received_on = None
    return application_create(
        actor=actor, case=application.case, month=_next_month(application.month), data=data, previous=application
    )


# -- decisions ----------------------------------------------------------------------------------------------


def _parse_decision_amount(amount: Any) -> Decimal:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise ApplicationError(gettext("Beloppet måste vara ett tal i hela kronor."), field="amount") from None
    if not value.is_finite() or value < 0:
        raise ApplicationError(gettext("Beloppet kan inte vara negativt."), field="amount")
    if value != value.to_integral():
        raise ApplicationError(gettext("Bistånd betalas i hela kronor: ange beloppet utan öre."), field="amount")
    return value


def _who_can_decide(case: Case, amount: Decimal, on: date) -> str:
    deciders = selectors.deciders_for(case=case, amount=amount, on=on)
    if deciders:
        names = ", ".join(
            f"{u.display_name}{' (enhetschef)' if getattr(u, 'is_manager', 0) else ''}" for u in deciders
        )
        return f"Beslutet kan fattas av {names}."
    return "Beslutet fattas av enhetschefen (eller enligt nämndens delegationsordning)."


def _decision_values(*, application: Application, outcome: str, amount: Any, tables):
    """Check outcome and amount against the calculation: (amount, calculated, calculation, label)."""
    calc = selectors.application_outcome(application=application, tables=tables)
    if not calc.ok:
        raise ApplicationError(gettext(
            "Beslut kan inte fattas: %(error)s"
        ) % {"error": calc.error}, field=calc.error_field or "calculation")
    calculated = Decimal(calc.result["assistance"])
    if amount is None or (isinstance(amount, str) and not amount.strip()):
        if outcome == DecisionOutcome.PARTLY_GRANTED:
            raise ApplicationError(gettext("Ange det belopp som beviljas vid delvis bifall."), field="amount")
        amount = calculated if outcome == DecisionOutcome.GRANTED else 0
    value = _parse_decision_amount(amount)
    label = {
        DecisionOutcome.GRANTED: "bifall",
        DecisionOutcome.PARTLY_GRANTED: "delvis bifall",
        DecisionOutcome.REJECTED: "avslag",
    }[outcome]
    if outcome == DecisionOutcome.GRANTED:
        if calculated <= 0:
            raise ApplicationError(
                gettext("Beräkningen ger inget bistånd för månaden: besluta om avslag."), field="outcome"
            )
        if value != calculated:
            raise ApplicationError(
                gettext(
                    "Vid bifall är beloppet det beräknade biståndet, %(calculated)s kr. Välj delvis bifall "
                    "för ett lägre belopp, eller lägg till kostnaden i beräkningen för ett högre."
                ) % {"calculated": int(calculated)},
                field="amount",
            )
    elif outcome == DecisionOutcome.PARTLY_GRANTED:
        if not Decimal(0) < value < calculated:
            raise ApplicationError(
                gettext(
                    "Vid delvis bifall är beloppet större än 0 och mindre än det beräknade biståndet "
                    "(%(calculated)s kr)."
                ) % {"calculated": int(calculated)},
                field="amount",
            )
    elif value != 0:
        raise ApplicationError(gettext("Vid avslag är beloppet 0 kr."), field="amount")
    return value, calculated, calc, label


def _require_support_obstacles(application: Application) -> None:
    """HSLF-FS 2015:30: försörjningshinder per adult before a month of försörjningsstöd is granted, fully or in
    part (an avslag may leave it empty)."""
    for i, member in enumerate(application.members.all()):
        if member.role == "adult" and not member.support_obstacle:
            who = member.name or (member.person.full_name if member.person_id else f"rad {i + 1}")
            raise ApplicationError(
                gettext(
                    "Ange försörjningshinder för %(who)s innan bistånd beviljas (registret över ekonomiskt "
                    "bistånd, HSLF-FS 2015:30)."
                ) % {"who": who},
                field=f"members[{i}].support_obstacle",
            )


@transaction.atomic
def decision_make(
    *,
    actor,
    application: Application,
    outcome: str,
    amount: Any = None,
    reasons: str = "",
    legal_basis: str = "",
    expected_version: int | None = None,
    tables=None,
) -> Decision:
    """A human's decision on one month: bifall, delvis bifall or avslag.

    Checks the decider's delegation (accounts.Delegation, decision_kind "ekonomiskt_bistand", max_amount,
    valid dates), then freezes the calculation and its inputs in the decision; the month can no longer change.
    """
    case_write_check(user=actor, case=application.case)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.DRAFT or Decision.objects.filter(application_id=locked.pk).exists():
        raise ConflictError(gettext("Månaden är redan beslutad. Ett beslut kan inte ändras."), field="application")
    if expected_version is not None and locked.version != expected_version:
        from skutan.core.concurrency import STALE_MESSAGE

        raise ConflictError(STALE_MESSAGE, field="version")
    case = application.case
    _check_case(case)
    if outcome not in DecisionOutcome.values:
        raise ApplicationError(
            gettext("Okänt utfall: ange bifall (granted), delvis bifall (partly_granted) eller avslag (rejected)."),
            field="outcome",
        )
    if not (reasons or "").strip():
        raise ApplicationError(gettext("Skriv beslutets motivering."), field="reasons")
    locked.case = case
    value, calculated, calc, label = _decision_values(application=locked, outcome=outcome, amount=amount, tables=tables)
    if outcome != DecisionOutcome.REJECTED:
        _require_support_obstacles(locked)
    today = timezone.localdate()
    delegation = selectors.delegation_for(user=actor, amount=value, on=today, unit_id=case.unit_id)
    if delegation is None:
        has_any, _ = selectors.delegation_limit(user=actor, on=today, unit_id=case.unit_id)
        why = (
            gettext("Beloppet %(value)s kr är över din delegation.") % {"value": int(value)}
            if has_any
            else "Du har ingen delegation att besluta om ekonomiskt bistånd."
        )
        raise AccessDeniedError(f"{why} {_who_can_decide(case, value, today)}", field="decided_by")
    request = selectors.application_request(application=locked)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                case=case, application=locked, month=locked.month, outcome=outcome, amount=value,
                calculated_amount=calculated, payee=case.person, decided_by=actor, decided_at=timezone.now(),
                delegation=delegation, delegation_source=delegation.source_text[:200], reasons=reasons.strip(),
                legal_basis=(legal_basis or "").strip() or default_legal_basis(locked.month),
                calculation=calc.result, inputs=request, guideline_warnings=calc.guideline_warnings,
                unconfirmed_amounts=list(calc.result.get("unconfirmed_amounts") or []),
            )
            decision_simulation_input_record(decision=decision)
    except IntegrityError:
        raise ConflictError(gettext("Månaden är redan beslutad. Ett beslut kan inte ändras."), field="application") from None
    Application.objects.filter(pk=locked.pk).update(
        status=ApplicationStatus.DECIDED, version=locked.version + 1, updated_at=timezone.now()
    )
    audit_event_record(
        event_type=EventType.ASSISTANCE_DECISION_MADE, actor=actor, obj=decision, person_id=case.person_id,
        case_id=case.pk,
        data={
            "month": month_key(locked.month), "outcome": outcome, "amount": str(value),
            "calculated_amount": str(calculated), "delegation": delegation.source_text, "delegation_id": delegation.pk,
            "application_id": locked.pk, "label": label,
        },
    )
    referral_complete(actor=actor, subject_type=REFERRAL_SUBJECT, subject_id=locked.pk)
    case_event_custom(
        case=case, event_type="assistance_decided", user=actor,
        data={"decision_id": decision.pk, "month": month_key(locked.month), "outcome": outcome, "amount": str(value)},
    )
    statistics_changed(households=[(decision.payee_id, decision.month)])
    return decision


REFERRAL_SUBJECT = "assistance.application"


@transaction.atomic
def decision_refer(
    *, actor, application: Application, to_user, outcome: str, amount: Any = None, reasons: str = "",
    legal_basis: str = "", message: str = "", tables=None,
):
    """Send the prepared decision (beslutsunderlag) to someone who holds the delegation for its amount.

    The proposal is checked as a decision would be; the receiver finds it under »Beslut att fatta«."""
    from django.urls import reverse

    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.DRAFT:
        raise ConflictError(gettext("Månaden är redan beslutad. Ett beslut kan inte ändras."), field="application")
    case = application.case
    case_write_check(user=actor, case=case)
    _check_case(case)
    if outcome not in DecisionOutcome.values:
        raise ApplicationError(gettext("Okänt utfall."), field="outcome")
    locked.case = case
    value, calculated, _, label = _decision_values(application=locked, outcome=outcome, amount=amount, tables=tables)
    return referral_send(
        actor=actor, case=case, decision_kind=DECISION_KIND, subject_type=REFERRAL_SUBJECT, subject_id=locked.pk,
        path=reverse("assistance:application", kwargs={"application_id": locked.pk}),
        summary=f"Ekonomiskt bistånd {month_sv(locked.month.year, locked.month.month)}: {label}, {int(value)} kr",
        amount=value, to_user=to_user, message=message,
        proposal={
            "outcome": outcome, "amount": str(value), "calculated_amount": str(calculated),
            "reasons": (reasons or "").strip(), "legal_basis": (legal_basis or "").strip(),
            "version": locked.version,
        },
    )


# -- riksnorm corrections (systemförvaltare) ----------------------------------------------------------------


def _require_system_admin(actor) -> None:
    if not user_has_role(user=actor, role=Role.SYSTEM_ADMIN):
        raise AccessDeniedError(gettext("Bara systemförvaltare kan ändra riksnormens belopp."))


def _cell_dict(cell: Amount | None) -> dict[str, Any]:
    if cell is None:
        return {"amount": None, "mark": "—", "source": ""}
    return {"amount": None if cell.amount is None else str(cell.amount), "mark": cell.mark, "source": cell.source}


def _merged_cell(year: int, key: str) -> Amount | None:
    table = next((t for t in selectors.norm_tables_current() if t.year == year), None)
    return table.amounts.get(key) if table else None


ESTIMATE_PREFIX = "Uppskattning, inte officiellt belopp — obekräftat"


@transaction.atomic
def norm_amount_set(
    *, actor, year: int, key: str, amount: Any, source: str, mark: str | None = None, estimate: bool = False
) -> NormAmountOverride:
    """Correct or add one riksnorm amount. Without an official source (or as an estimate) it is stored as
    unconfirmed (⚠), and everything that uses it says so. Audited with the old and new value."""
    if actor is not None:  # None only for the demo generator, which labels its amounts as estimates
        _require_system_admin(actor)
    if key not in selectors.ALL_KEYS:
        raise ApplicationError(gettext("Okänt belopp i riksnormen: %(key)s.") % {"key": key}, field="key")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ApplicationError(gettext("Ange ett år mellan 2000 och 2100."), field="year")
    try:
        value = Decimal(str(amount).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ApplicationError(gettext(
            "%(label)s: beloppet måste vara ett tal."
        ) % {"label": AMOUNT_LABELS[key].capitalize()}, field="amount") from None
    if not value.is_finite() or value < 0:
        raise ApplicationError(gettext(
            "%(label)s: beloppet kan inte vara negativt."
        ) % {"label": AMOUNT_LABELS[key].capitalize()}, field="amount")
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise ApplicationError(gettext("Beloppet kan ha högst två decimaler."), field="amount")
    source = (source or "").strip()
    if len(source) > 500:
        raise ApplicationError(gettext("Källan är för lång (högst 500 tecken)."), field="source")
    if estimate:
        source = f"{ESTIMATE_PREFIX}: {source}" if source else ESTIMATE_PREFIX
        mark = UNCONFIRMED_MARK
    elif not source:
        mark = UNCONFIRMED_MARK  # without an official source the amount cannot be confirmed
    else:
        mark = mark or CONFIRMED_MARKS[-1]
        if mark not in (*CONFIRMED_MARKS, UNCONFIRMED_MARK):
            raise ApplicationError(gettext("Okänd märkning: ange ✔✔, ✔ eller ⚠."), field="mark")
    old = _merged_cell(year, key)
    row, _ = NormAmountOverride.objects.update_or_create(
        year=year, key=key,
        defaults={
            "amount": value.quantize(Decimal("0.01")), "mark": mark, "source": source, "estimate": estimate,
            "entered_by": actor, "entered_at": timezone.now(),
        },
    )
    new = _merged_cell(year, key)
    audit_event_record(
        event_type=EventType.NORM_AMOUNT_SET, actor=actor, obj=row,
        data={"year": year, "key": key, "label": AMOUNT_LABELS[key], "old": _cell_dict(old), "new": _cell_dict(new)},
    )
    return row


@transaction.atomic
def norm_year_enter(*, actor, year: int, amounts: dict[str, Any], source: str, mark: str = "✔") -> list[NormAmountOverride]:
    """A new year's riksnorm (or its missing amounts) entered at once with one source, e.g. the SFS that
    amends SoF 2 kap. 1 §. All or nothing; each amount audited as by norm_amount_set."""
    _require_system_admin(actor)
    if not (source or "").strip():
        raise ApplicationError(gettext("Ange källan för beloppen (t.ex. SFS-numret för ändringen i SoF 2 kap. 1 §)."),
                               field="source")
    given = {key: value for key, value in amounts.items() if str(value or "").strip()}
    if not given:
        raise ApplicationError(gettext("Ange minst ett belopp."), field="amounts")
    rows = []
    for key, value in given.items():
        try:
            rows.append(norm_amount_set(actor=actor, year=year, key=key, amount=value, source=source, mark=mark))
        except ApplicationError as exc:
            raise ApplicationError(exc.message, field=f"amount-{key}") from None
    return rows


@transaction.atomic
def norm_amount_reset(*, actor, year: int, key: str) -> None:
    """Remove an administrator's correction: the bundled value (with its own mark) applies again."""
    _require_system_admin(actor)
    row = NormAmountOverride.objects.filter(year=year, key=key).first()
    if row is None:
        raise ApplicationError(gettext("Beloppet är inte ändrat av systemförvaltare."), field="key")
    old = _merged_cell(year, key)
    row_id = row.pk
    row.delete()
    audit_event_record(
        event_type=EventType.NORM_AMOUNT_RESET, actor=actor, object_type="assistance.normamountoverride",
        object_id=row_id,
        data={
            "year": year, "key": key, "label": AMOUNT_LABELS.get(key, key), "old": _cell_dict(old),
            "new": _cell_dict(_merged_cell(year, key)),
        },
    )


# -- municipal guidelines -----------------------------------------------------------------------------------


def user_may_edit_guidelines(user) -> bool:
    return user_has_role(user=user, role=Role.SYSTEM_ADMIN) or user_has_role(user=user, role=Role.UNIT_MANAGER)


@transaction.atomic
def guideline_create(
    *,
    actor,
    max_amount: Any,
    source: str,
    valid_from: date,
    cost_type: str = "rent",
    household_size: int | None = None,
    valid_to: date | None = None,
    need: str = "",
) -> Guideline:
    """A municipal guideline, e.g. the maximum reasonable rent for a household size, with its decision.

    With ``need`` (a one-off need, models_decisions.OneOffNeed) it is the reference amount (riktbelopp) for
    that need, shown on one-off decisions and never applied silently.
    """
    if actor is not None and not user_may_edit_guidelines(actor):
        raise AccessDeniedError(gettext("Bara systemförvaltare och enhetschefer kan ändra riktlinjerna."))
    from skutan.assistance.models_decisions import OneOffNeed

    if need and need not in OneOffNeed.values:
        raise ApplicationError(gettext("Okänt enstaka behov: %(need)s.") % {"need": need}, field="need")
    if need:
        cost_type, household_size = "other", None
    if cost_type not in dict(COST_TYPE_CHOICES):
        raise ApplicationError(gettext(
            "Okänd kostnadstyp: %(cost_type)s."
        ) % {"cost_type": cost_type}, field="cost_type")
    try:
        value = Decimal(str(max_amount).replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ApplicationError(gettext("Högsta belopp måste vara ett tal."), field="max_amount") from None
    if not value.is_finite() or value <= 0:
        raise ApplicationError(gettext("Högsta belopp måste vara större än 0."), field="max_amount")
    if household_size is not None and not 1 <= household_size <= 20:
        raise ApplicationError(gettext("Antal personer ska vara mellan 1 och 20."), field="household_size")
    if not (source or "").strip():
        raise ApplicationError(gettext("Ange källa: nämndens beslut eller riktlinjens diarienummer."), field="source")
    if valid_to is not None and valid_to < valid_from:
        raise ApplicationError(gettext("Slutdatum kan inte vara före startdatum."), field="valid_to")
    guideline = Guideline.objects.create(
        kind="one_off_ref" if need else "max_rent" if cost_type == "rent" else "max_cost", need=need,
        cost_type=cost_type, household_size=household_size,
        max_amount=value, source=source.strip()[:300], valid_from=valid_from, valid_to=valid_to, created_by=actor,
    )
    audit_event_record(
        event_type=EventType.ASSISTANCE_GUIDELINE_CREATED, actor=actor, obj=guideline,
        data={
            "cost_type": cost_type, "need": need, "household_size": household_size, "max_amount": str(value),
            "source": guideline.source, "valid_from": valid_from.isoformat(),
        },
    )
    return guideline


@transaction.atomic
def guideline_end(*, actor, guideline: Guideline, valid_to: date) -> Guideline:
    if not user_may_edit_guidelines(actor):
        raise AccessDeniedError(gettext("Bara systemförvaltare och enhetschefer kan ändra riktlinjerna."))
    if valid_to < guideline.valid_from:
        raise ApplicationError(gettext("Slutdatum kan inte vara före startdatum."), field="valid_to")
    old = guideline.valid_to
    guideline.valid_to = valid_to
    guideline.save(update_fields=["valid_to"])
    audit_event_record(
        event_type=EventType.ASSISTANCE_GUIDELINE_ENDED, actor=actor, obj=guideline,
        data={"old_valid_to": old.isoformat() if old else None, "valid_to": valid_to.isoformat()},
    )
    return guideline


# -- the register: avslutsorsak -----------------------------------------------------------------------------


@transaction.atomic
def case_closing_code_set(*, actor, case: Case, code: str, expected_version: int | None = None) -> CaseClosingCode:
    """The register's coded avslutsorsak for a closed EB case (it may follow up to four months after)."""
    from skutan.cases.access import case_write_check

    case_write_check(user=actor, case=case)
    if case.case_type != CaseType.FINANCIAL_ASSISTANCE:
        raise ApplicationError(gettext("Avslutsorsak för registret gäller ärenden om ekonomiskt bistånd."), field="case")
    if case.is_active:
        raise ConflictError(gettext("Avslutsorsak anges när ärendet är avslutat."), field="case")
    if code_list("closing_reasons").get(code, case.closed_on or timezone.localdate()) is None:
        raise ApplicationError(gettext("Okänd avslutsorsak."), field="code")
    row = CaseClosingCode.objects.select_for_update().filter(case=case).first()
    old = row.code if row else ""
    if row is None:
        row = CaseClosingCode.objects.create(case=case, code=code, recorded_by=actor)
    else:
        if expected_version is not None and row.version != expected_version:
            from skutan.core.concurrency import STALE_MESSAGE

            raise ConflictError(STALE_MESSAGE, field="version")
        row.code, row.recorded_by, row.recorded_at, row.version = code, actor, timezone.now(), row.version + 1
        row.save()
    audit_event_record(
        event_type=EventType.ASSISTANCE_CLOSING_CODE_SET, actor=actor, obj=row, person_id=case.person_id,
        case_id=case.pk, data={"code": code, "old": old},
    )
    return row
