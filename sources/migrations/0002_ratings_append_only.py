"""A source's grading history is a record: ratings are never changed or deleted."""

from django.db import migrations

from config.db import append_only, drop_append_only, install


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    operations = [
        migrations.RunPython(
            install(append_only("sources_reliabilityrating")),
            install(drop_append_only("sources_reliabilityrating")),
        )
    ]
