"""Authorizing reads of deviations, Lex Sarah matters and risk analyses, and the quality statistics.

Who sees what (issue 13, part 5):
- a deviation: its reporter, the unit manager of its unit, and the quality role (kvalitetsansvarig);
- on a case page, deviations linked to the case: the unit manager of the case's unit and the quality role,
  never the caseworkers of the case;
- who reported: only the quality role, and never in a list;
- Lex Sarah matters and risk analyses: the quality role; a unit manager for their own units;
- statistics: the quality role and management (all units), unit managers (their own units).
Every read of a deviation is access-logged, with the person when it is linked to a case.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Membership, Role, Unit
from skutan.accounts.selectors import user_has_role, user_roles
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction
from skutan.audit.services import access_log_record
from skutan.cases.models import Case
from skutan.cases.selectors import case_visible_q
from skutan.core.errors import AccessDeniedError, NotFoundError
from skutan.core.statistics import suppress_row, suppression_threshold
from skutan.quality.models import (
    Deviation,
    DeviationCategory,
    DeviationStatus,
    LexSarahMatter,
    LexSarahStep,
    Measure,
    QualityTarget,
    RiskAnalysis,
)

DEVIATION_NOT_FOUND = "Avvikelsen finns inte, eller så har du inte behörighet till den."
ANALYSIS_NOT_FOUND = "Riskanalysen finns inte, eller så har du inte behörighet till den."
STATISTICS_DENIED = "Statistiken över avvikelser är till för kvalitetsansvariga, ledningen och enhetschefer."


def quality_is_officer(*, user) -> bool:
    return user.is_authenticated and (user.is_superuser or Role.QUALITY_OFFICER in user_roles(user=user))


def quality_managed_unit_ids(*, user) -> set[int]:
    """Units where the user is enhetschef."""
    return set(Membership.objects.filter(user=user, role=Role.UNIT_MANAGER).values_list("unit_id", flat=True))


def _deviation_visible_q(*, user) -> Q:
    if quality_is_officer(user=user):
        return Q()
    return Q(reported_by=user) | Q(unit_id__in=quality_managed_unit_ids(user=user))


def _log(ctx: AccessContext, deviation: Deviation, action: str = AccessAction.VIEW) -> None:
    person = deviation.case.person if deviation.case_id else None
    access_log_record(
        user=ctx.user, action=action, purpose=ctx.purpose, object_type="deviation", object_id=deviation.pk,
        person=person, case_id=deviation.case_id, channel=ctx.channel, path=ctx.path,
    )


def deviation_get_for_user(*, ctx: AccessContext, deviation_id: int, action: str = AccessAction.VIEW) -> Deviation:
    """Fetch a deviation the user may read and log the read; NotFoundError for anyone else (never 403)."""
    deviation = (
        Deviation.objects.filter(_deviation_visible_q(user=ctx.user), pk=deviation_id)
        .exclude(Q(status=DeviationStatus.DRAFT) & ~Q(reported_by=ctx.user))
        .select_related("unit", "category", "case__person", "reported_by")
        .first()
    )
    if deviation is None:
        raise NotFoundError(DEVIATION_NOT_FOUND)
    _log(ctx, deviation, action)
    return deviation


def deviation_reporter_visible(*, user) -> bool:
    """The reporter is protected: only the quality role sees who reported."""
    return quality_is_officer(user=user)


def deviation_list_for_user(*, ctx: AccessContext, unit_id: int | None = None, status: str = "",
                            mine: bool = False, limit: int = 200) -> list[Deviation]:
    """The deviations the user may see (newest first). Each one shown is a logged read where it names a case."""
    qs = Deviation.objects.filter(_deviation_visible_q(user=ctx.user)).exclude(status=DeviationStatus.DRAFT)
    if mine:
        qs = Deviation.objects.filter(reported_by=ctx.user)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if status:
        qs = qs.filter(status=status)
    rows = list(qs.select_related("unit", "category", "case__person", "lex_sarah")[:limit])
    for d in rows:
        if d.case_id:
            _log(ctx, d, AccessAction.LIST)
    return rows


def deviation_draft_of(*, user, draft_id: int) -> Deviation:
    draft = Deviation.objects.filter(pk=draft_id, reported_by=user, status=DeviationStatus.DRAFT).first()
    if draft is None:
        raise NotFoundError(DEVIATION_NOT_FOUND)
    return draft


def deviations_for_case(*, ctx: AccessContext, case: Case) -> list[Deviation] | None:
    """Deviations linked to a case, for the case page: the unit manager and the quality role only.

    None means "not for you" (the section is not shown at all, so a caseworker cannot even see a count).
    """
    user = ctx.user
    if not (quality_is_officer(user=user) or user_has_role(user=user, role=Role.UNIT_MANAGER, unit_id=case.unit_id)):
        return None
    rows = list(
        Deviation.objects.filter(case=case).exclude(status=DeviationStatus.DRAFT).select_related("category", "lex_sarah")
    )
    for d in rows:
        d.case = case
        _log(ctx, d, AccessAction.LIST)
    return rows


def deviation_case_for_report(*, user, case_id: int) -> Case:
    """The case a reporter links: only one they may see, so the link cannot probe other units' cases."""
    case = Case.objects.filter(case_visible_q(user=user), pk=case_id).select_related("unit").first()
    if case is None:
        raise NotFoundError(gettext("Ärendet finns inte, eller så har du inte behörighet till det."))
    return case


