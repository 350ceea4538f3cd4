"""The database's own refusal to change what is frozen (SQLite and PostgreSQL triggers).

Each ``Guard`` names one table and the conditions under which the database refuses an UPDATE, a DELETE or
an INSERT. A refused DELETE is let through only inside an open purge authorization (``core_purgeauthorization``
with ``finished_at`` null, see skutan/core/purge.py), and then the trigger itself counts the row in
``core_purgecount``. On PostgreSQL every guarded table also refuses TRUNCATE (a statement-level trigger): a
purge deletes row by row, so that every row is counted.

Migrations call ``install``/``uninstall`` with a fixed list of guards. A guard that a migration installed is
never edited here afterwards: a new rule is a new guard in a new migration. ``GUARDED`` lists every guard in
force, for the test that checks they are all present (a SQLite table rebuild silently drops triggers).

Conditions are written for a ``Dialect``: ``d.changed("a", "b")`` is "OLD.a or OLD.b differs from NEW".
"""

from collections.abc import Callable
from dataclasses import dataclass

OPEN_PURGE_SQL = "SELECT id FROM core_purgeauthorization WHERE finished_at IS NULL"


class Dialect:
    def __init__(self, vendor: str):
        self.vendor = vendor

    def changed(self, *columns: str) -> str:
        op = "IS NOT" if self.vendor == "sqlite" else "IS DISTINCT FROM"
        return "(" + " OR ".join(f"OLD.{c} {op} NEW.{c}" for c in columns) + ")"


Condition = str | Callable[[Dialect], str] | None


def _sql(condition: Condition, d: Dialect) -> str | None:
    return condition(d) if callable(condition) else condition


@dataclass(frozen=True)
class Guard:
    table: str
    message: str
    update_refused: Condition = None  # refuse UPDATE when true (None: UPDATE allowed)
    delete_refused: Condition = None  # refuse DELETE when true, unless a purge is open (if purgeable)
    insert_refused: Condition = None  # refuse INSERT when true
    purgeable: bool = True  # False: not even a purge may delete (the purge trace itself)
    no_truncate: bool = True
    # A partitioned table's row trigger runs on the partition (TG_TABLE_NAME is the partition's name):
    # count the purged rows under this name instead (skutan/audit/partitions.py).
    counted_as: str | None = None

    @property
    def names(self) -> dict[str, list[str]]:
        """The trigger names this guard creates, per vendor."""
        sqlite = [f"{self.table}_guard_{op}" for op, cond in self._ops() if cond is not None]
        if self.delete_refused is not None and self.purgeable:
            sqlite.append(f"{self.table}_purge_count")
        pg = [f"{self.table}_guard"] + ([f"{self.table}_no_truncate"] if self.no_truncate else [])
        return {"sqlite": sqlite, "postgresql": pg}

    def _ops(self):
        return (("update", self.update_refused), ("delete", self.delete_refused), ("insert", self.insert_refused))

    # -- SQLite --------------------------------------------------------------------------------------------

    def sqlite(self) -> list[str]:
        d = Dialect("sqlite")
        raise_ = f"SELECT RAISE(ABORT, '{self.table}: {self.message}');"
        out = []
        for op, cond in self._ops():
            cond = _sql(cond, d)
            if cond is None:
                continue
            when = f"({cond})"
            if op == "delete" and self.purgeable:
                when += f" AND NOT EXISTS ({OPEN_PURGE_SQL})"
            out.append(
                f"CREATE TRIGGER {self.table}_guard_{op} BEFORE {op.upper()} ON {self.table} "
                f"WHEN {when} BEGIN {raise_} END;"
            )
        if self.delete_refused is not None and self.purgeable:
            cond = _sql(self.delete_refused, d)
            out.append(
                f"CREATE TRIGGER {self.table}_purge_count AFTER DELETE ON {self.table} "
                f"WHEN ({cond}) AND EXISTS ({OPEN_PURGE_SQL}) BEGIN "
                f"INSERT OR IGNORE INTO core_purgecount (authorization_id, table_name, count) "
                f"SELECT id, '{self.table}', 0 FROM core_purgeauthorization WHERE finished_at IS NULL; "
                f"UPDATE core_purgecount SET count = count + 1 WHERE table_name = '{self.table}' "
                f"AND authorization_id IN ({OPEN_PURGE_SQL}); END;"
            )
        return out

    def sqlite_drop(self) -> list[str]:
        return [f"DROP TRIGGER IF EXISTS {name};" for name in self.names["sqlite"]]

    # -- PostgreSQL ----------------------------------------------------------------------------------------

    def postgresql(self) -> list[str]:
        d = Dialect("postgresql")
        refuse = (
            f"RAISE EXCEPTION '{self.table}: {self.message}' USING ERRCODE = 'integrity_constraint_violation';"
        )
        body = []
        update, delete, insert = (_sql(c, d) for _, c in self._ops())
        counted = f"'{self.counted_as}'" if self.counted_as else "TG_TABLE_NAME"
        if insert is not None:
            body.append(f"IF TG_OP = 'INSERT' THEN IF {insert} THEN {refuse} END IF; RETURN NEW; END IF;")
        if update is not None:
            body.append(f"IF TG_OP = 'UPDATE' THEN IF {update} THEN {refuse} END IF; RETURN NEW; END IF;")
        if delete is not None:
            if self.purgeable:
                body.append(
                    f"IF TG_OP = 'DELETE' AND ({delete}) THEN "
                    f"purge := skutan_open_purge(); "
                    f"IF purge IS NULL THEN {refuse} END IF; "
                    f"INSERT INTO core_purgecount (authorization_id, table_name, count) "
                    f"VALUES (purge, {counted}, 1) ON CONFLICT (authorization_id, table_name) "
                    f"DO UPDATE SET count = core_purgecount.count + 1; END IF;"
                )
            else:
                body.append(f"IF TG_OP = 'DELETE' AND ({delete}) THEN {refuse} END IF;")
        body.append("IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;")
        ops = " OR ".join(
            op.upper() for op, c in self._ops() if c is not None
        )
        out = [
            f"CREATE FUNCTION {self.table}_guard() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"DECLARE purge bigint; BEGIN {' '.join(body)} END; $$;",
            f"CREATE TRIGGER {self.table}_guard BEFORE {ops} ON {self.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {self.table}_guard();",
        ]
        if self.no_truncate:
            out.append(
                f"CREATE TRIGGER {self.table}_no_truncate BEFORE TRUNCATE ON {self.table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION skutan_refuse_truncate();"
            )
        return out

    def postgresql_drop(self) -> list[str]:
        out = [f"DROP TRIGGER IF EXISTS {self.table}_no_truncate ON {self.table};"] if self.no_truncate else []
        return out + [
            f"DROP TRIGGER IF EXISTS {self.table}_guard ON {self.table};",
            f"DROP FUNCTION IF EXISTS {self.table}_guard();",
        ]


