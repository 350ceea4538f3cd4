"""Gallring: plan (a dry run), approval by a named archivist, execution through the controlled purge path.

The order cannot be changed: ``purge_plan_execute`` refuses a plan nobody approved, and the approver may not
be the person who made the plan (four eyes). Execution purges one group of linked persons per transaction
through ``skutan.core.purge.purge_authorized`` (the only way the database lets frozen and logged rows go), so
a crash leaves every group either wholly purged or wholly untouched, and a rerun continues where it stopped.
Before purging a group it checks again that the group may still be purged: a new entry since the plan was
approved keeps the group (the item says so).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import User
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.core.purge import purge_authorized
from skutan.retention.conf import log_retention, retention_settings
from skutan.retention.holdings import holdings_collect, holdings_delete, holdings_entries
from skutan.retention.models import ItemOutcome, PlanStatus, PurgePlan, PurgePlanItem
from skutan.retention.planning import (
    person_facts,
    plan_compute,
    refers_outside,
    unidentified_report_plan,
    unidentified_reports_plan,
)
from skutan.retention.rules import add_years, retention_decide
from skutan.retention.selectors import user_is_archivist

Progress = Callable[[int, int], None]
LOG_BATCH = 5000
PLAN_ITEM_BATCH = 2000  # a city's 250 000 items in one INSERT held every row's parameters at once
MIN_YEAR = 2000


def _require_archivist(actor: User) -> None:
    if not user_is_archivist(user=actor):
        raise AccessDeniedError(gettext("Bara arkivansvarig får hantera gallring."))


def purge_plan_create(*, actor: User, year: int, progress: Progress | None = None) -> PurgePlan:
    """A dry run for ``year``: every person purged or kept, with rule and reason. Purges nothing."""
    _require_archivist(actor)
    today = timezone.localdate()
    if not isinstance(year, int) or not MIN_YEAR <= year <= today.year:
        raise ApplicationError(
            gettext(
                "Gallringsåret ska vara ett år från %(min_year)s till och med %(this_year)s."
            ) % {"min_year": MIN_YEAR, "this_year": today.year}, field="year"
        )
    as_of = today if year == today.year else date(year, 12, 31)
    settings = retention_settings()
    plans = plan_compute(year=year, as_of=as_of, settings=settings, progress=progress)
    reports = _reports_summary(
        unidentified_reports_plan(year=year, as_of=as_of, settings=settings)
    )
    logs = {}
    for log in log_retention():
        cutoff = add_years(as_of, -log.years) if log.years else None
        logs[log.table] = {
            "rule": log.rule_code, "years": log.years, "source": log.source,
            "cutoff": cutoff.isoformat() if cutoff else None,
        }
    with transaction.atomic():
        plan = PurgePlan.objects.create(year=year, as_of=as_of, created_by=actor)
        PurgePlanItem.objects.bulk_create((
            PurgePlanItem(
                plan=plan, person_id=p.person_id, group=p.group if p.outcome.purge else 0,
                outcome=ItemOutcome.PURGE if p.outcome.purge else ItemOutcome.KEEP,
                rule_code=p.outcome.rule_code, reason=p.outcome.reason[:300], record_count=p.record_count,
                last_entry=p.last_entry, keep_until=p.outcome.keep_until,
            )
            for p in plans
        ), batch_size=PLAN_ITEM_BATCH)
        plan.summary = {"rules": _rule_summary(plan), "logs": logs, "reports": reports, "settings": {
            "research_sample": settings.research_sample,
            "child_records_30_years_from": (
                settings.child_records_30_years_from.isoformat() if settings.child_records_30_years_from else None
            ),
        }}
        plan.groups_total = plan.items.filter(outcome=ItemOutcome.PURGE).values("group").distinct().count()
        plan.save(update_fields=["summary", "groups_total"])
        audit_event_record(
            event_type=EventType.PURGE_PLAN_CREATED, actor=actor, obj=plan,
            data={"year": year, "rules": plan.summary["rules"]},
        )
    return plan


def _reports_summary(plans) -> dict:
    """Reports about a child never identified: the ones to purge (id, rule, reason: no names; the ids go as the
    reports are purged) and how many are kept, per rule."""
    purge = [
        {"id": p.report_id, "rule": p.outcome.rule_code, "reason": p.outcome.reason[:300], "records": p.record_count}
        for p in plans if p.outcome.purge
    ]
    kept: dict[str, int] = {}
    for p in plans:
        if not p.outcome.purge:
            kept[p.outcome.rule_code] = kept.get(p.outcome.rule_code, 0) + 1
    return {"purge": purge, "planned": len(purge), "kept": kept, "purged": 0, "kept_since": 0}


def _rule_summary(plan: PurgePlan) -> dict:
    """Persons and records per rule and outcome: counts only."""
    summary: dict[str, dict[str, int]] = {}
    rows = plan.items.values("rule_code", "outcome").annotate(persons=Count("id"))
    for row in rows:
        entry = summary.setdefault(row["rule_code"], {"purge": 0, "keep": 0})
        entry[row["outcome"]] += row["persons"]
    return summary


def purge_plan_approve(*, actor: User, plan: PurgePlan, version: int, note: str = "") -> PurgePlan:
    """A named archivist approves the plan after reviewing it; not the one who made it."""
    _require_archivist(actor)
    if plan.created_by_id == actor.pk:
        raise AccessDeniedError(gettext("Planen ska godkännas av en annan arkivansvarig än den som upprättade den."))
    note = (note or "").strip()
    if len(note) > 500:
        raise ApplicationError(gettext("Kommentaren får vara högst 500 tecken."), field="note")
    with transaction.atomic():
        locked = PurgePlan.objects.select_for_update().get(pk=plan.pk)
        if locked.version != version:
            raise ConflictError(gettext("Planen har ändrats sedan du öppnade den. Ladda om sidan."), field="version")
        if locked.status != PlanStatus.DRAFT:
            raise ConflictError(gettext("Planen är redan godkänd eller makulerad."), field="status")
        if locked.year < timezone.localdate().year - 1:
            raise ConflictError(gettext("Planen är för gammal; upprätta en ny plan."), field="year")
        locked.status = PlanStatus.APPROVED
        locked.approved_by = actor
        locked.approved_at = timezone.now()
        locked.approval_note = note
        locked.version += 1
        locked.save(update_fields=["status", "approved_by", "approved_at", "approval_note", "version"])
        audit_event_record(event_type=EventType.PURGE_PLAN_APPROVED, actor=actor, obj=locked, data={"year": locked.year})
    return locked


def purge_plan_cancel(*, actor: User, plan: PurgePlan, version: int) -> PurgePlan:
    _require_archivist(actor)
    with transaction.atomic():
        locked = PurgePlan.objects.select_for_update().get(pk=plan.pk)
        if locked.version != version:
            raise ConflictError(gettext("Planen har ändrats sedan du öppnade den. Ladda om sidan."), field="version")
        if locked.status not in (PlanStatus.DRAFT, PlanStatus.APPROVED):
            raise ConflictError(gettext("En påbörjad eller genomförd gallring kan inte makuleras."), field="status")
        locked.status = PlanStatus.CANCELLED
        locked.version += 1
        locked.save(update_fields=["status", "version"])
        audit_event_record(event_type=EventType.PURGE_PLAN_CANCELLED, actor=actor, obj=locked)
    return locked


def _start(*, actor: User, plan: PurgePlan) -> PurgePlan:
    with transaction.atomic():
        locked = PurgePlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status == PlanStatus.DRAFT or locked.approved_by_id is None:
            raise ConflictError(gettext("Planen är inte godkänd. En arkivansvarig måste granska och godkänna den först."))
        if locked.status == PlanStatus.CANCELLED:
            raise ConflictError(gettext("Planen är makulerad."))
        if locked.status == PlanStatus.APPROVED:
            locked.status = PlanStatus.RUNNING
            locked.executed_by = actor
            locked.started_at = timezone.now()
            locked.version += 1
            locked.save(update_fields=["status", "executed_by", "started_at", "version"])
            audit_event_record(
                event_type=EventType.PURGE_STARTED, actor=actor, obj=locked,
                data={"groups": locked.groups_total},
            )
    return locked


def _group_still_purgeable(*, plan: PurgePlan, person_ids: list[int]) -> tuple[bool, str, dict]:
    """Check the group again just before purging it: the rules still purge every member, and the group's
    rows refer to nothing outside it (no one new is linked)."""
    from skutan.people.models import Person

    persons = list(Person.objects.filter(pk__in=person_ids))
    if not persons:
        return False, "", {}
    holdings = holdings_collect(person_ids={p.pk for p in persons})
    settings = retention_settings()
    today = timezone.localdate()
    for person in persons:
        own = holdings_collect(person_ids={person.pk})
        entries = holdings_entries(own)
        outcome = retention_decide(
            facts=person_facts(person=person, holdings=own, entries=entries), year=plan.year,
            as_of=max(today, plan.as_of), settings=settings,
        )
        if not outcome.purge or entries.foreign:
            return False, f"Ändrat sedan planen: {outcome.reason}"[:300], {}
    if refers_outside(holdings):
        return False, "Ändrat sedan planen: uppgifter om personen finns nu i en annan persons akt.", {}
    return True, "", holdings


def _households_clear(household_ids: set[int]) -> int:
    """Households left with neither members nor cases hold nothing; they go with the last member."""
    from skutan.people.models import Household

    return Household.objects.filter(pk__in=household_ids, members__isnull=True, cases__isnull=True).delete()[0]


def _add_counts(plan: PurgePlan, tables: dict[str, int]) -> None:
    """Rows deleted per table, added up in the same transaction as the deletes (so a rollback undoes both)."""
    for table, n in tables.items():
        if n:
            plan.counts[table] = plan.counts.get(table, 0) + n


def purge_plan_execute(*, actor: User, plan: PurgePlan, progress: Progress | None = None) -> PurgePlan:
    """Purge what the approved plan says, group by group; resumable and safe to rerun after a crash.

    Each group is one transaction that locks the plan first and reads the group's items under the lock: a
    group already done (its items are gone with its persons, or were turned into "keep") is skipped without
    counting it again, so a rerun, or two runs at once, never purge or count anything twice."""
    _require_archivist(actor)
    plan = _start(actor=actor, plan=plan)
    if plan.status == PlanStatus.DONE:
        return plan
    groups = list(
        plan.items.filter(outcome=ItemOutcome.PURGE).values_list("group", flat=True).distinct().order_by("group")
    )
    for group in groups:
        plan = _purge_group(actor=actor, plan=plan, group=group)
        if progress:
            progress(*_steps(plan))
    while True:
        plan, more = _purge_reports(actor=actor, plan=plan)
        if not more:
            break
        if progress:
            progress(*_steps(plan))
    _purge_logs(actor=actor, plan=plan)
    return _finish(actor=actor, plan=plan)


def _steps(plan: PurgePlan) -> tuple[int, int]:
    """Done and total steps: the groups, then the unidentified reports."""
    reports = plan.summary.get("reports") or {}
    planned = reports.get("planned", 0)
    return plan.groups_done + planned - len(reports.get("purge", [])), plan.groups_total + planned


def _purge_group(*, actor: User, plan: PurgePlan, group: int) -> PurgePlan:
    from skutan.payments.models import Payment
    from skutan.payments.services import payment_files_redact
    from skutan.people.models import HouseholdMember

    with purge_authorized(plan_id=plan.code, actor=actor):
        locked = PurgePlan.objects.select_for_update().get(pk=plan.pk)
        items = locked.items.filter(outcome=ItemOutcome.PURGE, group=group)
        person_ids = list(items.values_list("person_id", flat=True))
        if not person_ids:
            return locked  # done by an earlier (or a concurrent) run
        ok, reason, holdings = _group_still_purgeable(plan=locked, person_ids=person_ids)
        if ok:
            households = set(
                HouseholdMember.objects.filter(person_id__in=person_ids).values_list("household_id", flat=True)
            )
            purged = locked.summary.setdefault("purged", {})
            for rule_code in items.values_list("rule_code", flat=True):
                purged[rule_code] = purged.get(rule_code, 0) + 1
            redacted = payment_files_redact(
                payment_ids=holdings.get(Payment, set()),
                note=f"Gallrade betalningar ({locked.code}); NbOfTxs, CtrlSum och file_sha256 avser filen som den skickades",
            )
            tables = holdings_delete(holdings)  # the group's plan items go with the persons
            tables["people_household"] = tables.get("people_household", 0) + _households_clear(households)
            _add_counts(locked, tables)
            if redacted:
                files = locked.summary.setdefault("payment_files", {"transfers_removed": 0})
                files["transfers_removed"] += redacted
        else:
            items.update(outcome=ItemOutcome.KEEP, reason=reason or "Personen finns inte längre.", group=0)
        locked.groups_done += 1
        locked.save(update_fields=["summary", "groups_done", "counts"])
    return locked


REPORT_BATCH = 50


def _purge_reports(*, actor: User, plan: PurgePlan) -> tuple[PurgePlan, bool]:
    """One batch of the reports about a never identified child, each checked again; their ids leave the
    plan in the same transaction as the reports, so a rerun continues with the rest."""
    if not (plan.summary.get("reports") or {}).get("purge"):
        return plan, False
    with purge_authorized(plan_id=plan.code, actor=actor):
        locked = PurgePlan.objects.select_for_update().get(pk=plan.pk)
        reports = locked.summary.get("reports") or {}
        batch = reports.get("purge", [])[:REPORT_BATCH]
        if not batch:
            return locked, False
        today = timezone.localdate()
        for entry in batch:
            report_plan, holdings = unidentified_report_plan(
                report_id=entry["id"], year=locked.year, as_of=max(today, locked.as_of),
                settings=retention_settings(),
            )
            if report_plan.outcome.purge and holdings:
                _add_counts(locked, holdings_delete(holdings))
                reports["purged"] += 1
            else:
                reports["kept_since"] += 1
        reports["purge"] = reports["purge"][len(batch):]
        locked.save(update_fields=["summary", "counts"])
    return locked, bool(reports["purge"])


PURGE_TASK_KIND = "retention.purge"


def purge_plan_execute_start(*, actor: User, plan: PurgePlan):
    """Hand an approved plan's execution to the background worker (retention.tasks) and return its progress
    row. Enqueued again after a crash, the task continues where the first one stopped."""
    from skutan.core.tasks import task_enqueue
    from skutan.retention.tasks import purge_plan_execute_task

    _require_archivist(actor)
    plan = PurgePlan.objects.get(pk=plan.pk)
    if plan.status == PlanStatus.DRAFT or plan.approved_by_id is None:
        raise ConflictError(gettext("Planen är inte godkänd. En arkivansvarig måste granska och godkänna den först."))
    if plan.status not in (PlanStatus.APPROVED, PlanStatus.RUNNING):
        raise ConflictError(gettext("Planen är makulerad eller redan genomförd."))

    def record(progress) -> None:
        audit_event_record(
            event_type=EventType.TASK_ENQUEUED, actor=actor, object_type=PURGE_TASK_KIND, object_id=str(progress.pk),
            data={"kind": PURGE_TASK_KIND, "progress_id": progress.pk, "plan": plan.code},
        )

    return task_enqueue(
        task=purge_plan_execute_task, kind=PURGE_TASK_KIND, label=gettext("Gallring enligt plan %(code)s")
        % {"code": plan.code}, actor=actor, obj=plan, record=record, plan_id=plan.pk, actor_id=actor.pk,
    )


def _purge_logs(*, actor: User, plan: PurgePlan) -> None:
    """The access and audit logs by their own retention (a setting with its source), in batches."""
    from skutan.audit.models import AccessLog, AuditEvent

    models = {"audit_accesslog": AccessLog, "audit_auditevent": AuditEvent}
    for table, log in (plan.summary.get("logs") or {}).items():
        if not log.get("cutoff") or table not in models:
            continue
        cutoff = date.fromisoformat(log["cutoff"])
        model = models[table]
        start = timezone.make_aware(
            timezone.datetime(cutoff.year, cutoff.month, cutoff.day), timezone.get_current_timezone()
        )
        while True:
            pks = list(model.objects.filter(at__lt=start).order_by("pk").values_list("pk", flat=True)[:LOG_BATCH])
            if not pks:
                break
            with purge_authorized(plan_id=plan.code, actor=actor):
                locked = PurgePlan.objects.select_for_update().get(pk=plan.pk)
                _add_counts(locked, {table: model.objects.filter(pk__in=pks).delete()[0]})
                locked.save(update_fields=["counts"])


def _finish(*, actor: User, plan: PurgePlan) -> PurgePlan:
    with transaction.atomic():
        locked = PurgePlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status == PlanStatus.DONE:
            return locked
        totals = locked.counts
        locked.summary = {**locked.summary, "kept": _rule_summary(locked)}
        locked.status = PlanStatus.DONE
        locked.finished_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["summary", "status", "finished_at", "version"])
        audit_event_record(
            event_type=EventType.PURGE_FINISHED, actor=actor, obj=locked,
            data={"year": locked.year, "tables": totals, "purged": locked.summary.get("purged", {})},
        )
    return locked


def register_extract_produce(*, ctx, person) -> tuple[bytes, object]:
    """A registerutdrag for ``person`` (GDPR art. 15): the PDF for the person and the extract (whose
    omissions the caseworker sees). Logged as a print of the person's data and as an audit event."""
    from skutan.accounts.selectors import municipality_current
    from skutan.audit.services import access_log_record
    from skutan.retention.extract import extract_build, extract_pdf
    from skutan.retention.models import RegisterExtract

    _require_archivist(ctx.user)
    holdings = holdings_collect(person_ids={person.pk})
    extract = extract_build(person=person, holdings=holdings)
    pdf = extract_pdf(person=person, extract=extract, municipality=municipality_current())
    with transaction.atomic():
        access_log_record(
            user=ctx.user, action="print", purpose="Registerutdrag (GDPR art. 15)", object_type="register_extract",
            object_id=person.pk, person=person, channel=ctx.channel, path=ctx.path,
        )
        row = RegisterExtract.objects.create(
            person=person, produced_by=ctx.user, record_count=extract.record_count,
            omitted_count=len(extract.omissions),
        )
        audit_event_record(
            event_type=EventType.REGISTER_EXTRACT_PRODUCED, actor=ctx.user, obj=row, person_id=person.pk,
            data={"records": extract.record_count, "omitted": len(extract.omissions)},
        )
    return pdf, extract


