"""Authorizing, access-logged reads of the adults module, and what its pages show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import BooleanField, Prefetch, Q, Value, When
from django.db.models import Case as DbCase
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import User
from skutan.accounts.selectors import delegation_holders, delegation_point_for, user_unit_ids
from skutan.adults import extensions, stepdown
from skutan.adults.models import (
    AdultInsats,
    Boplan,
    BoplanStep,
    CoordinationRequest,
    CoordinationStatus,
    DrugTest,
    InsatsStatus,
    LvmMatter,
    Sip,
)
from skutan.adults.services import DECISION_KIND, REFERRAL_SUBJECT
from skutan.audit.context import AccessContext
from skutan.audit.services import access_log_record
from skutan.cases.models import ACTIVE_STATUSES, Case, CaseAssignment, CaseType
from skutan.cases.selectors import case_get_for_user, case_visible_q
from skutan.core.errors import ConflictError, NotFoundError

NOT_FOUND = "Ärendet finns inte, eller så har du inte behörighet till det."
OTHER_UNIT_LINE = "Personen har kontakt med en annan enhet"


def units_for_sip() -> list:
    """The municipality's open units, which a SIP may name as participants (their staff then see the SIP)."""
    from skutan.accounts.models import Unit

    today = timezone.localdate()
    return [u for u in Unit.objects.all() if not u.closed_on or u.closed_on > today]


def adult_case_get_for_user(*, ctx: AccessContext, case_id: int, action: str = "view") -> Case:
    case = case_get_for_user(ctx=ctx, case_id=case_id, action=action)
    if case.case_type != CaseType.ADULTS:
        raise NotFoundError(NOT_FOUND)
    return case


def _of_case(model, case: Case, object_id) -> object:
    try:
        obj = model.objects.filter(case=case, pk=int(object_id)).first()
    except (TypeError, ValueError):
        obj = None
    if obj is None:
        raise NotFoundError(gettext("Uppgiften finns inte i ärendet."))
    return obj


def user_in_adults_unit(*, user) -> bool:
    from skutan.accounts.models import UnitKind
    from skutan.accounts.selectors import user_memberships

    # From the memberships the request has already read (no query of its own on the start page).
    return any(kind == UnitKind.ADULTS for _, _, kind in user_memberships(user=user))


def open_investigation_of(*, case: Case):
    from skutan.adults.models import AdultInvestigation

    investigation = AdultInvestigation.objects.filter(case=case, status="open").first()
    if investigation is None:
        raise ConflictError(gettext("Det finns ingen pågående utredning."), field="investigation")
    return investigation


def latest_investigation_of(*, case: Case):
    from skutan.adults.models import AdultInvestigation

    return AdultInvestigation.objects.filter(case=case).order_by("-opened_on", "-pk").first()


def housing_contract_of(*, case: Case) -> AdultInsats | None:
    return AdultInsats.objects.filter(case=case, kind="housing_contract").order_by("-starts_on").first()


def insats_of_case(*, case: Case, insats_id) -> AdultInsats:
    return _of_case(AdultInsats, case, insats_id)


def lvm_of_case(*, case: Case, lvm_id) -> LvmMatter:
    return _of_case(LvmMatter, case, lvm_id)


def sip_of_case(*, case: Case, sip_id) -> Sip:
    return _of_case(Sip, case, sip_id)


def boplan_of_case(*, case: Case, boplan_id) -> Boplan:
    return _of_case(Boplan, case, boplan_id)


def step_of_case(*, case: Case, step_id) -> BoplanStep:
    try:
        step = BoplanStep.objects.select_related("boplan").filter(boplan__case=case, pk=int(step_id)).first()
    except (TypeError, ValueError):
        step = None
    if step is None:
        raise NotFoundError(gettext("Steget finns inte i ärendet."))
    return step


def test_of_case(*, case: Case, test_id) -> DrugTest:
    try:
        test = DrugTest.objects.select_related("boplan").filter(boplan__case=case, pk=int(test_id)).first()
    except (TypeError, ValueError):
        test = None
    if test is None:
        raise NotFoundError(gettext("Testet finns inte i ärendet."))
    return test


def lead_days() -> int:
    return int(getattr(settings, "SKUTAN_BOPLAN_PROPOSE_DAYS_BEFORE", 7))


