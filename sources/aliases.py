"""How source names are compared: one normal form for every script."""

import unicodedata

_STRIP = "@\"'«»„“”‘’`"


def normalize_alias(name: str) -> str:
    """ "@ClashReport", "Clash Report" and "clash  report" compare equal; "Рибар"
    stays Cyrillic (transliteration is matching's job, not storage's)."""
    text = unicodedata.normalize("NFKC", name).casefold().strip().strip(_STRIP)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())
