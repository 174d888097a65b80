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
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from claims.ingestion import lang
from claims.ingestion.keys import concept_key, latin_key, stem_key
from claims.ingestion.lang import CAPITAL
from claims.ingestion.markers import PART_OF, crosses, institutions_of, parties_of
from claims.ingestion.phrases import clean_source, closed_quotes
from sources.aliases import normalize_alias
from sources.models import Source, SourceAlias, SourceKind
from sources.selectors import chain_of

TITLES = re.compile(
    r"^(?:(?:the|a|an|ministry|defence ministry|генерал-полковник|генерал-лейтенант|"
    r"генерал-майор|генерал|полковник|"
    r"подполковник|министър|говорител(?:ят)?|gen\.?|general(?! staff)|col\.?|colonel|lt\.? gen\.?|"
    r"minister|spokesman|spokeswoman|spokesperson)\s+)+",
    re.I,
)
PLATFORMS = {"telegram": "telegram", "телеграм": "telegram", "x": "x", "twitter": "x",
             "туитър": "x", "facebook": "facebook", "фейсбук": "facebook",
             "youtube": "youtube"}  # fmt: skip
QUOTED = re.compile(r"[\"„“«]([^\"„“”«»]{2,60})[\"”“»]")


ACRONYM = re.compile(rf"[{CAPITAL}]{{2,6}}")
# Capitalised because they open a phrase or a title, not because they name anyone.
GENERIC_CAPITALS = {"the", "a", "an", "in", "on", "of", "и", "в", "на", "у", "з", "с", "от"}
FUZZY_CUTOFF = 88  # rapidfuzz ratio (0-100) on transliterated keys
FUZZY_MIN = 5  # shorter keys match exactly or not at all


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
NAME_WORDS = re.compile(rf"^(?:[{CAPITAL}][\w’'.-]+\s+){{1,3}}[{CAPITAL}][\w’'-]+$")


ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
OPENING_LINKS = lang.all_words("FUNCTION_WORDS") - {"the", "a", "an"}


def _new_name(name: str, untitled: str) -> str:
    """A new source's name: without a title before a person's name
    ("General Ivan Petrov" → "Ivan Petrov"), but a title that heads the
    phrase stays ("a spokesman for the navy", "Говорителят на флота": the
    spokesperson spoke, not the navy)."""
    first = untitled.split(" ", 1)[0].lower()
    if first in OPENING_LINKS:
        return closed_quotes(
            ARTICLE.sub("", name.split(" - ")[0].split(" – ")[0]).strip(' .,;:"„“”')
        )
    return untitled


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
KEY_REASONS = ("alias", "transliteration", "declension-blind", "word forms")


def _said(acronym: str, phrase: str) -> bool:
    """An acronym alias ("SANA") names its source only as that word, in any
    case ("the Gur"): a word the keys spell alike ("Sanaa") is not it."""
    return acronym.casefold() in {w.casefold() for w in re.findall(r"\w+", phrase)}


