"""The data step: one function, prepare(), gives a PostgreSQL database of the asked scale and its sizes.

The database is ``skutan_bench_<scale>`` on the server of BENCH_DATABASE_URL's host (default
postgres://postgres@127.0.0.1:5432). It is built once and reused (``--fresh`` builds it again), by
``skutan generate --scale S`` when that command exists, otherwise by the demo generator (``skutan demo
--no-serve --scale F``), which is the same code at a smaller scale. Only database names skutan_bench* are
ever created or dropped.

Each build is timed (wall clock, and the generator process's CPU) and the timing is kept beside the bench's
other files (``var/bench/build-<database>.json``), so a reused database still reports how long it took to build:
the figure ``generator_<scale>_s`` (the issue's target is for Stockholm).
"""

import json
import os
import resource
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
SKUTAN = str(Path(sys.executable).with_name("skutan"))
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"

# The demo generator's scale factor for each named scale (1.0 is Filipstad, ~1 900 persons). Used only
# until `skutan generate` exists; at Stockholm scale the demo generator takes hours.
DEMO_SCALE = {"demo": 1.0, "filipstad": 1.0, "karlstad": 10.0, "stockholm": 100.0}

SIZE_QUERIES = {
    "persons": "SELECT count(*) FROM people_person",
    "households": "SELECT count(*) FROM people_household",
    "cases": "SELECT count(*) FROM cases_case",
    "journal_entries": "SELECT count(*) FROM cases_journalentry",
    "eb_decisions": "SELECT count(*) FROM assistance_decision",
    "child_reports": "SELECT count(*) FROM children_childreport",
    "access_log_rows": "SELECT count(*) FROM audit_accesslog",
    "users": "SELECT count(*) FROM accounts_user",
}


def database_url(scale: str) -> str:
    """The bench database: skutan_bench_<scale>, or BENCH_DATABASE_NAME (a name beginning with skutan_bench, e.g.
    a copy made with ``createdb -T skutan_bench_filipstad skutan_bench_mine``, so two people can measure at once)."""
    base = urlsplit(os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER)
    name = os.environ.get("BENCH_DATABASE_NAME") or f"skutan_bench_{scale.replace('.', '_')}"
    if not name.startswith("skutan_bench"):
        raise SystemExit(f"BENCH_DATABASE_NAME måste börja med skutan_bench: {name!r}")
    return urlunsplit(base._replace(path=f"/{name}"))


def _connect(url: str, autocommit: bool = True):
    import psycopg

    return psycopg.connect(url, autocommit=autocommit)


def _server_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _exists(url: str) -> bool:
    name = urlsplit(url).path.lstrip("/")
    with _connect(_server_url(url)) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _recreate(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    assert name.startswith("skutan_bench"), name  # never any other database
    with _connect(_server_url(url)) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _has_data(url: str) -> bool:
    try:
        with _connect(url) as conn:
            return conn.execute("SELECT EXISTS (SELECT 1 FROM people_person)").fetchone()[0]
    except Exception:  # noqa: BLE001 — no tables yet
        return False


def cli_env(url: str) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "skutan.settings.local", "DATABASE_URL": url}


def _has_generate_command(url: str) -> bool:
    listed = subprocess.run([SKUTAN, "help", "--commands"], env=cli_env(url), capture_output=True, text=True,
                            cwd=REPO)
    return "generate" in listed.stdout.split()


def sizes(url: str) -> dict:
    out = {}
    with _connect(url) as conn:
        for key, sql in SIZE_QUERIES.items():
            try:
                out[key] = conn.execute(sql).fetchone()[0]
            except Exception:  # noqa: BLE001 — a table another branch adds
                conn.rollback()
    return out


def prepare(scale: str, *, fresh: bool = False, seed: int = 1782, access_log_rows: int = 0, log=print) -> dict:
    """The bench database of this scale, built if missing (or if ``fresh``). Returns url, scale, how it was
    built, and its sizes."""
    url = database_url(scale)
    built = "återanvänd"
    if fresh or not _exists(url) or not _has_data(url):
        _recreate(url)
        started = time.perf_counter()
        if _has_generate_command(url):
            command = [SKUTAN, "generate", "--scale", scale, "--seed", str(seed)]
        else:
            factor = DEMO_SCALE.get(scale)
            if factor is None:
                factor = float(scale)
            command = [SKUTAN, "demo", "--no-serve", "--scale", f"{factor:g}", "--seed", str(seed)]
        log(f"Bygger {url.rsplit('/', 1)[-1]}: {' '.join(command[1:])} …")
        cpu_before = _children_cpu()
        subprocess.run(command, env=cli_env(url), check=True, cwd=REPO, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        built = f"{' '.join(command[1:])} ({wall:.0f} s)"
        build_record_save(url, command=" ".join(command[1:]), wall_s=wall, cpu_s=_children_cpu() - cpu_before)
    else:
        subprocess.run([SKUTAN, "migrate", "--verbosity", "0"], env=cli_env(url), check=True, cwd=REPO)
    if access_log_rows:
        access_log_top_up(url, access_log_rows, log=log)
    return {"database_url": url, "scale": scale, "built": built, "sizes": sizes(url), "build": build_record(url)}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _build_file(url: str) -> Path:
    var_dir = Path(os.environ.get("BENCH_VAR_DIR") or REPO / "var" / "bench")
    return var_dir / f"build-{urlsplit(url).path.lstrip('/')}.json"


def build_record_save(url: str, *, command: str, wall_s: float, cpu_s: float) -> dict:
    record = {"command": command, "wall_s": round(wall_s, 1), "cpu_s": round(cpu_s, 1),
              "at": datetime.now().isoformat(timespec="seconds"), "load_average": os.getloadavg()}
    path = _build_file(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record), encoding="utf-8")
    return record


