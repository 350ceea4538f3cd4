"""Reports of concern (orosanmälningar): registration, identifying the child, återkoppling to the reporter."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Unit, UnitKind
from skutan.audit.catalogue import EventType
from skutan.children import deadlines
from skutan.children.models import (
    ChildReport,
    ChildReportConcern,
    ConcernCategory,
    PreliminaryAssessment,
    ReporterCategory,
)
from skutan.children.services._common import (
    _audit,
    _aware,
    _check_day,
    _children_case_for,
    _event,
    _require_children_staff,
)
from skutan.core.concurrency import versioned_update
from skutan.core.errors import ApplicationError, ConflictError
from skutan.core.summaries import statistics_changed
from skutan.people.models import Person

# --- reports of concern --------------------------------------------------------------------------------


def _clean_concerns(concerns: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for code in concerns or ():
        if code not in ConcernCategory.values:
            raise ApplicationError(gettext(
                "Okänd kategori för oron: %(code)s."
            ) % {"code": repr(code)}, field="concerns")
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


@transaction.atomic
def child_report_register(
    *,
    actor,
    unit: Unit,
    received_at: datetime,
    reporter_category: str,
    text: str = "",
    child: Person | None = None,
    child_description: str = "",
    concerns: Iterable[str] = (),
    reporter_name: str = "",
    reporter_contact: str = "",
    reporter_confidential: bool = False,
    assign_to=None,
) -> ChildReport:
    """Register an orosanmälan and compute its deadlines. With a known child the report joins the child's
    active children's case in the unit, or opens one (aktualisering by anmälan)."""
    if unit.kind != UnitKind.CHILDREN:
        raise ApplicationError(gettext("Orosanmälningar tas emot av en enhet för barn och unga."), field="unit")
    _require_children_staff(user=actor, unit_id=unit.pk)
    if received_at is None:
        raise ApplicationError(gettext("Ange när anmälan kom in."), field="received_at")
    received_at = _aware(received_at)
    if received_at > timezone.now():
        raise ApplicationError(gettext("Tidpunkten då anmälan kom in kan inte ligga i framtiden."), field="received_at")
    if reporter_category not in ReporterCategory.values:
        raise ApplicationError(gettext(
            "Okänd anmälarkategori: %(reporter_category)s."
        ) % {"reporter_category": repr(reporter_category)}, field="reporter_category")
    concern_codes = _clean_concerns(concerns)
    text = (text or "").strip()  # may be empty when the report is a registered document
    child_description = (child_description or "").strip()
    if child is None and not child_description:
        raise ApplicationError(
            gettext("Ange barnet, eller beskriv barnet om det ännu inte är identifierat."), field="child"
        )
    reporter_name, reporter_contact = (reporter_name or "").strip(), (reporter_contact or "").strip()
    if reporter_category == ReporterCategory.ANONYMOUS and (reporter_name or reporter_contact):
        raise ApplicationError(
            gettext("En anonym anmälare har inget namn eller kontaktuppgifter. Välj en annan kategori och markera "
            "anmälarens identitet som sekretessbelagd i stället."), field="reporter_name",
        )

    received_on = timezone.localdate(received_at)
    protection = deadlines.protection_deadline(received_on)
    preliminary = deadlines.preliminary_deadline(received_on)
    case = None
    if child is not None:
        case = _children_case_for(actor=actor, child=child, unit=unit, opened_on=received_on, assign_to=assign_to)
    report = ChildReport.objects.create(
        unit=unit, case=case, child=child, child_description=child_description, received_at=received_at,
        received_on=received_on, registered_by=actor, reporter_category=reporter_category,
        reporter_name=reporter_name, reporter_contact=reporter_contact,
        reporter_confidential=bool(reporter_confidential), text=text,
        protection_due=protection.due, protection_limit_source=protection.limit.source,
        preliminary_statutory_due=preliminary.due, preliminary_due=preliminary.due,
        preliminary_limit_source=preliminary.limit.source,
    )
    ChildReportConcern.objects.bulk_create(ChildReportConcern(report=report, category=c) for c in concern_codes)
    # The reporter's identity is never written to the history or the audit trail.
    data = {"report_id": report.pk, "reporter_category": reporter_category, "concerns": concern_codes,
            "preliminary_due": preliminary.due.isoformat()}
    _event(case=case, event_type="child_report_received", actor=actor, data=data)
    _audit(EventType.CHILD_REPORT_RECEIVED, actor=actor, obj=report, report=report,
           data={**data, "reporter_confidential": report.reporter_confidential, "identified": child is not None})
    statistics_changed(children_units=[report.unit_id])
    return report


