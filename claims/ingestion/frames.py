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
(усъмни се, засумнівався, усомнился, doubted: the source questions the claim),
V calls a claim something (нарече фалшиви), G spreads ("в Телеграм се появи
информация, че …": a rumour passed around on a channel).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.ingestion import lang
from claims.ingestion.lang import words as lang_words
from claims.ingestion.lang.morphology import bare_source_length, is_gerund, party_subject
from claims.ingestion.markers import institutions_of, parties_of
from claims.ingestion.phrases import (
    NAME,
    OUTLET,
    POINTER,
    TIME,
    TITLE_POINTER,
    UNNAMED,
    clean_source,
    coordinated,
    is_clause,
    is_pronoun,
    opening_subject,
    source_phrase,
    spoken_to,
)
from claims.lemmas import lemma
from claims.models import Stance

SAY, DENY, TELL, POST, RELAY, CITE, ACCORDING, BEFORE, DOUBT, CALL, SPREAD = "SDTPRCAQUVG"
# In the mask each kind is a private-use character, which no text contains.
MARK = {kind: chr(0xE001 + i) for i, kind in enumerate("SDTPRCAQUVG")}
MARKS = "\ue001-\ue00b"  # the markers, as a regular expression's class range
KIND_OF = {mark: kind for kind, mark in MARK.items()}
NM = f"[^{MARKS}]"  # not a marker


# Lemmas as simplemma gives them (Bulgarian reflexives lose their "-(се)"),
# and the fixed phrases, from each language's module (claims/ingestion/lang).
KIND_SLOTS = {SAY: "SAY", DENY: "DENY", TELL: "TELL", POST: "POST", RELAY: "RELAY", CITE: "CITE",
              DOUBT: "DOUBT", CALL: "CALL"}  # fmt: skip
STANCE_OF = {DENY: Stance.DENIES, DOUBT: Stance.QUESTIONS, SPREAD: Stance.REPORTS_RUMOUR}
VERBS: dict[str, dict[str, str]] = {
    code: {word: kind for kind, slot in KIND_SLOTS.items() for word in lang.words(slot, code)}
    for code in lang.LANGUAGES
}
# Fixed phrases, matched on the words themselves.
PHRASES: list[tuple[str, str]] = [
    (lang.alternation("ACCORDING_HIS"), ACCORDING),
    (lang.alternation("ACCORDING"), ACCORDING),
    (lang.alternation("CITING"), CITE),
    (lang.alternation("BEFORE"), BEFORE),
    (lang.alternation("STATEMENT"), SAY),
    (lang.alternation("SPREAD"), SPREAD),
    (lang.alternation("DOUBT_PHRASES"), DOUBT),
]
LANGS = lang.LANGUAGES
# "Според него …", "За словами неї …": a pronoun, then the claim without a comma.
POINTER_WORDS = "|".join(sorted(lang.all_words("PRONOUNS")))
POINTER_ALONE = re.compile(
    rf"(?:{'|'.join(lang.all_words('PRONOUNS'))}|{lang.alternation('POINTERS')})", re.I
)
THAT = rf"(?:(?:{lang.alternation('THAT')})(?!\w)|:)"  # a whole word
# "…, he said, adding that …", "…, предаде NBC, отбелязвайки, че …": a second
# claim by the same speaker.
ADDING = re.compile(
    rf",[\"”»]?\s*(?:{lang.alternation('ADDING')})\s*,?\s*(?:{lang.alternation('THAT')})\s+", re.I
)
WORD = re.compile(r"[\w’'-]+", re.U)


# Participles and adjectives made from reporting verbs ("предадени" handed
# over, "заявена", "повідомлені", "сообщенные") describe, they do not report.
PARTICIPLE = re.compile(rf"(?:{lang.alternation('PARTICIPLE_ENDINGS')})$")


def _kind(word: str, lang: str) -> str | None:
    low = word.lower()
    if low[-1:].isalpha() and not low.isascii() and PARTICIPLE.search(low) and len(low) > 5:
        return None
    for code in (lang, *LANGS) if lang in LANGS else LANGS:
        kind = VERBS[code].get(lemma(low, code))
        if kind:
            return kind
    return None


# "X, cited by Y, said": Y passed X on; the participle is not a verb of its own
CITED_BY = re.compile(rf"(?<!\w)(?:{lang.alternation('CITED_BY')})(?!\w)", re.I)


VERB_KINDS = set(KIND_SLOTS)  # the kinds read from a single verb, not a phrase


def mask(sentence: str, lang: str) -> str:
    """The sentence with each reporting verb and fixed phrase replaced by
    its kind letter, repeated to the same length."""
    chars = list(sentence)
    passive = [match.span() for match in CITED_BY.finditer(sentence)]
    for pattern, kind in PHRASES:
        for match in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", sentence, re.I):
            chars[match.start() : match.end()] = MARK[kind] * (match.end() - match.start())
    masked = "".join(chars)
    for match in WORD.finditer(masked):
        word = match.group()
        if len(word) < 3 or any(a <= match.start() < b for a, b in passive):
            continue
        opening = not sentence[: match.start()].strip(' "“„«(—–-')
        if word[0].isupper() and not opening:
            continue  # a capital inside the sentence is a name ("Clash Report")
        if word[0].isupper() and opening and lang == "en":
            continue  # English opens with its subject ("State television said …")
        previous = sentence[: match.start()].split()[-1:]
        if previous and (previous[0].lower() in DETERMINERS or previous[0].endswith(("'s", "’s"))):
            continue  # "the state news agency", "a report", "the ministry's claim": a noun
        if KIND_OF.get(masked[: match.start()].rstrip(" ")[-1:], "") in VERB_KINDS:
            continue  # right after a verb of saying, its object: "doubted reports that"
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
    more: list[Frame] = field(default_factory=list)  # the sentence's further reports
    # the source may stand as the subject of a claim that has none (not for
    # a report named by someone else's denial: its claim is that report's)
    takes_subject: bool = True
    # "Y denied this": the stance the source takes on the report before it
    on_last: str = ""
    # "X accused Y of Z": Y, the subject of a claim that has none of its own
    subject: str = ""
    # "Пред журналисти той уточни": told someone of its own (the press too), so
    # "he" takes the speaker named before, not whoever passed that report on
    told_anew: bool = False


def _verb(kinds: str) -> str:
    return "(?P<v>" + "|".join(f"{MARK[k]}+" for k in kinds) + ")"


def _run(kind: str) -> str:
    return f"{MARK[kind]}+"


V_SAY = "SDPTUG"
# a sentence opening with a quotation is a quote, unless the quotation is a
# short name followed by its verb ("„Рибар“ съобщи, че …")
NOT_A_QUOTE = r"(?![\"“„«](?![^\"“”„«»]{1,40}[\"”“»]\s))"
AUX = rf"(?:(?:{lang.alternation('PERFECT')})\s+)?"  # "…, е заявило X"
LEAD_THAT = re.compile(
    rf"^{NOT_A_QUOTE}(?P<src>{NM}{{2,220}}?)\s*,?\s+{AUX}{_verb(V_SAY + 'R')}"
    rf"(?P<tail>{NM}{{0,90}}?)\s*,?\s+{THAT}\s*(?P<claim>.+)$"
)
# "X denied this and said that Y", "X се усъмниха в това и посочиха, че Y": the
# second verb reports Y
AND = rf"(?:{lang.alternation('AND')})"
LEAD_AND_THAT = re.compile(
    rf"^{NOT_A_QUOTE}(?P<src>{NM}{{2,160}}?)\s+(?P<first>{_run('S')}|{_run('D')}|{_run('U')})"
    rf"(?P<object>{NM}{{0,60}}?)\s+{AND}\s+{_verb(V_SAY)}(?P<tail>{NM}{{0,40}}?)\s*,?\s+{THAT}\s*"
    r"(?P<claim>.+)$"
)
LEAD_QUOTE = re.compile(
    rf"^(?![\"“„«])(?P<src>{NM}{{2,160}}?)\s*,?\s+{_verb(V_SAY)}(?P<tail>[^{MARKS}\"“„«]{{0,60}}?)"
    r"\s*[,:]?\s*[\"“„«](?P<claim>.{15,})$"
)
LEAD_PLAIN = re.compile(
    rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?),?\s+{_verb('SD')}"
    rf"(?P<tail>(?:\s+(?:{lang.alternation('ON_DAY')})\s+\w+)?)\s+(?P<claim>\S.{{20,}})$"
)
# "Y1, citing Y2(, which quoted X), reported (to Z) that W": a "that" after the one
# told is preferred to none
RELATIVES = "|".join(sorted(lang.all_words("RELATIVES")))  # "which", "който", "яке"
_CITE_HEAD = (
    rf"^(?P<src>{NM}{{2,150}}?),?\s+{_run('C')}\s+(?P<via>[^,{MARKS}]+?)"
    rf"(?:,\s*(?:{RELATIVES})\s+(?P<rel>[^,]{{3,90}}?))?,?\s*{_verb(V_SAY + 'R')}"
)
CITE_LEAD = [
    re.compile(_CITE_HEAD + rf"(?P<tail>{NM}{{0,60}}?)\s*,?\s+{THAT}\s*(?P<claim>.+)$"),
    re.compile(_CITE_HEAD + rf"(?P<tail>{NM}{{0,60}}?)\s+(?P<claim>.+)$"),
]
CITE_MID = re.compile(
    rf"^(?![\"“„«])(?P<src>{NM}{{2,150}}?)\s+{_verb(V_SAY + 'R')}(?P<tail>{NM}{{0,40}}?),?\s+"
    rf"{_run('C')}\s+(?P<via>[^,{MARKS}]+?),\s*(?:{THAT}\s+)?(?P<claim>.+)$"
)
RESUMPTIVE = rf"(?:(?:{lang.alternation('RESUMPTIVE')})\s+)?"  # "…, това заяви X"
PRESS = lang.alternation("PRESS")
TRAIL_VERB_FIRST = re.compile(
    rf"^(?P<claim>.{{15,}}?)\s*[,\"”»“]+\s*(?:[-–—]\s*)?{RESUMPTIVE}{AUX}"
    rf"{_verb(V_SAY + 'R')}\s+(?P<src>{NM}.*?)\.?$"
)
TRAIL_DASH = re.compile(
    rf"^(?P<claim>.{{15,}}?)\s+[-–—]\s+{RESUMPTIVE}{_verb(V_SAY + 'R')}\s+(?P<src>.+?)\.?$"
)
TRAIL_SOURCE_FIRST = re.compile(
    rf"^(?P<claim>.{{15,}}?)\s*[,\"”»“]+\s*(?P<src>[^,{MARKS}]{{2,140}}?)\s+"
    rf"{_verb(V_SAY + 'R')}(?P<tail>{NM}{{0,60}}?)\.?$"
)
# "«Z», — цитує «Морське радіо» капітана порту": the outlet quoting, then whom
TRAIL_QUOTED_BY = re.compile(
    rf"^(?P<claim>.{{15,}}?)\s*[,\"”»“]+\s*(?:[-–—]\s*)?{_run('C')}\s+(?P<via>{OUTLET})\s+"
    rf"(?P<src>{NM}{{2,100}}?)\.?$"
)
# "X posted a video (it said) showed Y", "публикува видео, на което се вижда Y"
POST_SHOWING = re.compile(
    rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?)\s+{_verb('P')}\s+(?P<what>{NM}{{2,60}}?),?\s+"
    rf"(?:{NM}{{0,12}}{_run('S')}\s+)?(?:{lang.alternation('SHOWS')})\s+(?P<claim>{NM}{{15,}})$"
)
LEAD_ABOUT = re.compile(  # "Армията обяви за изтегляне…", "оголосила про вихід"
    rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?)\s+{AUX}{_verb('SDG')}\s+(?:{lang.alternation('ABOUT')})\s+"
    rf"(?P<claim>{NM}{{12,}})$"
)
# "Про Z повідомили як X, так і Y", "(Ранее) о Z сообщил X": what was reported
# first, a noun (after a connective of time at most)
ABOUT_FIRST = re.compile(
    rf"^(?:(?:{lang.alternation('CONNECTIVES')}),?\s+)?(?:{lang.alternation('ABOUT')})\s+"
    rf"(?P<claim>{NM}{{8,150}}?)\s+{_verb('S')}\s+"
    rf"(?P<src>{NM}{{2,150}}?)\.?$",
    re.I,
)
LEAD_ACCUSE = re.compile(  # "X обвини Y в повреждане на кея", "accused X of Y"
    rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?)\s+{_verb('S')}\s+(?P<tail>[^,{MARKS}]{{2,60}}?)\s+"
    rf"(?:{lang.alternation('ACCUSED_OF')})\s+(?P<claim>{NM}{{15,}})$",
    re.I,
)
LEAD_VOW = re.compile(  # "пообещало выбить X из Y": what it vowed, without "that"
    rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?)\s+{_verb('S')}\s+(?P<claim>{NM}{{15,}})$"
)
LEAD_TOLD = re.compile(  # "X told Reuters the report was untrue"
    rf"^(?![\"“„«])(?P<src>{NM}{{2,160}}?),?\s+{_verb('T')}\s+"
    rf"(?P<tail>[{lang.CAPITAL}][\w.’'-]*(?:\s+[{lang.CAPITAL}][\w.’'-]*){{0,3}}|{PRESS})"
    rf"\s+(?:(?:{lang.alternation('ON_DAY')})\s+\w+\s+)?(?:{THAT}\s+)?(?P<claim>{NM}{{20,}})$"
)
# "X called the reports of Y fake", "нарече фалшиви твърденията, че Y", "назвав фейком
# повідомлення про Y": a verdict on a claim denies it
VERDICT = re.compile(rf"[\"“„«]?(?:{lang.alternation('VERDICTS')})[\"”“»]?", re.I)
VERDICT_LEAD = re.compile(
    rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?),?\s+{_verb('V')}\s+(?P<claim>{NM}{{15,}})$"
)
LEAD_DENIES = re.compile(  # "The army denied the withdrawal of its troops", no "that"
    rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?),?\s+{_verb('DU')}\s+(?P<claim>{NM}{{20,}})$"
)
ACCORDING_LEAD = re.compile(rf"^{_run('A')}\s+(?P<src>[^,]+?),\s*(?P<claim>.+)$")
ACCORDING_POINTER = re.compile(rf"^{_run('A')}\s+(?P<src>{POINTER_WORDS})\s+(?P<claim>.+)$", re.I)
ACCORDING_HIS = re.compile(
    rf"^(?P<src>{lang.alternation('ACCORDING_HIS')})\s*,?\s*(?P<claim>.{{15,}})$", re.I
)
ACCORDING_BARE = re.compile(rf"^{_run('A')}\s+(?P<rest>.{{20,}})$")
ACCORDING_TRAIL = re.compile(
    rf"^(?P<claim>.{{15,}}?),?\s+{_run('A')}\s+(?P<src>[^,]+?)(?:,.*)?\.?$"
)
ALSO_WORDS = "|".join(sorted(lang.all_words("ALSO")))
BEFORE_LEAD = re.compile(  # "Про це (5 березня) повідомив X"
    rf"^{_run('Q')}\s*(?:(?:{TIME.pattern})\s+)?"
    rf"(?:(?:{lang.alternation('SPOKEN_TO')})\s+(?P<spoken>{NM}{{2,60}}?)\s+(?=[{MARKS}]))?"
    rf"{AUX}(?P<also>(?:{ALSO_WORDS})\s+)?(?:{_verb(V_SAY + 'R')}\s+)?(?P<src>.+?)\.?$",
    re.I,
)

