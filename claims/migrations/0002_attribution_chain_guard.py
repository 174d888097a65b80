"""The `via` chain of attributions stays inside its claim and never loops.

PostgreSQL checks both in a trigger; edits of one claim's chain are serialised
by an advisory lock, so two concurrent edits cannot close a loop between them.
SQLite (the single-user quick start) cannot run a recursive query in a
trigger: it checks the same-claim rule, and the services check loops.
"""

from django.db import migrations


def _for_vendor(*statement_sets):
    """RunPython: the statements written for this database vendor. Kept in
    this file, as Django advises: a migration never changes after the fact."""

    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statements in statement_sets:
            for sql in statements.get(vendor, []):
                schema_editor.execute(sql, params=None)

    return run

CHAIN_GUARD = {
    "postgresql": [
        """
        CREATE OR REPLACE FUNCTION claims_attribution_chain_guard() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND NEW.claim_id <> OLD.claim_id AND EXISTS (
                SELECT 1 FROM claims_attribution WHERE via_id = NEW.id
            ) THEN
                RAISE EXCEPTION 'attribution % is relayed by others and cannot move to another claim', NEW.id
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF NEW.via_id IS NULL THEN
                RETURN NEW;
            END IF;
            PERFORM pg_advisory_xact_lock(
                hashtext('claims_attribution_via'), (NEW.claim_id % 2147483647)::int
            );
            IF NOT EXISTS (
                SELECT 1 FROM claims_attribution WHERE id = NEW.via_id AND claim_id = NEW.claim_id
            ) THEN
                RAISE EXCEPTION 'an attribution can only relay an attribution of the same claim'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF EXISTS (
                WITH RECURSIVE chain(id, via_id) AS (
                    SELECT id, via_id FROM claims_attribution WHERE id = NEW.via_id
                    UNION
                    SELECT a.id, a.via_id FROM claims_attribution a JOIN chain c ON a.id = c.via_id
                )
                SELECT 1 FROM chain WHERE id = NEW.id
            ) THEN
                RAISE EXCEPTION 'attribution chain would loop through attribution %', NEW.id
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql;
        """,
        "DROP TRIGGER IF EXISTS claims_attribution_chain_guard ON claims_attribution;",
        """
        CREATE TRIGGER claims_attribution_chain_guard
        BEFORE INSERT OR UPDATE OF via_id, claim_id ON claims_attribution
        FOR EACH ROW EXECUTE FUNCTION claims_attribution_chain_guard();
        """,
    ],
    "sqlite": [
        f"""
        CREATE TRIGGER claims_attribution_same_claim_{op.lower()} BEFORE {op} ON claims_attribution
        FOR EACH ROW WHEN NEW.via_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM claims_attribution WHERE id = NEW.via_id AND claim_id = NEW.claim_id
        )
        BEGIN
            SELECT RAISE(ABORT, 'an attribution can only relay an attribution of the same claim');
        END;
        """
        for op in ("INSERT", "UPDATE")
    ],
}

REMOVE = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS claims_attribution_chain_guard ON claims_attribution;",
        "DROP FUNCTION IF EXISTS claims_attribution_chain_guard();",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS claims_attribution_same_claim_insert;",
        "DROP TRIGGER IF EXISTS claims_attribution_same_claim_update;",
    ],
}


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(_for_vendor(CHAIN_GUARD), _for_vendor(REMOVE))]
