"""Reads for payments. Who may see what, and every read of personal data access-logged.

Payment runs are for the unit managers of ekonomiskt bistånd (their own units) and for system administrators
(every EB unit). A single payment is read through its case (cases.selectors.case_get_for_user).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext

from skutan.accounts.models import Role, Unit, UnitKind
from skutan.accounts.selectors import user_has_role, user_roles
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction, AccessLog
from skutan.audit.services import access_log_record
from skutan.cases.selectors import case_get_for_user
from skutan.core.errors import AccessDeniedError, NotFoundError
from skutan.payments.models import OPEN_RUN_STATUSES, PayeeAccount, Payment, PaymentRun, PaymentStatus
from skutan.people.models import Person

RUN_NOT_FOUND = "Utbetalningskörningen finns inte, eller så har du inte behörighet till den."
RUN_OTHER_UNITS = (
    "Körningen innehåller utbetalningar från enheter där du inte har behörighet. "
    "Betalfilen kan bara hämtas av den som har behörighet till alla dess enheter."
)
PAYMENT_NOT_FOUND = "Utbetalningen finns inte, eller så har du inte behörighet till den."


def payment_units_for_user(*, user) -> list[Unit]:
    """The EB units whose payments the user may run: the units they manage; every EB unit for a
    system administrator."""
    if not user.is_authenticated:
        return []
    eb_units = Unit.objects.filter(kind=UnitKind.FINANCIAL_ASSISTANCE).order_by("name")
    if user.is_superuser or Role.SYSTEM_ADMIN in user_roles(user=user):
        return list(eb_units)
    return list(eb_units.filter(memberships__user=user, memberships__role=Role.UNIT_MANAGER).distinct())


def user_can_run_payments(*, user) -> bool:
    return bool(payment_units_for_user(user=user))


def user_can_handle_payment(*, user, unit_id: int) -> bool:
    """Status changes and reversals: the unit's manager, or a system administrator."""
    return user_has_role(user=user, role=Role.UNIT_MANAGER, unit_id=unit_id) or user_has_role(
        user=user, role=Role.SYSTEM_ADMIN
    )


def payment_runs_for_user(*, user) -> QuerySet[PaymentRun]:
    unit_ids = [u.pk for u in payment_units_for_user(user=user)]
    return (
        PaymentRun.objects.filter(units__in=unit_ids).distinct().select_related("created_by", "sent_by")
        .order_by("-created_at", "-id")
    )


def payment_run_open_for_units(*, unit_ids: list[int]) -> PaymentRun | None:
    return (
        PaymentRun.objects.filter(units__in=unit_ids, status__in=OPEN_RUN_STATUSES).order_by("created_at").first()
    )


def payment_run_get_for_user(
    *, ctx: AccessContext, run_id: int, action: str = AccessAction.VIEW, log_payees: bool = False,
    whole_run: bool = False,
) -> PaymentRun:
    """A run the user may see, access-logged: one row for the run, and with ``log_payees`` one row per payee
    (a page or file that shows their names and accounts).

    A run can span several units (a system administrator's run covers every EB unit): a unit manager sees
    only the payments of their own units (``run.visible_unit_ids``, used by payments_in_run), and
    ``whole_run`` (the bank file, which names every payee) is refused unless the user may see all its units."""
    run = payment_runs_for_user(user=ctx.user).filter(pk=run_id).first()
    if run is None:
        raise NotFoundError(RUN_NOT_FOUND)
    own = {u.pk for u in payment_units_for_user(user=ctx.user)}
    run_units = set(run.units.values_list("pk", flat=True))
    run.visible_unit_ids = run_units & own
    run.whole_run_visible = run_units <= own
    if whole_run and not run.whole_run_visible:
        raise AccessDeniedError(RUN_OTHER_UNITS)
    access_log_record(
        user=ctx.user, action=action, purpose=ctx.purpose, object_type="payment_run", object_id=run.pk,
        channel=ctx.channel, path=ctx.path,
    )
    if log_payees:
        payees = (
            Person.objects.filter(payments__run=run, payments__case__unit_id__in=run.visible_unit_ids)
            .distinct().only("pk", "protection")
        )
        AccessLog.objects.bulk_create(
            AccessLog(
                user_id=ctx.user.pk, username=ctx.user.get_username(), person_id=p.pk, object_type="payment_run",
                object_id=str(run.pk), action=action, purpose=ctx.purpose[:200], channel=ctx.channel,
                path=ctx.path[:300], protected_person=p.protected_identity,
            )
            for p in payees
        )
    return run


