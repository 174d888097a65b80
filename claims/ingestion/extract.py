"""The pipeline: blocks → sentences → candidates with chains and hedges.

What becomes a candidate: a sentence in which someone is said to have said
something (a frame, frames.py), a hedged sentence that goes on with the last
source, a sentence a later frame attributes back ("Информацията е на …",
"добавят още от …"), a sentence the article backs with an embedded post, and
an embedded post itself. A statement nobody is said to have made stays out: Claimtrace
traces who said what.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from claims.ingestion import frames, hedges, lang
from claims.ingestion.keys import concept_key
from claims.ingestion.markers import institutions_of
from claims.ingestion.phrases import (
    NAME,
    NO_ONE,
    POINTER,
    TITLE_POINTER,
    UNNAMED,
    byline,
    clean_source,
    coordinated,
    dateline,
    is_pronoun,
    opening_subject,
    source_line,
    source_phrase,
)
from claims.ingestion.register import Match, Register, guess_kind
from claims.ingestion.text import (
    Document,
    html_to_text,
    is_complete,
    looks_like_markup,
    restore_subject,
    split_blocks,
    split_sentences,
    tidy,
)
from claims.models import Stance
from sources.models import SourceKind

KNOWN_LEAD = re.compile(
    rf"^(?:Известно е,? че|Освен това,?|It is known that|Moreover,?|"
    rf"{lang.alternation('SPEAKER_LEAD')})\s+",
    re.I,
)
# "Earlier, media reported that Z": a report given after the answer to it
EARLIER = re.compile(rf"^(?:{lang.alternation('EARLIER')})\b", re.I)
# ", на 30 км от Z", ", about 12 km south of Z": where a place
# lies is the reporter's background, not the source's claim; it ends the claim
PLACE_APPOSITIVE = re.compile(rf",\s*(?:{lang.alternation('DISTANCE')})\b.*$", re.I | re.S)
MIN_CLAIM = 14
# a person's name after a title: "Ivan Horak", "Володимир Зеленський"
_PERSON = rf"(?P<name>(?:[{lang.CAPITAL}][^\W\d]+\s+){{1,2}}[{lang.CAPITAL}][^\W\d]+)"
OPENING_QUOTES, CLOSING_QUOTES = '"“„«', '"”»“'
WHOLLY_QUOTED = re.compile(r"[\"“„«][^\"“”„«»]+[\"”“»]\.?")


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
    actor: tuple[int, str] | None = None  # (paragraph, subject) of a sentence that reports nothing


def _clean(text: str, *, complete: bool = True, subject: str = "", code: str = "") -> str:
    """A claim's text: no symbols, no half quotation, no "It is known that";
    the speaker as its subject when it has none of its own; a full stop
    unless the sentence was cut off."""
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"So", "Cf"})
    for quote in '"“”„«»':
        if text.count(quote) == 1:  # a quotation the sentence split cut in two
            text = text.replace(quote, "")
    if WHOLLY_QUOTED.fullmatch(text.strip()):  # the whole claim in quotation marks
        text = text.strip()[1:].rstrip(".").rstrip()[:-1]
    text = PLACE_APPOSITIVE.sub("", " ".join(text.split()))
    text = restore_subject(KNOWN_LEAD.sub("", text), subject, code)
    return tidy(text, complete=complete)


def _subject(phrase: str, links: list[Link]) -> str:
    """The speaker as the article names it, for a claim without a subject of
    its own: the phrase itself, or for "he"/"the ministry" the one named
    before, or the pointer itself when no one was and it is no pronoun; none
    for an unnamed source ("a source in X said it …": "it" is X)."""
    said = source_phrase(phrase)
    if said.kind == NAME:
        return said.name
    origin = next((link for link in links if link.via is None), None)
    if said.kind == POINTER and origin is not None and not origin.unresolved:
        return origin.phrase
    if said.kind == POINTER and not is_pronoun(phrase):
        return phrase.strip()  # "Армията призна, че е изгубила …": the army, named no further
    return ""


def _outermost(links: list[Link]) -> int:
    """The link a further relay passes on from: the first relay nobody else
    passes on from (the end of the chain), else the origin."""
    ends = [
        i
        for i, link in enumerate(links)
        if link.via is not None and not any(other.via == i for other in links)
    ]
    return ends[0] if ends else 0


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
    stripped = quote.lstrip(' "“„«(—–-')
    said = source_phrase(phrase, inside=bool(phrase) and stripped.find(phrase.strip()) > 0)
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


def _surname(link: Link) -> str:
    """The last word of the name a link goes by ("Ivan Horak" and "Horak" agree)."""
    words = (link.phrase or link.name).split()
    return words[-1] if words else ""


def _frame_links(
    frame: frames.Frame,
    register: Register,
    sentence: str,
    last: Found | None,
    previous: Found | None = None,
) -> list[Link]:
    """The links of a general frame: its origins (whom the source cites, or
    the source), then each relay passing it on ("he" as a relay: the origin
    of `previous`, the report before); none when its source phrase names no one."""
    origins = [
        link
        for phrase in coordinated(frame.source)
        for link in _speakers(register, phrase, frame.stance, sentence, last) or []
    ]
    if frame.told_anew:  # told someone else this time: not through the last report's relays
        origins = [link for link in origins if link.via is None]
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
        via = len(links) - 1  # "цитиран от Y и W": each passed it on from the same link
        for part in coordinated(phrase):
            if source_phrase(part).kind == POINTER:
                before = (
                    next((k for k in previous.links if k.via is None), None) if previous else None
                )
                said = {_surname(link) for link in links}
                if before is not None and _surname(before) not in said:
                    links.append(Link(**{**vars(before), "via": via, "stance": frame.stance}))
                continue  # (not the origin passing on its own words)
            for match in register.resolve(part):
                if any(link.source == match.source_id and match.source_id for link in links):
                    continue
                links.append(Link.of(match, frame.stance, via))
    return links


class _Pass:
    """One article's first pass, as named steps: the story's wire, then each
    block (a heading opens a section, an embedded post speaks, a paragraph's
    sentences are read one by one: a frame, a hedged or continued sentence,
    else kept pending for a later attribution), then
    the wire and the publisher appended to every chain."""

    def __init__(self, raw: str, register: Register, detect: Callable[[str], str]):
        self.register, self.detect = register, detect
        if looks_like_markup(raw):  # HTML pasted as text: its words, not its tags
            raw = html_to_text(raw)
        self.language = detect(raw)
        self.document: Document = split_blocks(
            raw, is_foreign=lambda text: detect(text) != self.language
        )
        self.found: list[Found] = []
        self.section = _Section()
        self.position = self.paragraph_no = 0
        self.last_paragraph = 0  # the paragraph of the latest candidate
        self.opened = False  # this paragraph opens with a report: what follows is its content
        self.wire = self._wire()
        self.told: list[tuple[str, str]] = []  # (speaker, the one it told) for the whole story
        self.read = ""  # the text so far (the titles a pointer may go back to)
        self.unanswered: tuple[int, list[Link]] | None = None  # (paragraph, the answer)
        self.marked = False

    def _wire(self) -> str:
        """The wire that carried the whole story: "AMMAN (Reuters) -", a
        "…, Xinhua, March 17, 2015" byline, "ГОРОД, дата. /ТАСС/." Every
        paragraph's dateline goes; the first paragraph's agency is the wire."""
        wire = ""
        for block in self.document.blocks[:3]:
            if block.kind in ("paragraph", "heading"):
                wire, block.text = byline(block.text)
                if wire:
                    break
        first = True
        for block in self.document.blocks:
            if block.kind == "paragraph":
                agency, block.text = dateline(block.text)
                if first and not wire:
                    wire = agency
                first = False
        texts = [b for b in self.document.blocks if b.kind in ("paragraph", "heading") and b.text]
        if texts:  # "Джерело: Reuters" closing the story
            agency, texts[-1].text = source_line(texts[-1].text)
            wire = wire or agency
        return wire

    def add(self, sentence: str, claim: str, links: list[Link], *, own_voice=False,
            cue: str = "", speaker: str = "") -> Found | None:  # fmt: skip
        """A candidate. `own_voice`: an embedded post speaks for itself,
        outside the section's hedges (a "… - слухове" heading); `speaker`: the
        source phrase of its report (its subject when the claim has none: "X
        отрича да е поръчвало Z" gives "X е поръчвало Z")."""
        at = sentence.find(claim.strip())
        quoted = claim.lstrip()[:1] in OPENING_QUOTES or (
            at > 0 and sentence[at - 1] in OPENING_QUOTES
        )
        # in the speaker's own words, "it" is not the speaker ("'It is a tragedy,' X said")
        subject = _subject(speaker, links) if speaker and not quoted else ""
        code = self.detect(claim) or self.language
        text = _clean(claim, complete=is_complete(sentence), subject=subject, code=code)
        if len(text) < MIN_CLAIM or hedges.NOT_A_CLAIM.search(text):
            return None  # about the reporting: no claim
        if cue in ("", "carried", "before") and hedges.EVIDENCE.match(text):
            return None  # the article's own "Video footage shows …": evidence, not a speaker
        if frames.VERDICT_ALONE.fullmatch(text):  # "Очередной фейк.": a verdict, no claim
            return None
        context = [] if own_voice else self.section.hedges
        hedge_list = list(dict.fromkeys([*hedges.hedges_in(sentence), *context]))
        if hedges.is_rumour(hedge_list):
            for link in links:
                if link.stance == Stance.ASSERTS:
                    link.stance = Stance.REPORTS_RUMOUR
        item = Found(self.position, sentence, text, code, hedge_list, links, cue)
        self.found.append(item)
        self.section.last, self.last_paragraph = item, self.paragraph_no
        self._answered(item)
        return item

    def claim_back(
        self, links_for: Callable[[], list[Link]], *, paragraph_only: bool, back: int = 0
    ) -> None:
        """The pending sentences (this paragraph's only, or all) as claims of
        a report that comes after them; `back`: that many paragraphs before
        this one too."""
        keep = []
        for pos, sentence, para in self.section.pending:
            if paragraph_only and not self.paragraph_no - back <= para <= self.paragraph_no:
                keep.append((pos, sentence, para))
                continue
            links, verdict, texts = links_for(), frames.judged(sentence), [sentence]
            if verdict:  # "Reports of Y about Z are untrue(, W). X said this.": X denies Z
                for link in links:  # (and asserts W); Y's report is Y's
                    link.stance = Stance.DENIES
                self._reports_of([f for f in verdict.more if f.source], sentence)
                texts = [verdict.claim, *(f.claim for f in verdict.more if not f.source)]
            for n, text in enumerate(texts):
                if item := self.add(sentence, text, links if n == 0 else links_for(), cue="before"):
                    item.position = pos
        self.section.pending = keep

    def block(self, block) -> None:
        if block.kind == "heading":
            self.section = _Section(hedges=hedges.hedges_in(block.text))
        elif block.kind == "post":
            self.post(block)
        elif block.kind != "related":
            self.paragraph(block)

    def post(self, block) -> None:
        """An embedded post: it backs the sentence before it in the
        paragraph, else each of its statements is a candidate of its author."""
        post = block.post
        author = self.register.resolve(f"{post['name']} ({post['handle']})")[0]
        self.position += 1
        relay = self.section.pending[-1] if self.section.pending else None
        origin = [Link.of(author, Stance.ASSERTS, None, block.text)]
        if relay and relay[2] == self.paragraph_no:
            self.section.pending.pop()
            self.add(relay[1], relay[1], origin)
            return
        for statement in split_sentences(block.text):
            self.add(statement, statement, [Link(**vars(link)) for link in origin],
                     own_voice=True)  # fmt: skip

    def paragraph(self, block) -> None:
        self.paragraph_no += 1
        self.marked = False  # opened with "Крім того, …": more of the last report
        self.read += f" {block.text}"
        self.opened = False
        sentences = split_sentences(block.text)
        verdict = False
        for index, whole in enumerate(sentences):
            self.position += 1
            sentence, added = frames.added_to(whole)
            if index == 1:
                last = self.found[-1] if self.found else None
                self.opened = (
                    bool(last)
                    and last.position == self.position - 1
                    and (last.cue not in ("", "carried") or self.marked)
                )
            if sentence.endswith(":"):
                continue
            if frames.VERDICT_ALONE.fullmatch(sentence.strip()):
                verdict = True  # "“Fake. Z,” X said": X denies the report before, then says Z
                continue
            frame = frames.analyse(sentence, self.language)
            if verdict and frame is not None and not frame.on_last:
                frame.on_last = Stance.DENIES
            verdict = False
            if self.by_frame(sentence, whole, added, frame, alone=len(sentences) == 1):
                continue
            self.by_continuation(sentence)

    def by_frame(self, sentence, whole, added, frame: frames.Frame | None, *, alone: bool) -> bool:
        """A general frame: its claim, or for "За това съобщи X" the pending
        sentences before it; an agency passing it on early is the wire; "Y
        denied this": Y answers the last report."""
        if frame is None:
            return False
        if frame.passed_on and not self.wire and self.paragraph_no <= 2:
            self.wire = frame.passed_on
        if frame.scope == "before":
            self.said_before(frame, sentence, alone=alone)
            return True
        if frame.cue == "examples_of" and not frames.VERDICT.search(self.read[-2000:]):
            return False  # "as an example of such reports": nothing before called them false
        self._point_back_to_actor(frame)
        answered = self._answers_last(frame, sentence)
        links = _frame_links(
            frame, self.register, sentence, self._antecedent(frame.source), self.section.last
        )
        speaker = frame.subject or frame.source
        if not frame.takes_subject or any(other.cue == "reported_by" for other in frame.more):
            speaker = ""  # "X denied Y's claims that (it) took the port": the claim stays Y's words
        if not (frame.claim and links and self.add(sentence, frame.claim, links, cue=frame.cue,
                                                   speaker=speaker)):  # fmt: skip
            if answered and not frame.claim:  # "… the information aired by Z was false": Z's too
                self._reports_of(frame.more, sentence)
            return answered or (bool(frame.on_last) and not frame.claim)  # an answer, no claim
        if frame.adds:  # the same source said what came before
            self.claim_back(lambda ls=links: _carried(ls), paragraph_only=False)
        self._quote_begun_before(frame, sentence, links)
        if added:  # "…, adding that Z" / "…, denying reports of Z": the same source
            carried = _carried(links)
            for link in carried:
                link.stance = added.stance
            self.add(whole, added.claim, carried, cue="adding")
        self._reports_of([*frame.more, *(added.more if added else [])], sentence)
        return True

    def _reports_of(self, more: list[frames.Frame], sentence: str) -> None:
        """The sentence's further reports ("…, а според X …", the report a
        denial names), each a candidate of its own."""
        for other in more:
            self._answers_last(other, sentence)
            if other.claim and (
                more_links := _frame_links(other, self.register, sentence, self.section.last)
            ):
                speaker = other.source if other.takes_subject else ""
                self.add(sentence, other.claim, more_links, cue=other.cue, speaker=speaker)

    def _antecedent(self, phrase: str) -> Found | None:
        """The report a pointer goes back to: the last one, unless the pointer
        names a kind of body ("the ministry") that the last origin is not and
        an earlier origin in this section is."""
        last = self.section.last
        if TITLE_POINTER.fullmatch(clean_source(phrase)[0]):
            return self._titled(clean_source(phrase)[0])  # nobody with it: the desk picks
        kinds = institutions_of(phrase) if source_phrase(phrase).kind == POINTER else set()
        if not kinds or last is None:
            return last

        def named(item: Found) -> set[str]:
            origin = next((link for link in item.links if link.via is None), None)
            names = [origin.name, origin.phrase] if origin else []
            return set().union(*(institutions_of(n) for n in names if n))

        if kinds & named(last):
            return last
        start = self.found.index(last) if last in self.found else len(self.found)
        earlier = (item for item in reversed(self.found[:start]) if kinds & named(item))
        return next(earlier, last)

    def _titled(self, title: str) -> Found | None:
        """ "the president", "министърът": the last report whose origin was
        named with that title ("President Ivan Horak", "Ivan Horak, the
        president of …"); None when no one was."""
        stem = title.split()[-1].lower()[:6]
        for item in reversed(self.found):
            origin = next((link for link in item.links if link.via is None), None)
            if origin is None or origin.unresolved:
                continue
            said = f"{origin.phrase or origin.name} {origin.description}".lower().split()
            if any(word.startswith(stem) for word in said) and len(said) > len(title.split()):
                return item
        # else the one person the text has named with that title so far ("… after
        # President Ivan Horak had said …"); two of them ("President Tom Lane" too): no one
        named = {
            match.group("name")
            for match in re.finditer(rf"(?i:\b{re.escape(stem)}\w*)\s+{_PERSON}", self.read)
        }
        if len(named) > 1:  # of two, the one the story quotes ("Horak said", not Lane)
            speakers = {
                word.lower() for item in self.found for link in item.links if link.via is None
                for word in (link.phrase or link.name).split()
            }  # fmt: skip
            named = {name for name in named if name.split()[-1].lower() in speakers}
        if len(named) != 1:
            return None
        match = self.register.resolve(named.pop())[0]
        return Found(0, "", "", self.language, [], [Link.of(match, Stance.ASSERTS)], "")

    def _quote_begun_before(self, frame: frames.Frame, sentence: str, links: list[Link]) -> None:
        """ "«Z1. Z2», — розповів X.": the quotation opened in a sentence before
        this one; from its opening mark on, those sentences are X's too."""
        if not frame.cue.startswith("trail") or sentence[:1] in OPENING_QUOTES:
            return
        if not any(mark in sentence for mark in CLOSING_QUOTES):
            return
        pending = self.section.pending
        opened = [
            i for i, (_pos, text, para) in enumerate(pending)
            if para == self.paragraph_no and text[:1] in OPENING_QUOTES
        ]  # fmt: skip
        if not opened:
            return
        taken, self.section.pending = pending[opened[-1] :], pending[: opened[-1]]
        for pos, text, _para in taken:
            if item := self.add(text, text, _carried(links), cue="carried"):
                item.position = pos

    def _answers_last(self, frame: frames.Frame, sentence: str) -> bool:
        """ "Y denied this", "У Y це спростовують": Y is one more origin
        of the last report, denying or doubting it."""
        last = self.section.last
        if not frame.on_last:
            return False
        answer = replace(frame, stance=frame.on_last, cites=[])
        links = _frame_links(answer, self.register, sentence, None)
        if last is None:  # "'Not true,' X said. Earlier, media reported that Z": it waits
            self.unanswered = (self.paragraph_no, links) if links else None
            return bool(links)
        known = any(
            o.via is None and link.via is None and link.source and o.source == link.source
            for o in last.links
            for link in links
        )
        if links and not known:  # with whoever passed the answer on ("told the broadcaster Y")
            shift = len(last.links)
            last.links += [replace(link, via=None if link.via is None else link.via + shift)
                           for link in links]  # fmt: skip
        return bool(links)

    def _answered(self, item: Found) -> None:
        """The answer given before any report ("'No, this is false,' X
        said.") goes to the report the next paragraphs give as earlier
        ("Earlier, media reported that Z"): X denies Z too."""
        if self.unanswered is None:
            return
        paragraph, links = self.unanswered
        if self.paragraph_no - paragraph > 2:
            self.unanswered = None
        elif EARLIER.match(item.sentence):
            shift = len(item.links)
            item.links += [replace(link, via=None if link.via is None else link.via + shift)
                           for link in links]  # fmt: skip
            self.unanswered = None

    def _point_back_to_actor(self, frame: frames.Frame) -> None:
        """ "X held a briefing. According to him, …": with no report in this
        paragraph before it, a pointer is the subject of the sentence before."""
        actor, last = self.section.actor, self.section.last
        if (
            actor is None
            or actor[0] != self.paragraph_no
            or source_phrase(frame.source).kind != POINTER
        ):
            return
        if last is None or self.last_paragraph != self.paragraph_no:
            frame.source = actor[1]

    def said_before(self, frame: frames.Frame, sentence: str, *, alone: bool) -> None:
        """ "За това съобщи X": the paragraph's pending sentences are X's; "За
        това пишат и X": X passed on the last report too."""
        last = self.section.last
        if frame.adds and last is not None and last.links:
            for match in self.register.resolve(frame.source):
                last.links.append(Link.of(match, last.links[0].stance, 0, sentence))
            return
        waiting = any(para == self.paragraph_no for _pos, _s, para in self.section.pending)
        just_before = last is not None and last.position == self.position - 1
        if not waiting and just_before and self._origin_behind(last, frame, sentence):
            return
        outlet = frame.passed_on or guess_kind(frame.source) == SourceKind.NEWS_OUTLET
        if alone and self.paragraph_no <= 3 and outlet:  # a person is not the story's wire
            self.wire = self.wire or frame.source
        elif alone and self.paragraph_no <= 3 and frame.relays:
            # "Про це повідомили «Y» в адміністрації порту": the story's reports
            # by the port administration reached us through Y
            self.told.append((frame.source, frame.relays[0]))
        # "Z — a lie.¶ X said this.": a paragraph of its own answers for the one before
        back = int(alone and not waiting and not outlet)
        self.claim_back(
            lambda f=frame, q=sentence: _frame_links(f, self.register, q, None),
            paragraph_only=True,
            back=back,
        )

    def _origin_behind(self, last: Found, frame: frames.Frame, sentence: str) -> bool:
        """ "Agencies reported that Z. The claim was confirmed by the ministry.":
        the body named after an outlet's report said it first, and the outlet
        passed it on (True); a report already in its origin's own name stays
        as it is, and an outlet named after it is the story's wire (False)."""
        origin = next((link for link in last.links if link.via is None), None)
        links = _frame_links(frame, self.register, sentence, None)
        if origin is None or not links or not self._outlet(origin) or self._outlet(links[0]):
            return False
        outer, shift = _outermost(links), len(links)
        for link in last.links:
            link.via = outer if link.via is None else link.via + shift
        last.links[:0] = links
        return True

    def _outlet(self, link: Link) -> bool:
        kind = self.register.kinds.get(link.source) if link.source else link.kind
        return (kind or guess_kind(link.phrase or link.name)) == SourceKind.NEWS_OUTLET

    def _narrating(self, last: Found) -> list[Link]:
        """Whose report a sentence marked as more of the same goes on with:
        after "X said that Z, intelligence says" it is intelligence's, the one
        telling the story (not X, whom it quoted); only a body (a ministry, an army,
        an intelligence service) tells it so, a wire or an outlet passes X on."""
        teller = next((i for i, link in enumerate(last.links) if link.via == 0), None)
        if teller is None or self._outlet(last.links[teller]):
            return last.links
        told_by = last.links[teller]
        if not institutions_of(f"{told_by.name} {told_by.phrase}"):  # a ministry, an army, …
            return last.links
        chain = [link for link in last.links[teller:] if link.via is not None]
        return [replace(link, via=None if link.via == 0 else link.via - teller) for link in chain]

    def by_continuation(self, sentence: str) -> None:
        """ "Твърди се, че …" goes on with the source just named in this
        paragraph; a paragraph that opens with a report goes on with it, a
        quote goes on in its paragraph, a sentence marked as more of the same
        ("Крім того", "Also", "якобы") goes on further; else it waits."""
        last, here = self.section.last, self.last_paragraph == self.paragraph_no
        if lead := hedges.HEDGE_LEAD.match(sentence):
            # "Твърди се, че …", "Reportedly, …": a reportative marker goes on with the
            # last source, in this paragraph or the one before; with nobody named before, no claim
            if last and last.links and self.paragraph_no - self.last_paragraph <= 1:
                self.add(sentence, lead.group("claim"), [Link(**vars(k)) for k in last.links])
            return
        if last is not None and last.links:
            quoted = here and sentence[:1] in '"“„«'
            if hedges.CONTINUES.search(sentence) or quoted or (here and self.opened):
                claim = hedges.CONTINUES_LEAD.sub("", sentence)
                self.add(sentence, claim, _carried(self._narrating(last)), cue="carried")
                # "Крім того, Z1. Z2.": a paragraph marked as more of the same goes on
                self.marked = self.marked or bool(hedges.CONTINUES_LEAD.match(sentence))
                return
        if len(sentence) >= MIN_CLAIM:
            self.section.pending.append((self.position, sentence, self.paragraph_no))
        if subject := opening_subject(sentence, self.language):
            self.section.actor = (self.paragraph_no, subject)

    def speak_as(self, author: str) -> None:
        """A post's own statements: the sentences still waiting for a source
        are its author's, in the author's own voice."""
        origin = self.register.resolve(author)[0]
        for pos, sentence, _para in self.section.pending:
            links = [Link.of(origin, Stance.ASSERTS, None, sentence)]
            item = self.add(sentence, sentence, links, own_voice=True, cue="post")
            if item:
                item.position = pos
        self.section.pending = []

    def relayed(self, publisher: tuple[int, str] | None) -> list[Found]:
        """Every chain passed on by the story's wire, then by the publisher; a
        speaker's reports by the one it told the story to."""
        for speaker, told in self.told:
            said = concept_key(speaker)
            carrier = self.register.resolve(told)[0]
            for item in self.found:
                origin = next((link for link in item.links if link.via is None), None)
                named = concept_key(origin.phrase or origin.name) if origin else frozenset()
                if named and (named <= said or said <= named) and not _carries(item, carrier):
                    item.links.append(Link.of(carrier, origin.stance, _outermost(item.links)))
        if self.wire:
            carrier = self.register.resolve(self.wire)[0]
            for item in self.found:
                if item.links and not _carries(item, carrier):
                    item.links.append(
                        Link.of(carrier, item.links[0].stance, _outermost(item.links))
                    )
        if publisher is not None:
            for item in self.found:
                if item.links and not any(link.source == publisher[0] for link in item.links):
                    outer = _outermost(item.links)
                    item.links.append(Link(publisher[1], publisher[0], item.links[0].stance,
                                           outer, item.sentence))  # fmt: skip
        return sorted(self.found, key=lambda item: item.position)


def _carries(item: Found, carrier: Match) -> bool:
    """Whether the chain already has that carrier (named in the sentence too)."""
    return any(
        link.source == carrier.source_id and (carrier.source_id or link.name == carrier.source_name)
        for link in item.links
    )


def extract(
    raw: str,
    *,
    register: Register,
    detect: Callable[[str], str],
    publisher: tuple[int, str] | None = None,
    author: str = "",
) -> tuple[str, list[Found], str]:
    """Return the article's language, its candidates in reading order, and
    the date of its leading metadata line ("" when it has none). `author`:
    whose post the text is (a channel's, or the one it forwarded); what no
    one else is said to have said is theirs."""
    run = _Pass(raw, register, detect)
    for block in run.document.blocks:
        run.block(block)
    if author:
        run.speak_as(author)
    return run.language, run.relayed(publisher), run.document.date
