"""Paging and URL filters for long lists (deadline boards, the unit board, the log review).

The filters live in the query string, so a filtered, paged view can be bookmarked and shared; the page links
keep every other filter. ``page_of`` works on a list or a queryset (a queryset is counted and sliced in SQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlencode

from django.urls import reverse

PAGE_SIZE = 50
PAGE_PARAM = "sida"


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    pages: int
    total: int
    first: int  # 1-based position of the first item shown (0 when empty)
    last: int
    query: dict  # the other filters, to keep in the page links

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    def url(self, number: int) -> str:
        return "?" + urlencode({**self.query, PAGE_PARAM: number})

    @property
    def previous_url(self) -> str:
        return self.url(self.number - 1)

    @property
    def next_url(self) -> str:
        return self.url(self.number + 1)

    @property
    def is_paged(self) -> bool:
        return self.pages > 1


def page_number(params, *, param: str = PAGE_PARAM) -> int:
    try:
        return max(1, int(params.get(param, 1)))
    except (TypeError, ValueError):
        return 1


def page_of(items: Sequence, *, number: int = 1, per_page: int | None = None, keep: dict | None = None) -> Page:
    """Page ``number`` of the items (from ``page_number(request.GET)``; out of range gives the last page).
    ``keep`` is the filters to carry into the page links (empty values are left out)."""
    per_page = per_page or PAGE_SIZE
    total = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    pages = max(1, -(-total // per_page))
    number = min(max(1, number), pages)
    start = (number - 1) * per_page
    shown = list(items[start:start + per_page])
    query = {k: v for k, v in (keep or {}).items() if v not in ("", None)}
    return Page(items=shown, number=number, pages=pages, total=total, first=start + 1 if shown else 0,
                last=start + len(shown), query=query)


def url_pattern(viewname: str, kwarg: str) -> str:
    """A URL with ``{}`` where one integer kwarg goes, reversed once for a whole list rather than once per row
    (``url_pattern("cases:detail", "case_id").format(pk)``, or ``{{ pattern|fill:pk }}`` in a template)."""
    sentinel = 987654321
    return reverse(viewname, kwargs={kwarg: sentinel}).replace(str(sentinel), "{}")


@dataclass(frozen=True)
class RowFilters:
    """A deadline board's filters, from the query string: ``handlaggare`` (a user id, or "ingen" for rows whose
    case is not allocated), ``moment`` (one of the board's ``kinds``) and ``lage`` ("forsenade": past the last
    day; "loper-ut": due within the forecast window). Unknown values are ignored. Rows need ``kind``, ``case``,
    ``assignees`` (current assignments) and ``status`` (a DeadlineStatus)."""

    kinds: ClassVar[list[tuple[str, str]]] = []
    STATES: ClassVar[tuple[str, ...]] = ("forsenade", "loper-ut")

    worker: str = ""
    kind: str = ""
    state: str = ""

    @classmethod
    def from_params(cls, params):
        worker = params.get("handlaggare", "")
        kind = params.get("moment", "")
        state = params.get("lage", "")
        return cls(
            worker=worker if worker == "ingen" or worker.isdigit() else "",
            kind=kind if kind in dict(cls.kinds) else "",
            state=state if state in cls.STATES else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.worker or self.kind or self.state)

    def as_query(self) -> dict:
        return {"handlaggare": self.worker, "moment": self.kind, "lage": self.state}

    def matches(self, row) -> bool:
        """Caseworker and kind (the state is applied to the table only, see ``in_state``)."""
        if self.kind and row.kind != self.kind:
            return False
        if self.worker == "ingen":
            return row.case is not None and not row.assignees
        if self.worker:
            return any(str(a.user_id) == self.worker for a in row.assignees)
        return True

    def in_state(self, row) -> bool:
        if self.state == "forsenade":
            return row.status.late
        if self.state == "loper-ut":
            return row.status.level == "soon"
        return True
