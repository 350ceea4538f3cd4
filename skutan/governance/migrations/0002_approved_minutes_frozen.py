"""The database itself refuses to change approved (justerade) minutes: the meeting row, its agenda items and
its decisions, and adding new items or decisions to it. A change after approval is an Addendum."""

from django.db import migrations

TABLES = ("governance_agendaitem", "governance_groupdecision")

SQLITE = [
    """CREATE TRIGGER minutes_meeting_frozen_update BEFORE UPDATE ON governance_meeting
       WHEN OLD.approved_at IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'approved minutes are immutable'); END;""",
    """CREATE TRIGGER minutes_meeting_frozen_delete BEFORE DELETE ON governance_meeting
       WHEN OLD.approved_at IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'approved minutes are immutable'); END;""",
]
for table in TABLES:
    SQLITE += [
        f"""CREATE TRIGGER {table}_frozen_update BEFORE UPDATE ON {table}
            WHEN (SELECT approved_at FROM governance_meeting WHERE id = OLD.meeting_id) IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'approved minutes are immutable'); END;""",
        f"""CREATE TRIGGER {table}_frozen_delete BEFORE DELETE ON {table}
            WHEN (SELECT approved_at FROM governance_meeting WHERE id = OLD.meeting_id) IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'approved minutes are immutable'); END;""",
        f"""CREATE TRIGGER {table}_frozen_insert BEFORE INSERT ON {table}
            WHEN (SELECT approved_at FROM governance_meeting WHERE id = NEW.meeting_id) IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'approved minutes are immutable'); END;""",
    ]
SQLITE_DROP = ["DROP TRIGGER minutes_meeting_frozen_update;", "DROP TRIGGER minutes_meeting_frozen_delete;"] + [
    f"DROP TRIGGER {table}_frozen_{op};" for table in TABLES for op in ("update", "delete", "insert")
]

POSTGRES = [
    """CREATE FUNCTION minutes_meeting_frozen() RETURNS trigger AS $$
       BEGIN
         IF OLD.approved_at IS NOT NULL THEN
           RAISE EXCEPTION 'approved minutes are immutable' USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER minutes_meeting_frozen BEFORE UPDATE OR DELETE ON governance_meeting
       FOR EACH ROW EXECUTE FUNCTION minutes_meeting_frozen();""",
    """CREATE FUNCTION minutes_part_frozen() RETURNS trigger AS $$
       DECLARE mid bigint;
       BEGIN
         IF TG_OP = 'INSERT' THEN mid := NEW.meeting_id; ELSE mid := OLD.meeting_id; END IF;
         IF (SELECT approved_at FROM governance_meeting WHERE id = mid) IS NOT NULL THEN
           RAISE EXCEPTION 'approved minutes are immutable' USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
] + [
    f"""CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION minutes_part_frozen();""" for table in TABLES
]
POSTGRES_DROP = [f"DROP TRIGGER {table}_frozen ON {table};" for table in TABLES] + [
    "DROP TRIGGER minutes_meeting_frozen ON governance_meeting;",
    "DROP FUNCTION minutes_part_frozen();", "DROP FUNCTION minutes_meeting_frozen();",
]


def _run(statements_by_vendor):
    def apply(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_meetings_assignments_routines")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
