"""Submitted reviews and their evidence never change, and the event log is
append-only; the database refuses it, whatever code tries."""

from django.db import migrations

from config.db import append_only, drop_append_only, install

TABLES = [
    ("verify_claimevent", None),
    ("verify_review", "OLD.submitted_at IS NULL"),
    (
        "verify_review_evidence",
        "(SELECT submitted_at FROM verify_review WHERE id = OLD.review_id) IS NULL",
    ),
]


class Migration(migrations.Migration):
    dependencies = [("verify", "0001_initial")]

    operations = [
        migrations.RunPython(
            install(*(append_only(table, unless=unless) for table, unless in TABLES)),
            install(*(drop_append_only(table) for table, _ in TABLES)),
        )
    ]
