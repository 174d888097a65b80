"""Search on PostgreSQL: a stored, generated tsvector over both texts with a
GIN index, and trigram indexes for short or misspelt queries.

PostgreSQL ships no Bulgarian configuration, so Bulgarian (and any language
but English) text is indexed with 'simple' (lower-cased words, no stemming);
English text, and the English rendering, with 'english'. SQLite (the quick
start) gets nothing here and searches with a plain LIKE.
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

SEARCH = {
    "postgresql": [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
        """
        ALTER TABLE claims_claim ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector(
                CASE WHEN language = 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END,
                coalesce(text, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(text_en, '')), 'B')
        ) STORED;
        """,
        "CREATE INDEX IF NOT EXISTS claims_claim_search_gin ON claims_claim USING GIN (search_vector);",
        "CREATE INDEX IF NOT EXISTS claims_claim_text_trgm ON claims_claim USING GIN (text gin_trgm_ops);",
        "CREATE INDEX IF NOT EXISTS claims_claim_text_en_trgm ON claims_claim "
        "USING GIN (text_en gin_trgm_ops);",
    ],
}
REMOVE = {
    "postgresql": [
        "DROP INDEX IF EXISTS claims_claim_text_en_trgm;",
        "DROP INDEX IF EXISTS claims_claim_text_trgm;",
        "DROP INDEX IF EXISTS claims_claim_search_gin;",
        "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector;",
    ],
}


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_attribution_chain_guard")]

    operations = [migrations.RunPython(_for_vendor(SEARCH), _for_vendor(REMOVE))]
