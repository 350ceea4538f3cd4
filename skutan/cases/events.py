"""Builders of the case history (Saleor's order/events.py). Each returns the saved CaseEvent."""

from skutan.cases.models import Case, CaseEvent

LABELS = {
    "opened": "Ärendet aktualiserades",
    "allocated": "Ärendet fördelades",
    "journal_signed": "Journalanteckning signerad",
    "status_changed": "Status ändrad",
    "closed": "Ärendet avslutades",
    "access_granted": "Behörighet beviljad",
    "emergency_access": "Nödåtkomst",
    "household_linked": "Ärendet kopplades till hushåll",
}


def _record(*, case: Case, event_type: str, user, data: dict) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        event_type=event_type,
        user_id=getattr(user, "pk", None),
        username=user.get_username() if user is not None else "",
        data=data,
    )


def case_event_opened(*, case: Case, user) -> CaseEvent:
    return _record(case=case, event_type="opened", user=user, data={"opening_kind": case.opening_kind})


def case_event_allocated(*, case: Case, user, assignee) -> CaseEvent:
    return _record(
        case=case, event_type="allocated", user=user,
        data={"assignee_id": assignee.pk, "assignee": assignee.get_full_name() or assignee.get_username()},
    )


def case_event_journal_signed(*, case: Case, user, entry_id: int, corrects_id: int | None) -> CaseEvent:
    return _record(
        case=case, event_type="journal_signed", user=user, data={"entry_id": entry_id, "corrects_id": corrects_id}
    )


def case_event_status_changed(*, case: Case, user, old: str, new: str) -> CaseEvent:
    return _record(case=case, event_type="status_changed", user=user, data={"old": old, "new": new})


def case_event_closed(*, case: Case, user) -> CaseEvent:
    return _record(case=case, event_type="closed", user=user, data={"reason": case.closing_reason})


def case_event_access(*, case: Case, user, emergency: bool, reason: str) -> CaseEvent:
    return _record(
        case=case, event_type="emergency_access" if emergency else "access_granted", user=user,
        data={"reason": reason},
    )


def case_event_custom(*, case: Case, event_type: str, user, data: dict) -> CaseEvent:
    """For other apps (children, assistance) to add their steps to the same history."""
    return _record(case=case, event_type=event_type, user=user, data=data)


def case_events_custom_bulk(*, event_type: str, user, entries: list[tuple[int, dict]]) -> list[CaseEvent]:
    """The same step in many cases at once, one INSERT per 2 000 (a payment run's planned payments):
    ``entries`` are (case id, data)."""
    from skutan.core.clock import event_now

    at = event_now()
    user_id, username = getattr(user, "pk", None), user.get_username() if user is not None else ""
    return CaseEvent.objects.bulk_create(
        [CaseEvent(case_id=case_id, at=at, event_type=event_type, user_id=user_id, username=username, data=data)
         for case_id, data in entries],
        batch_size=2000,
    )
