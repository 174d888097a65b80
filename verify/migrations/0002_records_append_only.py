"""Submitted reviews and their evidence never change, and the event log is
append-only; the database refuses it, whatever code tries."""

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
APPEND_ONLY = [{'postgresql': ['\n'
                 '        CREATE OR REPLACE FUNCTION verify_claimevent_append_only() RETURNS '
                 'trigger AS $$\n'
                 '        BEGIN\n'
                 '            \n'
                 "            RAISE EXCEPTION 'verify_claimevent rows are never changed or "
                 "deleted'\n"
                 "                USING ERRCODE = 'integrity_constraint_violation';\n"
                 '        END $$ LANGUAGE plpgsql;\n'
                 '        ',
                 'DROP TRIGGER IF EXISTS verify_claimevent_append_only ON verify_claimevent;',
                 '\n'
                 '        CREATE TRIGGER verify_claimevent_append_only BEFORE UPDATE OR DELETE ON '
                 'verify_claimevent\n'
                 '        FOR EACH ROW EXECUTE FUNCTION verify_claimevent_append_only();\n'
                 '        '],
  'sqlite': ['DROP TRIGGER IF EXISTS verify_claimevent_no_update;',
             '\n'
             '            CREATE TRIGGER verify_claimevent_no_update BEFORE UPDATE ON '
             'verify_claimevent\n'
             '            FOR EACH ROW \n'
             "            BEGIN SELECT RAISE(ABORT, 'verify_claimevent rows are never changed or "
             "deleted'); END;\n"
             '            ',
             'DROP TRIGGER IF EXISTS verify_claimevent_no_delete;',
             '\n'
             '            CREATE TRIGGER verify_claimevent_no_delete BEFORE DELETE ON '
             'verify_claimevent\n'
             '            FOR EACH ROW \n'
             "            BEGIN SELECT RAISE(ABORT, 'verify_claimevent rows are never changed or "
             "deleted'); END;\n"
             '            ']},
 {'postgresql': ['\n'
                 '        CREATE OR REPLACE FUNCTION verify_review_append_only() RETURNS trigger '
                 'AS $$\n'
                 '        BEGIN\n'
                 "            IF OLD.submitted_at IS NULL THEN RETURN CASE WHEN TG_OP = 'DELETE' "
                 'THEN OLD ELSE NEW END; END IF;\n'
                 "            RAISE EXCEPTION 'verify_review rows are never changed or deleted'\n"
                 "                USING ERRCODE = 'integrity_constraint_violation';\n"
                 '        END $$ LANGUAGE plpgsql;\n'
                 '        ',
                 'DROP TRIGGER IF EXISTS verify_review_append_only ON verify_review;',
                 '\n'
                 '        CREATE TRIGGER verify_review_append_only BEFORE UPDATE OR DELETE ON '
                 'verify_review\n'
                 '        FOR EACH ROW EXECUTE FUNCTION verify_review_append_only();\n'
                 '        '],
  'sqlite': ['DROP TRIGGER IF EXISTS verify_review_no_update;',
             '\n'
             '            CREATE TRIGGER verify_review_no_update BEFORE UPDATE ON verify_review\n'
             '            FOR EACH ROW WHEN NOT (OLD.submitted_at IS NULL)\n'
             "            BEGIN SELECT RAISE(ABORT, 'verify_review rows are never changed or "
             "deleted'); END;\n"
             '            ',
             'DROP TRIGGER IF EXISTS verify_review_no_delete;',
             '\n'
             '            CREATE TRIGGER verify_review_no_delete BEFORE DELETE ON verify_review\n'
             '            FOR EACH ROW WHEN NOT (OLD.submitted_at IS NULL)\n'
             "            BEGIN SELECT RAISE(ABORT, 'verify_review rows are never changed or "
             "deleted'); END;\n"
             '            ']},
 {'postgresql': ['\n'
                 '        CREATE OR REPLACE FUNCTION verify_review_evidence_append_only() RETURNS '
                 'trigger AS $$\n'
                 '        BEGIN\n'
                 '            IF (SELECT submitted_at FROM verify_review WHERE id = OLD.review_id) '
                 "IS NULL THEN RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END; END IF;\n"
                 "            RAISE EXCEPTION 'verify_review_evidence rows are never changed or "
                 "deleted'\n"
                 "                USING ERRCODE = 'integrity_constraint_violation';\n"
                 '        END $$ LANGUAGE plpgsql;\n'
                 '        ',
                 'DROP TRIGGER IF EXISTS verify_review_evidence_append_only ON '
                 'verify_review_evidence;',
                 '\n'
                 '        CREATE TRIGGER verify_review_evidence_append_only BEFORE UPDATE OR '
                 'DELETE ON verify_review_evidence\n'
                 '        FOR EACH ROW EXECUTE FUNCTION verify_review_evidence_append_only();\n'
                 '        '],
  'sqlite': ['DROP TRIGGER IF EXISTS verify_review_evidence_no_update;',
             '\n'
             '            CREATE TRIGGER verify_review_evidence_no_update BEFORE UPDATE ON '
             'verify_review_evidence\n'
             '            FOR EACH ROW WHEN NOT ((SELECT submitted_at FROM verify_review WHERE id '
             '= OLD.review_id) IS NULL)\n'
             "            BEGIN SELECT RAISE(ABORT, 'verify_review_evidence rows are never changed "
             "or deleted'); END;\n"
             '            ',
             'DROP TRIGGER IF EXISTS verify_review_evidence_no_delete;',
             '\n'
             '            CREATE TRIGGER verify_review_evidence_no_delete BEFORE DELETE ON '
             'verify_review_evidence\n'
             '            FOR EACH ROW WHEN NOT ((SELECT submitted_at FROM verify_review WHERE id '
             '= OLD.review_id) IS NULL)\n'
             "            BEGIN SELECT RAISE(ABORT, 'verify_review_evidence rows are never changed "
             "or deleted'); END;\n"
             '            ']}]
DROP = [{'postgresql': ['DROP TRIGGER IF EXISTS verify_claimevent_append_only ON verify_claimevent;',
                 'DROP FUNCTION IF EXISTS verify_claimevent_append_only();'],
  'sqlite': ['DROP TRIGGER IF EXISTS verify_claimevent_no_update;',
             'DROP TRIGGER IF EXISTS verify_claimevent_no_delete;']},
 {'postgresql': ['DROP TRIGGER IF EXISTS verify_review_append_only ON verify_review;',
                 'DROP FUNCTION IF EXISTS verify_review_append_only();'],
  'sqlite': ['DROP TRIGGER IF EXISTS verify_review_no_update;',
             'DROP TRIGGER IF EXISTS verify_review_no_delete;']},
 {'postgresql': ['DROP TRIGGER IF EXISTS verify_review_evidence_append_only ON '
                 'verify_review_evidence;',
                 'DROP FUNCTION IF EXISTS verify_review_evidence_append_only();'],
  'sqlite': ['DROP TRIGGER IF EXISTS verify_review_evidence_no_update;',
             'DROP TRIGGER IF EXISTS verify_review_evidence_no_delete;']}]


class Migration(migrations.Migration):
    dependencies = [("verify", "0001_initial")]

    operations = [
        migrations.RunPython(
            _for_vendor(*APPEND_ONLY),
            _for_vendor(*DROP),
        )
    ]
