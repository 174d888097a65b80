"""The keys the register compares source names by, from the strictest:

- as written (sources.aliases.normalize_alias);
- transliterated (`latin_key`): "Рибар", "Rybar", "Рыбарь" are one;
- declension-blind (`stem_key`): each transliterated word cut to its stem;
- by meaning (`concept_key`): the set of what the name's words say after
  morphology (claims.ingestion.lang.morphology): its party, its institution,
  its other words' dictionary forms, in any order and language
  ("Генштаба ВС РФ" and "General Staff of the Russian Armed Forces";
  "сирийской армии" and "сирийская армия").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache

from claims.ingestion import lang
from claims.ingestion.lang.morphology import normal_forms, phrase_language
from claims.ingestion.markers import INSTITUTION_PATTERNS, PARTY_PATTERNS
from sources.aliases import normalize_alias

# Bulgarian streamlined transliteration, plus Russian and Ukrainian letters.
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht",
    "ъ": "a", "ь": "", "ю": "yu", "я": "ya", "ы": "y", "э": "e", "ё": "yo", "і": "i", "ї": "yi",
    "є": "ye", "ґ": "g",
}  # fmt: skip

# Spellings that transliteration systems differ on, reduced to one.
LATIN_VARIANTS = [
    # the Arabic article in a name, however it is joined: Abdulrahman, Abdurrahman,
    # Abdel Rahman, Abd al-Rahman
    (r"\babd[ -]?(?:[aeu][lr])?[ -]?(?=[a-z])", "abd "),
    (r"kh", "h"), (r"ph", "f"), (r"w", "v"), (r"q", "k"), (r"x", "ks"), (r"y", "i"),
    (r"(?<=[^aeiou ])i(?=[aeiou])", ""),  # Zhuravliov/Журавльов, Siriia/Syria
    (r"(?<=[^aeiou ])[eo]v\b", "ov"),  # Russian surnames: Zhuravlev/Zhuravlyov/Журавлёв
]  # fmt: skip
APOSTROPHE_IN_WORD = re.compile(r"(?<=\w)['’ʼ`](?=\w)(?!s\b)")  # Hay'at, not Ukraine's
STEM = 5  # letters kept of each word in the declension-blind key


def latin_key(text: str) -> str:
    """A spelling-blind key: "Рибар", "Rybar" and "Рыбарь" all give "ribar";
    "Журавльов" and "Zhuravlyov" both "zhuravlov", "Хмеймим" and "Khmeimim"
    both "hmeimim"."""
    text = APOSTROPHE_IN_WORD.sub("", normalize_alias(text))
    text = "".join(CYRILLIC.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for pattern, replacement in LATIN_VARIANTS:
        text = re.sub(pattern, replacement, text)
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = re.sub(r"(.)\1+", r"\1", text)
    return " ".join(text.split())


def stem_key(text: str) -> str:
    """The transliterated key with each word cut to its first five letters,
    so a declined alias ("Головному управлінні розвідки", "українській
    розвідці") finds the one in the register ("Головне управління розвідки")."""
    return " ".join(word[:STEM] for word in latin_key(text).split())


_FUNCTION = lang.all_words("FUNCTION_WORDS")
_CONCEPTS = {
    code: {kind: re.compile(stems, re.I) for kind, stems in lang.module(code).CONCEPTS.items()}
    for code in lang.LANGUAGES
}
# "in Moscow", "в Москве", "у Києві": a place, not the party a body belongs to
_AT = {"in", "at", "в", "във", "у", "во"}
# a country's noun as the first word of a name ("Syria TV", not "Syrian TV")
_ADJECTIVE_ENDINGS = ("n", "sh", "i", "ese", "'s", "’s")


def _named_part(words: list[str], touched: set[int]) -> bool:
    """A Latin country noun opening a proper name ("Syria TV", "Iraq Today"):
    part of the name, not a party word; "Syrian TV", "Syria's army" and "the
    army of Syria" say a party."""
    if not touched:  # "Syria's": a possessive says a party
        return False
    (first, *_rest) = sorted(touched)
    word = words[first]
    return (
        word.isascii()
        and word[:1].isupper()
        and not word.lower().endswith(_ADJECTIVE_ENDINGS)
        and first + 1 < len(words)
        and words[first + 1][:1].isupper()
        and (first == 0 or words[first - 1].lower() not in {"of", "in", "from"})
    )


# "Russian Federation", "Руската федерация": the party's full name, one party word
_FEDERATION = re.compile(r"^(?:federation|федераци\w*|федераці\w*)$", re.I)


def _touched(match: re.Match, starts: list[int]) -> set[int]:
    """The indices of the words (starting at `starts`) a match covers."""
    first = bisect_right(starts, match.start()) - 1
    last = bisect_right(starts, max(match.end() - 1, match.start())) - 1
    return set(range(first, last + 1))


@cache
def concept_key(name: str) -> frozenset[str]:
    """What a name says, as a set: "P:" its parties, "I:" its institutions,
    "C:" the other words' meanings the languages' CONCEPTS give, and each
    remaining word's dictionary form as a declension-blind stem."""
    words = re.findall(r"[\w’'-]+", APOSTROPHE_IN_WORD.sub("", name))
    possessive = {i for i, w in enumerate(words) if re.search(r"['’]s$", w)}
    words = [re.sub(r"['’]s$", "", w) for w in words]
    if not words:
        return frozenset()
    code = phrase_language(words)
    forms = normal_forms(words)
    key: set[str] = set()
    used: set[int] = set()  # words a party or an institution accounts for
    for texts in ([w.lower() for w in words], forms):
        starts, at = [], 0
        for word in texts:
            starts.append(at)
            at += len(word) + 1
        text = " ".join(texts)
        for prefix, patterns in (("P", PARTY_PATTERNS), ("I", INSTITUTION_PATTERNS)):
            for kind, pattern in patterns.items():
                for match in pattern.finditer(text):
                    touched = _touched(match, starts)
                    if prefix == "P" and _named_part(words, touched - possessive):
                        continue
                    if prefix == "P" and min(touched) and words[min(touched) - 1].lower() in _AT:
                        prefix_here = "L"  # "in Moscow", "в Москве": where, not whose
                    else:
                        prefix_here = prefix
                    key.add(f"{prefix_here}:{kind}")
                    used |= touched
    for i, (word, form) in enumerate(zip(words, forms, strict=True)):
        if word.lower() in _FUNCTION or form in _FUNCTION:
            continue
        concepts = {
            kind
            for kind, pattern in _CONCEPTS["en" if word.isascii() else code].items()
            if pattern.search(form)
        }
        key |= {f"C:{kind}" for kind in concepts - {"title"}}  # "генерала X" is X
        if i in used or concepts:
            continue
        if _FEDERATION.match(form) and any(k.startswith("P:") for k in key):
            continue
        key.add(stem_key(form))
    if "I:ministry" in key and "C:military" in key:  # "the military ministry" is defence's
        key = (key - {"C:military"}) | {"C:defence"}
    return frozenset(k for k in key if k)