def build_record(url: str) -> dict | None:
    """How the database was last built by prepare(), or None (built some other way, or before timing)."""
    path = _build_file(url)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def generator_figure(scale: str, record: dict | None, sizes: dict):
    """The generator's figure for this scale from the build record: wall-clock seconds, with its CPU."""
    from bench.figures import Figure

    if record is None:  # built before builds were timed, or by hand: --fresh measures it
        return None
    name = f"generator_{scale}_s"
    note = (f"{record['command']}, byggd {record['at']}: CPU i generatorns process {record['cpu_s']:.0f} s "
            f"(PostgreSQL-servern därtill), last {record['load_average'][0]:.1f}")
    return Figure(name=name, value=record["wall_s"], unit="s", runs=[record["wall_s"]], data=sizes, note=note,
                  label="" if scale == "stockholm" else f"generatorn, {scale}")


def access_log_top_up(url: str, rows: int, *, persons: int = 200_000, log=print) -> None:
    """At least ``rows`` access-log rows: synthetic reads by the municipality's users, spread over five years and
    over ``persons`` person ids (Stockholm's 200 000, about 100 rows each, as at Stockholm scale; the log has no
    foreign key, so ids beyond the generated persons are allowed). One INSERT … SELECT per million rows, routed
    by PostgreSQL into the monthly partitions.

    Keeping six secondary indexes up to date row by row made the load slow down as they outgrew the cache
    (the second million took twice as long as the first), so they are dropped, the rows inserted, and the
    indexes built again from their own definitions, all in one transaction: if anything fails, the table and
    its indexes are as before."""
    with _connect(url, autocommit=False) as conn:
        have = conn.execute("SELECT count(*) FROM audit_accesslog").fetchone()[0]
        if have >= rows:
            return
        first_person = conn.execute("SELECT min(id) FROM people_person").fetchone()[0] or 1
        users = conn.execute("SELECT array_agg(id ORDER BY id) FROM accounts_user").fetchone()[0]
        log(f"Fyller på åtkomstloggen från {have:_} till {rows:_} rader …".replace("_", " "))
        started = time.perf_counter()
        indexes = conn.execute(
            """
            SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = 'audit_accesslog'::regclass AND NOT x.indisunique ORDER BY i.relname
            """
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        missing, chunk, offset = rows - have, 1_000_000, have
        while missing > 0:
            n = min(chunk, missing)
            conn.execute(
                """
                INSERT INTO audit_accesslog (at, user_id, username, person_id, case_id, object_type, object_id,
                    action, purpose, channel, path, protected_person, outside_units, emergency)
                SELECT now() - (g %% 1826) * interval '1 day' - (g %% 86400) * interval '1 second',
                       (%(users)s::bigint[])[1 + g %% cardinality(%(users)s::bigint[])], 'bank',
                       %(first)s + (g * 7919) %% %(persons)s, NULL, 'person', '', 'view', 'Bänkdata', 'web',
                       '/personer/', false, (g %% 50 = 0), false
                FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS g
                """,
                {"first": first_person, "persons": persons, "start": offset + 1, "stop": offset + n, "users": users},
            )
            offset += n
            missing -= n
            log(f"  {offset:_} rader ({time.perf_counter() - started:.0f} s)".replace("_", " "))
        conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for name, definition in indexes:
            # "ON ONLY" is how the partitioned parent's index reads back; without it, every partition gets its own.
            conn.execute(definition.replace(" ON ONLY ", " ON ", 1))
            log(f"  index {name} ({time.perf_counter() - started:.0f} s)")
        conn.commit()
    with _connect(url) as conn:
        conn.execute("ANALYZE audit_accesslog")
    log(f"  klart på {time.perf_counter() - started:.0f} s")
