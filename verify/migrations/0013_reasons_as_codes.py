"""The engine's stored reasons become codes with arguments (verify/confidence/reasons.py):
each English sentence stored before is read back as its code, so stored
suggestions render in the reader's language without a recompute. Words that
match no reason are kept as words (code "text")."""

from django.db import migrations

from verify.confidence.reasons import reason_from_words

BATCH = 2000


def to_codes(apps, schema_editor):
    Suggestion = apps.get_model("verify", "Suggestion")
    changed = []
    for suggestion in Suggestion.objects.only("pk", "reasons").iterator(chunk_size=BATCH):
        if any(isinstance(item, str) for item in suggestion.reasons):
            suggestion.reasons = [
                reason_from_words(item) if isinstance(item, str) else item
                for item in suggestion.reasons
            ]
            changed.append(suggestion)
        if len(changed) >= BATCH:
            Suggestion.objects.bulk_update(changed, ["reasons"])
            changed = []
    Suggestion.objects.bulk_update(changed, ["reasons"])


class Migration(migrations.Migration):
    dependencies = [("verify", "0012_backfill_public_records")]
    operations = [migrations.RunPython(to_codes, migrations.RunPython.noop)]
