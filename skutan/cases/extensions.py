"""Extension points of the case core for higher layers (registered in their AppConfig.ready).

``ALLOCATION_CHECKS``: functions ``(case=, assignee=)`` that raise ApplicationError when the assignee may not be
the responsible caseworker of the case (the staff app's qualification rule for child investigations).

``WORKER_LOAD_PROVIDERS``: functions ``(unit_ids=) -> {user_id: {"load", "capacity", "share", "over"}}``, the
weighted workload the allocation picker and Min dag show next to each worker's open cases (the staff app).

``EVENT_LABELS``: event type → function ``(event, names) -> str``, the Swedish sentence that tells one step of
the case history (``cases.events.case_event_sentence``); children and assistance add their steps.

The start page's work items have their own registry, ``cases.workday``; the search has ``cases.search``.
"""

from collections.abc import Callable

ALLOCATION_CHECKS: list[Callable] = []
WORKER_LOAD_PROVIDERS: list[Callable] = []
EVENT_LABELS: dict[str, Callable] = {}


def worker_load_provider_register(provider: Callable) -> None:
    if provider not in WORKER_LOAD_PROVIDERS:
        WORKER_LOAD_PROVIDERS.append(provider)


def event_labels_register(labels: dict[str, Callable | str]) -> None:
    """Add sentences for event types: a plain string, or a function ``(event) -> str`` that reads its data."""
    for event_type, label in labels.items():
        EVENT_LABELS[event_type] = label if callable(label) else (lambda event, _text=label: _text)

# ``DOCUMENT_SUBJECTS``: functions ``(case=) -> [{"type", "id", "label", "url"}]``: the things in a case a document
# can belong to besides the case itself (assistance: the month's applications).
DOCUMENT_SUBJECTS: list[Callable] = []

# ``PERSONAKT_SECTIONS``: functions ``(case=, date_from=, date_to=) -> [{"heading", "rows": [str]}]``: what an app
# adds to a case's part of the printed personakt (only facts, no protected address).
PERSONAKT_SECTIONS: list[Callable] = []


def register_once(registry: list, fn: Callable) -> None:
    if fn not in registry:
        registry.append(fn)