ADD = lang.all_words("ADDS")
ACCUSE = lang.all_words("ACCUSE")
VOW = lang.all_words("VOW")
ALSO = re.compile(rf"\s+(?:{ALSO_WORDS})\b", re.I)
MAX_SOURCE_WORDS = 14
NOT_TRUE = re.compile(
    rf"^[\"“„«]?(?:{lang.alternation('NOT_TRUE')})\s*,?\s*(?:{lang.alternation('THAT')})?\s*",
    re.I,
)
DETERMINERS = lang.all_words("DETERMINERS")
NOT_REPORTED = lang.all_words("NOT_REPORTED")
HABITUAL = lang.all_words("HABITUAL")
KEEPS_ON = lang.all_words("KEEPS_ON")
# "X продължава да настоява": the source without "продължава да"
KEEPS_ON_TAIL = re.compile(rf"\s+(?:{'|'.join(sorted(KEEPS_ON))})(?:\s+\w{{1,3}})?\s*$", re.I)
DENIED_WHAT = re.compile(
    rf"^(?:(?:{lang.alternation('VERDICT_AS')})\s+[\"“]?\w+[\"”]?\s+)?"
    rf"(?:(?:{'|'.join(DETERMINERS)})\s+)?(?:\w+\s+)?(?:{lang.alternation('REPORT_NOUNS')})"
    rf",?\s+(?:(?:{lang.alternation('ABOUT')})\s+)?(?:{THAT}\s+)?",
    re.I,
)
# "the reports", "всі подібні заяви" (all such claims)
REPORTS = rf"(?:(?:{'|'.join(DETERMINERS)})\s+){{0,2}}(?:{lang.alternation('REPORT_NOUNS')})"
# "X denied the reports of Y that Z", "нарече фалшиви твърденията на Y, че Z",
# "спростував інформацію Y про те, що Z", "the harbour authority's claim that
# Z": Y said Z (a report of its own), X denies or doubts it. The
# content as a clause first ("that"), else as a noun ("about Z", "за Z").
REPORT_BY = [
    re.compile(
        rf"^{REPORTS}\s+(?:(?:{lang.alternation('REPORT_OF')})\s+)?{owner}"
        rf"(?:\s+|(?=,))(?:{connective})\s+(?P<claim>.{{8,}})$",
        re.I,
    )
    for owner, connective in (
        (r"(?P<owner>[^,\"“„«]{2,90}?)", lang.alternation("REPORT_THAT")),
        # "reports of its retreat from the city": "its retreat" is what was reported
        (
            rf"(?!(?:{'|'.join(DETERMINERS)})\s)(?P<owner>[^,\"“„«]{{2,90}}?)",
            lang.alternation("ABOUT"),
        ),
    )
] + [
    re.compile(  # the owner before the report: "the ministry's claim that Z"
        rf"^(?:(?:{'|'.join(DETERMINERS)})\s+)?(?P<owner>[^,\"“„«]{{2,90}}?)['’]s\s+"
        rf"(?:{lang.alternation('REPORT_NOUNS')})\s+(?:{lang.alternation('REPORT_THAT')}|"
        rf"{lang.alternation('ABOUT')})\s+(?P<claim>.{{8,}})$",
        re.I,
    )
]
# "Reports that Z are untrue", "Информацията, че Z, не отговаря на истината": Z denied
# "Reports that Z are untrue", "Заяви Y про Z — вигадка": the
# verdict after what it judges (with a comma or a dash before a bare verdict
# word); the report's author, when named, said Z
_COPULA = "|".join(sorted(lang.all_words("AUX")))
_JUDGED = (
    rf"(?:\s*,?\s*[\"“„«]?(?:{lang.alternation('UNTRUE')})|\s*(?:,|[-–—]|\s(?:{_COPULA}))\s*[\"“„«]?"
    rf"(?:(?:{lang.alternation('VERDICT_ARTICLES')})\s+)?(?:[^\W\d]+\s+)?"  # "another sick lie"
    rf"(?:{lang.alternation('VERDICTS')})(?:\s+[^\W\d][\w-]*){{0,3}}?)"  # "lie of the aggressor"
    # "… of people who live in another world, …": whom the verdict describes
    rf"(?:,?\s+(?:{RELATIVES}|{lang.alternation('THAT')})\s[^.!]*)?"
    rf"[\"”“»]?\s*(?:[.!]?|,\s+(?P<rest>[^,]{{12,}}?)[.!]?)$"  # "…, W": its own next claim
)
_CONTENT = rf"(?:{lang.alternation('REPORT_THAT')}|{lang.alternation('ABOUT')})"
UNTRUE_AFTER = [
    re.compile(
        rf"^[\"“„«]?{REPORTS}\s+(?:(?:{lang.alternation('REPORT_OF')})\s+)?"
        rf"(?P<owner>[^,\"“„«]{{2,60}}?)(?:\s+|(?=,)){_CONTENT}\s+(?P<claim>.{{8,}}?){_JUDGED}",
        re.I,
    ),
    re.compile(rf"^[\"“„«]?{REPORTS}(?:\s+|(?=,)){_CONTENT}\s+(?P<claim>.{{8,}}?){_JUDGED}", re.I),
]
# a verdict and nothing else: it answers the report before
# ("These claims are completely baseless": a pointer at the report as its subject)
VERDICT_ALONE = re.compile(  # "Fake.", "са „пълен боклук“", "they were complete nonsense"
    rf"[\"“„«]?(?:(?:{lang.alternation('ANSWER_NO')}),\s+)?"  # "No, this is false"
    rf"(?:(?:{POINTER_WORDS}|{lang.alternation('THIS')})\s+)?"
    rf"(?:(?:{_COPULA})\s+)?[\"“„«]?(?:\w+\s+){{0,3}}?"
    rf"[\"“„«]?(?:(?:{lang.alternation('VERDICT_ARTICLES')})\s+)?"
    rf"(?:{lang.alternation('VERDICTS')}|{lang.alternation('UNTRUE')})"
    rf"(?:\s+(?:{lang.alternation('VERDICT_NOUNS')}))?[\"”“»]?[.!]?[\"”“»]?",
    re.I,
)
RELAY_TAIL = re.compile(rf",\s*(?:{_run('R')}|{_run('S')})\s+(?P<relay>[^,]+?)\s*(?:,|$)")
TOLD = re.compile(
    rf"^\s*(?:(?:the|a|an)\s+(?:[a-z]+\s+)?)?(?P<who>[{lang.CAPITAL}][\w.’'-]*(?:\s+[{lang.CAPITAL}][\w.’'-]*){{0,3}})"
)


