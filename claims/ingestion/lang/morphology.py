"""Normal forms of words with the morphology data shipped inside the
packages (nothing downloads at run time): pymorphy3 with its Russian and
Ukrainian dictionaries, lemmagen3 for Bulgarian and English. A bare lemma
list (simplemma) misses declined names ("Генштаба", "Журавлёва",
"Повітряних сил"); the analysers know case and number."""

from __future__ import annotations

import re
from functools import cache

import simplemma

from claims.ingestion.lang import module

UKRAINIAN_LETTERS = re.compile(r"[іїєґ]")
RUSSIAN_LETTERS = re.compile(r"[ыэё]")
BULGARIAN_SIGNS = re.compile(r"ъ|(?:ът|ят|та|то|те|ите|ата|ото)$")


@cache
def _analyser(code: str):
    kind = module(code).MORPHOLOGY
    if kind == "pymorphy3":
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang=code)
    from lemmagen3 import Lemmatizer

    return Lemmatizer(code)


def phrase_language(words: list[str]) -> str:
    """Which of the desk's languages a phrase is in, by its letters: Latin is
    English; Ukrainian and Russian letters, Bulgarian articles and "ъ" tell
    the Cyrillic ones apart; else the Russian dictionary, then the Ukrainian,
    decide by which knows every word; else Bulgarian."""
    if all(word.isascii() for word in words):
        return "en"
    for word in (w.lower() for w in words):
        if UKRAINIAN_LETTERS.search(word):
            return "uk"
        if RUSSIAN_LETTERS.search(word):
            return "ru"
        if BULGARIAN_SIGNS.search(word):
            return "bg"
    cyrillic = [w.lower() for w in words if not w.isascii()]
    for code in ("ru", "uk"):
        if all(_analyser(code).word_is_known(w) for w in cyrillic):
            return code
    return "bg"


@cache
def normal_form(word: str, code: str) -> str:
    """The word's dictionary form in `code`, lower-cased; the word itself
    when the analyser does not know it."""
    analyser = _analyser(code)
    low = word.lower()
    if module(code).MORPHOLOGY == "pymorphy3":
        parses = analyser.parse(low)
        return parses[0].normal_form if parses else low
    return analyser.lemmatize(low).lower()


def normal_forms(words: list[str]) -> list[str]:
    """Each word's dictionary form, Latin words in English, the others in the
    phrase's language."""
    code = phrase_language(words)
    return [normal_form(w, "en" if w.isascii() else code) for w in words]


def is_finite_verb(word: str, code: str) -> bool:
    """Whether the word reads as a finite verb ("отреагировал", "заявив",
    "контролира"): pymorphy3's part of speech; for Bulgarian, its dictionary
    form's ending."""
    if word.isascii() or len(word) < 4 or word[:1].isupper():
        return False  # short function words; a capital inside a phrase is a name
    low = word.lower()
    if code == "bg":  # no part of speech here: a verb's dictionary form ends in -м (both
        # lemmatisers must say so: lemmagen alone reads "бригада" as "бригадам"), and
        # "-ха" is the plural past ("превзеха")
        lemmas = {normal_form(low, "bg"), simplemma.lemmatize(low, lang="bg")}
        return low not in lemmas and (
            all(lemma.endswith("м") for lemma in lemmas)
            or low.endswith(("аха", "яха", "иха", "еха"))
        )
    if module(code).MORPHOLOGY != "pymorphy3":
        return False
    parses = _analyser(code).parse(low)
    return bool(parses) and parses[0].tag.POS == "VERB"


def is_english_past(word: str, following: str) -> bool:
    """An English past tense ending a clause ("the Kremlin reacted", "command
    recounted the …"), not a participle before its noun ("armed rebels")."""
    low = word.lower()
    if not (word.isascii() and low.endswith("ed") and len(low) > 4):
        return False
    return normal_form(low, "en") != low and (not following or following.lower() in _CLOSED)


_CLOSED = {"the", "a", "an", "that", "this", "it", "its", "their", "his", "her", "to", "on", "in"}
