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

from claims.ingestion import lang

# party -> the stems that name it, institution -> the stems that name it, in
# every language (each language's module in claims/ingestion/lang holds its own)
PARTIES: dict[str, str] = lang.merged("PARTIES")
INSTITUTIONS: dict[str, str] = lang.merged("INSTITUTIONS")

# an institution -> the bodies it is part of: "the air force of the armed
# forces" names the air force, "military intelligence of the ministry" the
# intelligence service
PART_OF: dict[str, set[str]] = {
    "air force": {"army"},
    "general staff": {"army"},
    "intelligence": {"ministry"},
}

# ISO 3166-1 codes of the register's `country` field, as parties
COUNTRIES = {"UA": "ukraine", "RU": "russia", "SY": "syria", "TR": "turkey", "IL": "israel",
             "IR": "iran", "US": "usa", "BY": "belarus", "CN": "china"}  # fmt: skip

PARTY_PATTERNS = {party: re.compile(words) for party, words in PARTIES.items()}
INSTITUTION_PATTERNS = {kind: re.compile(words) for kind, words in INSTITUTIONS.items()}


def parties_of(text: str) -> set[str]:
    text = text.lower()
    return {party for party, words in PARTY_PATTERNS.items() if words.search(text)}


def institutions_of(text: str) -> set[str]:
    text = text.lower()
    return {kind for kind, words in INSTITUTION_PATTERNS.items() if words.search(text)}


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
    if ours_kind and theirs_kind and "opposition" in ours_kind ^ theirs_kind:
        return "another side (the opposition and a state body)"
    if ours_kind and theirs_kind and not ours_kind & theirs_kind:
        return (
            f"another institution ({', '.join(sorted(ours_kind))}, "
            f"not {', '.join(sorted(theirs_kind))})"
        )
    return None
