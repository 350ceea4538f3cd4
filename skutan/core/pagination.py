"""Paging and URL filters for long lists (deadline boards, the unit board, the log review).

The filters live in the query string, so a filtered, paged view can be bookmarked and shared; the page links
keep every other filter. ``page_of`` works on a list or a queryset (a queryset is counted and sliced in SQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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


def page_of(items: Sequence, *, number: int = 1, per_page: int = PAGE_SIZE, keep: dict | None = None) -> Page:
    """Page ``number`` of the items (from ``page_number(request.GET)``; out of range gives the last page).
    ``keep`` is the filters to carry into the page links (empty values are left out)."""
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