ARCHIVE_RULE_KINDS = {"keep_forever", "keep_until_age"}


def archive_package_export(*, ctx, person) -> tuple[str, bytes]:
    """An FGS/E-ARK information package of the person's closed personakt, for a file the law says to keep
    (an exemption from gallring). The content is complete (the e-archive is the authority's own archive, not
    a disclosure), so no secrecy omissions; logged as an export and an audit event."""
    from skutan.accounts.selectors import municipality_current
    from skutan.audit.services import access_log_record
    from skutan.cases.models import Case
    from skutan.retention.archive import archive_package_build
    from skutan.retention.extract import extract_build, extract_pdf
    from skutan.retention.planning import person_plan
    from skutan.retention.rules import rules_load

    _require_archivist(ctx.user)
    today = timezone.localdate()
    plan, holdings = person_plan(person=person, year=today.year, as_of=today, settings=retention_settings())
    rule = rules_load().get(plan.outcome.rule_code)
    if plan.outcome.purge or rule is None or rule.kind not in ARCHIVE_RULE_KINDS:
        raise ConflictError(gettext("Bara en personakt som ska bevaras enligt ett undantag från gallring arkiveras här."))
    cases = list(Case.objects.filter(pk__in=holdings.get(Case, set())).select_related("unit").order_by("opened_on"))
    if any(c.closed_on is None for c in cases):
        raise ConflictError(gettext("Personakten har ärenden som inte är avslutade."))
    extract = extract_build(person=person, holdings=holdings, complete=True)
    municipality = municipality_current()
    pdf = extract_pdf(person=person, extract=extract, municipality=municipality, pdf_variant="pdf/a-2b")
    package_id, data = archive_package_build(
        person=person, extract=extract, cases=cases, municipality=municipality, pdf=pdf
    )
    with transaction.atomic():
        access_log_record(
            user=ctx.user, action="export", purpose="Arkivering (e-arkiv)", object_type="archive_package",
            object_id=package_id[:50], person=person, channel=ctx.channel, path=ctx.path,
        )
        audit_event_record(
            event_type=EventType.ARCHIVE_PACKAGE_EXPORTED, actor=ctx.user, object_type="archive_package",
            object_id=package_id[:50], person_id=person.pk, data={"rule": rule.code, "cases": len(cases)},
        )
    return package_id, data


