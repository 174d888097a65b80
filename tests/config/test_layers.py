"""The layers hold: import-linter's contracts (pyproject.toml) pass, and
claims reaches nothing of verify through the ORM either (a reverse relation
verify adds to a claims model is an import by another name)."""

import re
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_the_import_contracts_are_kept():
    linter = Path(sys.executable).parent / "lint-imports"
    run = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert "BROKEN" not in run.stdout


def _reverse_names_verify_adds_to(app_label: str) -> set[str]:
    names = set()
    for model in apps.get_app_config("verify").get_models():
        for field in model._meta.get_fields():
            remote = getattr(field, "related_model", None)
            if (
                field.concrete
                and field.is_relation
                and remote is not None
                and remote._meta.app_label == app_label
                and field.remote_field.related_name not in (None, "+")
            ):
                names.add(field.remote_field.related_name)
    return names


def test_claims_and_sources_do_not_reach_verify_through_the_orm():
    assert _reverse_names_verify_adds_to("claims")  # the check looks for something
    for app in ("claims", "sources"):
        names = "|".join(sorted(_reverse_names_verify_adds_to(app))) or "(?!)"
        pattern = re.compile(rf"\.(?:{names})\b(?:\.|__)|\b(?:{names})__")
        reaching = [
            f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            for path in (ROOT / app).rglob("*.py")
            if "migrations" not in path.parts
            for number, line in enumerate(path.read_text().splitlines(), 1)
            if pattern.search(line)
        ]
        assert reaching == []


PERMISSION_LITERAL = re.compile(
    r"[\"'](claims|sources|verify)\.(add|change|delete|view|publish|reopen|retract|assign)_[a-z]+[\"']"
)
# Where permission strings may be written: each app's named predicates, and
# the roles table that gives them to groups.
PERMISSION_HOMES = {"claims/permissions.py", "sources/permissions.py", "verify/permissions.py",
                    "verify/roles.py"}  # fmt: skip


def test_permission_strings_live_only_in_the_predicates_and_the_roles_table():
    stray = []
    for app in ("claims", "sources", "verify", "config"):
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = str(path.relative_to(ROOT))
            if "/migrations/" in relative or relative in PERMISSION_HOMES:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if PERMISSION_LITERAL.search(line) or "has_perm(" in line:
                    stray.append(f"{relative}:{number}: {line.strip()}")
    assert stray == []


LONGEST_FUNCTION = 60  # lines; a longer procedure becomes named steps


def test_no_function_is_longer_than_a_reader_can_hold():
    import ast

    long = []
    for app in ("claims", "sources", "verify", "config", "bench"):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "/migrations/" in str(path):
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines = node.end_lineno - node.lineno + 1
                    if lines > LONGEST_FUNCTION:
                        long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} {lines}")
    assert long == []
