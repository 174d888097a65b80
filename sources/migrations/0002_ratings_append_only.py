"""A source's grading history is a record: ratings are never changed or deleted."""

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


# The SQL as it was written when this migration was made.
APPEND_ONLY = {'postgresql': ['\n'
                '        CREATE OR REPLACE FUNCTION sources_reliabilityrating_append_only() '
                'RETURNS trigger AS $$\n'
                '        BEGIN\n'
                '            \n'
                "            RAISE EXCEPTION 'sources_reliabilityrating rows are never changed or "
                "deleted'\n"
                "                USING ERRCODE = 'integrity_constraint_violation';\n"
                '        END $$ LANGUAGE plpgsql;\n'
                '        ',
                'DROP TRIGGER IF EXISTS sources_reliabilityrating_append_only ON '
                'sources_reliabilityrating;',
                '\n'
                '        CREATE TRIGGER sources_reliabilityrating_append_only BEFORE UPDATE OR '
                'DELETE ON sources_reliabilityrating\n'
                '        FOR EACH ROW EXECUTE FUNCTION sources_reliabilityrating_append_only();\n'
                '        '],
 'sqlite': ['DROP TRIGGER IF EXISTS sources_reliabilityrating_no_update;',
            '\n'
            '            CREATE TRIGGER sources_reliabilityrating_no_update BEFORE UPDATE ON '
            'sources_reliabilityrating\n'
            '            FOR EACH ROW \n'
            "            BEGIN SELECT RAISE(ABORT, 'sources_reliabilityrating rows are never "
            "changed or deleted'); END;\n"
            '            ',
            'DROP TRIGGER IF EXISTS sources_reliabilityrating_no_delete;',
            '\n'
            '            CREATE TRIGGER sources_reliabilityrating_no_delete BEFORE DELETE ON '
            'sources_reliabilityrating\n'
            '            FOR EACH ROW \n'
            "            BEGIN SELECT RAISE(ABORT, 'sources_reliabilityrating rows are never "
            "changed or deleted'); END;\n"
            '            ']}
DROP = {'postgresql': ['DROP TRIGGER IF EXISTS sources_reliabilityrating_append_only ON '
                'sources_reliabilityrating;',
                'DROP FUNCTION IF EXISTS sources_reliabilityrating_append_only();'],
 'sqlite': ['DROP TRIGGER IF EXISTS sources_reliabilityrating_no_update;',
            'DROP TRIGGER IF EXISTS sources_reliabilityrating_no_delete;']}


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    operations = [
        migrations.RunPython(
            _for_vendor(APPEND_ONLY),
            _for_vendor(DROP),
        )
    ]