def retention_mark_register(
    *, actor: User, person, kind: str, document_date: date, case=None, child=None, note: str = ""
):
    """Mark that the person's file holds a document the law says to keep (faderskap/föräldraskap, adoption,
    an agreement on custody, residence or contact). Written by the archive role or whoever may write the
    person's data (the caseworkers of the person's unit)."""
    from skutan.cases.access import case_write_check
    from skutan.retention.models import MarkKind, RetentionMark

    retention_mark_write_check(actor=actor, person=person)
    if case is not None:
        if not user_is_archivist(user=actor):
            case_write_check(user=actor, case=case)
        if case.person_id != person.pk:
            raise ApplicationError(gettext("Ärendet hör till en annan person."), field="case")
    if kind not in MarkKind.values:
        raise ApplicationError(gettext("Välj vilken handling som ska bevaras."), field="kind")
    if not isinstance(document_date, date) or document_date > timezone.localdate():
        raise ApplicationError(gettext("Handlingens datum kan inte vara i framtiden."), field="document_date")
    if child is not None and kind != MarkKind.CUSTODY_AGREEMENT:
        raise ApplicationError(gettext("Ett barn anges bara för avtal om vårdnad, boende eller umgänge."), field="child")
    note = (note or "").strip()
    if len(note) > 200:
        raise ApplicationError(gettext("Anteckningen får vara högst 200 tecken."), field="note")
    with transaction.atomic():
        mark = RetentionMark.objects.create(
            person=person, case=case, kind=kind, document_date=document_date, child=child, note=note,
            registered_by=actor,
        )
        audit_event_record(
            event_type=EventType.RETENTION_MARK_REGISTERED, actor=actor, obj=mark, person_id=person.pk,
            case_id=case.pk if case else None, data={"kind": kind},
        )
    return mark