def deviation_categories(*, active_only: bool = True) -> QuerySet[DeviationCategory]:
    qs = DeviationCategory.objects.all()
    return qs.filter(active=True) if active_only else qs


def deviation_category_by_code(*, code: str) -> DeviationCategory | None:
    return DeviationCategory.objects.filter(code=code, active=True).first()


def quality_units() -> QuerySet[Unit]:
    return Unit.objects.filter(closed_on__isnull=True).order_by("name")


def quality_unit(*, unit_id: int) -> Unit | None:
    return Unit.objects.filter(pk=unit_id).first()


def quality_officers() -> list:
    from skutan.accounts.models import User

    return list(User.objects.filter(is_active=True, memberships__role=Role.QUALITY_OFFICER).distinct())


# --- Lex Sarah -------------------------------------------------------------------------------------------


def lex_sarah_get_for_user(*, ctx: AccessContext, matter_id: int) -> LexSarahMatter:
    matter = LexSarahMatter.objects.select_related("deviation__unit", "deviation__case__person",
                                                   "deviation__category").filter(pk=matter_id).first()
    if matter is None or not _may_see_matter(user=ctx.user, matter=matter):
        raise NotFoundError(gettext("Lex Sarah-ärendet finns inte, eller så har du inte behörighet till det."))
    _log(ctx, matter.deviation)
    return matter


def _may_see_matter(*, user, matter: LexSarahMatter) -> bool:
    return quality_is_officer(user=user) or matter.deviation.unit_id in quality_managed_unit_ids(user=user)


def lex_sarah_list_for_user(*, ctx: AccessContext) -> list[LexSarahMatter]:
    qs = LexSarahMatter.objects.select_related("deviation__unit", "deviation__category").order_by("-classified_at")
    if not quality_is_officer(user=ctx.user):
        qs = qs.filter(deviation__unit_id__in=quality_managed_unit_ids(user=ctx.user))
    rows = list(qs)
    for m in rows:
        if m.deviation.case_id:
            _log(ctx, m.deviation, AccessAction.LIST)
    return rows


@dataclass(frozen=True)
class StepTime:
    step: str
    label: str
    reached_on: date | None
    days: int  # from the report to the step, or to today while the step is not reached
    target_days: int | None
    over_target: bool


def lex_sarah_elapsed(*, matter: LexSarahMatter, today: date | None = None) -> list[StepTime]:
    """Elapsed days from the report to each step of the chain, against the municipality's own targets."""
    today = today or timezone.localdate()
    start = timezone.localtime(matter.deviation.reported_at or matter.classified_at).date()
    targets = dict(QualityTarget.objects.values_list("step", "days"))
    reached = {
        LexSarahStep.FIRST_ASSESSMENT: matter.first_assessed_at,
        LexSarahStep.INVESTIGATED: matter.investigated_at,
        LexSarahStep.SERIOUSNESS_DECIDED: matter.seriousness_decided_at,
        LexSarahStep.REPORTED_TO_IVO: matter.ivo_sent_on,
        LexSarahStep.CLOSED: matter.closed_at,
    }
    out = []
    for step, when in reached.items():
        if step == LexSarahStep.REPORTED_TO_IVO and matter.serious is False:
            continue  # not serious: nothing goes to IVO
        day = when if isinstance(when, date) and not hasattr(when, "hour") else (
            timezone.localtime(when).date() if when else None)
        days = ((day or today) - start).days
        target = targets.get(step)
        out.append(StepTime(step=step, label=LexSarahStep(step).label, reached_on=day, days=days,
                            target_days=target, over_target=target is not None and days > target))
    return out