VERDICT_WORDING = re.compile(
    rf"(?:\s*,?\s*\b(?:{lang.alternation('VERDICT_AS')})\s+)?"
    rf"[\"“„«]?(?:\b(?:{lang.alternation('VERDICT_ARTICLES')})\s+)?"
    rf"(?:{VERDICT.pattern})(?:\s+(?:{lang.alternation('VERDICT_NOUNS')}))?",
    re.I,
)


def _without_verdict(claim: str) -> str:
    """What was called false, without the verdict's own words."""
    return " ".join(VERDICT_WORDING.sub(" ", claim, count=1).split()).strip(" ,.")


def _group(sentence: str, match: re.Match, name: str) -> str:
    start, end = match.span(name)
    return sentence[start:end] if start >= 0 else ""


DENIED_PARTICLE = re.compile(lang.alternation("DENIED_PARTICLE"), re.I)


def _deny_object(claim: str) -> str:
    """What a denial denies, without the report's noun ("the reports that")
    and the particle of the denied clause ("отрече X да е Y": X е Y)."""
    return DENIED_PARTICLE.sub("", DENIED_WHAT.sub("", claim, count=1), count=1)


def _reported(sentence: str, match) -> bool:
    """Not "would say", "refused to say", "трябва да обясни", "не каза": a
    verb after these reports nothing; nor after "regularly" ("X regularly
    claim that …": a generalisation about what a side says, no claim)."""
    if "v" not in match.groupdict() or match.start("v") < 0:
        return True
    before = [w.lower().strip(",") for w in sentence[: match.start("v")].split()]
    if len(before) > 1 and before[-2] in KEEPS_ON:  # "продължава да настоява": still says
        return True
    return not (before and (before[-1] in NOT_REPORTED or before[-1] in HABITUAL))


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
    tail = _group(sentence, match, "tail") if "tail" in match.groupdict() else ""
    if verb:
        said = lemma(_group(sentence, match, "v").lower(), lang)
        frame.adds = said in ADD or bool(ALSO.match(sentence[match.end("v") :]))
        if said in ACCUSE and tail.strip(" ,"):  # "обвини рибарите, че са повредили": they did
            frame.subject = tail.strip(" ,")
    frame.source = WHILE_SPLIT.split(frame.source)[-1]  # "Z happened, while X denies W": X
    frame.source, spoken = spoken_to(KEEPS_ON_TAIL.sub("", frame.source))
    if (own := OUTLETS_SOURCE.match(frame.source)) and _an_outlet(own):  # "Джерела «УП» в Офісі"
        frame.source = " ".join(filter(None, (own.group("head"), own.group("rest"))))
        frame.relays.append(own.group("outlet"))
    if by := CITED_BY.search(frame.source):  # "X, cited by Y,": Y passed it on
        frame.relays.append(frame.source[by.end() :].strip(" ,"))
        frame.source = frame.source[: by.start()].strip(" ,")
    if said_to := TAIL_SPOKEN.match(tail):  # "заяви пред Y, че", "said in an interview with Y"
        spoken = spoken or said_to.group("to")
    elif carried := CARRIED_TAIL.match(tail):  # "said, in an interview aired by Y1 and Y2, that"
        spoken = carried.group("by")
    frame.told_anew = bool(spoken)
    if spoken and not NOT_AN_OUTLET.match(spoken):  # "Пред телевизия X тя каза": X passed it on
        frame.relays.append(spoken)
    told = TOLD.match(tail) or QUOTED_TAIL.match(tail)
    bare = kind == SAY and lang_words("TOLD_BARE", lang) and not frame.subject  # not the accused
    frame.told_anew = frame.told_anew or bool(told and kind == TELL)
    if told and (kind == TELL or bare) and not NOT_AN_OUTLET.match(told.group("who")):
        # "told Reuters", "рассказал «Морским новостям»": the one told passes it on
        frame.relays.append(told.group("who"))
    if kind == SPREAD:  # "В Телеграм …", "On X, …": the place it spread on
        frame.cue = "spread"
        first, _sep, rest = frame.source.strip().partition(" ")
        if rest and first.lower() in lang_words("FUNCTION_WORDS", lang):
            frame.source = rest
    if frame.stance in (Stance.DENIES, Stance.QUESTIONS):
        _reported_by(frame, sentence[match.end("v") :].strip() if verb else frame.claim)
    if frame.stance == Stance.DENIES:
        _denied(frame, tail)
    elif untrue := NOT_TRUE.match(frame.claim):  # "It is not true that X": X denied
        frame.claim, frame.stance = frame.claim[untrue.end() :], Stance.DENIES
    else:
        _judged_after(frame)
        _received(frame)
    _verdict_alone(frame)
    return frame


def _denied(frame: Frame, tail: str) -> None:
    """What a denial denies: the report's own words, no subject added ("denied
    the reports that (it) took …"); after a colon, the denier's own claim
    ("X denied the fall of Z: the garrison still holds the hills")."""
    named = DENIED_WHAT.match(f"{tail.strip(' ,')} {frame.claim}".strip())
    frame.takes_subject = frame.takes_subject and not named
    frame.claim = _deny_object(frame.claim)
    denied, colon, own = frame.claim.partition(": ")
    if colon and len(denied.split()) >= 2 and len(own.split()) >= 3:
        frame.claim = denied
        frame.more.append(Frame(cue=frame.cue, source=frame.source, claim=own))


def _verdict_alone(frame: Frame) -> None:
    """A verdict and nothing else answers the report before: "«Очередной фейк»,
    — заявили в X"; "X told Y the information aired by Z was false" (Z said it)."""
    if VERDICT_ALONE.fullmatch(frame.claim.strip()):
        frame.claim, frame.on_last = "", Stance.DENIES
    elif judged_report := REPORT_JUDGED.match(frame.claim.strip()):
        frame.claim, frame.on_last = "", Stance.DENIES
        if owner := judged_report.group("owner"):
            frame.more.append(Frame("answer", owner, "", on_last=Stance.ASSERTS))


