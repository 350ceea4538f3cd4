"""Reading cohort programmes: progress against the goal, the assistance no longer paid, the comparison group,
the other units involved, and the drill-down to the households (through access control, access-logged)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext

from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction
from skutan.audit.services import access_log_record
from skutan.core.errors import NotFoundError
from skutan.followup.db import reporting_alias
from skutan.followup.models import (
    LEFT_PROGRAMME,
    SELF_SUPPORT,
    CohortEffort,
    CohortMember,
    CohortOutcome,
    CohortProgramme,
    EmploymentForm,
    HouseholdMonth,
    InvolvedUnit,
    OutcomeKind,
)
from skutan.followup.months import month_add, month_end, months_between
from skutan.followup.privacy import measure_suppress
from skutan.followup.selectors import Chart, Column, Measure, followup_scope, share, whole_kronor

MAX_PROGRESS_MONTHS = 60


def cohort_programmes_for_user(*, user) -> list[CohortProgramme]:
    scope = followup_scope(user=user)
    qs = CohortProgramme.objects.using(reporting_alias()).select_related("unit")
    if scope is not None:
        qs = qs.filter(unit_id__in=scope)
    return list(qs.annotate(n=Count("members", filter=Q(members__in_cohort=True))))


def cohort_programme_get_for_user(*, user, programme_id: int) -> CohortProgramme:
    scope = followup_scope(user=user)
    qs = CohortProgramme.objects.select_related("unit", "created_by", "frozen_by")
    if scope is not None:
        qs = qs.filter(unit_id__in=scope)
    programme = qs.filter(pk=programme_id).first()
    if programme is None:
        raise NotFoundError(gettext("Programmet finns inte eller ingår inte i din uppföljning."))
    return programme


def _latest_outcomes(member_ids: list[int], *, until: date | None = None) -> dict[int, CohortOutcome]:
    qs = CohortOutcome.objects.using(reporting_alias()).filter(member_id__in=member_ids)
    if until is not None:
        qs = qs.filter(occurred_on__lte=until)
    latest: dict[int, CohortOutcome] = {}
    for outcome in qs.order_by("member_id", "occurred_on", "id"):
        latest[outcome.member_id] = outcome
    return latest


def cohort_progress(*, programme: CohortProgramme, today: date | None = None) -> Measure:
    """Per month since the start: the share of the cohort in egen försörjning (arbete or studier, by the latest
    outcome recorded by the end of the month; moved and deceased households left out of the denominator),
    the households still on assistance, and the assistance no longer paid compared with the month before entry,
    for the cohort and for the comparison group."""
    today = today or timezone.localdate()
    db = reporting_alias()
    members = list(CohortMember.objects.using(db).filter(programme=programme).values(
        "id", "payee_id", "in_cohort", "baseline_granted", "entered_on"))
    cohort = [m for m in members if m["in_cohort"]]
    comparison = [m for m in members if not m["in_cohort"]]
    start = programme.starts_on.replace(day=1)
    last = min(today.replace(day=1), month_add(start, MAX_PROGRESS_MONTHS - 1))
    months = months_between(start, last) if start <= last else []
    outcomes = list(CohortOutcome.objects.using(db).filter(member_id__in=[m["id"] for m in cohort])
                    .order_by("occurred_on", "id").values_list("member_id", "kind", "occurred_on"))
    monthly = {}
    if months:
        for payee, month, granted in HouseholdMonth.objects.using(db).filter(
            payee_id__in=[m["payee_id"] for m in members], month__gte=months[0], month__lte=months[-1], granted__gt=0
        ).values_list("payee_id", "month", "granted"):
            monthly[(payee, month)] = granted
    base_cohort = sum((m["baseline_granted"] for m in cohort), Decimal(0))
    base_comparison = sum((m["baseline_granted"] for m in comparison), Decimal(0))
    rows = []
    for i, month in enumerate(months):
        end = month_end(month)
        latest: dict[int, str] = {}
        for member_id, kind, on in outcomes:
            if on <= end:
                latest[member_id] = kind
        present = [m for m in cohort if m["entered_on"] <= end]
        left = sum(1 for m in present if latest.get(m["id"]) in LEFT_PROGRAMME)
        supported = sum(1 for m in present if latest.get(m["id"]) in SELF_SUPPORT)
        on_eb = [m for m in present if (m["payee_id"], month) in monthly]
        cmp_on_eb = [m for m in comparison if (m["payee_id"], month) in monthly]
        granted = sum((monthly[(m["payee_id"], month)] for m in on_eb), Decimal(0))
        cmp_granted = sum((monthly[(m["payee_id"], month)] for m in cmp_on_eb), Decimal(0))
        rows.append({
            "month": f"{month:%Y-%m}" + (" (pågår)" if month == today.replace(day=1) else ""),
            "month_no": i + 1, "unfinished": month >= today.replace(day=1),
            "members": len(present), "self_support": supported, "left": left,
            "share": share(supported, len(present) - left), "goal": programme.goal_share,
            "on_assistance": len(on_eb), "share_on_assistance": share(len(on_eb), len(present)),
            "no_longer_paid": whole_kronor(base_cohort - granted),
            "comparison": len(comparison), "comparison_on_assistance": len(cmp_on_eb),
            "comparison_share_on_assistance": share(len(cmp_on_eb), len(comparison)),
            "comparison_no_longer_paid": whole_kronor(base_comparison - cmp_granted),
        })
    measure = Measure(
        key=f"kohort-{programme.pk}", title=f"{programme.name}: utveckling mot målet",
        definition="Per månad sedan start. Egen försörjning: hushåll vars senast registrerade utfall vid "
        "månadens slut är arbete eller studier, som andel av hushållen i kohorten (flyttade och avlidna räknas "
        "inte med). Med bistånd: hushåll med beviljat bistånd den månaden. Bistånd som inte längre betalas: "
        "gruppens beviljade bistånd månaden före start minus det som beviljas den månaden. Jämförelsegruppen är "
        "hushåll som uppfyllde samma regel men inte togs in i kohorten.",
        source=f"Regeln: {programme.rule_text} Mål: {programme.goal_text}. Beslut i Skutan och programmets "
        "registrerade utfall.",
        period_label=f"{months[0]:%Y-%m} – {months[-1]:%Y-%m}" if months else "–",
        columns=[Column("month", "Månad", "text"), Column("month_no", "Programmånad"),
                 Column("members", "Hushåll i kohorten", suppress="small"),
                 Column("self_support", "Egen försörjning", suppress="small"),
                 Column("share", "Andel egen försörjning", "percent", suppress="members,self_support"),
                 Column("goal", "Mål", "percent"),
                 Column("on_assistance", "Med bistånd", suppress="small"),
                 Column("no_longer_paid", "Bistånd som inte längre betalas", "kronor", suppress="members"),
                 Column("comparison", "Jämförelsegrupp", suppress="small"),
                 Column("comparison_on_assistance", "Jämförelsegrupp med bistånd", suppress="small"),
                 Column("comparison_share_on_assistance", "Andel av jämförelsegruppen med bistånd", "percent",
                        suppress="comparison,comparison_on_assistance"),
                 Column("share_on_assistance", "Andel av kohorten med bistånd", "percent",
                        suppress="members,on_assistance"),
                 Column("comparison_no_longer_paid", "Jämförelsegrupp: inte längre betalt", "kronor",
                        suppress="comparison")],
        rows=rows,
        charts=[Chart("Andel i egen försörjning mot målet", [("share", "Egen försörjning", "now"),
                                                            ("goal", "Mål", "goal")]),
                Chart("Andel med bistånd: kohorten och jämförelsegruppen",
                      [("share_on_assistance", "Kohorten", "now"),
                       ("comparison_share_on_assistance", "Jämförelsegruppen", "last_year")])],
    )
    measure_suppress(measure)
    return measure


def cohort_summary(*, programme: CohortProgramme, progress: Measure) -> dict:
    """The headline ("41 % till egen försörjning vid månad 14") and the breakdowns, suppressed."""
    from skutan.core.statistics import is_small

    db = reporting_alias()
    cohort_ids = list(CohortMember.objects.using(db).filter(programme=programme, in_cohort=True)
                      .values_list("id", flat=True))
    latest = _latest_outcomes(cohort_ids)
    kinds = Counter(o.kind for o in latest.values())
    kinds[OutcomeKind.ON_ASSISTANCE] += len(cohort_ids) - len(latest)
    forms = Counter(o.employment_form for o in latest.values() if o.kind == OutcomeKind.WORK)
    efforts = (CohortEffort.objects.using(db).filter(member_id__in=cohort_ids).values("involved_unit", "measure")
               .annotate(n=Count("member", distinct=True)).order_by("involved_unit", "-n", "measure"))

    def hide(n):
        return None if is_small(n) else n

    finished = [r for r in progress.rows if not r.get("unfinished")] or progress.rows
    head = finished[-1] if finished else None
    added = CohortMember.objects.using(db).filter(programme=programme, in_cohort=True, entry="added").count()
    return {
        "headline": head,
        "members": len(cohort_ids),
        "added": hide(added),
        "outcomes": [(OutcomeKind(k).label, hide(kinds.get(k, 0))) for k in OutcomeKind.values],
        "forms": [(EmploymentForm(k).label, hide(forms.get(k, 0))) for k in EmploymentForm.values if k],
        "efforts": [(InvolvedUnit(r["involved_unit"]).label, r["measure"], hide(r["n"])) for r in efforts],
        "comparison": CohortMember.objects.using(db).filter(programme=programme, in_cohort=False).count(),
    }


def cohort_fact_text(*, programme: CohortProgramme, today: date | None = None) -> str:
    """One line for the management group's minutes: "Projekt 200: 41 % till egen försörjning vid månad 14."""
    progress = cohort_progress(programme=programme, today=today)
    finished = [r for r in progress.rows if not r.get("unfinished")]
    if not programme.is_frozen or not finished:
        return f"{programme.name}: inga siffror ännu."
    row = finished[-1]

    def pct(value) -> str:
        return f"{value:.1f}".replace(".", ",").removesuffix(",0")

    value = "<5" if row["share"] is None and row["members"] is None else (
        "–" if row["share"] is None else pct(row["share"]))
    return (f"{programme.name}: {value} % till egen försörjning vid månad {row['month_no']} "
            f"(mål {pct(programme.goal_share)} %).")


