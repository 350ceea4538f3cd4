"""The access log's cost: its share of a case page, and the log reviewer's query for one person.

- Overhead: the same case page is requested in the process (production settings) alternately with the
  access-log INSERT and with it replaced by nothing, in one run, so both halves see the same machine load.
  The ratio is median(with) / median(without) − 1 of the wall time per page (the write's cost is mostly in
  PostgreSQL, not in Python).
- The reviewer's query: access_log_filter(person=…, the last year)[:500], as the loggkontroll page runs it,
  for persons that have rows, over the access log as bench/data.py filled it (``--access-log-rows``).
"""

import random
import statistics
import time
from contextlib import contextmanager
from datetime import timedelta

from bench.figures import Figure, median_figure

DJANGO = "production"


@contextmanager
def access_log_writes_disabled():
    """AccessLog.objects.create / bulk_create do nothing (the rows are built but never inserted)."""
    from django.db.models.query import QuerySet

    from skutan.audit.models import AccessLog

    create, bulk_create = QuerySet.create, QuerySet.bulk_create

    def fake_create(self, **kwargs):
        return AccessLog(**kwargs) if self.model is AccessLog else create(self, **kwargs)

    def fake_bulk_create(self, objs, *args, **kwargs):
        return list(objs) if self.model is AccessLog else bulk_create(self, objs, *args, **kwargs)

    QuerySet.create, QuerySet.bulk_create = fake_create, fake_bulk_create
    try:
        yield
    finally:
        QuerySet.create, QuerySet.bulk_create = create, bulk_create


def overhead(path: str, user, *, pairs: int) -> dict:
    from django.test import Client

    from skutan.audit.models import AccessLog

    client = Client()
    client.force_login(user)
    for _ in range(5):
        client.get(path, secure=True)
    before = AccessLog.objects.count()
    with_log, without = [], []
    for _ in range(pairs):
        started = time.perf_counter()
        assert client.get(path, secure=True).status_code == 200
        with_log.append((time.perf_counter() - started) * 1000)
        with access_log_writes_disabled():
            started = time.perf_counter()
            assert client.get(path, secure=True).status_code == 200
            without.append((time.perf_counter() - started) * 1000)
    written = AccessLog.objects.count() - before
    assert written >= pairs, "the page wrote no access-log row: nothing was measured"
    return {"with_ms": statistics.median(with_log), "without_ms": statistics.median(without),
            "rows_per_page": written / pairs}


def reviewer_query_ms(reviewer, person_ids: list[int]) -> list[float]:
    from django.utils import timezone

    from skutan.audit.selectors import access_log_filter

    since = timezone.localdate() - timedelta(days=365)
    out = []
    for person_id in person_ids:
        started = time.perf_counter()
        rows = list(access_log_filter(reviewer=reviewer, person_id=person_id, since=since)[:500])
        out.append((time.perf_counter() - started) * 1000)
        assert rows is not None
    return out


def figures(ctx: dict) -> list[Figure]:
    from bench.pages_bench import _user_with_role, choose_pages
    from skutan.accounts.models import Role
    from skutan.audit.models import AccessLog

    sizes = ctx["sizes"]
    out = []
    pages = choose_pages(["case_eb"])
    path, user, shown = pages["case_eb"]
    runs = [overhead(path, user, pairs=100) for _ in range(ctx["runs"])]
    ratios = [r["with_ms"] / r["without_ms"] - 1 for r in runs]
    out.append(median_figure(
        "accesslog_overhead", ratios, "andel", data={**sizes, **shown},
        note=f"med logg {statistics.median(r['with_ms'] for r in runs):.1f} ms, utan "
             f"{statistics.median(r['without_ms'] for r in runs):.1f} ms per sida (väggtid i processen, 100 par "
             f"per körning), {runs[0]['rows_per_page']:.0f} loggrad per sida",
    ))
    reviewer = _user_with_role(Role.LOG_REVIEWER)
    if reviewer is None:
        return out
    rng = random.Random(1782)
    candidates = list(AccessLog.objects.order_by().values_list("person_id", flat=True).distinct()[:5000])
    rows = sizes.get("access_log_rows", 0)
    per_run = []
    for _ in range(ctx["runs"]):
        ids = rng.sample(candidates, min(20, len(candidates)))
        per_run.append(statistics.median(reviewer_query_ms(reviewer, ids)))
    worst = max(reviewer_query_ms(reviewer, ids))
    out.append(median_figure(
        "accesslog_review_person_ms", per_run, "ms", data={**sizes, "persons_queried_per_run": 20},
        note=f"mätt över {rows:_} rader".replace("_", " ") + f"; långsammaste enskilda fråga {worst:.0f} ms"
             + ("" if rows >= 20_000_000 else " (målet gäller 20 miljoner rader)"),
    ))
    return out
