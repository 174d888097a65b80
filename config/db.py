"""Database rules that a CHECK cannot express, as triggers for PostgreSQL and
SQLite; migrations install them with `RunPython(install(...))`."""

from __future__ import annotations

from collections.abc import Callable


def append_only(table: str, *, unless: str | None = None) -> dict[str, list[str]]:
    """Triggers that refuse UPDATE and DELETE on `table`.

    `unless` is a condition on OLD under which the row may still change
    (e.g. a review that is still a draft).
    """
    pg_guard = f"IF {unless} THEN RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END; END IF;"
    pg = [
        f"""
        CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
        BEGIN
            {pg_guard if unless else ""}
            RAISE EXCEPTION '{table} rows are never changed or deleted'
                USING ERRCODE = 'integrity_constraint_violation';
        END $$ LANGUAGE plpgsql;
        """,
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
        f"""
        CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
        """,
    ]
    when = f"WHEN NOT ({unless})" if unless else ""
    sqlite = []
    for op in ("UPDATE", "DELETE"):
        sqlite += [
            f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()};",
            f"""
            CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
            FOR EACH ROW {when}
            BEGIN SELECT RAISE(ABORT, '{table} rows are never changed or deleted'); END;
            """,
        ]
    return {"postgresql": pg, "sqlite": sqlite}


def install(*statement_sets: dict[str, list[str]]) -> Callable:
    """A RunPython callable running each set's statements for the current vendor."""

    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statements in statement_sets:
            for sql in statements.get(vendor, []):
                schema_editor.execute(sql, params=None)

    return run


def drop_append_only(table: str) -> dict[str, list[str]]:
    return {
        "postgresql": [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
            f"DROP FUNCTION IF EXISTS {table}_append_only();",
        ],
        "sqlite": [
            f"DROP TRIGGER IF EXISTS {table}_no_update;",
            f"DROP TRIGGER IF EXISTS {table}_no_delete;",
        ],
    }
