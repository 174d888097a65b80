"""Words that say which party and which institution a source name belongs to,
in English, Bulgarian, Ukrainian and Russian, matched on the lower-cased name
(word stems, so declined forms match too).

The register never files a phrase under a source whose name says another
party ("Ukraine's ministry" is not Russia's) or another institution (an air
force is not an intelligence service, a channel of one body is not
another's): a misfiled source puts one side's words in the other's mouth.
"""

from __future__ import annotations

import re

# party -> the stems that name it (country, people, capital, armed forces' acronym)
PARTIES: dict[str, str] = {
    "ukraine": r"ukrain|україн|украин|украйн|\bзсу\b|\bвсу\b|\bua\b|kyiv|kiev|києв|киев",
    "russia": r"russia|росі[йя]|росси|руск|русия|руси|русски|\bрф\b|\bru\b|moscow|москв|kremlin|"
    r"кремъл|кремл",
    "syria": r"syria|сири|сирі|damascus|дамаск",
    "turkey": r"turk|турц|турск|туреч|турец|ankara|анкар",
    "israel": r"israel|ізраїл|израил|израел",
    "iran": r"\biran|іран|иран",
    "usa": r"\bu\.s\.|\busa\b|united states|american|америк|\bсащ\b|\bсша\b",
    "belarus": r"belarus|беларус|білорус|белорус",
    "china": r"china|chinese|кита[йя]|китайск",
}

# institution -> the stems that name it
INSTITUTIONS: dict[str, str] = {
    "ministry": r"ministr|міністерств|министерств|минобор|міноборон|\bmod\b",
    "general staff": r"general staff|генерален щаб|генералния щаб|генщаб|генштаб|генеральн\w* штаб",
    "intelligence": r"intelligence|разузна|розвідк|разведк|\bгур\b|\bhur\b|\bgur\b|\bsbu\b|"
    r"\bсбу\b|\bfsb\b|\bфсб\b|\bmit\b|\bмит\b",
    "air force": r"air force|въздушн\w* сил|повітрян\w* сил|воздушн\w* сил|\bвкс\b",
    "army": r"\barmy\b|armed forces|арми[яи]|армі[яї]|войск|військ|збройн|вооруж|въоръжен",
    "government": r"government|kremlin|president|правителств|уряд|правительств|кремъл|кремл|"
    r"президент",
    "channel": r"telegram|телеграм|channel|канал|\bx account|twitter|blogger|блогер|блогър",
    "media": r"media|медии|медіа|\bсми\b|\btv\b|телевиз|телебачен|news|agency|агенц|агентств",
    "embassy": r"embass|посолств|посольств",
    "opposition": r"opposition|опозици|опозиці|оппозиц|rebel|бунтовни|повстан",
}

# ISO 3166-1 codes of the register's `country` field, as parties
COUNTRIES = {"UA": "ukraine", "RU": "russia", "SY": "syria", "TR": "turkey", "IL": "israel",
             "IR": "iran", "US": "usa", "BY": "belarus", "CN": "china"}  # fmt: skip

_PARTIES = {party: re.compile(words) for party, words in PARTIES.items()}
_INSTITUTIONS = {kind: re.compile(words) for kind, words in INSTITUTIONS.items()}


def parties_of(text: str) -> set[str]:
    text = text.lower()
    return {party for party, words in _PARTIES.items() if words.search(text)}


def institutions_of(text: str) -> set[str]:
    text = text.lower()
    return {kind for kind, words in _INSTITUTIONS.items() if words.search(text)}


def crosses(phrase: str, names: list[str], country: str = "") -> str | None:
    """Why `phrase` cannot name the source known by `names` (its name, its
    aliases, its parents'), or None: their names say different parties, or
    different institutions. A side that names none says nothing."""
    theirs = set().union(*(parties_of(n) for n in names)) if names else set()
    if country in COUNTRIES:
        theirs.add(COUNTRIES[country])
    ours = parties_of(phrase)
    if ours and theirs and not ours & theirs:
        return f"another party ({', '.join(sorted(ours))}, not {', '.join(sorted(theirs))})"
    ours_kind = institutions_of(phrase)
    theirs_kind = set().union(*(institutions_of(n) for n in names)) if names else set()
    if ours_kind and theirs_kind and not ours_kind & theirs_kind:
        return (
            f"another institution ({', '.join(sorted(ours_kind))}, "
            f"not {', '.join(sorted(theirs_kind))})"
        )
    return None