def boplan_proposal(*, boplan: Boplan, today: date | None = None) -> stepdown.Proposal | None:
    """Whether the next step of the step-down schedule is due to be proposed, and if the conditions were met."""
    today = today or timezone.localdate()
    steps = [stepdown.Step(id=s.pk, planned_on=s.planned_on, status=s.status, decided_on=s.decided_on)
             for s in boplan.steps.all()]
    tests = [stepdown.Sample(taken_on=t.taken_on, result=t.result) for t in boplan.tests.all()]
    start = stepdown.period_start(signed_on=boplan.signed_on, steps=steps)
    not_reached = extensions.visits_not_reached(case=boplan.case, since=start) if start else 0
    return stepdown.proposal_for(signed_on=boplan.signed_on, steps=steps, tests=tests, today=today,
                                 lead_days=lead_days(), visits_not_reached=not_reached)


@dataclass
class InsatsView:
    insats: AdultInsats
    covered: bool = False  # the viewer's delegation covers it
    holders: list[User] = field(default_factory=list)
    referral: object | None = None  # the pending DecisionReferral, if sent


def _insats_views(*, user, case: Case) -> list[InsatsView]:
    from skutan.referrals.models import DecisionReferral, ReferralStatus

    today = timezone.localdate()
    views = []
    pending = {r.subject_id: r for r in DecisionReferral.objects.filter(
        case=case, subject_type=REFERRAL_SUBJECT, status=ReferralStatus.PENDING).select_related("sent_to", "sent_by")}
    for insats in case.adult_insatser.prefetch_related("follow_ups").select_related("decided_by"):
        view = InsatsView(insats=insats, referral=pending.get(insats.pk))
        if insats.status == InsatsStatus.PROPOSED:
            view.covered = user.is_superuser or delegation_point_for(
                user=user, decision_kind=DECISION_KIND, amount=insats.monthly_cost, on=today,
                unit_id=case.unit_id) is not None
            if not view.covered:
                view.holders = [u for u, _ in delegation_holders(
                    decision_kind=DECISION_KIND, amount=insats.monthly_cost, on=today, unit_id=case.unit_id)
                    if u.pk != user.pk]
        views.append(view)
    return views


def adult_case_overview(*, user, case: Case) -> dict:
    """Everything of the adult case page (the case itself was read and logged by adult_case_get_for_user)."""
    today = timezone.localdate()
    boplans = []
    for plan in case.boplans.prefetch_related("steps", "tests"):
        boplans.append({"plan": plan, "proposal": boplan_proposal(boplan=plan, today=today),
                        "timeline": sorted(plan.tests.all(), key=lambda t: (t.taken_on, t.pk)),
                        "flags": [t for t in plan.tests.all() if t.flagged and not t.flag_acknowledged_at]})
    return {
        "opening": getattr(case, "adult_opening", None),
        "investigations": list(case.adult_investigations.all()),
        "insatser": _insats_views(user=user, case=case),
        "lvm_matters": [{"matter": m, "days_left": (m.due - today).days if not m.concluded_on else None}
                        for m in case.lvm_matters.all()],
        "sips": list(case.sips.prefetch_related("participants__unit")),
        "boplans": boplans,
    }


# -- the adults unit's board ------------------------------------------------------------------------------


def adults_board(*, user) -> dict:
    """The caseworker's and manager's list of what needs doing in their adult cases: flagged drug tests, steps of
    the step-down schedule to decide, LVM clocks, SIP meetings and samordningsmöten asked of the unit."""
    today = timezone.localdate()
    cases = Case.objects.filter(case_visible_q(user=user), case_type=CaseType.ADULTS, status__in=ACTIVE_STATUSES)
    flags = list(DrugTest.objects.filter(boplan__case__in=cases, flagged=True, flag_acknowledged_at__isnull=True)
                 .select_related("boplan__case__person").order_by("taken_on"))
    proposals = []
    for plan in Boplan.objects.filter(case__in=cases, signed_on__isnull=False).prefetch_related("steps", "tests"):
        proposal = boplan_proposal(boplan=plan, today=today)
        if proposal:
            proposals.append({"plan": plan, "proposal": proposal})
    lvm = [{"matter": m, "days_left": (m.due - today).days}
           for m in LvmMatter.objects.filter(case__in=cases, concluded_on__isnull=True).select_related("case__person")]
    lvm.sort(key=lambda row: row["days_left"])
    sips = list(Sip.objects.filter(case__in=cases, ended_on__isnull=True, next_meeting_on__isnull=False)
                .select_related("case__person").order_by("next_meeting_on")[:20])
    requests = list(CoordinationRequest.objects.filter(to_unit_id__in=user_unit_ids(user=user),
                                                       status=CoordinationStatus.OPEN)
                    .select_related("person", "from_unit", "requested_by"))
    return {"flags": flags, "proposals": proposals, "lvm": lvm, "sips": sips, "requests": requests,
            "cases": list(cases.select_related("person").order_by("-opened_on")[:50])}