def payment_get_for_user(*, ctx: AccessContext, payment_id: int) -> Payment:
    """A payment, read through its case (which authorizes and access-logs the read)."""
    case_id = Payment.objects.filter(pk=payment_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFoundError(PAYMENT_NOT_FOUND)
    case = case_get_for_user(ctx=ctx, case_id=case_id)
    payment = (
        Payment.objects.select_related("decision", "payee", "run", "account").prefetch_related("reversals")
        .get(pk=payment_id)
    )
    payment.case = case
    return payment


def payments_in_run(*, run: PaymentRun) -> list[Payment]:
    """The run's payments the user may see (a run read through payment_run_get_for_user carries
    ``visible_unit_ids``: payees of other units are not shown)."""
    payments = run.payments.all()
    visible = getattr(run, "visible_unit_ids", None)
    if visible is not None:
        payments = payments.filter(case__unit_id__in=visible)
    return list(payments.select_related("payee", "case", "account").order_by("id"))


def payments_for_case(*, case) -> list[Payment]:
    """Payments of a case the caller already fetched through case_get_for_user."""
    return list(case.payments.select_related("run").prefetch_related("reversals").order_by("-month", "-id"))


def payment_reversed_total(*, payment: Payment) -> Decimal:
    return payment.reversals.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def payee_account_current(*, person) -> PayeeAccount | None:
    return PayeeAccount.objects.filter(person=person, ended_at__isnull=True).first()


def payee_accounts_of(*, person) -> list[PayeeAccount]:
    return list(PayeeAccount.objects.filter(person=person).select_related("created_by", "verified_by"))


def verified_accounts_by_person(*, person_ids) -> dict[int, PayeeAccount]:
    rows = PayeeAccount.objects.filter(person_id__in=person_ids, ended_at__isnull=True, verified=True)
    return {row.person_id: row for row in rows}


def persons_with_verified_account(*, person_ids) -> set[int]:
    """Which of these persons have a current verified account (ids only: a payment run asks for thousands)."""
    return set(
        PayeeAccount.objects.filter(person_id__in=person_ids, ended_at__isnull=True, verified=True)
        .values_list("person_id", flat=True)
    )


@dataclass(frozen=True)
class PlannedSummary:
    count: int
    amount: Decimal
    without_verified_account: int
    in_open_run: int


def payments_planned_summary(*, unit_ids: list[int]) -> PlannedSummary:
    planned = Payment.objects.filter(case__unit_id__in=unit_ids, status=PaymentStatus.PLANNED)
    agg = planned.aggregate(n=Count("id"), total=Sum("amount"))
    # A payment to a landlord or supplier goes to the bankgiro on its order: it needs no payee account.
    without = planned.filter(third_party_order__isnull=True).exclude(
        payee__payee_accounts__in=PayeeAccount.objects.filter(ended_at__isnull=True, verified=True)
    ).count()
    return PlannedSummary(
        count=agg["n"] or 0, amount=agg["total"] or Decimal("0"), without_verified_account=without,
        in_open_run=planned.filter(run__isnull=False).count(),
    )


def payees_without_verified_account(*, ctx: AccessContext, unit_ids: list[int], limit: int = 100) -> list[Person]:
    """Payees of planned payments who lack a verified account: the list a unit works through. Each person
    shown is access-logged."""
    people = list(
        Person.objects.filter(payments__status=PaymentStatus.PLANNED, payments__case__unit_id__in=unit_ids,
                              payments__third_party_order__isnull=True)
        .exclude(payee_accounts__in=PayeeAccount.objects.filter(ended_at__isnull=True, verified=True))
        .distinct().order_by("last_name", "first_name")[:limit]
    )
    AccessLog.objects.bulk_create(
        AccessLog(
            user_id=ctx.user.pk, username=ctx.user.get_username(), person_id=p.pk, object_type="person",
            object_id=str(p.pk), action=AccessAction.LIST, purpose=ctx.purpose[:200], channel=ctx.channel,
            path=ctx.path[:300], protected_person=p.protected_identity,
        )
        for p in people
    )
    return people


def run_totals_by_status(*, run: PaymentRun) -> dict[str, int]:
    return dict(run.payments.values_list("status").annotate(n=Count("id")).order_by())



def payee_account_person_get_for_user(*, ctx: AccessContext, person_id: int) -> Person:
    """The person whose payment account the user may register or verify: a payee in one of the user's EB units
    (caseworker or unit manager), or anyone for a system administrator. Access-logged as a read of the person."""
    from skutan.cases.models import Case, CaseType
    from skutan.people.selectors import person_get_for_user

    person = person_get_for_user(ctx=ctx, person_id=person_id)
    user = ctx.user
    if user.is_superuser or Role.SYSTEM_ADMIN in user_roles(user=user):
        return person
    unit_ids = user.memberships.filter(
        role__in=[Role.CASEWORKER, Role.UNIT_MANAGER], unit__kind=UnitKind.FINANCIAL_ASSISTANCE
    ).values_list("unit_id", flat=True)
    cases = Case.objects.filter(case_type=CaseType.FINANCIAL_ASSISTANCE, unit_id__in=unit_ids)
    if not cases.filter(Q(person=person) | Q(assistance_decisions__payee=person)).exists():
        raise NotFoundError(gettext("Personen har inget ärende om ekonomiskt bistånd i din enhet."))
    return person


def payment_run_reload(*, run: PaymentRun) -> PaymentRun:
    """The run as stored now (the caller already read it through an authorizing selector)."""
    return PaymentRun.objects.get(pk=run.pk)


def payment_run_task(*, run: PaymentRun):
    """The latest background task of a run (its progress row), or None."""
    from skutan.core.tasks import task_progress_latest

    return task_progress_latest(kind="payments.run", object_type=run._meta.label_lower, object_id=run.pk)


def payment_run_tasks(*, runs) -> dict[int, object]:
    """The latest background task of each run (run id → progress row), in one query: the API's run list."""
    from skutan.core.models import TaskProgress

    latest: dict[int, object] = {}
    rows = TaskProgress.objects.filter(
        kind="payments.run", object_type=PaymentRun._meta.label_lower, object_id__in=[str(r.pk) for r in runs]
    ).order_by("created_at", "id")
    for progress in rows:
        latest[int(progress.object_id)] = progress  # later rows overwrite earlier ones
    return latest