def quality_targets() -> dict[str, int]:
    return dict(QualityTarget.objects.values_list("step", "days"))


def measures_open_for_user(*, user) -> list[Measure]:
    return list(Measure.objects.filter(owner=user, done_on__isnull=True).select_related("matter", "analysis"))


# --- Risk analyses ---------------------------------------------------------------------------------------


def _analysis_visible_q(*, user) -> Q:
    if quality_is_officer(user=user):
        return Q()
    return Q(unit_id__in=quality_managed_unit_ids(user=user))


def risk_analysis_list_for_user(*, user) -> list[RiskAnalysis]:
    return list(RiskAnalysis.objects.filter(_analysis_visible_q(user=user)).select_related("unit")
                .annotate(risk_count=Count("risks")))


def risk_analysis_get_for_user(*, user, analysis_id: int) -> RiskAnalysis:
    analysis = (RiskAnalysis.objects.filter(_analysis_visible_q(user=user), pk=analysis_id)
                .select_related("unit", "copied_from").prefetch_related("risks", "measures__owner").first())
    if analysis is None:
        raise NotFoundError(ANALYSIS_NOT_FOUND)
    return analysis


def risk_analysis_deviations(*, ctx: AccessContext, analysis: RiskAnalysis) -> list[Deviation]:
    rows = list(analysis.deviations.select_related("category", "unit"))
    for d in rows:
        if d.case_id:
            _log(ctx, d, AccessAction.LIST)
    return rows


def risk_matrix(*, analysis: RiskAnalysis) -> list[list[list]]:
    """matrix[consequence 4..1][probability 1..4] -> the risks in that cell, for the picture."""
    grid = {(c, p): [] for c in range(1, 5) for p in range(1, 5)}
    for i, risk in enumerate(analysis.risks.all(), start=1):
        risk.number = i
        grid[(risk.consequence, risk.probability)].append(risk)
    return [[grid[(c, p)] for p in range(1, 5)] for c in range(4, 0, -1)]


def risk_analyses_due_for_review(*, user, today: date | None = None) -> list[RiskAnalysis]:
    today = today or timezone.localdate()
    return [a for a in risk_analysis_list_for_user(user=user) if a.next_review_on <= today]


# --- Statistics ------------------------------------------------------------------------------------------


def statistics_scope(*, user) -> set[int] | None:
    """Units whose deviations the user may count: None = all (quality, management). 403 for anyone else."""
    if quality_is_officer(user=user) or user_has_role(user=user, role=Role.MANAGEMENT):
        return None
    managed = quality_managed_unit_ids(user=user)
    if not managed:
        raise AccessDeniedError(STATISTICS_DENIED)
    return managed


def _months(first: date, last: date) -> list[date]:
    out, m = [], first.replace(day=1)
    while m <= last:
        out.append(m)
        m = (m + timedelta(days=32)).replace(day=1)
    return out


def _scoped(unit_ids: set[int] | None) -> QuerySet[Deviation]:
    qs = Deviation.objects.exclude(status=DeviationStatus.DRAFT)
    return qs if unit_ids is None else qs.filter(unit_id__in=unit_ids)


def deviation_statistics_months(*, unit_ids: set[int] | None, first: date, last: date) -> dict:
    """Per month of ``occurred_on``: deviations, of them Lex Sarah, and Lex Sarah reported to IVO.

    Small counts are suppressed (None, named in ``suppressed`` as "YYYY-MM.field").
    """
    months = _months(first, last)
    end = (months[-1] + timedelta(days=32)).replace(day=1)
    rows = (
        _scoped(unit_ids).filter(occurred_on__gte=months[0], occurred_on__lt=end)
        .annotate(m=TruncMonth("occurred_on")).values("m")
        .annotate(
            n_deviations=Count("pk"),
            n_lex_sarah=Count("lex_sarah"),  # an annotation named like the relation would shadow it
            n_ivo=Count("lex_sarah", filter=Q(lex_sarah__ivo_sent_on__isnull=False)),
        )
    )
    by_month = {(r["m"].date() if hasattr(r["m"], "date") else r["m"]): r for r in rows}
    out, suppressed = [], []
    current = timezone.localdate().replace(day=1)
    for m in months:
        r = by_month.get(m, {})
        row = {"month": f"{m:%Y-%m}", "deviations": r.get("n_deviations", 0), "lex_sarah": r.get("n_lex_sarah", 0),
               "reported_to_ivo": r.get("n_ivo", 0), "complete": m < current}
        suppressed += [f"{row['month']}.{k}" for k in suppress_row(row, ("deviations", "lex_sarah", "reported_to_ivo"))]
        out.append(row)
    return {"months": out, "suppressed": suppressed, "threshold": suppression_threshold()}


