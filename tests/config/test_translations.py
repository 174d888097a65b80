"""The Bulgarian catalogue is complete: every string of the project's own
code and templates is in it and translated, and the compiled catalogue is
the one the sources give."""

import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale"
PO = LOCALE / "bg" / "LC_MESSAGES" / "django.po"
# the files makemessages reads: templates (the attribution graph is an SVG one) and code
EXTENSIONS = ["html", "txt", "py", "svg"]


def _entries(po: Path) -> dict[str, tuple[list[str], bool]]:
    """msgid (with its plural after a NUL) → (msgstrs, fuzzy), the header left out."""
    out = {}
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        parts: dict[str, str] = {}
        key = None
        for line in lines:
            if match := re.match(r'^(msgid(?:_plural)?|msgstr(?:\[\d\])?) "(.*)"$', line):
                key = match.group(1)
                parts[key] = match.group(2)
            elif line.startswith('"') and key:
                parts[key] += line[1:-1]
        if parts.get("msgid"):
            msgid = parts["msgid"] + (
                "\0" + parts["msgid_plural"] if "msgid_plural" in parts else ""
            )
            out[msgid] = ([v for k, v in parts.items() if k.startswith("msgstr")], fuzzy)
    return out


def test_every_string_of_the_catalogue_is_translated():
    entries = _entries(PO)
    untranslated = [m for m, (strs, fuzzy) in entries.items() if fuzzy or not all(strs)]
    assert untranslated == []


def _text(po_string: str) -> str:
    return po_string.replace('\\"', '"').replace("\\n", "\n")


def test_the_compiled_catalogue_is_the_sources():
    with (PO.parent / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        msgid
        for msgid, (strs, _fuzzy) in _entries(PO).items()
        if "\0" not in msgid and compiled.gettext(_text(msgid)) != _text(strs[0])
    ]
    assert stale == [], (
        "run: msgfmt -o locale/bg/LC_MESSAGES/django.mo locale/bg/LC_MESSAGES/django.po"
    )


def test_every_string_of_the_project_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """makemessages on a copy of the sources (it writes the catalogue of the
    directory it runs in): nothing it finds may be missing from ours."""
    if shutil.which("xgettext") is None:
        pytest.fail(
            "xgettext is not installed (Debian: apt-get install gettext); .ci/run installs it."
        )
    base = Path(settings.BASE_DIR)
    for name in ("claims", "config", "sources", "verify", "locale"):
        shutil.copytree(base / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages", locale=["bg"], extensions=EXTENSIONS, no_location=True, verbosity=0
    )
    wanted = set(_entries(tmp_path / "locale" / "bg" / "LC_MESSAGES" / "django.po"))
    assert len(wanted) > 300  # the scan found the project's strings
    missing = sorted(wanted - set(_entries(PO)))
    assert missing == [], (
        "run: manage.py makemessages -l bg -e html,txt,py,svg --no-location, then translate"
    )
