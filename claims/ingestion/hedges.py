"""The reporter's hedges and the sentences that go on with the last report:
"Твърди се, че …", "Reportedly …", "Крім того …", "allegedly"; and the
lines about the reporting that are no claim ("could not be verified"). Each
language's words are in its module (claims/ingestion/lang)."""

from __future__ import annotations

import re

from claims.ingestion import lang

# A sentence that passes on what was just attributed, without a source of its own.
HEDGE_LEAD = re.compile(
    rf"^(?:{lang.alternation('HEDGE_LEAD')})\s*,?\s*(?:{lang.alternation('THAT')}\s+)?(?P<claim>.+?)\.?$",
    re.I,
)
CONTINUES = re.compile(
    rf"(?:^(?:{lang.alternation('CONTINUES')})\b|\b(?:{lang.alternation('DISTANCING')})\b|"
    r"(?<!\bа )(?<!\band )(?<!\bи )(?<!\bі )"
    rf"\b(?:{'|'.join(sorted(lang.all_words('ALSO') - {'още', 'ще', 'еще'}))})\b"
    r"(?!\s*\w+\s*[.!?]?$))",
    re.I,
)
# "Крім того, Z", "In addition, Z": the marker opening a sentence, no part of Z
CONTINUES_LEAD = re.compile(rf"^(?:{lang.alternation('CONTINUES')}),\s+(?=\S)", re.I)
# Lines about the reporting, not claims: "could not verify", "declined to
# comment", "gave no further details".
NOT_A_CLAIM = lang.compiled("NOT_A_CLAIM")
# "Video footage shows …", "На відеозаписі видно …": evidence is not a speaker
EVIDENCE = re.compile(
    rf"^(?:\S+\s+){{0,2}}(?:{lang.alternation('EVIDENCE')})\b[^.]{{0,80}}?"
    rf"(?<!\w)(?:{lang.alternation('EVIDENCE_SHOWS')})",
    re.I,
)
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