def cohort_members_for_user(*, ctx: AccessContext, programme: CohortProgramme) -> tuple[list[dict], int]:
    """Drill-down: the cohort's households whose cases the reader may see (normal access control), each read
    access-logged; and how many were left out because the reader has no access to them."""
    from skutan.cases.models import Case
    from skutan.cases.selectors import case_visible_q

    members = list(CohortMember.objects.filter(programme=programme, in_cohort=True).select_related("payee")
                   .order_by("payee__last_name", "payee__first_name", "id"))
    visible_cases = {}
    for case in (Case.objects.filter(case_visible_q(user=ctx.user), person_id__in=[m.payee_id for m in members])
                 .order_by("-opened_on", "-id")):
        visible_cases.setdefault(case.person_id, case)
    latest = _latest_outcomes([m.pk for m in members])
    shown = []
    for m in members:
        case = visible_cases.get(m.payee_id)
        if case is None:
            continue
        if m.payee.protected_identity:
            continue  # never listed by name here; the case itself stays reachable through the case list
        access_log_record(user=ctx.user, action=AccessAction.LIST, purpose=ctx.purpose, object_type="cohort_member",
                          object_id=m.pk, person=m.payee, case_id=case.pk, channel=ctx.channel, path=ctx.path)
        outcome = latest.get(m.pk)
        shown.append({"member": m, "case": case, "outcome": outcome})
    return shown, len(members) - len(shown)


def cohort_member_get_for_user(*, user, member_id: int) -> CohortMember:
    """A member to record an outcome or effort for: within the user's follow-up scope or writable by them
    (the write service checks the person write rule)."""
    member = CohortMember.objects.select_related("programme", "payee").filter(pk=member_id).first()
    if member is None:
        raise NotFoundError(gettext("Hushållet finns inte i något program."))
    return member


def cohort_person_pick(*, user, person_id: int):
    """The person to add to a cohort (the write service checks that the user may change them)."""
    from skutan.people.models import Person

    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFoundError(gettext("Personen finns inte."))
    return person


def cohort_amounts(*, programme: CohortProgramme) -> dict:
    db = reporting_alias()
    return CohortMember.objects.using(db).filter(programme=programme, in_cohort=True).aggregate(
        baseline=Sum("baseline_granted"))