def _count_table(qs, key: str, label_of) -> list[dict]:
    rows = []
    for r in qs.values(key).annotate(n=Count("pk")).order_by("-n"):
        row = {"label": label_of(r[key]), "count": r["n"]}
        row["suppressed"] = bool(suppress_row(row, ("count",)))
        rows.append(row)
    return rows


def deviation_statistics(*, unit_ids: set[int] | None, first: date, last: date, today: date | None = None) -> dict:
    """Everything the statistics page shows, for one period."""
    today = today or timezone.localdate()
    qs = _scoped(unit_ids).filter(occurred_on__gte=first, occurred_on__lte=last)
    categories = dict(DeviationCategory.objects.values_list("pk", "label"))
    units = dict(Unit.objects.values_list("pk", "name"))
    severities = dict(Deviation._meta.get_field("severity").choices)
    matters = LexSarahMatter.objects.filter(deviation__in=qs)
    decided = [
        (timezone.localtime(m.seriousness_decided_at).date() - timezone.localtime(m.deviation.reported_at or
         m.classified_at).date()).days
        for m in matters.select_related("deviation").filter(seriousness_decided_at__isnull=False)
    ]
    n_matters = matters.count()
    n_ivo = matters.filter(ivo_sent_on__isnull=False).count()
    faults = []
    for r in qs.filter(system_fault=True).values("page_path").annotate(n=Count("pk")).order_by("-n"):
        row = {"label": r["page_path"] or "(okänd sida)", "count": r["n"]}
        suppress_row(row, ("count",))
        faults.append(row)
    return {
        "months": deviation_statistics_months(unit_ids=unit_ids, first=first, last=last),
        "by_unit": _count_table(qs, "unit", lambda pk: units.get(pk, "?")),
        "by_category": _count_table(qs, "category", lambda pk: categories.get(pk, "?")),
        "by_severity": _count_table(qs, "severity", lambda v: severities.get(v, v)),
        "system_faults": faults,
        "lex_sarah": n_matters,
        "reported_to_ivo": n_ivo,
        "ivo_share": None if not n_matters or 0 < n_matters < suppression_threshold()
        else round(100 * n_ivo / n_matters),
        "median_days_to_decision": _median(decided) if len(decided) >= suppression_threshold() else None,
        "decided_count": len(decided),
        "recurring": recurring_categories(unit_ids=unit_ids, today=today),
    }


def _median(values: list[int]) -> float:
    s = sorted(values)
    mid = len(s) // 2
    return float(s[mid]) if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def recurring_categories(*, unit_ids: set[int] | None, today: date, top: int = 5) -> dict:
    """The top categories this quarter against the previous quarter (recurring causes)."""
    this_start = _quarter_start(today)
    last_start = _quarter_start(this_start - timedelta(days=1))
    qs = _scoped(unit_ids)
    now = Counter(dict(qs.filter(occurred_on__gte=this_start, occurred_on__lte=today)
                       .values_list("category__label").annotate(n=Count("pk")).values_list("category__label", "n")))
    before = Counter(dict(qs.filter(occurred_on__gte=last_start, occurred_on__lt=this_start)
                          .values_list("category__label").annotate(n=Count("pk"))
                          .values_list("category__label", "n")))
    rows = []
    for label, _n in (now + before).most_common(top):
        row = {"label": label, "this_quarter": now.get(label, 0), "last_quarter": before.get(label, 0)}
        suppress_row(row, ("this_quarter", "last_quarter"))
        rows.append(row)
    return {"this_start": this_start, "last_start": last_start, "rows": rows}


def measure_get_for_user(*, user, measure_id: int) -> Measure:
    measure = Measure.objects.select_related("matter__deviation", "analysis").filter(pk=measure_id).first()
    if measure is None:
        raise NotFoundError(gettext("Åtgärden finns inte, eller så har du inte behörighet till den."))
    unit_id = measure.matter.deviation.unit_id if measure.matter_id else measure.analysis.unit_id
    if not (measure.owner_id == user.pk or quality_is_officer(user=user)
            or unit_id in quality_managed_unit_ids(user=user)):
        raise NotFoundError(gettext("Åtgärden finns inte, eller så har du inte behörighet till den."))
    return measure
