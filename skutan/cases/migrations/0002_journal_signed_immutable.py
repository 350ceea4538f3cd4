"""The database itself refuses to change or delete a signed journal entry (SOSFS 2014:5)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER journal_signed_no_update BEFORE UPDATE ON cases_journalentry
       WHEN OLD.signed_at IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'signed journal entry is immutable'); END;""",
    """CREATE TRIGGER journal_signed_no_delete BEFORE DELETE ON cases_journalentry
       WHEN OLD.signed_at IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'signed journal entry is immutable'); END;""",
]
SQLITE_DROP = ["DROP TRIGGER journal_signed_no_update;", "DROP TRIGGER journal_signed_no_delete;"]

POSTGRES = [
    """CREATE FUNCTION journal_signed_immutable() RETURNS trigger AS $$
       BEGIN
         IF OLD.signed_at IS NOT NULL THEN
           RAISE EXCEPTION 'signed journal entry is immutable' USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER journal_signed_immutable BEFORE UPDATE OR DELETE ON cases_journalentry
       FOR EACH ROW EXECUTE FUNCTION journal_signed_immutable();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER journal_signed_immutable ON cases_journalentry;",
    "DROP FUNCTION journal_signed_immutable();",
]


def _run(statements_by_vendor):
    def apply(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
