"""The search document becomes a field the ORM knows (a GeneratedField),
and the search vocabulary of migration 0006 an unmanaged model.
On PostgreSQL migration 0003 already made the column with this very
definition, so only the state changes there; SQLite gets the column now."""

import django.contrib.postgres.search
from django.db import migrations, models

import claims.models


def add_where_missing(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        Claim = apps.get_model("claims", "Claim")
        schema_editor.add_field(Claim, Claim._meta.get_field("search_vector"))


def remove_where_added(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        Claim = apps.get_model("claims", "Claim")
        schema_editor.remove_field(Claim, Claim._meta.get_field("search_vector"))


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_archive_js_shell")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="claim",
                    name="search_vector",
                    field=models.GeneratedField(
                        db_persist=True,
                        expression=claims.models.SearchDocument(),
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    ),
                ),
            ],
        ),
        migrations.RunPython(add_where_missing, remove_where_added),
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.TextField(primary_key=True, serialize=False))],
            options={"db_table": "claims_searchword", "managed": False},
        ),
    ]
