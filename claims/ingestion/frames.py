"""Attribution frames, for any sentence of Bulgarian, English, Ukrainian or
Russian news prose: who said what, with which stance, through whom.

Reporting verbs are found by their lemma (simplemma), so every tense and
person of a verb is one entry: "заяви", "заявиха", "заявява" are all
`заявя`. Each verb found is masked in a copy of the sentence with a marker
of its kind, of the same length, and the frames are regular expressions over
that mask; the groups are read back from the sentence itself.

Kinds: S says (said, заяви, повідомили), D denies (denied, отрече,
спростував), T tells someone (told Reuters), P posts (posted on Telegram),
R passes on (предаде, передають: an agency relaying), C cites (citing,
позовавайки се на, со ссылкой на), A "according to" (според, за даними),
Q "this was said by" (За това…, Про це…, Об этом…: the sentences before), U doubts
(усъмни се, засумнівався, усомнился, doubted: the source questions the claim).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

from claims.ingestion import lang
from claims.ingestion.phrases import spoken_to
from claims.lemmas import lemma
from claims.models import Stance

SAY, DENY, TELL, POST, RELAY, CITE, ACCORDING, BEFORE, DOUBT, CALL = "SDTPRCAQUV"
# In the mask each kind is a private-use character, which no text contains.
MARK = {kind: chr(0xE001 + i) for i, kind in enumerate("SDTPRCAQUV")}
KIND_OF = {mark: kind for kind, mark in MARK.items()}
NM = "[^\ue001-\ue00a]"  # not a marker


# Lemmas as simplemma gives them (Bulgarian reflexives lose their "-(се)"),
# and the fixed phrases, from each language's module (claims/ingestion/lang).
KIND_SLOTS = {SAY: "SAY", DENY: "DENY", TELL: "TELL", POST: "POST", RELAY: "RELAY", CITE: "CITE",
              DOUBT: "DOUBT", CALL: "CALL"}  # fmt: skip
STANCE_OF = {DENY: Stance.DENIES, DOUBT: Stance.QUESTIONS}
VERBS: dict[str, dict[str, str]] = {
    code: {word: kind for kind, slot in KIND_SLOTS.items() for word in lang.words(slot, code)}
    for code in lang.LANGUAGES
}
# Fixed phrases, matched on the words themselves.
PHRASES: list[tuple[str, str]] = [
    (lang.alternation("ACCORDING"), ACCORDING),
    (lang.alternation("CITING"), CITE),
    (lang.alternation("BEFORE"), BEFORE),
    (lang.alternation("STATEMENT"), SAY),
]
LANGS = lang.LANGUAGES
# "Според него …", "За словами неї …": a pronoun, then the claim without a comma.
POINTER_WORDS = r"него|нея|тях|нього|неї|них|нее|него|him|her|them"
THAT = r"(?:that|че|що|что|как|:)"
# "…, he said, adding that …", "…, предаде NBC, отбелязвайки, че …": a second
# claim by the same speaker.
ADDING = re.compile(
    r",\s*(?:adding|and added|noting|stressing|добавяйки|като добави|отбелязвайки|посочвайки|"
    r"подчертавайки|уточнявайки|додавши|додав|зазначивши|наголосивши|добавив|добавил|отметив|"
    r"подчеркнув)\s*,?\s*"
    r"(?:that|че|що|что)\s+",
    re.I,
)
WORD = re.compile(r"[\w’'-]+", re.U)


# Participles and adjectives made from reporting verbs ("предадени" handed
# over, "заявена", "повідомлені", "сообщенные") describe, they do not report.
PARTICIPLE = re.compile(
    r"(?:[еаяоєі]н(?:и|а|о|е|і|ия|ият|ата|ото|ий|ые|ый|ая|ое|ых|ым)|[еаяо]нн\w{1,3}|"
    r"[ая]щ(?:и|а|о|ия|ият|ата|ото|ий|ая|ее|ие)|вш(?:и|ий|ая|ее|ие))$"
)


def _kind(word: str, lang: str) -> str | None:
    low = word.lower()
    if low[-1:].isalpha() and not low.isascii() and PARTICIPLE.search(low) and len(low) > 5:
        return None
    for code in (lang, *LANGS) if lang in LANGS else LANGS:
        kind = VERBS[code].get(lemma(low, code))
        if kind:
            return kind
    return None


def mask(sentence: str, lang: str) -> str:
    """The sentence with each reporting verb and fixed phrase replaced by
    its kind letter, repeated to the same length."""
    chars = list(sentence)
    for pattern, kind in PHRASES:
        for match in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", sentence, re.I):
            chars[match.start() : match.end()] = MARK[kind] * (match.end() - match.start())
    masked = "".join(chars)
    for match in WORD.finditer(masked):
        word = match.group()
        if len(word) < 3:
            continue
        opening = not sentence[: match.start()].strip(' "“„«(—–-')
        if word[0].isupper() and not opening:
            continue  # a capital inside the sentence is a name ("Clash Report")
        if word[0].isupper() and opening and lang == "en":
            continue  # English opens with its subject ("State television said …")
        previous = sentence[: match.start()].split()[-1:]
        if previous and previous[0].lower() in DETERMINERS:
            continue  # "the state news agency", "a report": a noun
        kind = _kind(word, lang)
        if kind:
            masked = masked[: match.start()] + MARK[kind] * len(word) + masked[match.end() :]
    return masked


@dataclass
class Frame:
    """One attribution: the source phrase, what it said, its stance, whom it
    cites (origins before it) and who passed it on (relays after it)."""

    cue: str
    source: str
    claim: str
    stance: str = Stance.ASSERTS
    cites: list[str] = field(default_factory=list)
    relays: list[str] = field(default_factory=list)
    scope: str = "sentence"  # or "before": the sentences before carry it
    adds: bool = False  # "…, добавят от X", "X also said": X said what came before too
    passed_on: str = ""  # "…, предаде АФП": the agency that passed the report on


def _verb(kinds: str) -> str:
    return "(?P<v>" + "|".join(f"{MARK[k]}+" for k in kinds) + ")"


def _run(kind: str) -> str:
    return f"{MARK[kind]}+"


V_SAY = "SDPTU"
# a sentence opening with a quotation is a quote, unless the quotation is a
# short name followed by its verb ("„Рибар“ съобщи, че …")
NOT_A_QUOTE = r"(?![\"“„«](?![^\"“”„«»]{1,40}[\"”“»]\s))"
LEAD_THAT = re.compile(
    rf"^{NOT_A_QUOTE}(?P<src>{NM}{{2,220}}?)\s*,?\s+{_verb(V_SAY + 'R')}(?P<tail>{NM}{{0,90}}?)"
    rf"\s*,?\s+{THAT}\s*(?P<claim>.+)$"
)
# "X denied this and said that Y", "X се усъмниха в това и посочиха, че Y": the
# second verb reports Y
AND = r"(?:and|и|і|й|та)"
LEAD_AND_THAT = re.compile(
    rf"^{NOT_A_QUOTE}(?P<src>{NM}{{2,160}}?)\s+(?:{_run('S')}|{_run('D')}|{_run('U')})"
    rf"{NM}{{0,60}}?\s+{AND}\s+{_verb(V_SAY)}(?P<tail>{NM}{{0,40}}?)\s*,?\s+{THAT}\s*"
    r"(?P<claim>.+)$"
)
LEAD_QUOTE = re.compile(
    rf"^(?![\"“„«])(?P<src>{NM}{{2,160}}?)\s*,?\s+{_verb(V_SAY)}(?P<tail>[^\ue001-\ue00a\"“„«]{{0,60}}?)"
    r"\s*[,:]?\s*[\"“„«](?P<claim>.{15,})$"
)
LEAD_PLAIN = re.compile(
    rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?),?\s+{_verb('SD')}"
    r"(?P<tail>(?:\s+(?:on|late|early)\s+\w+)?)\s+(?P<claim>\S.{20,})$"
)
CITE_LEAD = re.compile(
    rf"^(?P<src>{NM}{{2,150}}?),?\s+{_run('C')}\s+(?P<via>[^,\ue001-\ue00a]+?),\s*"
    rf"{_verb(V_SAY + 'R')}(?P<tail>{NM}{{0,60}}?)\s+(?:{THAT}\s+)?(?P<claim>.+)$"
)
CITE_MID = re.compile(
    rf"^(?![\"“„«])(?P<src>{NM}{{2,150}}?)\s+{_verb(V_SAY + 'R')}(?P<tail>{NM}{{0,40}}?),?\s+"
    rf"{_run('C')}\s+(?P<via>[^,\ue001-\ue00a]+?),\s*(?:{THAT}\s+)?(?P<claim>.+)$"
)
AUX = r"(?:(?:е|са|е бил[оа]?|са били|бяха|беше|has|have|had)\s+)?"  # "…, е заявило X"
TRAIL_VERB_FIRST = re.compile(
    rf"^(?P<claim>.{{15,}}?)\s*[,\"”»“]+\s*(?:[-–—]\s*)?(?:това\s+|so\s+)?{AUX}"
    rf"{_verb(V_SAY + 'R')}\s+(?P<src>{NM}.*?)\.?$"
)
TRAIL_DASH = re.compile(
    rf"^(?P<claim>.{{15,}}?)\s+[-–—]\s+(?:това\s+|so\s+)?{_verb(V_SAY + 'R')}\s+(?P<src>.+?)\.?$"
)
TRAIL_SOURCE_FIRST = re.compile(
    rf"^(?P<claim>.{{15,}}?)\s*[,\"”»“]+\s*(?P<src>[^,\ue001-\ue00a]{{2,140}}?)\s+"
    rf"{_verb(V_SAY + 'R')}(?P<tail>{NM}*?)\.?$"
)
LEAD_ABOUT = re.compile(  # "Армията обяви за изтегляне…", "оголосила про вихід"
    rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?)\s+{AUX}{_verb('SD')}\s+(?:за|про|о|об)\s+"
    rf"(?P<claim>{NM}{{20,}})$"
)
LEAD_TOLD = re.compile(  # "X told Reuters the report was untrue"
    rf"^(?![\"“„«])(?P<src>{NM}{{2,160}}?),?\s+{_verb('T')}\s+"
    rf"(?P<tail>[{lang.CAPITAL}][\w.’'-]*(?:\s+[{lang.CAPITAL}][\w.’'-]*){{0,3}}|reporters|journalists)"
    rf"\s+(?:on \w+\s+)?(?:{THAT}\s+)?(?P<claim>{NM}{{20,}})$"
)
# "X called the reports of Y fake", "нарече фалшиви твърденията, че Y", "назвав фейком
# повідомлення про Y": a verdict on a claim denies it
VERDICT = re.compile(rf"[\"“„«]?(?:{lang.alternation('VERDICTS')})[\"”“»]?", re.I)
VERDICT_LEAD = re.compile(
    rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?),?\s+{_verb('V')}\s+(?P<claim>{NM}{{15,}})$"
)
LEAD_DENIES = re.compile(  # "The army denied the withdrawal of its troops", no "that"
    rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?),?\s+{_verb('D')}\s+(?P<claim>{NM}{{20,}})$"
)
ACCORDING_LEAD = re.compile(rf"^{_run('A')}\s+(?P<src>[^,]+?),\s*(?P<claim>.+)$")
ACCORDING_POINTER = re.compile(rf"^{_run('A')}\s+(?P<src>{POINTER_WORDS})\s+(?P<claim>.+)$", re.I)
ACCORDING_TRAIL = re.compile(
    rf"^(?P<claim>.{{15,}}?),?\s+{_run('A')}\s+(?P<src>[^,]+?)(?:,.*)?\.?$"
)
BEFORE_LEAD = re.compile(
    rf"^{_run('Q')}\s*(?:е\s+|is\s+)?(?:{_verb(V_SAY + 'R')}\s+)?(?P<src>.+?)\.?$"
)

ADD = {"добавя", "добавям", "add", "додати", "додавати", "добавить", "добавлять"}
ALSO = re.compile(rf"\s+(?:{'|'.join(lang.all_words('ALSO'))})\b", re.I)
MAX_SOURCE_WORDS = 14
NOT_TRUE = re.compile(
    r"^[\"“„«]?(?:it is not true|it's not true|this is not true|it is untrue|не е вярно|"
    r"не е истина|"
    r"неправда|не відповідає дійсності|не соответствует действительности|это неправда)"
    r"\s*,?\s*(?:that|че|що|что)?\s*",
    re.I,
)
DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these"}
NOT_REPORTED = {
    "to", "will", "would", "should", "must", "can", "could", "may", "might", "not", "never",
    "да", "ще", "би", "не", "ни", "нито", "буде", "будет", "бы", "ні",
}  # fmt: skip
DENIED_WHAT = re.compile(
    r"^(?:as\s+[\"“]?\w+[\"”]?\s+)?(?:the\s+)?(?:\w+\s+)?(?:news|reports?|claims?|allegations?|"
    r"information|rumou?rs?|информацията|новината|новините|твърденията|твърдението|слуховете|"
    r"информацію|інформацію|чутки|повідомлення|заяви|информацию|сообщения|заявления|слухи)"
    r",?\s+(?:of\s+|about\s+|за\s+|про\s+|о\s+)?"
    rf"(?:{THAT}\s+)?",
    re.I,
)
RELAY_TAIL = re.compile(rf",\s*(?:{_run('R')}|{_run('S')})\s+(?P<relay>[^,]+?)\s*(?:,|$)")
TOLD = re.compile(rf"^\s*(?P<who>[{lang.CAPITAL}][\w.’'-]*(?:\s+[{lang.CAPITAL}][\w.’'-]*){{0,3}})")


VERDICT_WORDING = re.compile(
    r"(?:\s*,?\s*\b(?:as|като|за)\s+)?(?:\b(?:a|an|another|yet another|пореден|поредна|"
    r"поредното|черговим|черговою|очередным|очередной)\s+)?"
    rf"(?:{VERDICT.pattern})(?:\s+(?:news|новина|новини|новость|новини))?",
    re.I,
)


def _without_verdict(claim: str) -> str:
    """What was called false, without the verdict's own words."""
    return " ".join(VERDICT_WORDING.sub(" ", claim, count=1).split()).strip(" ,.")


