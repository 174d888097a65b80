"""How articles say who said what, in Bulgarian and English.

Each pattern names the source phrase (`src`), the claim (`claim`) and, for
chains, whom the source cites (`via`). `scope` says what the attribution
covers: the sentence itself, or the sentences before it ("Информацията е на
…" closes a paragraph; "добавят още от …" says the same source spoke before).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.ingestion import lang
from claims.models import Stance


@dataclass(frozen=True)
class Cue:
    name: str
    pattern: re.Pattern
    stance: str = Stance.ASSERTS
    scope: str = "sentence"  # sentence | before | relay_previous | carried
    before_frames: bool = False  # tried before the general frames (frames.py)


def _cue(name, regex, **kw) -> Cue:
    return Cue(name, re.compile(regex, re.I | re.S), **kw)


SAY_BG = (
    r"заяви(?:ха)?|каза(?:ха)?|съобщи(?:ха)?|обяви(?:ха)?|написа(?:ха)?|посочи(?:ха)?|"
    r"твърди(?:ят)?|потвърди(?:ха)?|уточни(?:ха)?|пише|пишат|съобщава(?:т)?"
)
DENY_BG = r"отрече(?:ха)?|опроверга(?:ха)?|отрича(?:т)?"
TRAIL_BG = (
    r"добавят|пишат|съобщават|твърдят|смятат|казват|информират|уточняват|предават|"
    r"съобщи(?:ха)?|заяви(?:ха)?|каза(?:ха)?|написа(?:ха)?"
)
SAY_EN = (  # not "reports", "claims": after "comment on" they are nouns
    r"said|says|stated|states|reported|claimed|announced|wrote|writes|added|"
    r"confirmed|told reporters"
)
DENY_EN = r"denied|denies|rejected|dismissed"

CUES: list[Cue] = [
    # --- Bulgarian ---
    _cue(
        "bg_information_is_of",
        r"^(?:Информацията|Новината|Данните|Това) е (?:на|от) (?P<src>.+?)\.?$",
        scope="before",
        before_frames=True,
    ),
    _cue(
        "bg_relay_previous",
        r"^За (?:това|нея|него|тях) (?:пишат|съобщават|писаха|съобщиха|информират)(?: и)?\s+"
        r"(?P<src>.+?)\.?$",
        scope="relay_previous",
        before_frames=True,
    ),
    _cue(
        "bg_spread",
        r"(?:по|в|във)\s+(?P<src>[^,.]+?)\s+(?:започна да се разпространява|се разпространява|"
        r"се появи|циркулира)\s+(?:новината|информацията|информация|слухът)\s+(?:за|че)\s+"
        r"(?P<claim>.+?)\.?$",
        stance=Stance.REPORTS_RUMOUR,
        before_frames=True,
    ),
    _cue(
        "bg_according_lead",
        r"^(?:Според|По данни на|По информация на|Както съобщава|Както пише)\s+(?P<src>[^,]+),"
        r"\s*(?P<claim>.+)$",
    ),
    _cue("bg_according_trail", r"^(?P<claim>.+?),\s*според\s+(?P<src>.+?)\.?$"),
    _cue("bg_according_word", r"^Според\s+(?P<src>[^\s,]+)\s+(?P<claim>.+)$"),
    _cue(
        "bg_trailing",
        rf"^(?P<claim>.+?),\s*(?P<verb>{TRAIL_BG})(?P<also> още)?\s+(?:от\s+|и\s+)?"
        r"(?P<src>.+?)\.?$",
    ),
    _cue(
        "bg_denied",
        rf"^(?P<src>.+?),?\s+(?:{DENY_BG}),?\s+(?:че\s+|информацията,? че\s+)?(?P<claim>.+?)\.?$",
        stance=Stance.DENIES,
    ),
    _cue("bg_said_that", rf"^(?P<src>.+?),?\s+(?:{SAY_BG}),?\s+че\s+(?P<claim>.+?)\.?$"),
    # --- English ---
    _cue(
        "en_citing",
        rf"^(?P<src>.+?),?\s+(?:{SAY_EN}),?\s+citing\s+(?P<via>.+?),\s*(?:that\s+)?"
        r"(?P<claim>.+)$",
    ),
    _cue(
        "en_citing_lead",
        rf"^(?P<src>.+?),\s*citing\s+(?P<via>.+?),\s*(?:{SAY_EN})\s+(?:that\s+)?(?P<claim>.+)$",
    ),
    _cue("en_according_lead", r"^According to\s+(?P<src>[^,]+),\s*(?P<claim>.+)$"),
    _cue("en_according_trail", r"^(?P<claim>.+?),\s*according to\s+(?P<src>.+?)\.?$"),
    _cue(
        "en_denied",
        rf"^(?P<src>[A-Z\"“][^,]{{2,120}}?)\s+(?:{DENY_EN})\s+(?:that\s+|reports that\s+|"
        r"claims that\s+)?(?P<claim>.+)$",
        stance=Stance.DENIES,
    ),
    _cue(
        "en_trailing",
        rf"^(?P<claim>.+?),[\"”]?\s*(?P<src>[A-Z][^,]{{2,120}}?)\s+(?:{SAY_EN})\.?$",
    ),
    _cue(
        "en_said_that",
        rf"^(?P<src>[A-Z\"“][^,]{{2,120}}?)\s+(?:{SAY_EN})(?:\s+on \w+)?,?\s+(?:that\s+)?"
        r"(?P<claim>.+)$",
    ),
]

# A sentence that passes on what was just attributed, without a cue of its own.
HEDGE_LEAD = re.compile(
    r"^(?:Твърди се|Смята се|Предполага се|Говори се|Съобщава се|Според слухове|Има слухове|"
    r"Reportedly|Allegedly|It is claimed|It is said|Rumou?rs? (?:say|suggest)|"
    r"Unconfirmed reports (?:say|suggest))\s*,?\s*(?:че\s+|that\s+)?(?P<claim>.+?)\.?$",
    re.I,
)
CONTINUES = re.compile(
    rf"(?:^(?:{lang.alternation('CONTINUES')})\b|\b(?:{lang.alternation('DISTANCING')})\b|"
    r"(?<!\bа )(?<!\band )(?<!\bи )(?<!\bі )"
    rf"\b(?:{'|'.join(sorted(lang.all_words('ALSO') - {'още', 'ще', 'еще'}))})\b"
    r"(?!\s*\w+\s*[.!?]?$))",
    re.I,
)
# Lines about the reporting, not claims: "could not verify", "declined to
# comment", "gave no further details".
NOT_A_CLAIM = lang.compiled("NOT_A_CLAIM")
HEDGES = lang.compiled("HEDGES")
RUMOUR = lang.compiled("RUMOUR")


def is_rumour(hedges: list[str]) -> bool:
    """Whether the hedges make the source's report a rumour ("unconfirmed
    reports", "слухове"), not the reporter's distance ("allegedly")."""
    return bool(RUMOUR.search(" ".join(hedges)))


