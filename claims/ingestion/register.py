"""Resolving the source phrases an article uses against the source register,
by alias, in any script and word form, and by near spelling:
"украинското разузнаване" → HUR, "Рибар" ↔ "Rybar", "Журавльов" ↔
"Zhuravlyov" ↔ "Zhuravlev", "Головному управлінні розвідки" ↔ "Головне
управління розвідки", "… в Telegram" → the service's Telegram channel.

Each alias is indexed under three keys (as written, transliterated, and
transliterated with each word cut to its stem): those decide. Never across
parties or institutions (claims.ingestion.markers): "Ukraine's ministry"
is not filed under Russia's. A phrase no key finds becomes a proposed new
source with a clean name, its description as the affiliation, and a
guessed kind; an alias rapidfuzz finds spelled alike, window by window, is
only shown beside it as a suggestion for the desk, with its score."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from claims.ingestion.markers import crosses, institutions_of, parties_of
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
ACRONYM = re.compile(r"[A-ZА-ЯІЇЄҐ]{2,6}")
# Capitalised because they open a phrase or a title, not because they name anyone.
GENERIC_CAPITALS = {"the", "a", "an", "in", "on", "of", "и", "в", "на", "у", "з", "с", "от"}
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
    # how it was resolved, for the desk: "alias", "transliteration",
    # "declension-blind", or for a new source "suggested: fuzzy 91 — <name>, check"
    resolution: str = ""
    suggested_id: int | None = None  # a near spelling the desk may pick; never filed by itself


# Which key found an alias, in the desk's words.
KEY_REASONS = ("alias", "transliteration", "declension-blind")


def _said(acronym: str, phrase: str) -> bool:
    """An acronym alias ("SANA") names its source only as that word, in any
    case ("the Gur"): a word the keys spell alike ("Sanaa") is not it."""
    return acronym.casefold() in {w.casefold() for w in re.findall(r"\w+", phrase)}


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
        # what each source's names say of its party and institution (markers)
        self.known_as: dict[int, list[str]] = {pk: [name] for pk, name in self.names.items()}
        self.countries: dict[int, str] = dict(Source.objects.values_list("pk", "country"))
        for alias, source_id in SourceAlias.objects.values_list("name", "source_id"):
            self.known_as.setdefault(source_id, []).append(alias)
        parents = dict(Source.objects.exclude(parent=None).values_list("pk", "parent_id"))
        for source_id, parent_id in parents.items():  # a channel says its owner's party too
            seen = {source_id}
            while parent_id and parent_id not in seen:
                seen.add(parent_id)
                self.known_as[source_id] += [
                    n for n in self.known_as.get(parent_id, []) if n not in self.known_as[source_id]
                ]
                self.countries[source_id] = self.countries[source_id] or self.countries.get(
                    parent_id, ""
                )
                parent_id = parents.get(parent_id)
        for alias, source_id in SourceAlias.objects.values_list("name", "source_id"):
            acronym = alias.strip() if ACRONYM.fullmatch(alias.strip()) else ""
            for key in {normalize_alias(alias), latin_key(alias), stem_key(alias)}:
                words = re.sub(r"[^\w\s]", " ", key).split()
                if words:
                    self.by_first.setdefault(words[0], []).append((words, source_id, acronym))
            if len(key := latin_key(alias)) >= FUZZY_MIN:
                self.fuzzy_keys.append(key)
                self.fuzzy_ids.append(source_id)

    def crosses(self, phrase: str, source_id: int) -> str | None:
        """Why the phrase cannot name this source (another party or
        institution, by their names' markers), or None."""
        return crosses(phrase, self.known_as.get(source_id, []), self.countries.get(source_id, ""))

    def _find(self, phrase: str) -> tuple[int, str] | None:
        """The source whose alias the phrase contains, longest alias first,
        by exact, transliterated or declension-blind key, and how; never
        one whose name says another party or institution."""
        found: list[tuple[int, int, int, str, bool, str]] = []
        keys = (normalize_alias(phrase), latin_key(phrase), stem_key(phrase))
        for order, (key, how) in enumerate(zip(keys, KEY_REASONS, strict=True)):
            words = re.sub(r"[^\w\s]", " ", key).split()
            for i, word in enumerate(words):
                for alias_words, source_id, acronym in self.by_first.get(word, []):
                    if words[i : i + len(alias_words)] == alias_words:
                        whole = len(alias_words) == len(words)
                        found.append((-len(alias_words), order, source_id, how, whole, acronym))
        for _size, _order, source_id, how, whole, acronym in sorted(found):
            if self.crosses(phrase, source_id) or (acronym and not _said(acronym, phrase)):
                continue
            if whole or not self._names_another(phrase, source_id):
                return source_id, how
        return None

    def _names_another(self, phrase: str, source_id: int) -> bool:
        """The phrase contains one of the source's aliases but also a name of
        its own beside it (a capitalised word or an acronym none of the
        source's names has: "RIA Melitopol", "Free Syrian Army"): another
        body, whose name merely includes this one's."""
        names = self.known_as.get(source_id, [])
        own = {stem_key(word) for name in names for word in re.findall(r"[\w’'-]+", name)}
        own_parties = set().union(*(parties_of(n) for n in names)) if names else set()
        described = re.sub(r"[\w’']+-(?:based|backed|born|linked)\b", " ", phrase)  # where, not who
        for word in re.findall(r"[\w’']+", described):
            if not (word[0].isupper() or ACRONYM.fullmatch(word)):
                continue
            if stem_key(word) in own or word.lower() in GENERIC_CAPITALS:
                continue
            if parties_of(word):
                if parties_of(word) <= own_parties:
                    continue  # its own country, said again
                return True  # "Interfax-Ukraine" is not Interfax
            if institutions_of(word) or word.lower() in PLATFORMS:
                continue  # what kind of body: `crosses` judged it
            return True
        return False

    def _near(self, phrase: str) -> tuple[int, float] | None:
        """The alias spelled most like some run of the phrase's words
        ("Alexander Zhuravlev" ~ "Alexander Zhuravlyov"), above the cutoff,
        with its score: only ever a suggestion for the desk, and never one
        across parties or institutions."""
        if not self.fuzzy_keys:
            return None
        words = latin_key(phrase).split()
        best: tuple[float, int, int] | None = None  # score, words, source
        for size in range(min(len(words), 6), 0, -1):
            for i in range(len(words) - size + 1):
                window = " ".join(words[i : i + size])
                if len(window) < FUZZY_MIN:
                    continue
                for _key, score, index in process.extract(
                    window, self.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
                ):
                    source_id = self.fuzzy_ids[index]
                    if self.crosses(phrase, source_id):
                        continue
                    if best is None or (score, size) > best[:2]:
                        best = (score, size, source_id)
                    break
        return (best[2], best[0]) if best else None

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
            found = self._find(clean) or self._find(name)
            source_id, how = found if found else (None, "")
            if source_id is not None:
                platform = next(
                    (
                        p
                        for w, p in PLATFORMS.items()
                        if re.search(
                            rf"\b(?:в|у|on|in)\s+{w}\b|\b{w}[- ]?(?:канал|channel)", name, re.I
                        )
                    ),
                    None,
                )
                if platform:  # "HUR in Telegram" is HUR's Telegram channel when registered
                    source_id = self.channels.get((source_id, platform), source_id)
                matches.append(Match(clean, source_id, self.names[source_id], resolution=how))
            else:
                about = description if len(names) == 1 else ""
                new = Match(clean[:200], None, clean[:200], guess_kind(clean, about), about[:200])
                near = self._near(clean)
                if near is not None:
                    new.suggested_id, score = near
                    new.resolution = (
                        f"suggested: fuzzy {score:.0f} — {self.names[new.suggested_id]}, check"
                    )
                else:
                    new.resolution = "new source"
                matches.append(new)
        return matches