POSTGRES_HELPERS = [
    f"""CREATE FUNCTION skutan_open_purge() RETURNS bigint LANGUAGE sql STABLE AS $$
        {OPEN_PURGE_SQL} ORDER BY id DESC LIMIT 1 $$;""",
    """CREATE FUNCTION skutan_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION '%: TRUNCATE is refused (a purge deletes row by row)', TG_TABLE_NAME
           USING ERRCODE = 'integrity_constraint_violation';
       END; $$;""",
]
POSTGRES_HELPERS_DROP = ["DROP FUNCTION skutan_refuse_truncate();", "DROP FUNCTION skutan_open_purge();"]


def install(guards: list[Guard]):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for guard in guards:
            for sql in getattr(guard, vendor)() if vendor in ("sqlite", "postgresql") else []:
                schema_editor.execute(sql, params=None)

    return apply


def uninstall(guards: list[Guard]):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for guard in guards:
            for sql in getattr(guard, f"{vendor}_drop")() if vendor in ("sqlite", "postgresql") else []:
                schema_editor.execute(sql, params=None)

    return apply


# -- the guards in force ------------------------------------------------------------------------------------

APPEND_ONLY = "append-only, rows are never changed or deleted (only a purge may delete)"

PURGE_TRACE = [
    Guard(
        table="core_purgeauthorization",
        message="the purge trace is permanent",
        update_refused=lambda d: f"OLD.finished_at IS NOT NULL OR {d.changed('id', 'plan_id', 'actor_id', 'started_at')}",
        delete_refused="1 = 1",
        purgeable=False,
    ),
    Guard(
        table="core_purgecount",
        message="the purge trace is permanent",
        update_refused=lambda d: (
            "(SELECT finished_at FROM core_purgeauthorization WHERE id = OLD.authorization_id) IS NOT NULL "
            f"OR NEW.count < OLD.count OR {d.changed('id', 'authorization_id', 'table_name')}"
        ),
        insert_refused="(SELECT finished_at FROM core_purgeauthorization WHERE id = NEW.authorization_id) IS NOT NULL",
        delete_refused="1 = 1",
        purgeable=False,
    ),
]