# "the information (aired by Z) was false", "информацията, разпространена от Z, е невярна":
# a verdict on a report with no content of its own; it answers the report before
REPORT_JUDGED = re.compile(
    rf"^[\"“„«]?{REPORTS}(?:,?\s+(?:{lang.alternation('REPORT_CARRIED_BY')})\s+"
    rf"(?P<owner>[^,]{{2,60}}?),?)?"
    rf"\s+(?:{_COPULA})\s+(?:\w+\s+)?(?:{lang.alternation('VERDICTS')})[\"”“»]?[.!]?$",
    re.I,
)


def _report_of(author: str, claim: str) -> Frame:
    """The report a denial or verdict names, as its author's own claim (the
    claim is the report's: its author is not made its subject)."""
    return Frame(cue="reported_by", source=author, claim=claim, takes_subject=False)


def judged(text: str) -> Frame | None:
    """ "Reports that Z are untrue", "Заяви Y про Z — вигадка": Z, denied by
    whoever says it, with Y's report of Z beside it when Y names someone."""
    matches = [m for m in (pattern.match(text) for pattern in UNTRUE_AFTER) if m]
    for match in matches:
        owner = match.groupdict().get("owner")
        if owner is not None and source_phrase(owner).kind not in (NAME, UNNAMED):
            if match is not matches[-1]:  # "Claims of the capture of Z": no owner, all judged
                continue
            owner = None  # "Сообщения местных газет о Z": judged, nobody named
        frame = Frame("judged", "", match.group("claim"), stance=Stance.DENIES)
        frame.more = [_report_of(owner, frame.claim)] if owner is not None else []
        if match.group("rest"):  # "Reports of Z are untrue, W": W asserted by the same source
            frame.more.append(Frame("adding", "", match.group("rest")))
        return frame
    return None


def _judged_after(frame: Frame) -> None:
    """ "Reports that Z are untrue, X said": X denies Z; "Заяви Y про Z —
    вигадка, наголосив X": Y said Z too."""
    if verdict := judged(frame.claim):
        frame.claim, frame.stance = verdict.claim, Stance.DENIES
        for other in verdict.more:
            other.source = other.source or frame.source
        frame.more += verdict.more


# "X said it had got reports (not yet checked) of Z", "съобщи, че е получила
# непроверени сведения за Z": X passes Z on as a rumour
RECEIVED_REPORTS = re.compile(
    rf"^(?:\S+\s+){{0,3}}?(?:{lang.alternation('RECEIVED')})\s+(?:[^.,]{{0,40}}?\s+)?"
    rf"(?:{lang.alternation('TIDINGS')})(?:\s*,[^,]{{2,80}},|\s+[^,.]{{0,40}}?)?\s+"
    rf"(?:{lang.alternation('ABOUT')})\s+(?P<claim>.{{8,}})$",
    re.I,
)


def _received(frame: Frame) -> None:
    """ "X said it had got reports (not yet checked) of Z": X passes Z on."""
    if frame.stance == Stance.ASSERTS and (rumour := RECEIVED_REPORTS.match(frame.claim)):
        frame.claim, frame.stance = rumour.group("claim"), Stance.REPORTS_RUMOUR


# "Figures published by X show that Z", "Данните, публикувани от X, показват, че Z"
FIGURES = re.compile(
    rf"^(?:{lang.alternation('FIGURES_BY')})\s+(?P<src>[^,]{{2,100}}?),?\s+"
    rf"(?:{lang.alternation('FIGURES_SHOW')})\s*,?\s+(?:{THAT}\s*)?(?P<claim>.{{15,}})$",
    re.I,
)


def _figures(sentence: str) -> Frame | None:
    """ "Figures published by X show that Z": X's own figures say Z."""
    if match := FIGURES.match(sentence):
        return Frame("figures", match.group("src"), match.group("claim"))
    return None


# "X released footage from P that refutes reports of Z", "Генштаб оприлюднив кадри, які
# спростовують інформацію про Z": X denies Z, with its evidence
EVIDENCE_REFUTES = re.compile(
    rf"^\s*\S+\s+(?:{NM}+\s+){{0,3}}?(?:{lang.alternation('EVIDENCE')})"
    rf"(?!\w){NM}{{0,80}}?,?\s+(?:{RELATIVES})\s+(?P<v>{_run('D')}|\w+)\s+(?:(?:{REPORTS}|{_run('S')})"
    rf"\s+(?:(?:{lang.alternation('ABOUT')}|{lang.alternation('REPORT_THAT')})\s+)?)?"
    rf"(?P<claim>{NM}{{8,}})$",
    re.I,
)


PUBLISHED_EVIDENCE = re.compile(
    rf"^(?P<src>[^,]{{2,80}}?)\s+\w+ed\s+(?:\w+\s+){{0,3}}?(?:{lang.alternation('EVIDENCE')})(?!\w)",
    re.I,
)


def _refuted(sentence: str, m: str, code: str) -> Frame | None:
    """ "X released footage that refutes reports of Z": X denies Z (the verb
    after "that" is not masked: it reads as a determiner there)."""
    source = opening_subject(sentence, code)
    if not source and (published := PUBLISHED_EVIDENCE.match(sentence)):
        source = published.group("src")  # "released footage": a past before its object
    match = EVIDENCE_REFUTES.match(m[len(source) :]) if source else None
    if not match or source_phrase(source).kind not in (NAME, UNNAMED, POINTER):
        return None
    verb = match.group("v")
    if verb[:1] != MARK["D"] and _kind(verb, code) != "D":
        return None
    claim = sentence[len(source) + match.start("claim") : len(source) + match.end("claim")]
    return Frame("evidence_refutes", source, claim, stance=Stance.DENIES)


# "As an example of such fakes, X cited the report about Z1 and the accusations
# against W that Z2", "Като пример за тези материали тя цитира доклада … за Z1":
# X calls each report false by citing it as an example
EXAMPLES = re.compile(
    rf"^(?:{lang.alternation('EXAMPLES_OF')})\s+(?P<kind>[^,]{{2,40}}?),?\s+"
    rf"(?P<src>\S+(?:\s+\S+){{0,3}}?)\s+(?P<v>\w+)\s+(?P<rest>.{{12,}})$",
    re.I,
)
EXAMPLE_VERBS = lang.all_words("SAY") | lang.all_words("CITE") | lang.all_words("QUOTE_VERBS")
EXAMPLE_ITEM = re.compile(
    rf"^{REPORTS}\b(?:[^,]*?,?\s+(?:{lang.alternation('THAT')})|.*?\s(?:{lang.alternation('ABOUT')}))"
    rf"\s+(?P<claim>.{{8,}})$",
    re.I,
)
EXAMPLE_AND = re.compile(rf"\s+(?:{lang.alternation('AND')})\s+(?={REPORTS}\b)", re.I)


def _examples(sentence: str, code: str) -> Frame | None:
    """The reports a source cites as examples of such (fakes): each denied by it;
    `cue` "examples" when the kind is itself a verdict ("such fakes"), else
    "examples_of" (the text before must have called them false)."""
    match = EXAMPLES.match(sentence.strip().rstrip("."))
    if not match or lemma(match.group("v").lower(), code) not in EXAMPLE_VERBS:
        return None
    parts = EXAMPLE_AND.split(match.group("rest"))
    claims = [item.group("claim").strip(' "“”„«»') for part in parts
              if (item := EXAMPLE_ITEM.match(part.strip()))]  # fmt: skip
    if not claims:
        return None
    cue = "examples" if VERDICT.search(match.group("kind")) else "examples_of"
    frame = Frame(cue, match.group("src"), claims[0], stance=Stance.DENIES, takes_subject=False)
    frame.more = [Frame(cue, frame.source, claim, stance=Stance.DENIES, takes_subject=False)
                  for claim in claims[1:]]  # fmt: skip
    return frame


STATEMENT_SPREAD = re.compile(
    rf"^(?:{lang.alternation('STATEMENT_OF')})\s+(?P<rest>.{{20,}})$", re.I
)
SPREAD_BY = lang.all_words("SPREAD_BY")
STATEMENT_CONTENT = re.compile(
    rf"^(?P<src>.+?)\s*,?\s+(?:{lang.alternation('REPORT_THAT')})\s+(?P<claim>.{{12,}}?)\s*,?$",
    re.I,
)


def _spread(sentence: str, lang: str) -> Frame | None:
    """ "Заявление X распространили Y1 и Y2: «Z»", "Заяву X про те, що Z,
    поширили Y1 і Y2": X said Z, and each of Y1 and Y2 passed it on."""
    if not (match := STATEMENT_SPREAD.match(sentence)):
        return None
    words = match.group("rest").split()
    spread = (
        i for i, w in enumerate(words) if i and lemma(w.lower().strip(",:"), lang) in SPREAD_BY
    )
    if not (verb := next(spread, 0)):
        return None
    before, (relays, _colon, quoted) = (
        " ".join(words[:verb]),
        " ".join(words[verb + 1 :]).partition(":"),
    )
    if content := STATEMENT_CONTENT.match(before):
        before, quoted = content.group("src"), content.group("claim")
    if not quoted.strip() or not relays.strip(" ."):
        return None
    return Frame(
        "statement_spread", before.strip(" ,"), quoted.strip(), relays=[relays.strip(" .")]
    )


REFERS = lang.all_words("REFERS")
PREPOSITION = re.compile(rf"^(?:{'|'.join(sorted(lang.all_words('FUNCTION_WORDS')))})\s+", re.I)


