"""Resolving the source phrases an article uses against the source register,
by alias, in Cyrillic or Latin: "украинското разузнаване" → HUR,
"Рибар" ↔ "Rybar", "… в Telegram" → the service's Telegram channel."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from claims.ingestion.phrases import clean_source
from sources.aliases import normalize_alias
from sources.models import Source, SourceAlias

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


def latin_key(text: str) -> str:
    """A spelling-blind key: "Рибар", "Rybar" and "Рыбарь" all give "ribar"."""
    text = normalize_alias(text)
    text = "".join(CYRILLIC.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("y", "i").replace("w", "v")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = re.sub(r"(.)\1+", r"\1", text)
    return " ".join(text.split())


@dataclass
class Match:
    name: str  # as the article names it, cleaned
    source_id: int | None  # None: proposed as a new source
    source_name: str


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
        for alias, source_id in SourceAlias.objects.values_list("name", "source_id"):
            for key in {normalize_alias(alias), latin_key(alias)}:
                words = re.sub(r"[^\w\s]", " ", key).split()
                if words:
                    self.by_first.setdefault(words[0], []).append((words, source_id))

    def _find(self, phrase: str) -> int | None:
        best: tuple[int, int] | None = None
        for key in (normalize_alias(phrase), latin_key(phrase)):
            words = re.sub(r"[^\w\s]", " ", key).split()
            for i, word in enumerate(words):
                for alias_words, source_id in self.by_first.get(word, []):
                    if words[i : i + len(alias_words)] == alias_words and (
                        best is None or len(alias_words) > best[0]
                    ):
                        best = (len(alias_words), source_id)
        return best[1] if best else None

    def resolve(self, phrase: str) -> list[Match]:
        """The sources a phrase names: quoted names one by one ("„Рибар“ и
        „Военен осведомител“"), else the phrase as one source."""
        quoted = QUOTED.findall(phrase)
        phrase = clean_source(phrase)[0] or phrase.strip(" .,;:")
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
                matches.append(Match(clean[:200], None, clean[:200]))
        return matches
