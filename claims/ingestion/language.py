"""Language detection with lingua, limited to the languages the desk reads
(a smaller set is faster and more accurate on short sentences)."""

from functools import cache

from lingua import Language, LanguageDetectorBuilder

LANGUAGES = [
    Language.BULGARIAN, Language.ENGLISH, Language.RUSSIAN, Language.UKRAINIAN,
    Language.ARABIC, Language.GERMAN, Language.FRENCH, Language.TURKISH,
]  # fmt: skip


@cache
def _detector():
    return (
        LanguageDetectorBuilder.from_languages(*LANGUAGES).with_preloaded_language_models().build()
    )


def detect_language(text: str) -> str:
    """ISO 639-1 code, lower case; "" when the text gives nothing to go on."""
    language = _detector().detect_language_of(text[:5000])
    return language.iso_code_639_1.name.lower() if language else ""
