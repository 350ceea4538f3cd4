"""Backup and restore of the whole database, and the fingerprint that proves a restore complete.

- PostgreSQL: ``pg_dump -Fc`` (custom format: compressed, restorable table by table) and ``pg_restore`` into a
  fresh database. The triggers of skutan/core/dbguard.py are restored after the data, so frozen rows load as
  they were.
- SQLite: the online backup API (``sqlite3.Connection.backup``): a consistent copy page by page, even while
  the application writes.

``fingerprint`` counts the rows of every table and computes a SHA-256 over the ordered rows of the journal,
the audit log, the access log and the case history: two databases with the same fingerprint hold the same
records. The drill (docs/operations.md) compares the fingerprint before and after a restore.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext

from skutan.core.errors import ApplicationError

CHECKSUM_TABLES = ("cases_journalentry", "audit_auditevent", "audit_accesslog", "cases_caseevent")


# -- where a database is ----------------------------------------------------------------------------------


def target_from_settings(settings_dict: dict) -> dict:
    """The parts of a Django DATABASES entry that the tools need."""
    engine = settings_dict["ENGINE"]
    vendor = "sqlite" if engine.endswith("sqlite3") else "postgresql" if "postgresql" in engine else engine
    return {
        "vendor": vendor, "name": str(settings_dict["NAME"]), "user": settings_dict.get("USER") or "",
        "password": settings_dict.get("PASSWORD") or "", "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
    }


def target_from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {"vendor": "sqlite", "name": unquote(parts.path[1:] if parts.path.startswith("//") else parts.path)}
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "vendor": "postgresql", "name": unquote(parts.path.lstrip("/")), "user": unquote(parts.username or ""),
            "password": unquote(parts.password or ""), "host": parts.hostname or "", "port": str(parts.port or ""),
        }
    raise ApplicationError(gettext("Okänd databas-URL: %(scheme)s://…") % {
        "scheme": parts.scheme,
    }, field="url")


def _pg_args(target: dict, *, dbname: str | None = None) -> tuple[list[str], dict]:
    args = []
    if target["host"]:
        args += ["-h", target["host"]]
    if target["port"]:
        args += ["-p", target["port"]]
    if target["user"]:
        args += ["-U", target["user"]]
    env = dict(os.environ)
    if target["password"]:
        env["PGPASSWORD"] = target["password"]
    return args + ["-d", dbname or target["name"]], env


def _pg_connect(target: dict, *, dbname: str | None = None, autocommit: bool = False):
    import psycopg

    kwargs = {k: target[k] for k in ("host", "port", "user", "password") if target.get(k)}
    return psycopg.connect(dbname=dbname or target["name"], autocommit=autocommit, **kwargs)


# -- backup and restore -----------------------------------------------------------------------------------


def backup_write(*, source: dict, path: Path) -> Path:
    """Write a backup of ``source`` to ``path`` (which must not exist)."""
    path = Path(path)
    if path.exists():
        raise ApplicationError(gettext(
            "Filen %(path)s finns redan; en säkerhetskopia skriver aldrig över en annan."
        ) % {"path": path},
                               field="path")
    path.parent.mkdir(parents=True, exist_ok=True)
    if source["vendor"] == "sqlite":
        with sqlite3.connect(source["name"]) as src, sqlite3.connect(path) as dst:
            src.backup(dst)
        src.close()
        dst.close()
    else:
        args, env = _pg_args(source)
        subprocess.run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(path), *args], env=env,
                       check=True)
    return path


def restore_into(*, path: Path, target: dict) -> None:
    """Restore the backup at ``path`` into a fresh database ``target``: created if missing, refused if it
    already holds tables (a restore never mixes with other data)."""
    path = Path(path)
    if not path.exists():
        raise ApplicationError(gettext("Säkerhetskopian %(path)s finns inte.") % {"path": path}, field="path")
    if target["vendor"] == "sqlite":
        dest = Path(target["name"])
        if dest.exists():
            raise ApplicationError(gettext(
                "Filen %(dest)s finns redan: återläs till en ny fil."
            ) % {"dest": dest}, field="url")
        with sqlite3.connect(path) as src, sqlite3.connect(dest) as dst:
            src.backup(dst)
        src.close()
        dst.close()
        return
    _pg_create_if_missing(target)
    with _pg_connect(target) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    if tables:
        raise ApplicationError(gettext(
            "Databasen %(name)s är inte tom: återläs till en ny databas."
        ) % {"name": target['name']}, field="url")
    args, env = _pg_args(target)
    subprocess.run(["pg_restore", "--exit-on-error", "--no-owner", "--no-privileges", *args, str(path)],
                   env=env, check=True)


def _pg_create_if_missing(target: dict) -> None:
    from psycopg import sql

    with _pg_connect(target, dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target["name"]]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target["name"])))


def pg_drop_database(target: dict) -> None:
    """For the drill: drop the scratch database the restore was tested in."""
    from psycopg import sql

    with _pg_connect(target, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target["name"])))


# -- fingerprint ------------------------------------------------------------------------------------------


def _canonical(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).strftime("%Y-%m-%dT%H:%M:%S.%f")
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] in " T" and value[13] == ":":
        try:  # SQLite keeps datetimes as text
            return _canonical(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal | float | int):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    return str(value)


def _rows(cursor, table: str, columns: list[str], vendor: str):
    order = "id" if "id" in columns else ", ".join(columns)
    quoted = ", ".join(f'"{c}"' for c in columns)
    cursor.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {order}')
    for row in cursor.fetchall():
        values = list(row)
        if vendor == "sqlite":  # JSON columns are text in SQLite: parse so both vendors hash the same
            values = [_maybe_json(v) for v in values]
        yield values


def _maybe_json(value):
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def fingerprint(conn, vendor: str) -> dict:
    """Row counts of every table and SHA-256 checksums of ``CHECKSUM_TABLES``, from a DB-API connection."""
    cursor = conn.cursor()
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    tables = sorted(row[0] for row in cursor.fetchall())
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    checksums = {}
    for table in CHECKSUM_TABLES:
        if table not in counts:
            continue
        cursor.execute(f'SELECT * FROM "{table}" WHERE 1 = 0')
        columns = sorted(d[0] for d in cursor.description)
        digest = hashlib.sha256()
        for values in _rows(cursor, table, columns, vendor):
            digest.update(("\x1f".join(_canonical(v) for v in values) + "\x1e").encode("utf-8", "surrogatepass"))
        checksums[table] = digest.hexdigest()
    return {"counts": counts, "sha256": checksums}


def fingerprint_of(target: dict) -> dict:
    if target["vendor"] == "sqlite":
        conn = sqlite3.connect(target["name"])
        try:
            return fingerprint(conn, "sqlite")
        finally:
            conn.close()
    with _pg_connect(target) as conn:
        return fingerprint(conn, "postgresql")