def hedges_in(text: str) -> list[str]:
    """The hedges of a text, lower-cased, once each, in reading order."""
    found = [m.group().lower() for m in re.finditer(rf"(?<!\w)(?:{HEDGES.pattern})", text, re.I)]
    return list(dict.fromkeys(found))


# What each rule saw, in words for the desk reviewing candidates (the job
# page shows these, never the codes). A cue of one language is named by its
# shape; "a+b" is a report (b) inside a sentence another source passed on (a).
_SHAPES = {
    "before": gettext_lazy("a source named after the sentences it covers"),
    "information_is_of": gettext_lazy("“the information is from” a source, after what it said"),
    "relay_previous": gettext_lazy("outlets that “also report” what was said before"),
    "spread": gettext_lazy("news that “spread on” a channel: a rumour"),
    "cite_lead": gettext_lazy("a source citing another, then what was said"),
    "cite_mid": gettext_lazy("a source citing another, then what was said"),
    "citing": gettext_lazy("a source citing another, then what was said"),
    "citing_lead": gettext_lazy("a source citing another, then what was said"),
    "according_lead": gettext_lazy("“according to” a source, then what was said"),
    "according_word": gettext_lazy("“according to” a source, then what was said"),
    "according_trail": gettext_lazy("what was said, then “according to” a source"),
    "lead_that": gettext_lazy("a source and its verb of saying, then what was said"),
    "said_that": gettext_lazy("a source and its verb of saying, then what was said"),
    "lead_and_that": gettext_lazy("a source who did something and said what follows"),
    "lead_plain": gettext_lazy("a source and its verb of saying, then what was said"),
    "lead_quote": gettext_lazy("a source, then its words in quotation marks"),
    "lead_told": gettext_lazy("a source told someone what was said"),
    "lead_about": gettext_lazy("a source spoke about what follows"),
    "lead_denies": gettext_lazy("a source denies what follows"),
    "denied": gettext_lazy("a source denies what follows"),
    "verdict": gettext_lazy("a source calls a report false"),
    "trail_verb_first": gettext_lazy("what was said, then the verb and its source"),
    "trailing": gettext_lazy("what was said, then the verb and its source"),
    "trail_source_first": gettext_lazy("what was said, then its source and the verb"),
    "trail_dash": gettext_lazy("what was said, a dash, then its source"),
    "adding": gettext_lazy("more from the source of the sentence before"),
    "carried": gettext_lazy("goes on with the source of the sentence before"),
    "unattributed": gettext_lazy("no source named"),
}


def _shape(code: str) -> str:
    prefix, _sep, rest = code.partition("_")
    return rest if prefix in lang.LANGUAGES and rest else code


def cue_in_words(code: str) -> str:
    """The rule that proposed a candidate, in the reader's language."""
    parts = [_SHAPES.get(_shape(part)) for part in code.split("+") if part]
    if not parts or None in parts:
        return _("another reporting construction (%(code)s)") % {"code": code}
    if len(parts) == 1:
        return str(parts[0])
    return _("%(inner)s, in a sentence passed on as %(outer)s") % {
        "inner": parts[-1],
        "outer": parts[0],
    }
