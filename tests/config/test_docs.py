"""Every module, object and file of the project the README and docs name
exists: `claims.services.claims.claim_create`, `verify/confidence/reasons.py`."""

import importlib
import importlib.util
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("claims", "verify", "sources", "config", "bench", "tests")
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]
DOTTED = re.compile(rf"(?<![\w/.-])((?:{'|'.join(APPS)})(?:\.[A-Za-z_]\w*)+)(?![\w/(-])")
GENERATED = ("bench/out/",)  # what a run writes
PATH = re.compile(rf"(?<![\w/.-])((?:{'|'.join(APPS)})/[\w./-]*\w)")


def _resolves(dotted: str) -> bool:
    """A module, an object in one, a model ("sources.SourceName") or a
    Celery task's name ("claims.embed_claims")."""
    if dotted in _task_names():
        return True
    try:
        apps.get_model(dotted)
        return True
    except (LookupError, ValueError):
        pass
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        module = ".".join(parts[:cut])
        try:
            if importlib.util.find_spec(module) is None:
                continue
        except ImportError:
            continue
        if cut == len(parts):
            return True  # a module (settings modules are not imported here)
        target = importlib.import_module(module)
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def _task_names() -> set[str]:
    from config.celery_app import app

    app.loader.import_default_modules()
    return set(app.tasks)


def _named() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(doc, name) of the modules and objects, and of the files, each doc
    names in its inline code and prose (code blocks are examples)."""
    dotted, paths = [], []
    for doc in DOCS:
        text = re.sub(r"```.*?```", "", doc.read_text(), flags=re.S)
        where = str(doc.relative_to(ROOT))
        dotted += [(where, m) for m in DOTTED.findall(text) if not m.endswith((".py", ".md"))]
        paths += [
            (where, m)
            for m in PATH.findall(text)
            if len(m.rsplit("/", 1)[-1]) > 2 and not m.startswith(GENERATED)
        ]
    return dotted, paths


def test_the_docs_name_modules_and_objects_that_exist():
    dotted, _paths = _named()
    assert len(dotted) > 20  # the check reads something
    missing = sorted({f"{doc}: {name}" for doc, name in dotted if not _resolves(name)})
    assert missing == []


def test_the_docs_name_files_that_exist():
    _dotted, paths = _named()
    assert len(paths) > 20
    missing = sorted(
        {
            f"{doc}: {path}"
            for doc, path in paths
            if not (ROOT / path.split("#")[0].split(":")[0]).exists()
            and not any((ROOT / path).parent.glob(Path(path).name))
        }
    )
    assert missing == []
