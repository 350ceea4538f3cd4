"""The child's voice and barnets bästa in the investigation: conversations with the child (alone or not, and
why not), the child's own views, and the barnets-bästa assessment that a decision on an insats refers to."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.audit.catalogue import EventType
from skutan.children.models import BestInterestAssessment, ChildConversation, Investigation
from skutan.children.services._common import (
    _audit,
    _check_day,
    _event,
    _require_children_staff,
    _required_text,
)
from skutan.children.services.assessments import conversation_alone_fields
from skutan.children.services.investigations import _require_open
from skutan.core.concurrency import versioned_update
from skutan.core.errors import ApplicationError


@transaction.atomic
def investigation_conversation_record(
    *, actor, investigation: Investigation, held_on: date, held_by: str, alone: bool = True,
    not_alone_reason: str = "", present: str = "", notes: str = "",
) -> ChildConversation:
    """A conversation with the child during the investigation: alone or not, and why not."""
    case = investigation.case
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)
    _require_open(investigation)
    if held_on is None:
        raise ApplicationError(gettext("Ange datum för samtalet."), field="held_on")
    _check_day(held_on, field="held_on", label=gettext("Samtalsdatum"), not_before=investigation.opened_on,
               before_label="dagen utredningen inleddes")
    held_by = _required_text(held_by, field="held_by", message="Ange vem som höll samtalet.")
    fields = conversation_alone_fields(alone=alone, not_alone_reason=not_alone_reason, present=present)
    conversation = ChildConversation.objects.create(
        investigation=investigation, held_on=held_on, held_by=held_by, notes=(notes or "").strip(),
        recorded_by=actor, **fields,
    )
    data = {"investigation_id": investigation.pk, "held_on": held_on.isoformat(), "alone": conversation.alone}
    _event(case=case, event_type="child_conversation", actor=actor, data=data)
    _audit(EventType.CHILD_CONVERSATION_RECORDED, actor=actor, obj=conversation, case=case, data=data)
    return conversation


@transaction.atomic
def investigation_child_views_save(
    *, actor, investigation: Investigation, child_views: str, child_not_heard_reason: str = "",
    expected_version: int | None = None,
) -> Investigation:
    """The child's own views, or why the child has not been heard."""
    case = investigation.case
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)
    _require_open(investigation)
    child_views = (child_views or "").strip()
    child_not_heard_reason = (child_not_heard_reason or "").strip()
    if not child_views and not child_not_heard_reason:
        raise ApplicationError(
            gettext("Skriv barnets egna synpunkter, eller varför barnet inte har kommit till tals."), field="child_views"
        )
    investigation = versioned_update(
        instance=investigation,
        expected_version=investigation.version if expected_version is None else expected_version,
        fields={"child_views": child_views, "child_not_heard_reason": child_not_heard_reason},
    )
    data = {"investigation_id": investigation.pk, "views": bool(child_views),
            "not_heard": bool(child_not_heard_reason)}
    _event(case=case, event_type="child_views", actor=actor, data=data)
    _audit(EventType.CHILD_VIEWS_RECORDED, actor=actor, obj=investigation, case=case, data=data)
    return investigation


@transaction.atomic
def best_interest_assessment_record(
    *, actor, investigation: Investigation, text: str, assessed_on: date | None = None
) -> BestInterestAssessment:
    """The barnets-bästa assessment of the investigation; a decision on an insats must refer to one."""
    case = investigation.case
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)
    _require_open(investigation)
    text = _required_text(text, field="text", message="Skriv bedömningen av barnets bästa.")
    assessed_on = assessed_on or timezone.localdate()
    _check_day(assessed_on, field="assessed_on", label=gettext("Datum"), not_before=investigation.opened_on,
               before_label="dagen utredningen inleddes")
    assessment = BestInterestAssessment.objects.create(
        investigation=investigation, assessed_on=assessed_on, text=text, recorded_by=actor
    )
    data = {"investigation_id": investigation.pk, "assessment_id": assessment.pk}
    _event(case=case, event_type="best_interest_assessed", actor=actor, data=data)
    _audit(EventType.BEST_INTEREST_ASSESSED, actor=actor, obj=assessment, case=case, data=data)
    return assessment