def coordination_request_get_for_user(*, ctx: AccessContext, request_id) -> CoordinationRequest:
    """A samordningsmöte request to (or from) one of the user's units, read and logged."""
    units = user_unit_ids(user=ctx.user)
    try:
        request = CoordinationRequest.objects.filter(
            Q(to_unit_id__in=units) | Q(from_unit_id__in=units), pk=int(request_id)).select_related("person").first()
    except (TypeError, ValueError):
        request = None
    if request is None:
        raise NotFoundError(gettext("Begäran finns inte."))
    access_log_record(user=ctx.user, action="view", purpose=ctx.purpose, object_type="coordination_request",
                      object_id=request.pk, person=request.person, channel=ctx.channel, path=ctx.path)
    return request


# -- between the chairs: the person overview --------------------------------------------------------------


@dataclass
class UnitContact:
    unit: object
    cases: list
    contacts: list[str]
    insatser: list


def person_between_chairs(*, ctx: AccessContext, person) -> dict:
    """Every active case and insats of the person in the units the reader may see, with each unit's contact;
    a line (only a line, logged) when another unit has a case the reader cannot see; the SIPs in which one of
    the reader's units takes part; and the samordningsmöte requests between the reader's units and others."""
    user = ctx.user
    active = Case.objects.filter(person=person, status__in=ACTIVE_STATUSES)
    # One read for the visible and the hidden cases: whether the reader may see each is worked out in SQL.
    every = list(active.annotate(reader_sees=DbCase(When(case_visible_q(user=user), then=Value(True)),
                                                    default=Value(False), output_field=BooleanField()))
                 .select_related("unit").prefetch_related(
                     Prefetch("assignments", queryset=CaseAssignment.objects.select_related("user")), "adult_insatser"))
    visible = [c for c in every if c.reader_sees]
    by_unit: dict[int, UnitContact] = {}
    today = timezone.localdate()
    for case in visible:
        row = by_unit.setdefault(case.unit_id, UnitContact(unit=case.unit, cases=[], contacts=[], insatser=[]))
        row.cases.append(case)
        for a in case.assignments.all():
            if a.ended_at is None and a.user.display_name not in row.contacts:
                row.contacts.append(a.user.display_name)
        row.insatser += [i for i in case.adult_insatser.all() if i.is_active_on(today)]
    hidden_units = {c.unit_id for c in every if not c.reader_sees}
    if hidden_units:
        # Reading that another unit has contact is itself a read about the person: logged, without its content.
        access_log_record(user=user, action="view", purpose=f"{ctx.purpose}: {OTHER_UNIT_LINE.lower()}",
                          object_type="person_other_units", object_id=person.pk, person=person,
                          channel=ctx.channel, path=ctx.path, outside_units=True)
    my_units = user_unit_ids(user=user)
    sips = list(Sip.objects.filter(case__person=person, ended_on__isnull=True)
                .filter(Q(participants__unit_id__in=my_units) | Q(case__in=visible)).distinct()
                .prefetch_related("participants__unit"))
    requests = list(CoordinationRequest.objects.filter(person=person).filter(
        Q(from_unit_id__in=my_units) | Q(to_unit_id__in=my_units)).select_related("from_unit", "requested_by"))
    may_request = bool(hidden_units) and any(c.unit_id in my_units for c in visible)
    return {"units": list(by_unit.values()), "other_unit": bool(hidden_units), "sips": sips,
            "requests": requests, "may_request": may_request, "my_units": my_units}
