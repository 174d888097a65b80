from django.db import migrations


def backfill(apps, schema_editor):
    # Claims published before public records existed get one, built by the
    # product's own builder as it was when this migration was written (the
    # record's content is rendered text: citation lines, ClaimReview, STIX).
    # On a new database there are none and nothing is imported or run.
    Claim = apps.get_model("claims", "Claim")
    if not Claim.objects.filter(published_at__isnull=False).exists():
        return
    from verify.publishing.services import public_records_backfill

    public_records_backfill()


class Migration(migrations.Migration):
    dependencies = [("verify", "0011_public_record")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
