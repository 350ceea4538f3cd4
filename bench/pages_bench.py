"""Page latency and CPU per page under an open-loop load of 20 requests/s against gunicorn (production
settings), and the SQL queries of each page.

For each page: log in the user who would open it (a session made directly, as after a login), warm the
workers, then send ``rate`` requests per second for ``duration`` seconds, ``runs`` times. Each run gives p50
and p95 latency, and CPU per page: the CPU time of the gunicorn workers (and, separately, of the PostgreSQL
backends) during the run divided by the pages served. The figure is the median over the runs.
"""

import statistics
from contextlib import contextmanager
from pathlib import Path

from bench import loadgen
from bench.figures import Figure, median_figure
from bench.server import Gunicorn, process_cpu_seconds, production_env

DJANGO = "production"

# key -> (label, figure name for p95 if the issue has a target)
PAGES = {
    "home": ("startsidan", None),
    "case_eb": ("ärendesidan, ekonomiskt bistånd", None),
    "case_children": ("ärendesidan, barn och unga", None),
    "person": ("personöversikten (största hushållet)", None),
    "search": ("personsökning på namn", "person_search_p95_ms"),
    "board": ("fristtavlan (barn och unga)", "deadline_board_p95_ms"),
    "dashboard": ("uppföljningens översikt", "dashboard_p95_ms"),
}


def _user_with_role(role: str, unit_id=None, unit_kind=None):
    from skutan.accounts.models import Membership

    qs = Membership.objects.filter(role=role, user__is_active=True)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if unit_kind is not None:
        qs = qs.filter(unit__kind=unit_kind)
    membership = qs.select_related("user").order_by("user_id").first()
    return membership.user if membership else None


def _case_at_p90(case_type: str):
    """An active case of this type whose journal is longer than nine cases in ten (a case worked on for a
    while; the longest journals are measured by the query guards in the test suite)."""
    from django.db.models import Count

    from skutan.cases.models import Case

    cases = list(Case.objects.filter(case_type=case_type, closed_on__isnull=True,
                                     assignments__ended_at__isnull=True, assignments__user__is_active=True)
                 .annotate(n=Count("journal_entries")).order_by("n", "pk"))
    return cases[int(len(cases) * 0.9)] if cases else None


def choose_pages(selected: list[str]) -> dict:
    """page key -> (path, user, what it shows)."""
    from django.db.models import Count

    from skutan.accounts.models import Role, UnitKind
    from skutan.cases.models import CaseAssignment
    from skutan.people.models import Household, Person

    out = {}
    for key, case_type in (("case_eb", "financial_assistance"), ("case_children", "children")):
        case = _case_at_p90(case_type)
        if case is None:
            continue
        assignment = (CaseAssignment.objects.filter(case=case, ended_at__isnull=True, user__is_active=True)
                      .select_related("user").first())
        user = assignment.user if assignment else _user_with_role(Role.CASEWORKER, unit_id=case.unit_id)
        out[key] = (f"/arenden/{case.pk}/", user, {"journal_entries": case.n})
    eb_user = out["case_eb"][1] if "case_eb" in out else _user_with_role(Role.CASEWORKER)
    out["home"] = ("/", eb_user, {})
    household = Household.objects.annotate(n=Count("members")).order_by("-n", "pk").first()
    if household is not None:
        member = household.members.order_by("pk").first()
        out["person"] = (f"/personer/{member.person_id}/", eb_user, {"household_members": household.n})
    common = (Person.objects.values("last_name").annotate(n=Count("id")).order_by("-n", "last_name").first())
    if common:
        out["search"] = (f"/personer/?q={common['last_name']}", eb_user, {"hits": common["n"]})
    board_user = _user_with_role(Role.UNIT_MANAGER, unit_kind=UnitKind.CHILDREN)
    if board_user:
        out["board"] = ("/barn/frister/", board_user, {})
    management = _user_with_role(Role.MANAGEMENT)
    if management:
        out["dashboard"] = ("/uppfoljning/", management, {})
    out["_user"] = eb_user
    return {k: v for k, v in out.items() if not selected or k in selected or k == "_user"}


def session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def query_count(path: str, user) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get(path, secure=True)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, secure=True)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def _db_backend_pids(database: str) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database])
        return [row[0] for row in cursor.fetchall()]