def _which_cites(frame: Frame, clause: str, lang: str) -> Frame:
    """ "Y1, citing Y2, which quoted X, reported …": X said it, Y2 passed it
    on, then Y1 (`clause`: "which quoted X")."""
    words = clause.split()
    verb = next((i for i, w in enumerate(words) if lemma(w.lower(), lang) in REFERS), None)
    origin = PREPOSITION.sub("", " ".join(words[verb + 1 :])) if verb is not None else ""
    if not origin:
        return frame
    frame.relays.insert(0, frame.source)
    frame.source, frame.cites = frame.cites[0], [origin]
    return frame


def _reported_by(frame: Frame, denied: str) -> None:
    """ "X denied the reports of Y that Z" (`denied`: what follows the verb):
    the claim is Z, and Y's report of it is a second frame (Y asserts Z). Y
    must name someone."""
    for pattern in REPORT_BY:
        match = pattern.match(denied)
        if match and source_phrase(match.group("owner")).kind in (NAME, UNNAMED):
            frame.claim = match.group("claim")
            frame.more.append(_report_of(match.group("owner"), frame.claim))
            return


# "…, denying reports of Z", "…, but rejected Y's claims that Z", "…, като
# отрече твърденията, че Z": the sentence's source denies a second report
# (Y's, when named); a report noun must follow ("denying him entry" is none)
DENYING = re.compile(
    rf",[\"”»]?\s*(?:{lang.alternation('DENYING')})\s+(?=(?:\w+\s+)?{REPORTS}\b)", re.I
)


# "…, X told Y, responding to the claims.": what the words answer, no part of the source
COMMENTING = re.compile(
    rf",\s*(?:{lang.alternation('COMMENTING')})\s+[^,.;:\"“”„«»]{{2,60}}[.!]?$", re.I
)


def added_to(sentence: str) -> tuple[str, Frame | None]:
    """ "…, adding that Z" / "…, denying reports of Z": the sentence up to
    the participle, and the second claim of the same source (asserted, or
    denied with the report's author beside it); "…, responding to the
    claims" dropped."""
    if match := COMMENTING.search(sentence):
        sentence = sentence[: match.start()] + "."
    if match := ADDING.search(sentence):
        return sentence[: match.start()] + ".", Frame("adding", "", sentence[match.end() :])
    if match := DENYING.search(sentence):
        denied = sentence[match.end() :]
        frame = Frame("adding", "", denied, stance=Stance.DENIES)
        _reported_by(frame, denied)
        frame.claim = _deny_object(frame.claim)
        return sentence[: match.start()] + ".", frame
    return sentence, None


# an outlet's own unnamed sources in a body: "Джерела «Морського радіо» в
# адміністрації порту", "Собеседник «Y» в X": the outlet passed it on
OUTLETS_SOURCE = re.compile(
    rf"^(?P<head>(?:\w+\s+)?(?i:{lang.alternation('UNNAMED')}))\s+"
    rf"(?P<outlet>[\"„“«][^\"„“”«»]{{2,40}}[\"”“»]|[{lang.CAPITAL}][\w.’'-]+)"
    r"(?:\s+(?P<rest>(?i:в|у|із|из|in|at|от|з|при)\s+\S.+))?$"
)


def _an_outlet(own: re.Match) -> bool:
    """ "Источник Bloomberg": the outlet's own source; not "Источник Минобороны",
    "джерела України" (a body or a party: a source in it)."""
    outlet = own.group("outlet")
    return bool(own.group("rest")) or not (
        parties_of(outlet) or institutions_of(outlet) - {"media"}
    )


# after the verb: "заяви пред Y, че", "сказал в интервью Y, что"
TAIL_SPOKEN = re.compile(
    rf"^\s*,?\s*(?:{lang.alternation('SPOKEN_TO')})\s+(?P<to>\S.*?)\s*,?\s*$", re.I
)
CARRIED_TAIL = re.compile(
    rf"^\s*,?\s*(?:{lang.alternation('CARRIED_BY')})\s+(?P<by>\S.*?)\s*,?\s*$", re.I
)
QUOTED_TAIL = re.compile(r"^\s*(?P<who>[\"„“«][^\"„“”«»]{2,60}[\"”“»])\s*,?\s*$")
# the press in general, a time or a determiner: told to them, nobody passed it on
NOT_AN_OUTLET = re.compile(
    rf"(?:(?:{'|'.join(DETERMINERS)})\s+)?(?:{PRESS})\b|(?:{lang.alternation('MONTHS')}|"
    rf"{lang.alternation('WEEKDAYS')})\b",
    re.I,
)


# "Speaking to the BBC, X said …", "В интервю за БНТ X заяви …": the one spoken to passes it on
SPOKEN_OPENER = re.compile(
    rf"^(?:{lang.alternation('SPOKEN_TO')})\s+(?P<to>[^,]{{2,80}}?),\s*", re.I
)
SAYING = re.compile(
    rf",\s*(?:{lang.alternation('SAYING') or '(?!)'})\s+(?!(?:{THAT})\s)(?P<claim>[^,]{{15,}})$",
    re.I,
)
SAYING_WORD = re.compile(rf"(?:{lang.alternation('SAYING') or '(?!)'})\b", re.I)
# "In a statement on Tuesday, X said …", "В свое изявление в понеделник X заяви …"
IN_STATEMENT = re.compile(
    rf"^(?:{lang.alternation('IN_STATEMENT')})(?:\s+(?:{lang.alternation('ON_DAY')}|в|у|on)"
    rf"\s+\w+)?\s*,\s*",
    re.I,
)
# "повідомив про успіхи ЗСУ": about a noun (not the clause of "про те, що", "за това, че")
ABOUT_NOUN = re.compile(
    rf"^\s*(?!(?:{lang.alternation('ABOUT_IT')})(?!\w))(?:{lang.alternation('ABOUT')})\s+\w",
    re.I,
)
# "On these accusations, X said …": X answers the report before
ABOUT_THIS_OPENS = re.compile(rf"^(?:{lang.alternation('ABOUT_THIS')})\s*,\s*", re.I)
# "X said Z, a claim Y called false": Y denies Z
CLAIM_CALLED = re.compile(
    rf",\s*(?:{lang.alternation('CLAIM_APPOSITIVE')})\s+(?P<who>[^,]{{2,80}}?)\s+\w+"
    rf"(?:\s+(?:{lang.alternation('VERDICT_AS')}))?\s+[\"“„«]?(?:\w+\s+)?(?:{VERDICT.pattern})"
    rf"[\"”“»]?\s*[.!]?$",
    re.I,
)
# "…, labelling the reports as …": the source's verdict ends its claim
CALLING = re.compile(rf",\s*(?:{lang.alternation('CALLING')})\s+\S", re.I)
# "…, адже W", "…, because W": after a denial or doubt, W is the source's own claim
BECAUSE = re.compile(rf",\s*(?:{lang.alternation('BECAUSE')})\s+(?=\S.{{12,}}$)", re.I)
# "…, а според X …", "…, while X said …": a second report in the same sentence
WHILE_CLAUSE = re.compile(rf",\s*(?:{lang.alternation('WHILE')})\s+(?P<rest>.{{20,}})$", re.I)
WHILE_SPLIT = re.compile(rf",\s*(?:{lang.alternation('WHILE')})\s+(?=\S)", re.I)
WHILE_OPENS = re.compile(rf"^\s*(?:{lang.alternation('WHILE')})\s+", re.I)


# "X, in turn, denied Z", "Ведомство, в свою очередь, отвергло": the
# aside between commas after the subject is no part of the sentence's frame
ASIDE = re.compile(
    rf"^(?P<subject>[^,\"“„«]{{2,60}}?)\s*,\s*(?:{lang.alternation('ASIDES')})\s*,\s*(?=\S)", re.I
)


# "The village lies near the bay, an area where X said Z": the report is in
# the relative clause; what comes before it is the reporter's background
WHERE_CLAUSE = re.compile(
    rf",\s*(?:[^,]{{0,40}}?\s+)?(?:{lang.alternation('WHERE')})\s+(?=\S)", re.I
)


def _where_said(clause: str, lang: str) -> Frame | None:
    """The report of a relative clause of place when the clause opens with
    its speaker ("where the army said Z"), not "where ferries dock, …"."""
    inner = _analyse(clause, lang)
    if inner is None or not inner.claim or not 0 <= clause.find(inner.source.strip()) < 5:
        return None
    return inner if source_phrase(inner.source).kind in (NAME, UNNAMED) else None


def analyse(sentence: str, lang: str) -> Frame | None:
    """The sentence's attribution frame, or None when nobody is said to say it;
    a second report in the sentence ("…, а според X …", "according to X, which
    said …") is in its `more`."""
    if aside := ASIDE.match(sentence):
        return analyse(f"{aside.group('subject')} {sentence[aside.end() :]}", lang)
    if (where := WHERE_CLAUSE.search(sentence)) and (
        inner := _where_said(sentence[where.end() :], lang)
    ):
        return inner
    opener = IN_STATEMENT.match(sentence) or ABOUT_THIS_OPENS.match(sentence)
    inner = analyse(sentence[opener.end() :], lang) if opener else None
    if inner is not None and source_phrase(inner.source).kind in (NAME, UNNAMED):
        return inner  # not "In a statement, published on X, …"
    if (opener := SPOKEN_OPENER.match(sentence)) and (
        inner := analyse(sentence[opener.end() :], lang)
    ):
        inner.relays.insert(0, opener.group("to").strip())
        return inner
    if split := _speaker_inside(sentence, lang):  # "«Z1, — наголосив X, — Z2»"
        return split
    verdict = CLAIM_CALLED.search(sentence)  # "X said Z, a claim Y called false"
    if verdict and (frame := analyse(sentence[: verdict.start()] + ".", lang)):
        frame.more.append(Frame("answer", verdict.group("who"), "", on_last=Stance.DENIES))
        return frame
    opener = GERUND_OPENER.match(sentence)
    frame = (opener and _after_gerund(opener, sentence, lang)) or _analyse(sentence, lang)
    if frame is not None and frame.scope == "sentence":
        _second_report(frame, sentence, lang)
    return frame