LOGS = [
    Guard(table=t, message=APPEND_ONLY, update_refused="1 = 1", delete_refused="1 = 1")
    for t in ("audit_accesslog", "audit_auditevent")
]

# audit 0004 partitions the access log by month on PostgreSQL and replaces its LOGS guard with this one.
ACCESS_LOG_PARTITIONED = Guard(
    table="audit_accesslog", message=APPEND_ONLY, update_refused="1 = 1", delete_refused="1 = 1",
    counted_as="audit_accesslog",
)

CASE_HISTORY = [
    Guard(table="cases_caseevent", message=APPEND_ONLY, update_refused="1 = 1", delete_refused="1 = 1"),
    # SOSFS 2014:5: a signed entry is never changed; a correction is a new entry. Replaces cases 0002.
    Guard(
        table="cases_journalentry",
        message="a signed journal entry is immutable",
        update_refused="OLD.signed_at IS NOT NULL",
        delete_refused="OLD.signed_at IS NOT NULL",
    ),
]

_DECIDED = "(SELECT status FROM assistance_application WHERE id = {row}.application_id) = 'decided'"
ASSISTANCE = [
    Guard(table="assistance_decision", message="a decision is never deleted", delete_refused="1 = 1"),
    Guard(
        table="assistance_application",
        message="a decided application stays decided and frozen",
        update_refused=lambda d: (
            "OLD.status = 'decided' AND (NEW.status <> 'decided' OR "
            + d.changed("case_id", "month", "cohabiting", "shared_household_size",
                        "consecutive_months_on_assistance", "job_stimulus_months_used")
            + ")"
        ),
        delete_refused="OLD.status = 'decided'",
    ),
] + [
    # cases 0002 of assistance refuses INSERT and UPDATE into a decided application (NEW); these add the
    # row's old application (moving a row out of a decided month) and DELETE.
    Guard(
        table=t,
        message="the application is decided and frozen",
        update_refused=_DECIDED.format(row="OLD"),
        delete_refused=_DECIDED.format(row="OLD"),
    )
    for t in ("assistance_applicationmember", "assistance_applicationcost", "assistance_applicationincome")
]

_SENT = "OLD.status IN ('sent', 'confirmed', 'reversed')"
PAYMENTS = [
    Guard(
        table="payments_payment",
        message="a sent payment only moves on in status",
        update_refused=lambda d: (
            f"{_SENT} AND (NEW.status NOT IN ('sent', 'confirmed', 'failed', 'reversed') OR "
            + d.changed("amount", "payee_id", "decision_id", "case_id", "month", "due_date", "end_to_end_id",
                        "account_id", "run_id")
            + ")"
        ),
        delete_refused="OLD.status <> 'planned'",
    ),
    Guard(
        table="payments_paymentrun",
        message="a sent payment file is never changed",
        update_refused=lambda d: (
            "OLD.status = 'sent' AND (NEW.status <> 'sent' OR "
            + d.changed("message_id", "execution_date", "file_content", "file_sha256", "total_amount",
                        "total_count")
            + ")"
        ),
        delete_refused="OLD.status = 'sent'",
    ),
    Guard(table="payments_reversal", message=APPEND_ONLY, update_refused="1 = 1", delete_refused="1 = 1"),
]

# Gallring redacts a purged person's transfers from a stored payment file (docs/retention.md): inside an open
# purge the content alone may change; the checksum, totals and everything else stay as sent.
# Replaces PAYMENTS' payments_paymentrun guard (payments migration 0004).
PAYMENT_FILE_REDACTABLE = Guard(
    table="payments_paymentrun",
    message="a sent payment file is never changed (a purge may only redact its content)",
    update_refused=lambda d: (
        "OLD.status = 'sent' AND (NEW.status <> 'sent' OR "
        + d.changed("message_id", "execution_date", "file_sha256", "total_amount", "total_count")
        + f" OR ({d.changed('file_content')} AND NOT EXISTS ({OPEN_PURGE_SQL})))"
    ),
    delete_refused="OLD.status = 'sent'",
)

# A registered document is a handling of the case (arkivlagen): never changed, deleted only by gallring.
DOCUMENTS = [
    Guard(
        table="cases_document",
        message="a registered document is never changed or deleted (only a purge may delete)",
        update_refused="1 = 1",
        delete_refused="1 = 1",
    ),
]

GUARDED = (
    PURGE_TRACE + LOGS + CASE_HISTORY + ASSISTANCE
    + [g for g in PAYMENTS if g.table != PAYMENT_FILE_REDACTABLE.table] + [PAYMENT_FILE_REDACTABLE] + DOCUMENTS
)
