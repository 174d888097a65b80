"""Resolving the source phrases an article uses against the source register,
by alias, in any script and word form, and by near spelling:
"украинското разузнаване" → HUR, "Рибар" ↔ "Rybar", "Журавльов" ↔
"Zhuravlyov" ↔ "Zhuravlev", "Головному управлінні розвідки" ↔ "Головне
управління розвідки", "… в Telegram" → the service's Telegram channel.

Each alias is indexed under three keys (as written, transliterated, and
transliterated with each word cut to its stem); a phrase no key finds is compared with every alias
by rapidfuzz, window by window. A phrase the register does not know becomes
a proposed new source with a clean name, its description as the
affiliation, and a guessed kind."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from claims.ingestion.phrases import clean_source
from sources.aliases import normalize_alias
from sources.models import Source, SourceAlias, SourceKind

# Bulgarian streamlined transliteration, plus Russian and Ukrainian letters.
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht",
    "ъ": "a", "ь": "", "ю": "yu", "я": "ya", "ы": "y", "э": "e", "ё": "yo", "і": "i", "ї": "yi",
    "є": "ye", "ґ": "g",
}  # fmt: skip
TITLES = re.compile(
    r"^(?:(?:the|a|an|ministry|defence ministry|генерал-полковник|генерал-лейтенант|"
    r"генерал-майор|генерал|полковник|"
    r"подполковник|министър|говорител(?:ят)?|gen\.?|general|col\.?|colonel|lt\.? gen\.?|"
    r"minister|spokesman|spokeswoman|spokesperson)\s+)+",
    re.I,
)
PLATFORMS = {"telegram": "telegram", "телеграм": "telegram", "x": "x", "twitter": "x",
             "туитър": "x", "facebook": "facebook", "фейсбук": "facebook",
             "youtube": "youtube"}  # fmt: skip
QUOTED = re.compile(r"[\"„“«]([^\"„“”«»]{2,60})[\"”“»]")


# Spellings that transliteration systems differ on, reduced to one.
LATIN_VARIANTS = [
    (r"kh", "h"), (r"ph", "f"), (r"w", "v"), (r"q", "k"), (r"x", "ks"), (r"y", "i"),
    (r"(?<=[^aeiou ])i(?=[aeiou])", ""),  # Zhuravliov/Журавльов, Siriia/Syria
]  # fmt: skip
FUZZY_CUTOFF = 88  # rapidfuzz ratio (0-100) on transliterated keys
FUZZY_MIN = 5  # shorter keys match exactly or not at all
STEM = 5  # letters kept of each word in the declension-blind key


def latin_key(text: str) -> str:
    """A spelling-blind key: "Рибар", "Rybar" and "Рыбарь" all give "ribar";
    "Журавльов" and "Zhuravlyov" both "zhuravlov", "Хмеймим" and "Khmeimim"
    both "hmeimim"."""
    text = normalize_alias(text)
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


KIND_WORDS: list[tuple[str, str]] = [
    (SourceKind.INTELLIGENCE_SERVICE, r"intelligence|разузнава|розвідк|разведк|\bгур\b|\bhur\b|"
     r"\bsbu\b|\bсбу\b|\bfsb\b|\bфсб\b"),
    (SourceKind.CHANNEL, r"telegram|телеграм|channel|канал|blogger|блогър|блогер|@\w|\bx account|"
     r"twitter|facebook|youtube"),
    (SourceKind.NEWS_OUTLET, r"agency|news|\btv\b|television|radio|newspaper|outlet|broadcaster|"
     r"агенци|агентств|телевизи|телебачен|вестник|радио|издание|видання|газет|\bв\.\s|"
     r"\b(?:reuters|afp|ap|xinhua|tass|sana|irna|cnn|bbc|ria)\b|ройтерс|тасс|аfp|афп"),
    (SourceKind.MILITARY, r"\barmy\b|armed forces|military|command|general staff|forces|troops|"
     r"арми|войск|военни|генерален щаб|генштаб|збройн|вооруж|військ|командван|командован"),
    (SourceKind.GOVERNMENT, r"ministry|government|president|kremlin|administration|minister|"
     r"министерств|міністерств|правителств|уряд|правительств|президент|кремъл|кремль|"
     r"министър|міністр|министр"),
    (SourceKind.ORGANISATION, r"observatory|organi[sz]ation|\bun\b|\bоон\b|coalition|group|"
     r"обсерватори|организаци|організаці|коалици|коаліці|групиров|угрупован"),
]  # fmt: skip
PERSON_TITLE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|minister|general|colonel|commander|head|chief|"
    r"говорител|министър|генерал|полковник|командир|ръководител|речник|міністр|"
    r"керівник|командувач|представител|представник|пресс-секретар)",
    re.I,
)
NAME_WORDS = re.compile(r"^(?:[A-ZА-ЯІЇЄҐ][\w’'.-]+\s+){1,3}[A-ZА-ЯІЇЄҐ][\w’'-]+$")


def guess_kind(name: str, description: str = "") -> str:
    """A new source's likely kind, from its name and description: a named
    person ("Munir Sayal, head of …"), an agency or outlet, a ministry or
    army, an intelligence service, a channel; "other" when nothing says."""
    if NAME_WORDS.match(name) and not any(re.search(words, name, re.I) for _, words in KIND_WORDS):
        return SourceKind.PERSON
    for kind, words in KIND_WORDS:
        if re.search(words, name, re.I):
            return kind
    if PERSON_TITLE.search(description) or PERSON_TITLE.match(name):
        return SourceKind.PERSON
    for kind, words in KIND_WORDS:
        if re.search(words, description, re.I):
            return kind
    return SourceKind.OTHER


@dataclass
class Match:
    name: str  # as the article names it, cleaned
    source_id: int | None  # None: proposed as a new source
    source_name: str
    kind: str = ""  # a new source's guessed kind
    description: str = ""  # a new source's description ("head of …"), its affiliation


class Register:
    """A read-only index of every alias, by its first word, built once per job."""

    def __init__(self):
        self.by_first: dict[str, list[tuple[list[str], int]]] = {}
        self.names: dict[int, str] = {}
        self.channels: dict[tuple[int, str], int] = {}
        for source_id, name in Source.objects.values_list("pk", "name"):
            self.names[source_id] = name
        for source_id, parent_id, platform in Source.objects.exclude(parent=None).values_list(
            "pk", "parent_id", "platform"
        ):
            self.channels.setdefault((parent_id, platform), source_id)
        self.fuzzy_keys: list[str] = []
        self.fuzzy_ids: list[int] = []
        for alias, source_id in SourceAlias.objects.values_list("name", "source_id"):
            for key in {normalize_alias(alias), latin_key(alias), stem_key(alias)}:
                words = re.sub(r"[^\w\s]", " ", key).split()
                if words:
                    self.by_first.setdefault(words[0], []).append((words, source_id))
            if len(key := latin_key(alias)) >= FUZZY_MIN:
                self.fuzzy_keys.append(key)
                self.fuzzy_ids.append(source_id)

    def _find(self, phrase: str) -> int | None:
        best: tuple[int, int] | None = None
        for key in (normalize_alias(phrase), latin_key(phrase), stem_key(phrase)):
            words = re.sub(r"[^\w\s]", " ", key).split()
            for i, word in enumerate(words):
                for alias_words, source_id in self.by_first.get(word, []):
                    if words[i : i + len(alias_words)] == alias_words and (
                        best is None or len(alias_words) > best[0]
                    ):
                        best = (len(alias_words), source_id)
        return best[1] if best else self._near(phrase)

    def _near(self, phrase: str) -> int | None:
        """The alias spelled most like some run of the phrase's words
        ("Alexander Zhuravlev" ~ "Alexander Zhuravlyov"), above the cutoff."""
        if not self.fuzzy_keys:
            return None
        words = latin_key(phrase).split()
        best: tuple[float, int, int] | None = None  # score, words, source
        for size in range(min(len(words), 6), 0, -1):
            for i in range(len(words) - size + 1):
                window = " ".join(words[i : i + size])
                if len(window) < FUZZY_MIN:
                    continue
                hit = process.extractOne(
                    window, self.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
                )
                if hit and (best is None or (hit[1], size) > best[:2]):
                    best = (hit[1], size, self.fuzzy_ids[hit[2]])
        return best[2] if best else None

    def resolve(self, phrase: str) -> list[Match]:
        """The sources a phrase names: quoted names one by one ("„Рибар“ и
        „Военен осведомител“"), else the phrase as one source."""
        quoted = QUOTED.findall(phrase)
        phrase, description = clean_source(phrase)
        phrase = phrase or description
        names = quoted if len(quoted) > 1 else [phrase]
        matches = []
        for name in names:
            clean = TITLES.sub("", name.split(" - ")[0].split(" – ")[0]).strip(' .,;:"„“”')
            source_id = self._find(clean) or self._find(name)
            if source_id is not None:
                platform = next(
                    (
                        p
                        for w, p in PLATFORMS.items()
                        if re.search(rf"\b(?:в|on|in)\s+{w}\b", name, re.I)
                    ),
                    None,
                )
                if platform:  # "HUR in Telegram" is HUR's Telegram channel when registered
                    source_id = self.channels.get((source_id, platform), source_id)
                matches.append(Match(clean, source_id, self.names[source_id]))
            else:
                about = description if len(names) == 1 else ""
                matches.append(
                    Match(clean[:200], None, clean[:200], guess_kind(clean, about), about[:200])
                )
        return matches