def _group(sentence: str, match: re.Match, name: str) -> str:
    start, end = match.span(name)
    return sentence[start:end] if start >= 0 else ""


def _deny_object(claim: str) -> str:
    return DENIED_WHAT.sub("", claim, count=1)


def _reported(sentence: str, match) -> bool:
    """Not "would say", "refused to say", "трябва да обясни", "не каза": a
    verb after these reports nothing."""
    if "v" not in match.groupdict() or match.start("v") < 0:
        return True
    before = sentence[: match.start("v")].split()
    return not (before and before[-1].lower().strip(",") in NOT_REPORTED)


def _take(sentence: str, m: str, lang: str, match, cue: str, **extra) -> Frame:
    """The frame a pattern's match gives: source, claim and stance, with the
    one spoken to or told as a relay and a denial's object cut out."""
    verb = _group(m, match, "v") if "v" in match.groupdict() else ""
    kind = KIND_OF.get(verb[:1], SAY)
    frame = Frame(
        cue=cue,
        source=_group(sentence, match, "src"),
        claim=_group(sentence, match, "claim") if "claim" in match.groupdict() else "",
        stance=STANCE_OF.get(kind, Stance.ASSERTS),
        **extra,
    )
    if verb:
        said = _group(sentence, match, "v").lower()
        frame.adds = lemma(said, lang) in ADD or bool(ALSO.match(sentence[match.end("v") :]))
    frame.source, spoken = spoken_to(frame.source)
    if spoken:  # "Пред телевизия X тя каза": X passed it on
        frame.relays.append(spoken)
    tail = _group(sentence, match, "tail") if "tail" in match.groupdict() else ""
    if kind == TELL:  # "told Reuters": the one told passes it on
        told = TOLD.match(tail)
        if told and not re.match(r"(?i)reporters|journalists|the\b", told.group("who")):
            frame.relays.append(told.group("who"))
    if frame.stance == Stance.DENIES:
        frame.claim = _deny_object(frame.claim)
    elif untrue := NOT_TRUE.match(frame.claim):  # "It is not true that X": X denied
        frame.claim, frame.stance = frame.claim[untrue.end() :], Stance.DENIES
    return frame