@contextmanager
def _cpu_meter(server: Gunicorn, database: str):
    """Yields a dict that gets app_s and db_s: CPU seconds of the workers and of the database backends."""
    app0 = server.worker_cpu()
    db0 = {pid: process_cpu_seconds(pid) for pid in _db_backend_pids(database)}
    out = {}
    yield out
    out["app_s"] = server.worker_cpu() - app0
    out["db_s"] = sum(process_cpu_seconds(pid) - db0.get(pid, 0.0) for pid in _db_backend_pids(database))


def person_overview_queries_with_household_of_ten(user) -> tuple[int, dict]:
    """The person overview's queries with a household of 10, made inside a transaction that is rolled back."""
    from datetime import date

    from django.db import transaction

    from skutan.people.models import Household, HouseholdMember, Person

    with transaction.atomic():
        persons = list(Person.objects.filter(protection="").order_by("pk")[:10])
        household = Household.objects.create(cohabiting=False)
        HouseholdMember.objects.bulk_create(
            HouseholdMember(household=household, person=p, role="adult" if i < 2 else "child",
                            joined_on=date(2020, 1, 1)) for i, p in enumerate(persons)
        )
        count = query_count(f"/personer/{persons[0].pk}/", user)
        transaction.set_rollback(True)
    return count, {"household_members": len(persons)}


def figures(ctx: dict) -> list[Figure]:
    from django.conf import settings

    database = settings.DATABASES["default"]["NAME"]
    pages = choose_pages(ctx.get("pages") or [])
    eb_user = pages.pop("_user")
    sizes = ctx["sizes"]
    out = []
    # Queries per page (in the process, the same settings): a query per row would show here first.
    for key, (path, user, shown) in pages.items():
        out.append(Figure(name=f"queries_{key}", value=query_count(path, user), unit="frågor",
                          label=f"SQL-frågor: {PAGES[key][0]}", data={**sizes, **shown}))
    if eb_user is not None and (not ctx.get("pages") or "person" in ctx["pages"]):
        count, shown = person_overview_queries_with_household_of_ten(eb_user)
        out.append(Figure(name="person_overview_queries", value=count, unit="frågor", data={**sizes, **shown}))

    env = production_env(ctx["database_url"], Path(ctx["var_dir"]), ctx["secret_key"])
    cookies = {key: session_cookie(user) for key, (_, user, _) in pages.items()}
    with Gunicorn(env, workers=ctx["workers"]) as server:
        for key, (path, _, shown) in pages.items():
            label, p95_name = PAGES[key]
            print(f"  {label}: {ctx['rate']:g} req/s i {ctx['duration']:g} s × {ctx['runs']} …", flush=True)
            for _ in range(3):  # warm every worker (templates, connections)
                loadgen.run(port=server.port, paths=[path], cookie=cookies[key], rate=5, duration=1)
            p50s, p95s, app_ms, db_ms, errors, served = [], [], [], [], {}, 0
            for _ in range(ctx["runs"]):
                with _cpu_meter(server, database) as cpu:
                    result = loadgen.run(port=server.port, paths=[path], cookie=cookies[key], rate=ctx["rate"],
                                         duration=ctx["duration"])
                summary = result.summary()
                served += result.ok
                for k, v in result.errors.items():
                    errors[k] = errors.get(k, 0) + v
                if result.ok:
                    p50s.append(summary["p50_ms"])
                    p95s.append(summary["p95_ms"])
                    app_ms.append(cpu["app_s"] * 1000 / result.ok)
                    db_ms.append(cpu["db_s"] * 1000 / result.ok)
            data = {**sizes, **shown, "rate_per_s": ctx["rate"], "seconds_per_run": ctx["duration"],
                    "served": served, "errors": errors}
            note = f"fel/timeout: {errors}" if errors else ""
            out.append(median_figure(f"{key}_p50_ms", p50s, "ms", label=f"{label}: p50", data=data, note=note))
            out.append(median_figure(p95_name or f"{key}_p95_ms", p95s, "ms", label=f"{label}: p95" if not p95_name
                                     else "", data=data))
            cpu_name = "case_page_cpu_ms" if key == "case_eb" else f"{key}_cpu_ms"
            db_note = f"PostgreSQL därtill {statistics.median(db_ms):.1f} ms per sida" if db_ms else ""
            out.append(median_figure(cpu_name, app_ms, "ms", label="" if key == "case_eb" else
                                     f"{label}: CPU per sida (gunicorn)", data=data, note=db_note))
    return out
