from datetime import date, datetime

from django.utils.translation import gettext
from ninja import Router, Schema, Status

from skutan.accounts.selectors import unit_get, user_get_active
from skutan.audit.context import AccessContext
from skutan.cases import selectors, services
from skutan.cases.models import Case, JournalEntry
from skutan.core.apierrors import Error
from skutan.core.errors import ApplicationError, NotFoundError
from skutan.core.schema import Day, FreeText
from skutan.people.selectors import person_get_for_user

router = Router(tags=["Ärenden"])


class CaseIn(Schema):
    person: int
    case_type: FreeText
    unit: int
    opening_kind: FreeText
    opened_on: Day | None = None
    summary: FreeText = ""


class CaseOut(Schema):
    id: int
    reference: str
    person: int
    case_type: str
    unit: int
    status: str
    opening_kind: str
    opened_on: date
    closed_on: date | None
    assigned_to: list[int]
    version: int


class AllocateIn(Schema):
    user: int


class CloseIn(Schema):
    reason: FreeText
    version: int
    closed_on: Day | None = None


class JournalIn(Schema):
    text: FreeText
    event_date: Day | None = None
    corrects: int | None = None


class JournalPatch(Schema):
    text: FreeText
    version: int
    event_date: Day | None = None


class JournalOut(Schema):
    id: int
    case: int
    event_date: date
    text: str
    author: str
    signed_at: datetime | None
    signed_by: str | None
    corrects: int | None
    version: int


class EventOut(Schema):
    at: datetime
    event_type: str
    username: str
    data: dict


def _ctx(request, purpose="Handläggning via API"):
    return AccessContext.from_request(request, purpose=purpose, channel="api")


def _case_out(case: Case) -> dict:
    assignees = getattr(case, "current_assignments", None)
    if assignees is None:
        assignees = case.assignments.filter(ended_at__isnull=True)
    return {
        "id": case.pk, "reference": case.reference, "person": case.person_id, "case_type": case.case_type,
        "unit": case.unit_id, "status": case.status, "opening_kind": case.opening_kind,
        "opened_on": case.opened_on, "closed_on": case.closed_on,
        "assigned_to": [a.user_id for a in assignees], "version": case.version,
    }


def _entry_out(entry: JournalEntry) -> dict:
    return {
        "id": entry.pk, "case": entry.case_id, "event_date": entry.event_date, "text": entry.text,
        "author": entry.author.get_username(), "signed_at": entry.signed_at,
        "signed_by": entry.signed_by.get_username() if entry.signed_by else None,
        "corrects": entry.corrects_id, "version": entry.version,
    }


@router.post("/cases", response={201: CaseOut, 400: Error, 403: Error, 404: Error})
def case_create(request, payload: CaseIn):
    person = person_get_for_user(ctx=_ctx(request, "Aktualisering via API"), person_id=payload.person)
    unit = unit_get(unit_id=payload.unit)
    if unit is None:
        raise ApplicationError(gettext("Enheten finns inte."), field="unit")
    case = services.case_open(
        actor=request.user, person=person, unit=unit, case_type=payload.case_type,
        opening_kind=payload.opening_kind, opened_on=payload.opened_on, summary=payload.summary,
    )
    return Status(201, _case_out(case))


@router.get("/cases/{case_id}", response={200: CaseOut, 404: Error})
def case_detail(request, case_id: int):
    return _case_out(selectors.case_get_for_user(ctx=_ctx(request), case_id=case_id))


@router.post("/cases/{case_id}/allocate", response={200: CaseOut, 400: Error, 403: Error, 404: Error})
def case_allocate(request, case_id: int, payload: AllocateIn):
    case = selectors.case_get_for_user(ctx=_ctx(request, "Fördelning via API"), case_id=case_id)
    assignee = user_get_active(user_id=payload.user)
    if assignee is None:
        raise ApplicationError(gettext("Handläggaren finns inte."), field="user")
    services.case_allocate(actor=request.user, case=case, assignee=assignee)
    return _case_out(selectors.case_get_for_user(ctx=_ctx(request, "Fördelning via API"), case_id=case_id))


@router.post("/cases/{case_id}/close", response={200: CaseOut, 400: Error, 404: Error, 409: Error})
def case_close(request, case_id: int, payload: CloseIn):
    case = selectors.case_get_for_user(ctx=_ctx(request, "Avslut via API"), case_id=case_id)
    case = services.case_close(
        actor=request.user, case=case, reason=payload.reason, expected_version=payload.version,
        closed_on=payload.closed_on,
    )
    return _case_out(case)


@router.get("/cases/{case_id}/events", response={200: list[EventOut], 404: Error})
def case_events(request, case_id: int):
    case = selectors.case_get_for_user(ctx=_ctx(request), case_id=case_id)
    return list(case.events.all())


@router.get("/cases/{case_id}/journal-entries", response={200: list[JournalOut], 404: Error})
def journal_list(request, case_id: int):
    case = selectors.case_get_for_user(ctx=_ctx(request), case_id=case_id)
    # as on the case page: signed entries, and the caller's own drafts only
    return [
        _entry_out(e) for e in selectors.case_journal(case=case) if e.is_signed or e.author_id == request.user.pk
    ]


@router.post("/cases/{case_id}/journal-entries", response={201: JournalOut, 400: Error, 404: Error, 409: Error})
def journal_create(request, case_id: int, payload: JournalIn):
    ctx = _ctx(request, "Journalföring via API")
    case = selectors.case_get_for_user(ctx=ctx, case_id=case_id)
    corrects = None
    if payload.corrects is not None:
        corrects = case.journal_entries.filter(pk=payload.corrects).first()
        if corrects is None:
            raise ApplicationError(gettext("Anteckningen som ska rättas finns inte i ärendet."), field="corrects")
    entry = services.journal_entry_create(
        actor=request.user, case=case, text=payload.text, event_date=payload.event_date, corrects=corrects
    )
    return Status(201, _entry_out(entry))


@router.get("/journal-entries/{entry_id}", response={200: JournalOut, 404: Error})
def journal_detail(request, entry_id: int):
    entry = selectors.journal_entry_get_for_user(ctx=_ctx(request), entry_id=entry_id)
    if not entry.is_signed and entry.author_id != request.user.pk:  # someone else's draft
        raise NotFoundError(gettext("Journalanteckningen finns inte, eller så har du inte behörighet till den."))
    return _entry_out(entry)


@router.patch(
    "/journal-entries/{entry_id}", response={200: JournalOut, 400: Error, 403: Error, 404: Error, 409: Error}
)
def journal_update(request, entry_id: int, payload: JournalPatch):
    entry = selectors.journal_entry_get_for_user(ctx=_ctx(request, "Journalföring via API"), entry_id=entry_id)
    entry = services.journal_entry_update(
        actor=request.user, entry=entry, text=payload.text, event_date=payload.event_date,
        expected_version=payload.version,
    )
    return _entry_out(entry)


@router.post("/journal-entries/{entry_id}/sign", response={200: JournalOut, 403: Error, 404: Error, 409: Error})
def journal_sign(request, entry_id: int):
    entry = selectors.journal_entry_get_for_user(ctx=_ctx(request, "Signering via API"), entry_id=entry_id)
    return _entry_out(services.journal_entry_sign(actor=request.user, entry=entry))