# "Rejecting the allegation, X said …", "Комментируя сообщения, X заявил …":
# the adverbial participle's clause before the subject is no part of the frame
GERUND_OPENER = re.compile(r"^(?P<g>[\w’'-]+)[^,.:;\"“„«]{0,80},\s+(?=\S)")


def _after_gerund(opener: re.Match, sentence: str, lang: str) -> Frame | None:
    """The frame after a participle's opening clause; a participle of denying
    ("Rejecting the allegation", "Опровергая эти сведения") answers the report
    before it too; "Citing X, Y reported Z" / "Ссылаясь на X, Y сообщил": X
    is the origin, Y passed it on."""
    m = mask(sentence, lang)
    kind = KIND_OF.get(m[:1]) or _kind(opener.group("g"), lang)
    if kind in (ACCORDING, RELAY, BEFORE, SPREAD):
        return None  # "According to X, …" and the like: frames of their own
    if kind != CITE and not is_gerund(opener.group("g"), lang):
        return None
    inner = analyse(sentence[opener.end() :], lang)
    if inner is None:
        return None
    if kind == CITE:
        cited = sentence[len(m) - len(m.lstrip(MARK[CITE])) : opener.end()].strip(" ,")
        if source_phrase(cited).kind not in (NAME, UNNAMED):
            return None
        inner.cites.append(cited)
    elif kind == DENY and not inner.on_last:
        inner.on_last = Stance.DENIES
    return inner


# the speaker inside a quotation: "«Z1, — наголосив X, — Z2».", "«Z1, — сказал X. —
# Z2».", "“Z1,” X told Y, “and Z2.”"
SPEAKER_INSIDE = [
    re.compile(
        r"^(?P<open>[«\"“„])(?P<first>[^«»\"“”„]{10,}?)[,.!?]?\s*[—–]\s*(?P<rest>[^—–«»]{3,160}?)"
        r"[,.]\s*[—–]\s*(?P<second>[^«»\"“”„]{10,}?)[»\"”“]\.?$"
    ),
    re.compile(
        r"^(?P<open>[“\"])(?P<first>[^“”\"]{10,}?),[”\"]\s+(?P<rest>[^“”\"]{3,160}?),\s*[“\"]"
        r"(?:and\s+)?(?P<second>[^“”\"]{10,}?)[”\"]\.?$"
    ),
]
APPOSITIVE_WHO = re.compile(rf",\s*(?:{RELATIVES})\b[^,]*,", re.I)


def _speaker_inside(sentence: str, lang: str) -> Frame | None:
    """A quotation with its speaker in the middle: the first part is framed
    as "«Z1», — said X", the second part is X's too (an apposition "who
    asked not to be named" between the name and the verb left out)."""
    for pattern in SPEAKER_INSIDE:
        if not (match := pattern.match(sentence)):
            continue
        rest = APPOSITIVE_WHO.sub("", match.group("rest"))
        close = {"«": "»", "„": "“"}.get(match.group("open"), "”")
        frame = _analyse(f"{match.group('open')}{match.group('first')},{close} — {rest}.", lang)
        if frame is None or not frame.cue.startswith("trail"):
            continue
        frame.more.append(
            Frame(frame.cue, frame.source, match.group("second"), relays=list(frame.relays))
        )
        return frame
    return None


def _second_report(frame: Frame, sentence: str, lang: str) -> None:
    """ "X said Y, while Z said W": W is Z's; "Y, according to X, which said W":
    W is X's too."""
    clause = WHILE_CLAUSE.search(frame.claim)
    other = _analyse(clause.group("rest"), lang) if clause else None
    if (
        other is not None
        and other.scope == "sentence"
        and other.source
        and (other.claim or other.on_last)
    ):
        frame.claim = frame.claim[: clause.start()]
        frame.more.append(other)
        return
    if calling := CALLING.search(frame.claim):  # "…, labelling the reports as fake"
        frame.claim = frame.claim[: calling.start()]
    if frame.stance != Stance.ASSERTS and (reason := BECAUSE.search(frame.claim)):
        # "X doubts that Z, because W": W is what X asserts
        frame.more.append(
            Frame(cue=frame.cue, source=frame.source, claim=frame.claim[reason.end() :])
        )
        frame.claim = frame.claim[: reason.start()]
        return
    if saying := SAYING.search(frame.claim):  # "…, saying Z": Z is the source's too
        before, frame.claim = frame.claim, frame.claim[: saying.start()]
        for other in frame.more:  # the report it answers ends there too
            other.claim = frame.claim if other.claim == before else other.claim
        frame.more.append(Frame(cue=frame.cue, source=frame.source, claim=saying.group("claim")))
        return
    m = mask(sentence, lang)
    which = re.search(
        rf",\s*(?:{RELATIVES})\s+{_run('S')}\s+(?:{THAT}\s+)?(?P<claim>{NM}{{15,}})$", m, re.I
    )
    at = sentence.find(frame.source)
    if which and frame.source and at >= 0 and which.start() >= at + len(frame.source):
        claim = sentence[which.start("claim") : which.end("claim")]
        frame.more.append(Frame(cue=frame.cue, source=frame.source, claim=claim))


def _analyse(sentence: str, lang: str) -> Frame | None:
    m = mask(sentence, lang)
    if frame := (
        _quoted(sentence, m, lang) or _figures(sentence) or _spread(sentence, lang)
        or _refuted(sentence, m, lang) or _examples(sentence, lang)
    ):  # fmt: skip
        return frame
    if not re.search(f"[{MARKS}]", m):
        return None
    take = partial(_take, sentence, m, lang)
    reported = partial(_reported, sentence)
    if frame := _answering(sentence, m):
        return frame

    if (match := BEFORE_LEAD.match(m)) and _says_before(sentence, m, match):
        return _before(take(match, "before"), sentence, m, match, lang)
    for cue, pattern in [*(("cite_lead", p) for p in CITE_LEAD), ("cite_mid", CITE_MID)]:
        if (match := pattern.match(m)) and reported(match):
            frame = take(match, cue)
            frame.cites.append(_group(sentence, match, "via"))
            rel = _group(sentence, match, "rel") if "rel" in match.groupdict() else ""
            return _which_cites(frame, rel, lang)
    if match := ACCORDING_HIS.match(sentence):  # "По его словам, …": the speaker before
        pointer = [w for w in match.group("src").split() if POINTER_ALONE.fullmatch(w)]
        return Frame("according_lead", pointer[0] if pointer else "", match.group("claim"))
    match = ACCORDING_POINTER.match(m) or ACCORDING_LEAD.match(m)
    if match and (bare := _subject_before_comma(sentence, m, match, lang)):
        return bare
    if match and _names_someone(_group(sentence, match, "src"), limit=MAX_ACCORDING_WORDS):
        return _cited_inside(take(match, "according_lead"), m, match, sentence)
    if (match := ACCORDING_BARE.match(m)) and (frame := _according_bare(sentence, match, lang)):
        return frame
    if (match := VERDICT_LEAD.match(m)) and VERDICT.search(_group(sentence, match, "claim")):
        frame = take(match, "verdict")
        frame.stance = Stance.DENIES
        frame.claim = _without_verdict(frame.claim)
        _reported_by(frame, frame.claim)
        frame.claim = _deny_object(frame.claim)
        return frame
    quoted = sentence[:1] in '"“„«'  # a quote first: its speaker comes after it
    order = TRAILS + LEADS if quoted else LEADS + TRAILS
    order += LATER + ([("lead_plain", LEAD_PLAIN)] if lang == "en" else [])  # "X said Y": English
    return _in_order(sentence, m, lang, order)


LEADS = [("about_first", ABOUT_FIRST), ("post_showing", POST_SHOWING),
         ("lead_and_that", LEAD_AND_THAT), ("lead_that", LEAD_THAT),
         ("lead_quote", LEAD_QUOTE)]  # fmt: skip
TRAILS = [("trail_quoted_by", TRAIL_QUOTED_BY), ("trail_verb_first", TRAIL_VERB_FIRST),
          ("trail_dash", TRAIL_DASH), ("trail_source_first", TRAIL_SOURCE_FIRST),
          ("according_trail", ACCORDING_TRAIL)]  # fmt: skip
LATER = [("lead_accuse", LEAD_ACCUSE), ("lead_told", LEAD_TOLD), ("lead_denies", LEAD_DENIES),
         ("lead_about", LEAD_ABOUT), ("lead_vow", LEAD_VOW)]  # fmt: skip


def _in_order(sentence: str, m: str, lang: str, order) -> Frame | None:
    """The first of the general shapes the sentence has, leads or trails first."""
    for cue, pattern in order:
        match = pattern.match(m)
        if not (match and _reported(sentence, match) and _fits(cue, sentence, match, lang)):
            continue
        if cue.startswith("trail") and WHILE_OPENS.match(_group(sentence, match, "src")):
            continue  # "…, като X отрича да е Y": a clause of its own, not a trailing source
        frame = _take(sentence, m, lang, match, cue)
        if cue.startswith("trail") and not _names_someone(frame.source):
            continue  # "…, said at least six people were killed": not a name
        if cue == "lead_and_that":
            _said_first(frame, sentence, m, match)
        if cue == "trail_quoted_by":  # the outlet that quotes passed it on
            frame.relays.append(_group(sentence, match, "via"))
            return frame
        if cue.startswith("trail"):
            frame = _split_relays(frame, sentence, m, match)
            if _group(m, match, "v")[:1] == MARK[RELAY] and not frame.passed_on:
                frame.passed_on = frame.source  # "…, передає Reuters"
            return _nested(frame, lang)
        frame = _relayed_after(_cited_inside(frame, m, match, sentence), m, match, sentence)
        return _doubted_inside(frame, lang)
    return None


