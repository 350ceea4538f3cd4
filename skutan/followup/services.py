"""Writes of the follow-up app: the population setting and the cohort programmes (Projekt 200).

Each write records its audit row in the same transaction. A cohort's entry rule is evaluated once, in the
database, and the cohort is then frozen: its members are never swapped out. A later addition is an explicit,
audited decision with a reason.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Role
from skutan.accounts.selectors import user_has_role, user_roles
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.followup.models import (
    CohortEffort,
    CohortMember,
    CohortOutcome,
    CohortProgramme,
    EmploymentForm,
    EntryKind,
    HouseholdMonth,
    InvolvedUnit,
    OutcomeKind,
    PopulationYear,
)
from skutan.followup.months import month_add
from skutan.people.access import person_write_check


def _require_system_admin(actor) -> None:
    if not user_has_role(user=actor, role=Role.SYSTEM_ADMIN):
        raise AccessDeniedError(gettext("Bara systemförvaltaren lägger in folkmängden."))


def population_set(*, actor, year: int, inhabitants: int, source: str, expected_version: int | None = None
                   ) -> PopulationYear:
    """Enter or change the population of a year (folkmängd, e.g. SCB:s folkmängd 31 december)."""
    _require_system_admin(actor)
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        raise ApplicationError(gettext("Ange ett år mellan 1990 och 2100."), field="year")
    if not isinstance(inhabitants, int) or inhabitants <= 0:
        raise ApplicationError(gettext("Ange antalet invånare som ett positivt heltal."), field="inhabitants")
    source = (source or "").strip()
    if not source:
        raise ApplicationError(gettext("Ange varifrån siffran kommer, till exempel SCB:s folkmängd 31 december."),
                               field="source")
    with transaction.atomic():
        current = PopulationYear.objects.select_for_update().filter(year=year).first()
        if current is None:
            row = PopulationYear.objects.create(year=year, inhabitants=inhabitants, source=source[:300],
                                                entered_by=actor)
            before = None
        else:
            if expected_version is not None and expected_version != current.version:
                raise ConflictError(gettext("Någon annan har ändrat folkmängden för året. Ladda om sidan."), field="version")
            before = current.inhabitants
            current.inhabitants, current.source, current.entered_by = inhabitants, source[:300], actor
            current.entered_at, current.version = timezone.now(), current.version + 1
            current.save()
            row = current
        audit_event_record(event_type=EventType.POPULATION_SET, actor=actor, obj=row,
                           data={"year": year, "inhabitants": inhabitants, "before": before, "source": source[:300]})
    return row


# --- cohort programmes -----------------------------------------------------------------------------------------


def _require_programme_manager(actor, *, unit_id: int | None) -> None:
    """Management (or a superuser) runs any programme; a unit manager only one restricted to their unit."""
    if actor.is_superuser or Role.MANAGEMENT in user_roles(user=actor):
        return
    if unit_id is not None and user_has_role(user=actor, role=Role.UNIT_MANAGER, unit_id=unit_id):
        return
    raise AccessDeniedError(gettext("Kohortprogram leds av ledningen eller av enhetschefen för programmets enhet."))


def cohort_programme_create(
    *, actor, name: str, starts_on: date, goal_share, goal_text: str, rule_months: int, rule_window: int,
    unit=None, max_members: int | None = None, description: str = "",
) -> CohortProgramme:
    _require_programme_manager(actor, unit_id=getattr(unit, "pk", None))
    name = (name or "").strip()
    if not name:
        raise ApplicationError(gettext("Ge programmet ett namn."), field="name")
    try:
        goal = Decimal(str(goal_share))
    except (InvalidOperation, ValueError):
        raise ApplicationError(gettext("Ange målet som en andel i procent, till exempel 90."), field="goal_share") from None
    if not Decimal(0) < goal <= Decimal(100):
        raise ApplicationError(gettext("Målet ska vara en andel mellan 0 och 100 procent."), field="goal_share")
    if not isinstance(rule_window, int) or not 1 <= rule_window <= 120:
        raise ApplicationError(gettext("Ange hur många månader bakåt regeln ser (1–120)."), field="rule_window")
    if not isinstance(rule_months, int) or not 1 <= rule_months <= rule_window:
        raise ApplicationError(gettext("Antalet månader med bistånd kan inte vara fler än månaderna regeln ser på."),
                               field="rule_months")
    if max_members is not None and max_members < 1:
        raise ApplicationError(gettext("Högsta antal hushåll ska vara minst 1."), field="max_members")
    try:
        with transaction.atomic():
            programme = CohortProgramme.objects.create(
                name=name[:120], description=(description or "").strip(), starts_on=starts_on, goal_share=goal,
                goal_text=(goal_text or "").strip()[:200] or f"{goal} % till egen försörjning",
                rule_months=rule_months, rule_window=rule_window, unit=unit, max_members=max_members,
                created_by=actor,
            )
            audit_event_record(event_type=EventType.COHORT_PROGRAMME_CREATED, actor=actor, obj=programme,
                               data={"name": programme.name, "rule": programme.rule_text,
                                     "starts_on": starts_on.isoformat(), "goal_share": str(goal)})
    except IntegrityError:
        raise ConflictError(gettext("Det finns redan ett program med det namnet."), field="name") from None
    return programme


def cohort_eligible(*, programme: CohortProgramme) -> list[dict]:
    """The households meeting the entry rule, evaluated in the database from the monthly summary: granted
    assistance in at least ``rule_months`` of the ``rule_window`` months before the start (over every case),
    most months first, then most granted. Each with its unit (of the last month) and its month before start."""
    start = programme.starts_on.replace(day=1)
    first, last = month_add(start, -programme.rule_window), month_add(start, -1)
    window = HouseholdMonth.objects.filter(month__gte=first, month__lte=last, granted__gt=0)
    rows = list(window.values("payee_id").annotate(n=Count("month", distinct=True), total=Sum("granted"))
                .filter(n__gte=programme.rule_months).order_by("-n", "-total", "payee_id"))
    ids = [r["payee_id"] for r in rows]
    last_month = {p: (u, g) for p, u, g in HouseholdMonth.objects.filter(month=last, payee_id__in=ids)
                  .values_list("payee_id", "unit_id", "granted")}
    last_unit = {}
    for p, u in window.filter(payee_id__in=ids).order_by("payee_id", "month").values_list("payee_id", "unit_id"):
        last_unit[p] = u
    for r in rows:
        r["unit_id"] = last_unit.get(r["payee_id"])
        r["baseline"] = last_month.get(r["payee_id"], (None, Decimal(0)))[1]
    return rows


def cohort_freeze(*, actor, programme: CohortProgramme, expected_version: int | None = None) -> CohortProgramme:
    """Evaluate the rule and freeze the cohort: the households meeting it (in the programme's unit, up to its
    maximum) become members; the others that met it form the comparison group. Only once."""
    _require_programme_manager(actor, unit_id=programme.unit_id)
    with transaction.atomic():
        current = CohortProgramme.objects.select_for_update().get(pk=programme.pk)
        if current.is_frozen:
            raise ConflictError(gettext("Kohorten är redan fastställd och kan inte göras om."), field="programme")
        if expected_version is not None and expected_version != current.version:
            raise ConflictError(gettext("Programmet har ändrats av någon annan. Ladda om sidan."), field="version")
        eligible = cohort_eligible(programme=current)
        baseline_month = month_add(current.starts_on.replace(day=1), -1)
        taken = 0
        rows = []
        for r in eligible:
            in_unit = current.unit_id is None or r["unit_id"] == current.unit_id
            member = in_unit and (current.max_members is None or taken < current.max_members)
            taken += member
            rows.append(CohortMember(
                programme=current, payee_id=r["payee_id"], in_cohort=member, entry=EntryKind.RULE,
                entered_on=current.starts_on, months_in_window=r["n"], baseline_month=baseline_month,
                baseline_granted=r["baseline"], unit_id=r["unit_id"], added_by=actor,
            ))
        CohortMember.objects.bulk_create(rows, batch_size=1000)
        current.frozen_at, current.frozen_by, current.eligible_count = timezone.now(), actor, len(eligible)
        current.version += 1
        current.save(update_fields=["frozen_at", "frozen_by", "eligible_count", "version"])
        audit_event_record(event_type=EventType.COHORT_FROZEN, actor=actor, obj=current,
                           data={"rule": current.rule_text, "eligible": len(eligible), "members": taken,
                                 "comparison": len(eligible) - taken})
    return current


def cohort_member_add(*, actor, programme: CohortProgramme, person, reason: str, entered_on: date | None = None
                      ) -> CohortMember:
    """Take a household into a frozen cohort later: an explicit decision with its reason. A household of the
    comparison group moves into the cohort (and so leaves the comparison group); no member ever leaves."""
    person_write_check(user=actor, person=person)
    _require_programme_manager(actor, unit_id=programme.unit_id)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ApplicationError(gettext("Skriv skälet till att hushållet tas in (minst 10 tecken)."), field="reason")
    if not programme.is_frozen:
        raise ConflictError(gettext("Fastställ kohorten enligt regeln först."), field="programme")
    entered_on = entered_on or timezone.localdate()
    baseline_month = month_add(entered_on.replace(day=1), -1)
    baseline = HouseholdMonth.objects.filter(month=baseline_month, payee=person).values_list("granted", flat=True).first()
    with transaction.atomic():
        member = CohortMember.objects.select_for_update().filter(programme=programme, payee=person).first()
        if member is not None and member.in_cohort:
            raise ConflictError(gettext("Hushållet ingår redan i kohorten."), field="person")
        unit_id = (HouseholdMonth.objects.filter(payee=person).order_by("-month").values_list("unit_id", flat=True)
                   .first())
        if member is None:
            member = CohortMember.objects.create(
                programme=programme, payee=person, in_cohort=True, entry=EntryKind.ADDED, entered_on=entered_on,
                baseline_month=baseline_month, baseline_granted=baseline or 0, unit_id=unit_id, added_by=actor,
                added_reason=reason,
            )
            was = "none"
        else:
            member.in_cohort, member.entry, member.entered_on = True, EntryKind.ADDED, entered_on
            member.baseline_month, member.baseline_granted = baseline_month, baseline or 0
            member.added_by, member.added_at, member.added_reason = actor, timezone.now(), reason
            member.save()
            was = "comparison"
        audit_event_record(event_type=EventType.COHORT_MEMBER_ADDED, actor=actor, obj=member, person_id=person.pk,
                           data={"programme_id": programme.pk, "reason": reason, "was": was,
                                 "entered_on": entered_on.isoformat()})
    return member


def cohort_outcome_record(*, actor, member: CohortMember, kind: str, occurred_on: date, employment_form: str = "",
                          note: str = "") -> CohortOutcome:
    person_write_check(user=actor, person=member.payee)
    if not member.in_cohort:
        raise ApplicationError(gettext("Utfall registreras för hushållen i kohorten, inte för jämförelsegruppen."),
                               field="member")
    if kind not in OutcomeKind.values:
        raise ApplicationError(gettext("Välj ett utfall i listan."), field="kind")
    employment_form = employment_form or ""
    if employment_form not in EmploymentForm.values:
        raise ApplicationError(gettext("Välj en anställningsform i listan."), field="employment_form")
    if employment_form and kind != OutcomeKind.WORK:
        raise ApplicationError(gettext("Anställningsform anges bara när utfallet är arbete."), field="employment_form")
    if kind == OutcomeKind.WORK and not employment_form:
        raise ApplicationError(gettext("Ange anställningsformen (till exempel lönebidrag eller osubventionerad)."),
                               field="employment_form")
    if occurred_on > timezone.localdate():
        raise ApplicationError(gettext("Datumet kan inte ligga i framtiden."), field="occurred_on")
    if occurred_on < member.programme.starts_on:
        raise ApplicationError(gettext("Utfallet kan inte ligga före programmets start."), field="occurred_on")
    with transaction.atomic():
        outcome = CohortOutcome.objects.create(member=member, kind=kind, employment_form=employment_form,
                                               occurred_on=occurred_on, note=(note or "").strip()[:300],
                                               recorded_by=actor)
        audit_event_record(event_type=EventType.COHORT_OUTCOME_RECORDED, actor=actor, obj=outcome,
                           person_id=member.payee_id,
                           data={"programme_id": member.programme_id, "kind": kind,
                                 "employment_form": employment_form, "occurred_on": occurred_on.isoformat()})
    return outcome


def cohort_effort_record(*, actor, member: CohortMember, involved_unit: str, measure: str, started_on: date
                         ) -> CohortEffort:
    person_write_check(user=actor, person=member.payee)
    if involved_unit not in InvolvedUnit.values:
        raise ApplicationError(gettext("Välj enhet i listan."), field="involved_unit")
    measure = (measure or "").strip()
    if not measure:
        raise ApplicationError(gettext("Beskriv insatsen kort, till exempel föräldrastöd eller arbetsträning."),
                               field="measure")
    with transaction.atomic():
        effort = CohortEffort.objects.create(member=member, involved_unit=involved_unit, measure=measure[:120],
                                             started_on=started_on, recorded_by=actor)
        audit_event_record(event_type=EventType.COHORT_EFFORT_RECORDED, actor=actor, obj=effort,
                           person_id=member.payee_id,
                           data={"programme_id": member.programme_id, "involved_unit": involved_unit,
                                 "measure": measure[:120]})
    return effort


def statistics_refresh_run(*, actor, progress=None):
    """The full refresh as an audited action (the management command and a scheduled task call this)."""
    from skutan.followup.summaries import statistics_refresh

    run = statistics_refresh(progress=progress)
    audit_event_record(event_type=EventType.STATISTICS_REFRESHED, actor=actor, obj=run, data={"rows": run.rows})
    return run


def statistics_refresh_start(*, actor):
    """Hand the full refresh to the background worker (followup.tasks); the command line passes actor=None."""
    from skutan.core.tasks import task_enqueue
    from skutan.followup.selectors import followup_may_refresh
    from skutan.followup.tasks import statistics_refresh_task

    if actor is not None and not followup_may_refresh(user=actor):
        raise AccessDeniedError(gettext("Sammanställningarna byggs om av systemförvaltaren eller ledningen."))

    def record(progress) -> None:
        audit_event_record(event_type=EventType.TASK_ENQUEUED, actor=actor, object_type="followup.refresh",
                           object_id=str(progress.pk), data={"kind": "followup.refresh", "progress_id": progress.pk})

    return task_enqueue(task=statistics_refresh_task, kind="followup.refresh",
                        label=gettext("Uppföljningens sammanställningar byggs om"), actor=actor, record=record,
                        actor_id=getattr(actor, "pk", None))


EXPORT_PARAMS = ("period", "value", "from", "to", "unit")


def followup_export_start(*, actor, params):
    """Hand the export of the whole dashboard (period and unit as in ``params``, the dashboard's query) to the
    background worker. The scope is checked now (403 before anything is queued) and again by the task."""
    from skutan.core.tasks import task_enqueue
    from skutan.followup.selectors import followup_choice, followup_scope
    from skutan.followup.tasks import followup_export_task

    scope = followup_scope(user=actor)
    query = {k: str(params.get(k, ""))[:20] for k in EXPORT_PARAMS if params.get(k)}
    followup_choice(params=query, scope=scope, today=timezone.localdate())  # a unit outside the scope: 404

    def record(progress) -> None:
        audit_event_record(event_type=EventType.TASK_ENQUEUED, actor=actor, object_type="followup.export",
                           object_id=str(progress.pk),
                           data={"kind": "followup.export", "progress_id": progress.pk, "query": query})

    return task_enqueue(task=followup_export_task, kind="followup.export",
                        label=gettext("Uppföljningen som Excelfil"), actor=actor, record=record,
                        actor_id=actor.pk, query=query)
