"""Search through word forms: each claim's lemmas (claims.lemmas) stored
beside its text and indexed in its search document with weight C. On
PostgreSQL the generated column is made again with the new definition (a
generated column's expression cannot be altered), after the lemmas of the
claims already filed are written. SQLite's search document is unchanged."""

from django.db import migrations, models

# Written here, not imported: a migration never changes after the fact.
SEARCH_VECTOR = """
    ALTER TABLE claims_claim ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(
            CASE WHEN language = 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END,
            coalesce(text, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(text_en, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, coalesce(lemmas, '')), 'C')
    ) STORED;
"""
SEARCH_VECTOR_BEFORE = """
    ALTER TABLE claims_claim ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(
            CASE WHEN language = 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END,
            coalesce(text, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(text_en, '')), 'B')
    ) STORED;
"""
GIN = "CREATE INDEX claims_claim_search_gin ON claims_claim USING GIN (search_vector);"


def _search_vector(definition):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("DROP INDEX IF EXISTS claims_claim_search_gin;")
        schema_editor.execute("ALTER TABLE claims_claim DROP COLUMN search_vector;")
        schema_editor.execute(definition)
        schema_editor.execute(GIN)

    return run


def fill_lemmas(apps, schema_editor):
    from claims.lemmas import text_lemmas

    Claim = apps.get_model("claims", "Claim")
    batch = []
    for claim in Claim.objects.only("pk", "text", "language").iterator(chunk_size=2000):
        found = text_lemmas(claim.text, claim.language)
        if found:
            claim.lemmas = found
            batch.append(claim)
        if len(batch) >= 2000:
            Claim.objects.bulk_update(batch, ["lemmas"])
            batch = []
    Claim.objects.bulk_update(batch, ["lemmas"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_claim_cluster")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="lemmas",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
        migrations.RunPython(fill_lemmas, migrations.RunPython.noop),
        migrations.RunPython(
            _search_vector(SEARCH_VECTOR), _search_vector(SEARCH_VECTOR_BEFORE)
        ),
    ]