@transaction.atomic
def child_report_link_child(*, actor, report: ChildReport, child: Person, assign_to=None) -> ChildReport:
    """Identify the child of a report that came in about an unidentified child; the report joins the
    child's case (opened if needed)."""
    _require_children_staff(user=actor, unit_id=report.unit_id, case=report.case)
    report = ChildReport.objects.select_for_update().get(pk=report.pk)
    if report.child_id is not None:
        raise ConflictError(gettext("Barnet i anmälan är redan identifierat."), field="child")
    case = _children_case_for(
        actor=actor, child=child, unit=report.unit, opened_on=report.received_on, assign_to=assign_to
    )
    report = versioned_update(instance=report, expected_version=report.version, fields={"child": child, "case": case})
    _event(case=case, event_type="child_report_child_linked", actor=actor, data={"report_id": report.pk})
    _audit(EventType.CHILD_REPORT_CHILD_LINKED, actor=actor, obj=report, report=report,
           data={"report_id": report.pk})
    return report




# --- återkoppling to a professional reporter -----------------------------------------------------------


@transaction.atomic
def child_report_feedback_record(
    *, actor, report: ChildReport, given_on: date | None = None, channel: str = "", not_given_reason: str = ""
) -> ChildReport:
    """Record that a professional reporter was told whether an investigation was opened, not opened, or is
    already in progress (given_on and channel), or why they are not told (not_given_reason)."""
    from skutan.children.models import Channel

    _require_children_staff(user=actor, unit_id=report.unit_id, case=report.case)
    report = ChildReport.objects.select_for_update().get(pk=report.pk)
    if not report.reporter_is_professional:
        raise ApplicationError(gettext("Återkoppling lämnas till anmälare som är yrkesverksamma."), field="reporter_category")
    if not PreliminaryAssessment.objects.filter(report=report).exists():
        raise ApplicationError(gettext("Återkoppling lämnas när förhandsbedömningen är beslutad."), field="given_on")
    if report.feedback_done:
        raise ConflictError(gettext("Återkopplingen är redan dokumenterad."))
    not_given_reason = (not_given_reason or "").strip()
    if given_on is None and not not_given_reason:
        raise ApplicationError(gettext("Ange när återkopplingen lämnades, eller skälet till att den inte lämnas."),
                               field="given_on")
    if given_on is not None:
        _check_day(given_on, field="given_on", label=gettext("Datum för återkopplingen"), not_before=report.received_on,
                   before_label="dagen anmälan kom in")
        if channel not in Channel.values:
            raise ApplicationError(gettext("Ange hur återkopplingen lämnades."), field="channel")
    report = versioned_update(instance=report, expected_version=report.version, fields={
        "feedback_given_on": given_on, "feedback_channel": channel if given_on else "",
        "feedback_not_given_reason": "" if given_on else not_given_reason,
    })
    data = {"report_id": report.pk, "given_on": given_on.isoformat() if given_on else None,
            "channel": report.feedback_channel, "not_given": bool(not_given_reason and not given_on)}
    _event(case=report.case, event_type="reporter_feedback", actor=actor, data=data)
    _audit(EventType.REPORTER_FEEDBACK_RECORDED, actor=actor, obj=report, report=report, data=data)
    return report
