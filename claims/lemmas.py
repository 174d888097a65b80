"""Word forms through lemmas (simplemma, bundled data, no download), so that
search finds "бунтовници" for "бунтовниците" and "повстанці" for
"повстанців". PostgreSQL has no Bulgarian, Ukrainian or Russian stemmer in
its default configurations ('simple' keeps each form apart), so a claim's
lemmas are stored beside its text and indexed in its search document
(claims.models.SearchDocument), and a query word is searched as itself or
any of its lemmas."""

from __future__ import annotations

import re
from functools import cache

import simplemma
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

# Languages whose text PostgreSQL indexes word form by word form and
# simplemma lemmatises (those its bundled data has; Serbian, say, it does
# not); English has PostgreSQL's own stemmer. A claim in any other BCP 47
# language is searched by its plain words.
LEMMATISED = tuple(
    code
    for code in ("bg", "uk", "ru", "mk", "sr", "pl", "cs", "sk", "de", "fr", "es", "it")
    if code in SUPPORTED_LANGUAGES
)
# The desk's languages a query word in Cyrillic may be in.
CYRILLIC_QUERY = ("bg", "uk", "ru")
WORD = re.compile(r"\w+", re.U)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@cache
def lemma(word: str, language: str) -> str:
    """The word's lemma in `language`, lower-cased ("изоставиха" →
    "изоставя"); simplemma writes Bulgarian reflexives with "-(се)"."""
    return simplemma.lemmatize(word.lower(), lang=language).split("-(")[0].lower()


def text_lemmas(text: str, language: str) -> str:
    """The lemmas of a claim's words that differ from the words themselves,
    once each, space-separated: what its search document adds to the text.
    Empty for a language without lemmas here."""
    language = language.split("-")[0].lower()
    if language not in LEMMATISED:
        return ""
    seen: dict[str, None] = {}
    for word in WORD.findall(text.lower()):
        if not word.isdigit() and (found := lemma(word, language)) != word:
            seen.setdefault(found)
    return " ".join(seen)


def query_forms(word: str) -> list[str]:
    """A query word and its lemmas in the languages it may be in (a Cyrillic
    word: Bulgarian, Ukrainian, Russian), the word first."""
    word = word.lower()
    if not CYRILLIC.search(word):
        return [word]
    forms = {word: None}
    for language in CYRILLIC_QUERY:
        forms.setdefault(lemma(word, language))
    return list(forms)