def _fits(cue: str, sentence: str, match: re.Match, lang: str) -> bool:
    """What a shape needs beyond its pattern: a verb of accusing or vowing,
    a quotation that is one (not a name's closing mark)."""
    if cue == "lead_accuse":
        return _verb_is(sentence, match, lang, ACCUSE)
    if cue == "lead_vow":
        return _verb_is(sentence, match, lang, VOW)
    tail = _group(sentence, match, "tail") if "tail" in match.groupdict() else ""
    if cue in ("lead_that", "lead_quote") and ABOUT_NOUN.match(tail):
        return False  # "повідомив про успіхи …, що суперечить …": about a noun, then a relative
    if cue == "lead_quote":  # "said the pier was „flooded“": the quote is inside the claim
        return not COPULA.search(tail)
    if cue == "about_first":  # "За момента няма промяна": "for now", no one after it
        parts = coordinated(_group(sentence, match, "src"))
        return all(source_phrase(p).kind in (NAME, UNNAMED) for p in parts)
    if cue.startswith("trail") and lang == "en" and _group(sentence, match, "v").endswith("ing"):
        return False  # "…, promising more ferries": a participle, not "…, said X"
    if "v" in match.groupdict() and _verb_is(sentence, match, lang, ADD):
        return not sentence[match.end("v") :].lstrip().lower().startswith("to ")  # "adds to the …"
    return not (cue.startswith("trail") and _closes_a_name(sentence, match))


QUOTE_VERBS = lang.all_words("QUOTE_VERBS")
_AS_SAYING = rf"\s+(?:{lang.alternation('QUOTED_AS') or '(?!)'})\s+{_run('S')}"
# "X quoted Y as saying (that) Z", "“Z,” X quoted Y as saying."
QUOTED_AS = [
    re.compile(
        rf"^(?![\"“„«])(?P<via>{NM}{{2,140}}?)\s+{_verb('S')}\s+(?P<src>{NM}{{2,120}}?){_AS_SAYING}"
        rf"(?:\s+{THAT})?\s*[,:]?\s*(?P<claim>{NM}{{15,}})$"
    ),
    re.compile(
        rf"^(?P<claim>.{{15,}}?)\s*[,\"”»“]+\s*(?:[-–—]\s*)?(?P<via>[^,{MARKS}]{{2,140}}?)\s+"
        rf"{_verb('S')}\s+(?P<src>{NM}{{2,120}}?){_AS_SAYING}(?:\s+{NM}{{0,40}}?)?\s*\.?$"
    ),
]
# "Слова Y приводит X: «Z»", "The words of Y were quoted by X: Z"
WORDS_OF = re.compile(
    rf"^(?:{lang.alternation('WORDS_OF')})\s+(?P<rest>[^:]{{4,200}}?)\s*:\s*(?P<claim>.{{15,}})$",
    re.I,
)


def _quoted(sentence: str, m: str, lang: str) -> Frame | None:
    """ "X quoted Y as saying Z", "Слова Y приводит X: «Z»": Y said Z and X,
    who quotes Y, passed it on."""
    for pattern in QUOTED_AS:
        if (match := pattern.match(m)) and _verb_is(sentence, match, lang, QUOTE_VERBS):
            return Frame("quoted_as", _group(sentence, match, "src"),
                         _group(sentence, match, "claim"),
                         relays=[_group(sentence, match, "via")])  # fmt: skip
    if not (match := WORDS_OF.match(sentence)):
        return None
    words = match.group("rest").split()
    verb = next((i for i, w in enumerate(words) if i and lemma(w.lower(), lang) in QUOTE_VERBS), 0)
    if not verb or verb == len(words) - 1:
        return None
    relay = " ".join(words[verb + 1 :])
    if relay.lower().startswith(("by ", "от ")):  # "were quoted by X"
        relay = relay.split(" ", 1)[1]
    return Frame("quoted_as", " ".join(words[:verb]), match.group("claim"), relays=[relay])


THIS = lang.alternation("THIS")
THIS_ALONE = re.compile(rf"(?:{THIS})", re.I)
# "Y denied this", "Y отхвърли това и заяви, че Z", "У Y це спростовують",
# "Y назвал это выдумкой": Y answers the report before; what
# follows "and said" or ", saying" is Y's own claim
ANSWERS = [
    re.compile(
        rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?)\s+{AUX}{_verb('DUV')}\s+(?:{THIS})"
        rf"(?P<rest>(?:\s+{NM}{{0,40}}?)?(?:\s*[.!]?$|\s*,\s*\S.*$|\s+(?:{AND})\s+\S.*$))",
        re.I,
    ),
    re.compile(
        rf"^(?![\"“„«])(?P<src>{NM}{{2,120}}?)\s+(?:{THIS})\s+{_verb('DUV')}"
        rf"(?P<rest>(?:\s+{NM}{{0,40}}?)?(?:\s*[.!]?$|\s*,\s*\S.*$|\s+(?:{AND})\s+\S.*$))",
        re.I,
    ),
]
# what the answer goes on to say: "… and said that Z", "…, saying Z"
ANSWER_GOES_ON = re.compile(
    rf"^(?:\s*,\s*|\s+(?:{AND})\s+){_verb(V_SAY)}(?:{NM}{{0,40}}?\s*,?\s+{THAT})?\s+"
    rf"(?P<claim>{NM}{{15,}})$",
    re.I,
)


# "На це відреагувала Служба безпеки, яка назвала ці заяви фейком": the one named
# before "which" answers the report before
CALLED_BY_WHICH = re.compile(
    rf"^(?P<pre>{NM}{{4,160}}?),\s*(?:{RELATIVES})\s+"
    rf"{_verb('V')}\s+(?P<what>.{{2,80}}?)\s*[.!]?$",
    re.I,
)
NAME_AFTER_VERB = re.compile(rf"(?<=\s)[{lang.CAPITAL}]\S*(?:\s+\S+)*$")


def _answering(sentence: str, m: str) -> Frame | None:
    """A source answering the report before ("Y denied this"), with what it
    says instead when the sentence goes on ("… and said that Z")."""
    if (which := CALLED_BY_WHICH.match(m)) and VERDICT.search(_group(sentence, which, "what")):
        name = NAME_AFTER_VERB.search(_group(sentence, which, "pre"))
        if name and _names_someone(name.group()):
            return Frame(cue="answer", source=name.group(), claim="", on_last=Stance.DENIES)
    for pattern in ANSWERS:
        match = pattern.match(m)
        if not match:
            continue
        kind = KIND_OF[_group(m, match, "v")[:1]]
        rest = _group(sentence, match, "rest")
        if kind == CALL and not VERDICT.search(rest):
            return None  # "called this a success": no verdict on it
        stance = STANCE_OF.get(kind, Stance.DENIES)
        source = _group(sentence, match, "src")
        if not _names_someone(source):
            return None
        goes_on = ANSWER_GOES_ON.match(_group(m, match, "rest"))
        claim = rest[goes_on.start("claim") : goes_on.end("claim")] if goes_on else ""
        return Frame(cue="answer", source=source, claim=claim, on_last=stance)
    return None


THAT_FIRST = re.compile(rf"^(?:{THAT})\s+", re.I)


def _said_first(frame: Frame, sentence: str, m: str, match: re.Match) -> None:
    """ "X denied that the town fell and said that Z", "X said the pier was
    closed and added that Z": what X said first is a report of its own."""
    kind = KIND_OF[_group(m, match, "first")[:1]]
    first = THAT_FIRST.sub("", _group(sentence, match, "object").strip(" ,"))
    if len(first) < 12:
        return
    stance = STANCE_OF.get(kind, Stance.ASSERTS)
    asserted = stance == Stance.ASSERTS
    frame.more.append(
        Frame(cue=frame.cue, source=frame.source, stance=stance, takes_subject=asserted,
              claim=first if asserted else _deny_object(first))
    )  # fmt: skip


def _doubted_inside(frame: Frame, lang: str) -> Frame:
    """ "X said he doubted reports that Z": X doubts Z."""
    inner = _analyse(frame.claim, lang) if frame.stance == Stance.ASSERTS else None
    if (
        inner is None
        or inner.stance not in (Stance.DENIES, Stance.QUESTIONS)
        or source_phrase(inner.source).kind != POINTER
    ):
        return frame
    if TITLE_POINTER.fullmatch(clean_source(inner.source)[0]):
        # "He added: «Thus, the president rejected Z»": the president denied it,
        # the one quoted passed it on
        inner.relays += [frame.source, *frame.relays]
        return inner
    inner.source, inner.relays = frame.source, [*frame.relays, *inner.relays]
    return inner


def _says_before(sentence: str, m: str, match: re.Match) -> bool:
    """ "Това заяви X", "Информацията е на X": a report of the sentences before;
    a bare "Това е …" without a verb of saying is a copula ("This is the last
    town …"), not one."""
    opening = sentence[: re.match(_run("Q"), m).end()]
    return bool(_group(m, match, "v")) or not THIS_ALONE.fullmatch(opening.strip())


