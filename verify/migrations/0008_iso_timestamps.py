"""claimtrace_iso(timestamptz): a timestamp as the API writes it (RFC 3339
in UTC with a Z, microseconds only when there are some), for the claim
list items PostgreSQL builds as JSON (verify.selectors.claim_with_details)."""

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

ISO = {
    "postgresql": [
        """
        CREATE OR REPLACE FUNCTION claimtrace_iso(ts timestamptz) RETURNS text
        LANGUAGE sql STABLE PARALLEL SAFE AS $$
            SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
                || CASE WHEN extract(microseconds FROM ts)::bigint % 1000000 <> 0
                        THEN to_char(ts AT TIME ZONE 'UTC', '.US') ELSE '' END
                || 'Z'
        $$;
        """
    ]
}
REMOVE = {"postgresql": ["DROP FUNCTION IF EXISTS claimtrace_iso(timestamptz);"]}


class Migration(migrations.Migration):
    dependencies = [("verify", "0007_suggestion_outbox")]

    operations = [migrations.RunPython(_for_vendor(ISO), _for_vendor(REMOVE))]
