"""Rättelse and radering (GDPR art. 16–17): a person's request, registered and decided, with the answer letter.

Handled by the arkivansvarig (the municipality's registrar for data-protection requests), not by a case's
unit: a request concerns everything Skutan holds about the person, in every unit. Erasure of what the law
requires to be kept is refused with the rule: a personakt is kept until it is purged (SoL 12 kap. 1–2 §§),
and art. 17.3 b exempts processing the law requires. A granted correction is made by the caseworker in the
ordinary way (a signed journal entry is corrected by a new entry that refers to it, SOSFS 2014:5).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import User
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.retention.conf import retention_settings
from skutan.retention.models import DataSubjectRequest, RequestKind, RequestStatus
from skutan.retention.selectors import user_is_archivist

ART_17_3_B = "Dataskyddsförordningen art. 17.3 b (behandling som krävs för att fullgöra en rättslig förpliktelse)"
MAX_TEXT = 4000


def _require_archivist(actor: User) -> None:
    if not user_is_archivist(user=actor):
        raise AccessDeniedError(gettext("Bara arkivansvarig handlägger begäranden om rättelse och radering."))


def _text(value: str, *, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(f"{label} saknas.", field=field)
    if len(value) > MAX_TEXT:
        raise ApplicationError(gettext(
            "%(label)s får vara högst %(max_text)s tecken."
        ) % {"label": label, "max_text": MAX_TEXT}, field=field)
    return value


def data_subject_request_register(
    *, actor: User, person, kind: str, received_on: date, description: str
) -> DataSubjectRequest:
    _require_archivist(actor)
    if kind not in RequestKind.values:
        raise ApplicationError(gettext("Välj rättelse eller radering."), field="kind")
    if not isinstance(received_on, date) or received_on > timezone.localdate():
        raise ApplicationError(gettext("Inkomstdagen kan inte vara i framtiden."), field="received_on")
    description = _text(description, field="description", label=gettext("Vad personen begär"))
    with transaction.atomic():
        request = DataSubjectRequest.objects.create(
            person=person, kind=kind, received_on=received_on, description=description, registered_by=actor
        )
        audit_event_record(
            event_type=EventType.DATA_SUBJECT_REQUEST_REGISTERED, actor=actor, obj=request, person_id=person.pk,
            data={"kind": kind},
        )
    return request


def erasure_refusal_reason(*, person) -> str | None:
    """Why the law requires the person's data to be kept now, or None when nothing needs keeping."""
    from skutan.retention.planning import person_plan
    from skutan.retention.rules import rules_load

    today = timezone.localdate()
    plan, holdings = person_plan(person=person, year=today.year, as_of=today, settings=retention_settings())
    if plan.outcome.purge:
        return None
    rule = rules_load().get(plan.outcome.rule_code)
    source = f" ({rule.source})" if rule else ""
    return (
        f"Uppgifterna ingår i en personakt som enligt lag ska bevaras: {plan.outcome.reason}{source}. "
        f"Rätten till radering gäller inte sådana uppgifter: {ART_17_3_B}."
    )


def data_subject_request_decide(
    *, actor: User, request: DataSubjectRequest, version: int, status: str, decision_text: str
) -> DataSubjectRequest:
    """Decide the request. An erasure the law forbids is refused whatever was asked, with the rule as reason."""
    _require_archivist(actor)
    if status not in (RequestStatus.GRANTED, RequestStatus.PARTLY, RequestStatus.REFUSED):
        raise ApplicationError(gettext("Välj bifall, delvis bifall eller avslag."), field="status")
    decision_text = _text(decision_text, field="decision_text", label=gettext("Beslut och skäl"))
    legal_basis = ""
    if request.kind == RequestKind.ERASURE:
        refusal = erasure_refusal_reason(person=request.person)
        if refusal and status != RequestStatus.REFUSED:
            raise ConflictError(
                "Radering kan inte bifallas: " + refusal, field="status", extra={"legal_basis": ART_17_3_B}
            )
        if refusal:
            legal_basis = refusal
        else:
            legal_basis = "Uppgifterna behöver inte längre bevaras; de raderas i nästa gallring."
    else:
        legal_basis = "Dataskyddsförordningen art. 16 (rättelse)"
    with transaction.atomic():
        locked = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
        if locked.version != version:
            raise ConflictError(gettext("Begäran har ändrats sedan du öppnade den. Ladda om sidan."), field="version")
        if locked.status != RequestStatus.RECEIVED:
            raise ConflictError(gettext("Begäran är redan avgjord."), field="status")
        locked.status = status
        locked.decision_text = decision_text
        locked.legal_basis = legal_basis
        locked.decided_by = actor
        locked.decided_on = timezone.localdate()
        locked.version += 1
        locked.save()
        audit_event_record(
            event_type=EventType.DATA_SUBJECT_REQUEST_DECIDED, actor=actor, obj=locked,
            person_id=locked.person_id, data={"kind": locked.kind, "status": status},
        )
    return locked


def data_subject_request_letter(*, ctx, request: DataSubjectRequest) -> bytes:
    """The answer letter (PDF) to the person; logged as a print."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from skutan.accounts.selectors import municipality_current
    from skutan.audit.services import access_log_record

    _require_archivist(ctx.user)
    if request.status == RequestStatus.RECEIVED:
        raise ConflictError(gettext("Begäran är inte avgjord ännu."))
    person = request.person
    from django.utils import translation

    with translation.override("sv"):  # a letter to the person is in Swedish (docs/i18n.md)
        html = render_to_string("retention/request_letter.html", {
            "request": request, "person": person, "municipality": municipality_current(),
            "protected": person.protected_identity, "today": timezone.localdate(),
        })
    pdf = HTML(string=html).write_pdf()
    with transaction.atomic():
        access_log_record(
            user=ctx.user, action="print", purpose="Svar på begäran om rättelse/radering",
            object_type="data_subject_request", object_id=request.pk, person=person, channel=ctx.channel,
            path=ctx.path,
        )
        audit_event_record(
            event_type=EventType.DATA_SUBJECT_LETTER_PRODUCED, actor=ctx.user, obj=request, person_id=person.pk,
        )
    return pdf
