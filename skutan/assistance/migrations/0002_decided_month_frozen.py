"""The database itself keeps a decided month frozen: a decision's outcome, amount, calculation and inputs
never change, and no household, cost or income row of a decided application is added or changed."""

from django.db import migrations

CHILD_TABLES = ("assistance_applicationmember", "assistance_applicationcost", "assistance_applicationincome")

SQLITE = [
    """CREATE TRIGGER assistance_decision_frozen BEFORE UPDATE ON assistance_decision
       WHEN OLD.outcome IS NOT NEW.outcome OR OLD.amount IS NOT NEW.amount OR OLD.month IS NOT NEW.month
         OR OLD.calculation IS NOT NEW.calculation OR OLD.inputs IS NOT NEW.inputs
         OR OLD.application_id IS NOT NEW.application_id OR OLD.payee_id IS NOT NEW.payee_id
       BEGIN SELECT RAISE(ABORT, 'a decision is immutable'); END;""",
]
for table in CHILD_TABLES:
    for op in ("INSERT", "UPDATE"):
        SQLITE.append(
            f"""CREATE TRIGGER {table}_frozen_{op.lower()} BEFORE {op} ON {table}
                WHEN (SELECT status FROM assistance_application WHERE id = NEW.application_id) = 'decided'
                BEGIN SELECT RAISE(ABORT, 'the application is decided and frozen'); END;"""
        )
SQLITE_DROP = ["DROP TRIGGER assistance_decision_frozen;"] + [
    f"DROP TRIGGER {table}_frozen_{op};" for table in CHILD_TABLES for op in ("insert", "update")
]

POSTGRES = [
    """CREATE FUNCTION assistance_decision_frozen() RETURNS trigger AS $$
       BEGIN
         IF OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.amount IS DISTINCT FROM NEW.amount
            OR OLD.month IS DISTINCT FROM NEW.month OR OLD.calculation IS DISTINCT FROM NEW.calculation
            OR OLD.inputs IS DISTINCT FROM NEW.inputs OR OLD.application_id IS DISTINCT FROM NEW.application_id
            OR OLD.payee_id IS DISTINCT FROM NEW.payee_id THEN
           RAISE EXCEPTION 'a decision is immutable' USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER assistance_decision_frozen BEFORE UPDATE ON assistance_decision
       FOR EACH ROW EXECUTE FUNCTION assistance_decision_frozen();""",
    """CREATE FUNCTION assistance_application_row_frozen() RETURNS trigger AS $$
       BEGIN
         IF (SELECT status FROM assistance_application WHERE id = NEW.application_id) = 'decided' THEN
           RAISE EXCEPTION 'the application is decided and frozen' USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
] + [
    f"""CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE ON {table}
        FOR EACH ROW EXECUTE FUNCTION assistance_application_row_frozen();"""
    for table in CHILD_TABLES
]
POSTGRES_DROP = ["DROP TRIGGER assistance_decision_frozen ON assistance_decision;"] + [
    f"DROP TRIGGER {table}_frozen ON {table};" for table in CHILD_TABLES
] + ["DROP FUNCTION assistance_decision_frozen();", "DROP FUNCTION assistance_application_row_frozen();"]


def _run(statements_by_vendor):
    def apply(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
