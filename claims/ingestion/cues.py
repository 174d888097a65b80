"""How articles say who said what, in Bulgarian and English.

Each pattern names the source phrase (`src`), the claim (`claim`) and, for
chains, whom the source cites (`via`). `scope` says what the attribution
covers: the sentence itself, or the sentences before it ("Информацията е на
…" closes a paragraph; "добавят още от …" says the same source spoke before).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
