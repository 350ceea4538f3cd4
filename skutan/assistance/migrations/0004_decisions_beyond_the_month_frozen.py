"""The database keeps the new decisions as they were written, as 0002 does for a decided month: a one-off
decision, a change of a decision (rättelse/omprövning), a claim, a write-off and a registered repayment never
change their amounts, parties or reasons. Workflow fields (a claim's status) may still change.

Note for later migrations: on SQLite, altering one of these tables rebuilds it and drops its trigger; such a
migration must re-create the trigger (see FROZEN below)."""

from django.db import migrations

FROZEN = {
    "assistance_oneoffdecision": ["case_id", "payee_id", "need", "description", "rule", "outcome",
                                  "requested_amount", "amount", "reference_amount", "reasons", "legal_basis",
                                  "decided_at", "decided_by_id"],
    "assistance_decisionrevision": ["case_id", "decision_id", "one_off_id", "kind", "outcome", "previous_amount",
                                    "amount", "paid_before", "settlement", "reasons", "legal_basis", "decided_at",
                                    "decided_by_id"],
    "assistance_repaymentclaim": ["case_id", "debtor_id", "ground", "amount", "reasons", "legal_basis",
                                  "decided_at", "decided_by_id"],
    "assistance_claimwriteoff": ["claim_id", "amount", "reasons", "decided_at", "decided_by_id"],
    "assistance_claimrepayment": ["claim_id", "amount", "received_on"],
    "assistance_claiminstalment": ["claim_id", "number", "due_on", "amount"],
}


def _sqlite():
    create, drop = [], []
    for table, columns in FROZEN.items():
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        create.append(
            f"CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table} WHEN {changed} "
            f"BEGIN SELECT RAISE(ABORT, 'a decision is immutable'); END;"
        )
        drop.append(f"DROP TRIGGER {table}_frozen;")
    return create, drop


def _postgres():
    create, drop = [], []
    for table, columns in FROZEN.items():
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
        create.append(
            f"""CREATE FUNCTION {table}_frozen() RETURNS trigger AS $$
                BEGIN
                  IF {changed} THEN
                    RAISE EXCEPTION 'a decision is immutable' USING ERRCODE = 'integrity_constraint_violation';
                  END IF;
                  RETURN NEW;
                END; $$ LANGUAGE plpgsql;"""
        )
        create.append(
            f"CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_frozen();"
        )
        drop += [f"DROP TRIGGER {table}_frozen ON {table};", f"DROP FUNCTION {table}_frozen();"]
    return create, drop


def _run(which: int):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = {"sqlite": _sqlite, "postgresql": _postgres}.get(vendor)
        for sql in statements()[which] if statements else []:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("assistance", "0003_one_off_revisions_appeals_claims")]

    operations = [migrations.RunPython(_run(0), _run(1))]