def analyse(sentence: str, lang: str) -> Frame | None:
    """The sentence's attribution frame, or None when nobody is said to say it."""
    m = mask(sentence, lang)
    if not re.search("[\ue001-\ue00a]", m):
        return None
    take = partial(_take, sentence, m, lang)
    reported = partial(_reported, sentence)

    if match := BEFORE_LEAD.match(m):
        frame = take(match, "before")
        frame.scope = "before"
        if verb := _group(m, match, "v"):
            frame.passed_on = frame.source if verb[0] == MARK[RELAY] else ""
        return _split_relays(frame, sentence, m, match)
    for cue, pattern in (("cite_lead", CITE_LEAD), ("cite_mid", CITE_MID)):
        if (match := pattern.match(m)) and reported(match):
            frame = take(match, cue)
            frame.cites.append(_group(sentence, match, "via"))
            return frame
    if match := ACCORDING_POINTER.match(m) or ACCORDING_LEAD.match(m):
        return take(match, "according_lead")
    leads = [("lead_that", LEAD_THAT), ("lead_and_that", LEAD_AND_THAT), ("lead_quote", LEAD_QUOTE)]
    trails = [
        ("trail_verb_first", TRAIL_VERB_FIRST),
        ("trail_dash", TRAIL_DASH),
        ("trail_source_first", TRAIL_SOURCE_FIRST),
        ("according_trail", ACCORDING_TRAIL),
    ]
    quoted = sentence[:1] in '"“„«'  # a quote first: its speaker comes after it
    order = trails + leads if quoted else leads + trails
    order += [("lead_told", LEAD_TOLD), ("lead_denies", LEAD_DENIES), ("lead_about", LEAD_ABOUT)]
    if (match := VERDICT_LEAD.match(m)) and VERDICT.search(_group(sentence, match, "claim")):
        frame = take(match, "verdict")
        frame.stance = Stance.DENIES
        frame.claim = _deny_object(_without_verdict(frame.claim))
        return frame
    if lang == "en":  # "X said Y" without "that": English only
        order.append(("lead_plain", LEAD_PLAIN))
    for cue, pattern in order:
        if (match := pattern.match(m)) and reported(match):
            frame = take(match, cue)
            if cue.startswith("trail") and not _names_someone(frame.source):
                continue  # "…, said at least six people were killed": not a name
            if cue.startswith("trail"):
                frame = _split_relays(frame, sentence, m, match)
                if _group(m, match, "v")[:1] == MARK[RELAY] and not frame.passed_on:
                    frame.passed_on = frame.source  # "…, передає Reuters"
                return _nested(frame, lang)
            return _relayed_after(_cited_inside(frame, m, match, sentence), m, match, sentence)
    return None


