"""The pipeline: blocks → sentences → candidates with chains and hedges.

What becomes a candidate: a sentence in which someone is said to have said
something (a cue), a hedged sentence that goes on with the last source, a
sentence a later cue attributes back ("Информацията е на …", "добавят още
от …"), a sentence the article backs with an embedded post, and an embedded
post itself. A statement nobody is said to have made stays out: Claimtrace
traces who said what.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from claims.ingestion import cues, frames
from claims.ingestion.phrases import (
    NAME,
    NO_ONE,
    POINTER,
    UNNAMED,
    byline,
    dateline,
    source_phrase,
)
from claims.ingestion.register import Match, Register
from claims.ingestion.text import (
    Document,
    is_complete,
    restore_subject,
    split_blocks,
    split_sentences,
    tidy,
)
from claims.models import Stance

PRONOUN_START = re.compile(r"^(?:Той|Тя|То|Те|Него|Нея|He|She|It|They|This|That)\b")
KNOWN_LEAD = re.compile(r"^(?:Известно е,? че|Освен това,?|It is known that|Moreover,?)\s+", re.I)
MIN_CLAIM = 20


@dataclass
class Link:
    name: str  # the register's name, or the phrase when the source is new
    source: int | None
    stance: str
    via: int | None = None
    quote: str = ""
    phrase: str = ""  # as the article names it
    kind: str = ""  # a new source's guessed kind
    description: str = ""  # a new source's description, kept as its affiliation
    resolution: str = ""  # how the register resolved it, for the desk (Match.resolution)
    suggested: int | None = None  # a near spelling the desk may pick (never filed by itself)
    unnamed: bool = False  # "a source in HUR": an unnamed person of `source` said it
    unresolved: bool = False  # "he" with nobody named before: the desk picks the source

    @classmethod
    def of(cls, match: Match, stance: str, via: int | None = None, quote: str = "") -> Link:
        return cls(
            match.source_name,
            match.source_id,
            stance,
            via,
            quote,
            match.name,
            match.kind,
            match.description,
            match.resolution,
            match.suggested_id,
        )


@dataclass
class Found:
    position: int
    sentence: str
    text: str
    language: str = ""
    hedges: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    cue: str = ""  # the rule that proposed it, shown to the reviewer


@dataclass
class _Section:
    hedges: list[str] = field(default_factory=list)
    pending: list[tuple[int, str, int]] = field(default_factory=list)  # position, sentence, para
    last: Found | None = None


def _clean(text: str, *, complete: bool = True, subject: str = "", code: str = "") -> str:
    """A claim's text: no symbols, no half quotation, no "It is known that";
    the speaker as its subject when it has none of its own; a full stop
    unless the sentence was cut off."""
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"So", "Cf"})
    for quote in '"“”„«»':
        if text.count(quote) == 1:  # a quotation the sentence split cut in two
            text = text.replace(quote, "")
    text = restore_subject(KNOWN_LEAD.sub("", " ".join(text.split())), subject, code)
    return tidy(text, complete=complete)


def _subject(phrase: str, links: list[Link]) -> str:
    """The speaker as the article names it, for a claim without a subject of
    its own: the phrase itself, or for "he"/"the ministry" the one named
    before; none for an unnamed source ("a source in X said it …": "it" is X)."""
    said = source_phrase(phrase)
    if said.kind == NAME:
        return said.name
    origin = next((link for link in links if link.via is None), None)
    if said.kind == POINTER and origin is not None and not origin.unresolved:
        return origin.phrase
    return ""


def _links(origins: list[Match], stance: str, quote: str, vias: list[Match] = ()) -> list[Link]:
    links = [Link.of(m, stance, None, quote) for m in origins]
    if vias:  # "X writes, citing Y and Z": Y and Z are the origins, X relays
        links = [Link.of(m, stance) for m in vias]
        links += [Link.of(m, stance, 0, quote) for m in origins]
    return links


def _outermost(links: list[Link]) -> int:
    """The link a further relay passes on from: the first relay nobody else
    passes on from (the end of the chain), else the origin."""
    ends = [
        i
        for i, link in enumerate(links)
        if link.via is not None and not any(other.via == i for other in links)
    ]
    return ends[0] if ends else 0


def _adding(sentence: str) -> tuple[str, str]:
    """ "“…”, he said, adding that X" → the sentence up to "adding", and X."""
    match = frames.ADDING.search(sentence)
    if not match:
        return sentence, ""
    return sentence[: match.start()] + ".", sentence[match.end() :]


def _carried(links: list[Link]) -> list[Link]:
    """The links of the report a sentence goes on with: the same sources,
    asserting what follows (a denial's next sentence says what is true)."""
    carried = [Link(**vars(link)) for link in links]
    for link in carried:
        if link.stance == Stance.DENIES:
            link.stance = Stance.ASSERTS
        link.quote = ""
    return carried


UNRESOLVED = "unresolved: nobody is named before it; pick the source"
UNNAMED_ALONE = "an unnamed source; pick the organisation it belongs to"


def _speakers(
    register: Register, phrase: str, stance: str, quote: str, last: Found | None
) -> list[Link] | None:
    """The origin links a source phrase gives, or None when it names no one
    (a verb phrase, a discourse marker, a relative clause: never a source).
    A registered name is a name; a pointer ("he", "the ministry") is the
    speaker named before it, or unresolved for the desk; an unnamed source
    ("a source in HUR", "sources") is typed as such, under its organisation
    when the phrase names one."""
    said = source_phrase(phrase)
    matches = register.resolve(phrase) if said.kind != UNNAMED else []
    if matches and all(m.source_id is not None for m in matches):
        return [Link.of(m, stance, None, quote) for m in matches]
    if said.kind == POINTER:
        if last is not None and last.links:
            links = [Link(**vars(link)) for link in last.links]
            for link in links:
                link.stance, link.quote = stance, quote if link.via is None else link.quote
            return links
        return [Link(said.name, None, stance, None, quote, said.name, resolution=UNRESOLVED,
                     unresolved=True)]  # fmt: skip
    if said.kind == UNNAMED:
        body = (
            _speakers(register, said.institution, stance, quote, last) if said.institution else None
        )
        if body:
            for link in body:
                if link.via is None:
                    link.unnamed, link.phrase = True, said.name
                    link.resolution = f"an unnamed source in {link.name} ({link.resolution})"
            return body
        return [Link(said.name, None, stance, None, quote, said.name, resolution=UNNAMED_ALONE,
                     unnamed=True, unresolved=True)]  # fmt: skip
    if said.kind == NO_ONE:
        return None
    return [Link.of(m, stance, None, quote) for m in matches]


def _frame_links(
    frame: frames.Frame, register: Register, sentence: str, last: Found | None
) -> list[Link]:
    """The links of a general frame: its origins (whom the source cites, or
    the source), then each relay passing it on; none when its source phrase
    names no one."""
    origins = _speakers(register, frame.source, frame.stance, sentence, last)
    if not origins:
        return []
    if frame.cites:  # "X writes, citing Y": Y is the origin, X relays
        cited = [
            link
            for phrase in frame.cites
            for link in _speakers(register, phrase, frame.stance, sentence, None) or []
        ]
        if cited:
            for link in cited:
                link.quote = ""
            links = cited + [Link(**{**vars(link), "via": 0}) for link in origins]
        else:
            links = origins
    else:
        links = origins
    for phrase in frame.relays:
        for match in register.resolve(phrase):
            if any(link.source == match.source_id and match.source_id for link in links):
                continue
            links.append(Link.of(match, frame.stance, len(links) - 1))
    return links


def extract(
    raw: str,
    *,
    register: Register,
    detect: Callable[[str], str],
    publisher: tuple[int, str] | None = None,
) -> tuple[str, list[Found], str]:
    """Return the article's language, its candidates in reading order, and
    the date of its leading metadata line ("" when it has none)."""
    language = detect(raw)
    document: Document = split_blocks(raw, is_foreign=lambda text: detect(text) != language)
    found: list[Found] = []
    # The wire that carried the whole story: "AMMAN (Reuters) -", a
    # "…, Xinhua, March 17, 2015" byline, "…, предаде АФП" in the opening
    # paragraphs, "Об этом сообщает CNN" as a paragraph of its own.
    wire = ""
    for block in document.blocks[:3]:
        if block.kind in ("paragraph", "heading"):
            wire, block.text = byline(block.text)
            if wire:
                break
    first = True
    for block in document.blocks:  # every dateline goes; the first paragraph's agency is the wire
        if block.kind == "paragraph":
            agency, block.text = dateline(block.text)
            if first and not wire:
                wire = agency
            first = False
    section = _Section()
    position = 0
    paragraph_no = 0
    last_paragraph = [0]  # the paragraph of the latest candidate

    def add(
        sentence: str,
        claim: str,
        links: list[Link],
        *,
        own_voice=False,
        cue: str = "",
        speaker: str = "",
    ) -> Found | None:
        """`own_voice`: an embedded post speaks for itself, outside the
        section's hedges (a "… - слухове" heading); `speaker`: the source
        phrase of the claim's report (its subject when the claim has none)."""
        # a denial's object is someone else's claim ("denied Russia's claims that it
        # took …"): its subject is not the denier
        denied = any(link.stance == Stance.DENIES for link in links)
        subject = _subject(speaker, links) if speaker and not denied else ""
        code = detect(claim) or language
        text = _clean(claim, complete=is_complete(sentence), subject=subject, code=code)
        if len(text) < MIN_CLAIM or cues.NOT_A_CLAIM.search(text):
            return None
        context = [] if own_voice else section.hedges
        hedge_list = list(dict.fromkeys([*cues.hedges_in(sentence), *context]))
        if cues.is_rumour(hedge_list):
            for link in links:
                if link.stance == Stance.ASSERTS:
                    link.stance = Stance.REPORTS_RUMOUR
        item = Found(position, sentence, text, code, hedge_list, links, cue)
        found.append(item)
        section.last = item
        last_paragraph[0] = paragraph_no
        return item

    def claim_back(links_for: Callable[[], list[Link]], *, paragraph_only: bool) -> None:
        keep = []
        for pos, sentence, para in section.pending:
            if paragraph_only and para != paragraph_no:
                keep.append((pos, sentence, para))
                continue
            item = add(sentence, sentence, links_for())
            if item:
                item.position = pos
        section.pending = keep

    for block in document.blocks:
        if block.kind == "heading":
            section = _Section(hedges=cues.hedges_in(block.text))
            continue
        if block.kind == "related":
            continue
        if block.kind == "post":
            post = block.post
            author = register.resolve(f"{post['name']} ({post['handle']})")[0]
            body = block.text
            position += 1
            relay = section.pending[-1] if section.pending else None
            origin = [Link.of(author, Stance.ASSERTS, None, body)]
            if relay and relay[2] == paragraph_no:  # the sentence the post backs
                section.pending.pop()
                add(relay[1], relay[1], origin)
            else:  # one candidate per statement of the post
                for statement in split_sentences(body):
                    add(statement, statement, [Link(**vars(link)) for link in origin],
                        own_voice=True)  # fmt: skip
            continue

        paragraph_no += 1
        opened = False  # the paragraph opens with a report: what follows is its content
        sentences = split_sentences(block.text)
        for index, whole in enumerate(sentences):
            position += 1
            sentence, added = _adding(whole)
            if index == 1:
                opened = (
                    bool(found)
                    and found[-1].position == position - 1
                    and found[-1].cue not in ("", "carried")
                )
            if sentence.endswith(":"):
                continue
            # The general frames decide, except where a cue of the paragraph's
            # own shape applies ("Информацията е на …", "За това пишат …").
            frame = frames.analyse(sentence, language)
            matched = None
            for cue in cues.CUES if not PRONOUN_START.match(sentence) else ():
                if frame is not None and not cue.before_frames:
                    continue
                match = cue.pattern.search(sentence)
                if match and _speakers(register, match.group("src"), cue.stance, "", None):
                    matched = (cue, match)
                    break
            if matched:
                cue, match = matched
                sources = register.resolve(match.group("src"))
                if cue.scope == "before":
                    claim_back(
                        lambda s=sources, c=cue, q=sentence: _links(s, c.stance, q),
                        paragraph_only=True,
                    )
                    continue
                if cue.scope == "relay_previous":
                    if section.last is not None and section.last.links:
                        origin = 0
                        for m in sources:
                            stance = section.last.links[origin].stance
                            section.last.links.append(Link.of(m, stance, origin, sentence))
                    continue
                vias = (
                    register.resolve(match.group("via"))
                    if "via" in match.groupdict() and match.group("via")
                    else []
                )
                links = _speakers(register, match.group("src"), cue.stance, sentence, section.last)
                if vias:
                    links = _links(sources, cue.stance, sentence, vias)
                item = add(
                    sentence, match.group("claim"), links, cue=cue.name, speaker=match.group("src")
                )
                carries = "verb" in match.groupdict() and (
                    match.group("verb") == "добавят" or match.groupdict().get("also")
                )
                if item and carries:
                    claim_back(
                        lambda s=sources, c=cue: _links(s, c.stance, ""), paragraph_only=False
                    )
                continue
            alone = len(sentences) == 1
            if frame is not None and frame.passed_on and not wire and paragraph_no <= 2:
                wire = frame.passed_on
            if frame is not None and frame.scope == "before" and alone and paragraph_no <= 3:
                wire = wire or frame.source
            if frame is not None and frame.scope == "before":
                claim_back(
                    lambda f=frame, q=sentence: _frame_links(f, register, q, None),
                    paragraph_only=True,
                )
                continue
            if frame is not None:
                links = _frame_links(frame, register, sentence, section.last)
                if links and add(sentence, frame.claim, links, cue=frame.cue, speaker=frame.source):
                    if frame.adds:  # the same source said what came before
                        claim_back(lambda ls=links: _carried(ls), paragraph_only=False)
                    if added:
                        add(whole, added, _carried(links), cue="adding")
                    continue
            lead = cues.HEDGE_LEAD.match(sentence)
            last = section.last
            if lead:
                # "Твърди се, че …" goes on with the source just named in this
                # paragraph; with none, whoever says it is unknown.
                same_paragraph = last is not None and last_paragraph[0] == paragraph_no
                links = [Link(**vars(link)) for link in last.links] if same_paragraph else []
                add(sentence, lead.group("claim"), links)
                continue
            if last is not None and last.links:
                # A paragraph that opens with a report goes on with it, a
                # quote goes on in its paragraph, and a sentence marked as more
                # of the same ("Крім того", "Also", "якобы") goes on further.
                here = last_paragraph[0] == paragraph_no
                quoted = here and sentence[:1] in '"“„«'
                if cues.CONTINUES.search(sentence) or quoted or (here and opened):
                    add(sentence, sentence, _carried(last.links), cue="carried")
                    continue
            if len(sentence) >= MIN_CLAIM:
                section.pending.append((position, sentence, paragraph_no))

    if wire:
        carrier = register.resolve(wire)[0]
        for item in found:
            if item.links and not any(
                link.source == carrier.source_id
                and (carrier.source_id or link.name == carrier.source_name)
                for link in item.links
            ):
                item.links.append(Link.of(carrier, item.links[0].stance, _outermost(item.links)))
    if publisher is not None:
        for item in found:
            if item.links and not any(link.source == publisher[0] for link in item.links):
                item.links.append(
                    Link(
                        publisher[1],
                        publisher[0],
                        item.links[0].stance,
                        _outermost(item.links),
                        item.sentence,
                    )
                )
    found.sort(key=lambda item: item.position)
    return language, found, document.date