def _verb_is(sentence: str, match: re.Match, code: str, lemmas: frozenset[str]) -> bool:
    """Whether the matched verb of saying is one of these (by lemma)."""
    return lemma(_group(sentence, match, "v").lower(), code) in lemmas


def _closes_a_name(sentence: str, match: re.Match) -> bool:
    """ "Командование порта «Юг» пообещало …": the closing quotation
    mark ends a name opened inside the sentence, not a quotation before its
    speaker."""
    claim = _group(sentence, match, "claim")
    after = sentence[match.end("claim") : match.end("claim") + 3]
    opened = any(q in claim for q in "«„“") and claim[:1] not in '"«„“'
    return opened and "," not in after and not any(q in claim for q in "»“”")


def _subject_before_comma(sentence: str, m: str, lead: re.Match, lang: str) -> Frame | None:
    """ "Според морски експерти Турция разширява пристанището, за да …": the comma
    closes the claim's first clause, not the source; a country named right
    after the source's noun starts the claim (`party_subject`)."""
    if "src" not in lead.groupdict() or not (bare := ACCORDING_BARE.match(m)):
        return None
    frame = _according_bare(sentence, bare, lang)
    if frame is None or len(frame.source.split()) >= len(_group(sentence, lead, "src").split()):
        return None
    previous, first = frame.source.split()[-1], frame.claim.split()[0]
    return frame if party_subject(first, previous) and first[-1:].isalpha() else None


def _according_bare(sentence: str, match: re.Match, lang: str) -> Frame | None:
    """ "Според украинското разузнаване руските войски …": no comma after the
    source; the language's morphology says where its phrase ends."""
    rest = _group(sentence, match, "rest")
    words = rest.split()
    n = bare_source_length(words, lang)
    if not n:
        return None
    return Frame(cue="according_word", source=" ".join(words[:n]), claim=" ".join(words[n:]))


COPULA = re.compile(rf"\b(?:{_COPULA})\b", re.I)
RELATIVE = re.compile(rf"\b(?:{RELATIVES})\b")


MAX_ACCORDING_WORDS = 10


def _names_someone(phrase: str, limit: int = MAX_SOURCE_WORDS) -> bool:
    """Whether a phrase after "…, said" or "according to" can be a source:
    short, not a relative pronoun alone, and no clause of its own ("Reuters
    the report was untrue")."""
    if len(phrase.split()) > limit or RELATIVE.fullmatch(phrase.strip()):
        return False
    return not (COPULA.search(phrase) and not RELATIVE.search(phrase))


def _nested(frame: Frame, lang: str) -> Frame:
    """ "Властите смятат, че …, уточнява Фокус": the report inside the claim
    is the origin, the outer source passed it on."""
    quoted = frame.claim[:1] in '"“„«'  # a quote of a report: "X said Z," Y said
    inner = analyse(frame.claim.lstrip('"“„«'), lang)
    if inner is None or not inner.cue.startswith(("lead", "cite", "according_lead")):
        return frame
    if quoted and not _someone_else(inner.source):
        return frame  # "We said that Z," X said: the speaker's own words
    inner.relays += [frame.source, *frame.relays]
    inner.cue = f"{frame.cue}+{inner.cue}"
    return inner


def _someone_else(phrase: str) -> bool:
    """A name, an unnamed source or a title pointing back ("the president"),
    not a pronoun (the quoted speaker's own "we")."""
    phrase = clean_source(phrase)[0]  # "Thus, the president": the president
    if ":" in phrase:  # "Question: the Russians said …": a label, then the words
        return False
    kind = source_phrase(phrase).kind
    return kind in (NAME, UNNAMED) or (kind == POINTER and not is_pronoun(phrase))


# "Об этом сообщили «Морские новости» в управлении порта": the one told, then the
# institution that spoke
TOLD_FIRST = re.compile(rf"^(?P<to>{OUTLET})\s+(?P<who>(?:в|у|із|из|от|з)\s+\S.+)$")


def _before(frame: Frame, sentence: str, m: str, match: re.Match, code: str) -> Frame:
    """ "За това съобщи X", "Информацията е на X": X said the sentences before;
    "За това пишат и X", "Про це також повідомляє X": X passed on the last report too."""
    frame.scope = "before"
    if verb := _group(m, match, "v"):
        frame.passed_on = frame.source if verb[0] == MARK[RELAY] else ""
    frame = _split_relays(frame, sentence, m, match)
    if spoken := _group(sentence, match, "spoken"):  # "Про це в ефірі X розповів Y"
        frame.relays.insert(0, spoken)
    told = TOLD_FIRST.match(frame.source)
    if told and lang_words("TOLD_BARE", code):  # "Про це повідомили «Y» в адміністрації порту"
        frame.relays.insert(0, told.group("to"))
        frame.source = told.group("who")
    frame.adds = bool(_group(m, match, "also"))
    if also := re.match(rf"(?:{AND})\s+", frame.source, re.I):
        frame.source, frame.adds = frame.source[also.end() :], True
    first, _sep, rest = frame.source.partition(" ")
    if rest and first.lower() in lang_words("FUNCTION_WORDS", code):
        frame.source = rest  # "… и от X": X itself
    return frame


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
    if by := CITED_BY.search(src):  # "X, цитиран от Y": Y is a relay already (`_take`)
        src = src[: by.start()].strip(" ,")
    frame.source = spoken_to(src)[0]  # the one spoken to is a relay already too
    return frame


CITED_AFTER = re.compile(rf",\s*{_run('C')}\s+(?P<via>[^,{MARKS}]{{2,80}}?)\s*\.?$")
RELAYED_AFTER = re.compile(
    rf",\s*(?:{_run('S')}|{_run('R')})\s+(?P<relay>[^,{MARKS}]{{2,80}}?)\s*\.?$"
)


def _relayed_after(frame: Frame, m: str, match: re.Match, sentence: str) -> Frame:
    """ "X said that …, кажуть в розвідці": whoever says so last passed it on;
    "X reported that …, citing Y": Y is the origin."""
    if "claim" not in match.groupdict():
        return frame
    start, end = match.span("claim")
    relay = RELAYED_AFTER.search(m[start:end])
    said_how = sentence[start + relay.start() :].lstrip(" ,") if relay else ""
    if relay and (is_clause(relay.group("relay")) or SAYING_WORD.match(said_how)):
        relay = None  # "…, saying the footage showed Z": a clause, not who passed it on
    if relay:
        frame.relays.append(sentence[start + relay.start("relay") : start + relay.end("relay")])
        frame.claim = sentence[start : start + relay.start()]
    elif cited := CITED_AFTER.search(m[start:end]):
        frame.cites.append(sentence[start + cited.start("via") : start + cited.end("via")])
        frame.claim = sentence[start : start + cited.start()]
    return frame


def _cited_inside(frame: Frame, m: str, match: re.Match, sentence: str) -> Frame:
    """ "IRNA, citing Syrian TV, reported that …" written without the commas."""
    start, end = match.span("src")
    cite = re.search(rf",?\s*{_run('C')}\s+", m[start:end])
    if cite:
        frame.cites.append(sentence[start + cite.end() : end].strip(" .,"))
        frame.source = sentence[start : start + cite.start()]
    return frame


# What each rule saw, in words for the desk reviewing candidates (the job
# page shows these, never the codes). A rule of one language is named by
# its shape; "a+b" is a report (b) inside a sentence another source passed on (a).
_SHAPES = {
    "before": gettext_lazy("a source named after the sentences it covers"),
    "information_is_of": gettext_lazy("“the information is from” a source, after what it said"),
    "relay_previous": gettext_lazy("outlets that “also report” what was said before"),
    "spread": gettext_lazy("news passed around on a channel: a rumour"),
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
    "lead_accuse": gettext_lazy("a source accuses someone of what follows"),
    "lead_vow": gettext_lazy("a source promises or threatens what follows"),
    "lead_about": gettext_lazy("a source spoke about what follows"),
    "post_showing": gettext_lazy("a source posted something showing what follows"),
    "lead_denies": gettext_lazy("a source denies what follows"),
    "denied": gettext_lazy("a source denies what follows"),
    "verdict": gettext_lazy("a source calls a report false"),
    "answer": gettext_lazy("a source answering the report before it"),
    "reported_by": gettext_lazy("the report another source denies or doubts, as its author's"),
    "trail_verb_first": gettext_lazy("what was said, then the verb and its source"),
    "trailing": gettext_lazy("what was said, then the verb and its source"),
    "trail_source_first": gettext_lazy("what was said, then its source and the verb"),
    "trail_dash": gettext_lazy("what was said, a dash, then its source"),
    "trail_quoted_by": gettext_lazy("what was said, then the outlet quoting its source"),
    "quoted_as": gettext_lazy("an outlet quoting a source's words"),
    "figures": gettext_lazy("figures a body published, then what they show"),
    "evidence_refutes": gettext_lazy("evidence a source published that refutes what follows"),
    "examples": gettext_lazy("reports a source cites as examples of fakes"),
    "examples_of": gettext_lazy("reports a source cites as examples of fakes"),
    "statement_spread": gettext_lazy("a source's statement, passed on by the outlets named"),
    "about_first": gettext_lazy("what was reported, then who reported it"),
    "adding": gettext_lazy("more from the source of the sentence before"),
    "carried": gettext_lazy("goes on with the source of the sentence before"),
    "post": gettext_lazy("a post, in its author's own words"),
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
