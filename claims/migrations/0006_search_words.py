"""The search vocabulary: every word of every claim (both texts, lower-cased,
unstemmed) in a small table with a trigram index, kept by a trigger. A
misspelt search word is corrected to its nearest known word and the search
stays a full-text one: trigram similarity over a million claim texts cannot
use an index well when little matches, and then reads every row."""

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

WORDS = {
    "postgresql": [
        "CREATE TABLE IF NOT EXISTS claims_searchword (word text PRIMARY KEY);",
        "CREATE INDEX IF NOT EXISTS claims_searchword_trgm ON claims_searchword "
        "USING GIN (word gin_trgm_ops);",
        """
        CREATE OR REPLACE FUNCTION claims_claim_words() RETURNS trigger AS $$
        BEGIN
            INSERT INTO claims_searchword (word)
            SELECT lexeme FROM unnest(to_tsvector('simple',
                coalesce(NEW.text, '') || ' ' || coalesce(NEW.text_en, '')))
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$ LANGUAGE plpgsql;
        """,
        "DROP TRIGGER IF EXISTS claims_claim_words ON claims_claim;",
        """
        CREATE TRIGGER claims_claim_words AFTER INSERT OR UPDATE OF text, text_en
        ON claims_claim FOR EACH ROW EXECUTE FUNCTION claims_claim_words();
        """,
        """
        INSERT INTO claims_searchword (word)
        SELECT word FROM ts_stat(
            'SELECT to_tsvector(''simple'', text || '' '' || text_en) FROM claims_claim')
        ON CONFLICT DO NOTHING;
        """,
    ],
}
REMOVE = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS claims_claim_words ON claims_claim;",
        "DROP FUNCTION IF EXISTS claims_claim_words();",
        "DROP TABLE IF EXISTS claims_searchword;",
    ],
}


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_ingestion_and_archives")]

    operations = [migrations.RunPython(_for_vendor(WORDS), _for_vendor(REMOVE))]
