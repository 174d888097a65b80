"""Normal forms of words with the morphology data shipped inside the
packages (nothing downloads at run time): pymorphy3 with its Russian and
Ukrainian dictionaries, lemmagen3 for Bulgarian and English. A bare lemma
list (simplemma) misses declined names ("Генштаба", "Журавлёва",
"Повітряних сил"); the analysers know case and number."""

from __future__ import annotations

import re
from functools import cache

import simplemma

from claims.ingestion.lang import LANGUAGES, merged, module

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
    if word.isascii() or len(word) < 4 or word[:1].isupper() or code not in LANGUAGES:
        return False  # short function words; a capital inside a phrase is a name
    low = word.lower()
    if code == "bg":  # no part of speech here: a verb's dictionary form ends in -м (both
        # lemmatisers must say so: lemmagen alone reads "бригада" as "бригадам"), and
        # "-ха" is the plural past ("превзеха")
        lemmas = {normal_form(low, "bg"), simplemma.lemmatize(low, lang="bg")}
        if low.endswith("ът"):  # a noun's article ("вълноломът", "режимът"), never a verb's ending
            return False
        return low not in lemmas and (
            all(lemma.endswith("м") for lemma in lemmas)
            or low.endswith(("аха", "яха", "иха", "еха"))
        )
    if module(code).MORPHOLOGY != "pymorphy3":
        return False
    parses = _analyser(code).parse(low)
    # the Ukrainian dictionary tags an infinitive VERB with "infn" ("говорити"): not finite
    return bool(parses) and parses[0].tag.POS == "VERB" and "infn" not in str(parses[0].tag)


def is_gerund(word: str, code: str) -> bool:
    """Whether the word is an adverbial participle ("Rejecting", "Комментируя",
    "заперечуючи", "отричайки"): pymorphy3's GRND; English "-ing"; the
    Bulgarian "-йки"."""
    low = word.lower()
    if word.isascii():
        return len(low) > 5 and low.endswith("ing")
    if code not in LANGUAGES:  # a language the desk has no rules for: no opener to drop
        return False
    if code == "bg" or module(code).MORPHOLOGY != "pymorphy3":
        return len(low) > 5 and low.endswith("йки")
    parses = _analyser(code).parse(low)
    return bool(parses) and parses[0].tag.POS == "GRND"


def is_english_past(word: str, following: str) -> bool:
    """An English past tense ending a clause ("the Kremlin reacted", "command
    recounted the …", "reacted angrily"), not a participle before its noun
    ("armed rebels")."""
    low = word.lower()
    if not (word.isascii() and low.endswith("ed") and len(low) > 4):
        return False
    after = following.lower().strip(",.")
    return normal_form(low, "en") != low and (
        not after or after in _CLOSED or (after.endswith("ly") and len(after) > 4)
    )  # "reacted angrily": an adverb follows a verb, not a noun


_CLOSED = {"the", "a", "an", "that", "this", "it", "its", "their", "his", "her", "to", "on", "in"}


# Where a source named after "according to" ends when no comma closes it.
_ARTICLE = re.compile(r"\w{3,}(?:ът|ят|та|то|те|(?:ск|н|ов|ев)ия)$")
_QUOTES = '"“„«'
MAX_BARE_SOURCE = 8


def party_subject(word: str, previous: str) -> bool:
    """ "Според охраната Израел затваря …": one of the desk's parties (each
    language's PARTIES slot, the register's markers) named with a capital
    right after a common noun (not after a preposition, checked before) is
    the claim's subject, never the source's apposition, as a person's name
    after a title is ("говорителя Петров")."""
    return word[:1].isupper() and previous[:1].islower() and bool(_parties().search(word.lower()))


@cache
def _parties() -> re.Pattern:
    return re.compile("|".join(merged("PARTIES").values()))


def _opens_phrase(word: str, previous: str, code: str) -> bool:
    """Whether `word` can no longer belong to the source phrase before it, by
    the language's rule (its BARE_SOURCE slot)."""
    rule = module(code).BARE_SOURCE
    low, before = word.lower(), previous.lower()
    if before in module(code).FUNCTION_WORDS.split():
        return False  # the noun of "за правата", "of the", "у Києві"
    if low in module(code).FUNCTION_WORDS.split():
        return low not in module(code).SOURCE_LINKS.split()  # "при ударите": the claim's own
    if rule == "article":  # the article is on a phrase's first word only; a party's
        # name after a noun starts a clause (in Russian and Ukrainian the noun's case
        # tells: "представителя России" is "of Russia")
        return bool(_ARTICLE.match(low)) or party_subject(word, previous)
    if rule == "case" and not word.isupper() and not word.isascii():
        cases = {parse.tag.case for parse in _analyser(code).parse(low.rstrip(",;:."))}
        return not cases & {"gent", "datv"}
    return False


def bare_source_length(words: list[str], code: str) -> int:
    """How many of the words after "according to" name the source when no
    comma closes it ("Според украинското разузнаване руските войски …", "За
    даними розвідки окупанти …"): the phrase runs until a word that opens
    another (by the language's BARE_SOURCE rule), a pronoun, a number or a
    finite verb; 0 when the language has no such rule or no claim is left."""
    if not module(code).BARE_SOURCE:
        return 0
    stops = {*module(code).PRONOUNS.split(), *module(code).NOT_SOURCES.split()}
    stops |= set(module(code).AUX.split())  # "… са останали": the claim's own verb
    n, quoted, closed = 0, False, False
    for n, word in enumerate(words):
        bare = word.strip(_QUOTES + "”»")
        if quoted or word[:1] in _QUOTES:
            quoted = not word.rstrip(",.").endswith(("”", "»", '"', "“")) or len(word) == 1
            closed = not quoted
            continue
        if closed and bare.lower() in module(code).FUNCTION_WORDS.split():
            break  # "снимки на „Орбита“ в пристанището …": a quoted name closes the source
        closed = False
        if n and (
            bare.lower() in stops
            or bare[:1].isdigit()
            or is_finite_verb(bare, code)
            or _opens_phrase(bare, words[n - 1].strip(_QUOTES + "”»"), code)
        ):
            break
    else:
        return 0
    return n if 0 < n <= MAX_BARE_SOURCE and len(words) - n >= 3 else 0