COPULA = re.compile(
    r"\b(?:was|were|is|are|е|са|бе|беше|бяха|був|була|були|було|был|была|были|было)\b", re.I
)
RELATIVE = re.compile(
    r"\b(?:which|who|that|който|която|което|които|який|яка|які|который|которая)\b"
)


def _names_someone(phrase: str) -> bool:
    """Whether a phrase after "…, said" can be a source: short, and no
    clause of its own ("Reuters the report was untrue")."""
    if len(phrase.split()) > MAX_SOURCE_WORDS:
        return False
    return not (COPULA.search(phrase) and not RELATIVE.search(phrase))


def _nested(frame: Frame, lang: str) -> Frame:
    """ "Властите смятат, че …, уточнява Фокус": the report inside the claim
    is the origin, the outer source passed it on."""
    inner = analyse(frame.claim, lang)
    if inner is None or not inner.cue.startswith(("lead", "cite", "according_lead")):
        return frame
    inner.relays += [frame.source, *frame.relays]
    inner.cue = f"{frame.cue}+{inner.cue}"
    return inner


def _split_relays(frame: Frame, sentence: str, m: str, match: re.Match) -> Frame:
    """ "…, съобщи X, предаде Y": X said it, Y passed it on; "X, citing Y"
    inside the source: Y is the origin."""
    start, end = match.span("src")
    src_mask, src = m[start:end], sentence[start:end]
    relay = RELAY_TAIL.search(src_mask)
    if relay:
        frame.relays.append(src[relay.start("relay") : relay.end("relay")].strip(' ."”'))
        if MARK[RELAY] in relay.group():
            frame.passed_on = frame.relays[-1]
        src = src[: relay.start()]
        src_mask = src_mask[: relay.start()]
    cite = re.search(rf",?\s*{_run('C')}\s+", src_mask)
    if cite:
        frame.cites.append(src[cite.end() :].strip(" .,"))
        src = src[: cite.start()]
    frame.source = src
    return frame


RELAYED_AFTER = re.compile(
    rf",\s*(?:{_run('S')}|{_run('R')})\s+(?P<relay>[^,\ue001-\ue00a]{{2,80}}?)\s*\.?$"
)


def _relayed_after(frame: Frame, m: str, match: re.Match, sentence: str) -> Frame:
    """ "X said that …, кажуть в розвідці": whoever says so last passed it on."""
    if "claim" not in match.groupdict():
        return frame
    start, end = match.span("claim")
    relay = RELAYED_AFTER.search(m[start:end])
    if relay:
        frame.relays.append(sentence[start + relay.start("relay") : start + relay.end("relay")])
        frame.claim = sentence[start : start + relay.start()]
    return frame


def _cited_inside(frame: Frame, m: str, match: re.Match, sentence: str) -> Frame:
    """ "IRNA, citing Syrian TV, reported that …" written without the commas."""
    start, end = match.span("src")
    cite = re.search(rf",?\s*{_run('C')}\s+", m[start:end])
    if cite:
        frame.cites.append(sentence[start + cite.end() : end].strip(" .,"))
        frame.source = sentence[start : start + cite.start()]
    return frame