def _parents(key: frozenset[str]) -> set[str]:
    """The institutions those of a concept key are part of (markers.PART_OF)."""
    return {f"I:{p}" for k in key if k[:2] == "I:" for p in PART_OF.get(k[2:], ())}


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
        self.bags: dict[frozenset[str], set[int]] = {}  # concept key -> sources
        self.said_by: dict[int, frozenset[str]] = {}  # what all of a source's names say
        self.fuzzy_ids: list[int] = []
        # what each source's names say of its party and institution (markers)
        self.known_as: dict[int, list[str]] = {pk: [name] for pk, name in self.names.items()}
        self.countries: dict[int, str] = dict(Source.objects.values_list("pk", "country"))
        self.kinds: dict[int, str] = dict(Source.objects.values_list("pk", "kind"))
        for alias, source_id in SourceAlias.objects.values_list("name", "source_id"):
            self.known_as.setdefault(source_id, []).append(alias)
        parents = dict(Source.objects.exclude(parent=None).values_list("pk", "parent_id"))
        for source_id in parents:  # a channel says its owner's party too
            for parent_id in chain_of(source_id, parents)[1:]:
                self.known_as[source_id] += [
                    n for n in self.known_as.get(parent_id, []) if n not in self.known_as[source_id]
                ]
                self.countries[source_id] = self.countries[source_id] or self.countries.get(
                    parent_id, ""
                )
        self._index_surnames()
        for alias, source_id in SourceAlias.objects.values_list("name", "source_id"):
            acronym = alias.strip() if ACRONYM.fullmatch(alias.strip()) else ""
            for key in {normalize_alias(alias), latin_key(alias), stem_key(alias)}:
                words = re.sub(r"[^\w\s]", " ", key).split()
                if words:
                    self.by_first.setdefault(words[0], []).append((words, source_id, acronym))
            if len(key := latin_key(alias)) >= FUZZY_MIN:
                self.fuzzy_keys.append(key)
                self.fuzzy_ids.append(source_id)
            bag = concept_key(alias) if not (acronym or alias.startswith("@")) else frozenset()
            if any(k[:2] not in ("P:", "L:") for k in bag):  # a party alone is no body
                self.bags.setdefault(bag, set()).add(source_id)
                self.said_by[source_id] = self.said_by.get(source_id, frozenset()) | bag

    def _index_surnames(self) -> None:
        """A person is also found by the surname alone ("Zhuravlev", "генерала
        Журавлёва") when no other registered person has it."""
        people: dict[frozenset[str], set[int]] = {}
        persons = Source.objects.filter(kind=SourceKind.PERSON).values_list("pk", "name")
        for source_id, name in persons:
            words = re.findall(r"[\w’'-]+", name)
            if len(words) >= 2 and len(words[-1]) >= 4:
                people.setdefault(concept_key(words[-1]), set()).add(source_id)
        for bag, ids in people.items():
            if bag and len(ids) == 1:
                self.bags.setdefault(bag, set()).update(ids)
                self.said_by[next(iter(ids))] = self.said_by.get(next(iter(ids)), frozenset()) | bag

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
        for order, (key, how) in enumerate(zip(keys, KEY_REASONS[:3], strict=True)):
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
        return self._by_meaning(phrase)

    def _by_meaning(self, phrase: str) -> tuple[int, str] | None:
        """The source whose name says the same as the phrase after morphology
        (claims.ingestion.keys.concept_key), in any word order and language:
        the same key, or the largest key the phrase's holds when it names an
        institution or a thing beside its party (a party alone, "Moscow",
        never stands for a body). One source only: two are a question for
        the desk, not a match."""
        ours = concept_key(phrase)
        if not ours:
            return None
        fits = [
            (len(bag), ids)
            for bag, ids in self.bags.items()
            if bag == ours
            or (len(bag) >= 2 and bag < ours and any(k[:2] != "P:" for k in bag))
            or (ours < bag and bag - ours <= _parents(ours))  # "Ukraine's General Staff"
        ]
        if not fits:
            return None
        size = max(n for n, _ids in fits)
        ids = set().union(*(ids for n, ids in fits if n == size))
        # the phrase says nothing its source's names do not ("Сирийската
        # национална армия" is not the Syrian Arab Army: "national" is its own)
        ids = {i for i in ids if self._says_no_more(ours, i) and not self.crosses(phrase, i)}
        if len(ids) != 1:
            return None
        (source_id,) = ids
        return source_id, KEY_REASONS[3]

    def _says_no_more(self, key: frozenset[str], source_id: int) -> bool:
        """Whether a concept key says nothing the source's names do not, but
        the body its institution is part of ("Повітряних сил ЗСУ": the air force)."""
        theirs = self.said_by.get(source_id, frozenset())
        return key - theirs <= _parents(theirs)

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
            clean = closed_quotes(
                TITLES.sub("", name.split(" - ")[0].split(" – ")[0]).strip(' .,;:"„“”')
            )
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
                called = _new_name(name, clean)[:200]
                new = Match(called, None, called, guess_kind(called, about), about[:200])
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
