"""The deadline board's filters, paging and heading counts, and its rendering cost (issue 17 part 6, issue 11)."""

import re

import pytest
from django.db import connection
from django.template import loader_tags
from django.test.utils import CaptureQueriesContext

from skutan.children import selectors
from skutan.core import pagination

from .test_board import TODAY, _new_child, _populate


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start:html.index("</section>", start)]


def test_late_heading_counts_what_it_lists(login, register, staff, bou_manager):
    _populate(register, staff, 0, 2)  # 14 rows, all past their day when the page is read (data from 2025)
    html = login(bou_manager).get("/barn/frister/").content.decode()
    late = _section(html, "forsenade")
    assert "Försenade (14)" in late
    summary = late[:late.index("<h3>")]
    assert summary.count("<li>") == selectors.BOARD_SUMMARY_SIZE  # the first ten, then a link to all 14
    assert "Visa alla 14 försenade" in summary
    # every kind of late row, not only the overdue follow-ups (the old board said 14 and listed 7)
    assert "Skyddsbedömning" in summary and "Uppföljning av insats" in summary
    table = _section(html, "alla")
    assert "Alla öppna frister (14)" in table
    assert table.count("<tr><td") == 14


def test_a_few_late_rows_are_all_listed(login, register, staff, bou_manager):
    register()  # skyddsbedömning and förhandsbedömning, both late today
    late = _section(login(bou_manager).get("/barn/frister/").content.decode(), "forsenade")
    heading = int(re.search(r"Försenade \((\d+)\)", late).group(1))
    assert heading == 2 == late[:late.index("<h3>")].count("<li>")


def test_filter_by_kind_worker_and_state(register, staff, bou_manager, bou_worker2):
    _populate(register, staff, 0, 1)
    other = register(assign_to=bou_worker2)
    unassigned = register(child=_new_child(staff, 20))
    params = {"moment": "follow_up"}
    board = selectors.deadline_board(user=bou_manager, today=TODAY, filters=selectors.BoardFilters.from_params(params))
    assert {r.kind for r in board["rows"]} == {"follow_up"} and board["page"].total == 1
    by_worker = selectors.deadline_board(
        user=bou_manager, today=TODAY, filters=selectors.BoardFilters.from_params({"handlaggare": str(bou_worker2.pk)}))
    assert {r.case.pk for r in by_worker["rows"]} == {other.case_id}
    unallocated = selectors.deadline_board(
        user=bou_manager, today=TODAY, filters=selectors.BoardFilters.from_params({"handlaggare": "ingen"}))
    assert {r.case.pk for r in unallocated["rows"]} == {unassigned.case_id}
    late = selectors.deadline_board(
        user=bou_manager, today=TODAY, filters=selectors.BoardFilters.from_params({"lage": "forsenade"}))
    assert late["page"].total == len(late["late"]) and all(r.status.late for r in late["page"].items)
    assert len(late["rows"]) > len(late["late"])  # the state filter narrows the table, not the summaries
    soon = selectors.deadline_board(
        user=bou_manager, today=TODAY, filters=selectors.BoardFilters.from_params({"lage": "loper-ut"}))
    assert [r.due for r in soon["page"].items] == [r.due for r in soon["forecast"]]


def test_unknown_filter_values_are_ignored():
    filters = selectors.BoardFilters.from_params({"handlaggare": "x;drop", "moment": "nope", "lage": "igår"})
    assert filters == selectors.BoardFilters()


def test_paging_keeps_the_filters(register, staff, bou_manager):
    _populate(register, staff, 0, 2)
    page = selectors.deadline_board(user=bou_manager, today=TODAY, per_page=5)["page"]
    assert (page.number, page.pages, page.total, page.first, page.last) == (1, 3, 14, 1, 5)
    assert page.next_url == "?sida=2" and not page.has_previous
    last = selectors.deadline_board(user=bou_manager, today=TODAY, per_page=5, page=99)["page"]
    assert (last.number, last.first, last.last, len(last.items)) == (3, 11, 14, 4)
    filtered = selectors.deadline_board(user=bou_manager, today=TODAY, per_page=1,
                                        filters=selectors.BoardFilters.from_params({"moment": "investigation"}))
    assert filtered["page"].next_url == "?moment=investigation&sida=2"


def test_filters_in_the_url_and_page_links(login, register, staff, bou_manager):
    _populate(register, staff, 0, 1)
    html = login(bou_manager).get("/barn/frister/?moment=investigation&lage=forsenade").content.decode()
    table = _section(html, "alla")
    shown = int(re.search(r"Försenade frister \((\d+)\)", table).group(1))
    assert shown == table.count("<tr><td") == table.count("Utredning") >= 1
    assert '<option value="investigation" selected>' in html


def _measure(web, url):
    """SQL queries, URL reversals and template includes for one request of the board."""
    counts = {"reverse": 0, "include": 0}
    real_reverse, real_include = pagination.reverse, loader_tags.IncludeNode.render

    def counting_reverse(*args, **kwargs):
        counts["reverse"] += 1
        return real_reverse(*args, **kwargs)

    def counting_include(self, context):
        counts["include"] += 1
        return real_include(self, context)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pagination, "reverse", counting_reverse)
        mp.setattr("django.urls.reverse", counting_reverse)  # {% url %} imports it when it renders
        mp.setattr(loader_tags.IncludeNode, "render", counting_include)
        with CaptureQueriesContext(connection) as queries:
            response = web.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), counts["reverse"], counts["include"], response.content.decode()


def test_rendering_cost_does_not_grow_with_rows(login, register, staff, bou_manager):
    web = login(bou_manager)
    _populate(register, staff, 0, 2)  # N = 14 rows
    web.get("/barn/frister/")  # warm the session and caches
    few = _measure(web, "/barn/frister/")
    _populate(register, staff, 2, 2)  # 2N = 28 rows
    many = _measure(web, "/barn/frister/")
    assert "Alla öppna frister (14)" in few[3] and "Alla öppna frister (28)" in many[3]
    assert many[:3] == few[:3]  # the same queries, reversals and includes
    assert few[2] <= 3  # no include per row (base layout and paging only)


def test_page_size_bounds_the_table(login, register, staff, bou_manager, monkeypatch):
    monkeypatch.setattr(pagination, "PAGE_SIZE", 4)
    _populate(register, staff, 0, 1)
    html = login(bou_manager).get("/barn/frister/?sida=2").content.decode()
    table = _section(html, "alla")
    assert table.count("<tr><td") == 3 and "Visar 5–7 av 7" in table and 'rel="prev"' in table

