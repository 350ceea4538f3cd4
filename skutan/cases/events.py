"""Builders of the case history (Saleor's order/events.py). Each returns the saved CaseEvent."""

from django.utils.translation import gettext

from skutan.cases.models import Case, CaseEvent, CaseStatus, OpeningKind

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
# --- the history in words -------------------------------------------------------------------------------
# The case page never shows an event code or a username: each step is a Swedish phrase, and who did it is a
# full name. Apps above cases add their steps through cases.extensions.event_labels_register.


def _status(value: str) -> str:
    return CaseStatus(value).label.lower() if value in CaseStatus.values else "okänd status"


def _core_phrase(event: CaseEvent) -> str | None:
    d = event.data or {}
    match event.event_type:
        case "opened":
            kind = OpeningKind(d["opening_kind"]).label.lower() if d.get("opening_kind") in OpeningKind.values else ""
            return "Ärendet aktualiserades" + (f" ({kind})" if kind else "")
        case "allocated":
            return gettext("Ärendet fördelades till %(assignee)s") % {
                "assignee": d.get("assignee") or gettext("en handläggare")
            }
        case "journal_signed":
            return "En rättelse av en journalanteckning signerades" if d.get("corrects_id") else "En journalanteckning signerades"
        case "status_changed":
            return gettext("Status ändrades från %(old)s till %(new)s") % {
                "old": _status(d.get("old", "")), "new": _status(d.get("new", ""))
            }
        case "closed":
            return "Ärendet avslutades" + (f": {d['reason']}" if d.get("reason") else "")
        case "access_granted":
            return "Behörighet till ärendet gavs" + (f" ({d['reason']})" if d.get("reason") else "")
        case "emergency_access":
            return "Nödåtkomst togs till ärendet" + (f" ({d['reason']})" if d.get("reason") else "")
        case "household_linked":
            return "Ärendet kopplades till personens hushåll"
    return None


def case_event_phrase(event: CaseEvent) -> str:
    from skutan.cases.extensions import EVENT_LABELS

    phrase = _core_phrase(event)
    if phrase is None and event.event_type in EVENT_LABELS:
        phrase = EVENT_LABELS[event.event_type](event)
    return phrase or "Händelse i ärendet"


def case_history(*, case: Case, limit: int = 50) -> list[dict]:
    """The case's history in words: when, who (full name, or "Systemet"), and what, newest first."""
    from django.contrib.auth import get_user_model
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Concat

    # The user's full name in the same query (user_id is a plain column: events outlive users), as text, so
    # there are no user model instances per row. A user row that is gone gives NULL: "Okänd användare".
    name = (get_user_model().objects.filter(pk=OuterRef("user_id"))
            .annotate(full=Concat("first_name", Value(" "), "last_name")).values("full")[:1])
    rows = case.events.annotate(user_name=Subquery(name)).values_list(
        "at", "event_type", "user_id", "data", "user_name")[:limit]
    events = [_EventRow(*row) for row in rows]  # the phrases read event_type and data only: no model instances
    return [
        {"at": e.at, "who": (e.user_name or "").strip() or "Okänd användare" if e.user_id else "Systemet",
         "what": case_event_phrase(e)}
        for e in events
    ]


class _EventRow:
    """What case_event_phrase and the apps' EVENT_LABELS read of a CaseEvent."""

    __slots__ = ("at", "event_type", "user_id", "data", "user_name")

    def __init__(self, at, event_type, user_id, data, user_name):
        self.at, self.event_type, self.user_id, self.data, self.user_name = at, event_type, user_id, data, user_name