def retention_mark_write_check(*, actor: User, person) -> None:
    """The archive role, or whoever may change the person's data (a caseworker of the person's unit)."""
    from skutan.people.access import person_write_check

    if not user_is_archivist(user=actor):
        person_write_check(user=actor, person=person)


def retention_mark_withdraw(*, actor: User, mark, reason: str):
    """Withdraw a mark registered by mistake (the document is not in the file): it keeps nothing any more,
    and the row stays as the record that it was made and withdrawn, by whom and why."""
    from skutan.retention.models import RetentionMark

    retention_mark_write_check(actor=actor, person=mark.person)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(gettext("Ange varför markeringen återkallas."), field="reason")
    if len(reason) > 200:
        raise ApplicationError(gettext("Skälet får vara högst 200 tecken."), field="reason")
    with transaction.atomic():
        locked = RetentionMark.objects.select_for_update().get(pk=mark.pk)
        if locked.withdrawn_at is not None:
            raise ConflictError(gettext("Markeringen är redan återkallad."))
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor
        locked.withdrawal_reason = reason
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        audit_event_record(
            event_type=EventType.RETENTION_MARK_WITHDRAWN, actor=actor, obj=locked, person_id=locked.person_id,
            case_id=locked.case_id, data={"kind": locked.kind},
        )
    return locked
