"""One module per language holds every word ingestion's rules read, by slot;
the rules (frames, hedges, phrases, markers, the register's keys) are written
once and take their words from here.

Adding a language: copy `en.py` to `<code>.py`, fill every slot with that
language's words (verbs of saying by the lemma simplemma gives, phrases as
regular expressions), add the code to LANGUAGES, and run
tests/claims/test_ingestion_languages.py: it fails while a slot is missing
or empty. docs/ingestion.md walks through it.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import import_module
from types import ModuleType

LANGUAGES = ("bg", "en", "uk", "ru")

# The capital letters of the scripts these languages are written in, for a
# regular expression's class ("[{CAPITAL}]"): Latin, and Cyrillic with the
# letters Russian and Ukrainian add outside А-Я (Ё, І, Ї, Є, Ґ).
CAPITAL = "A-ZА-ЯЁІЇЄҐ"

# slot -> what it holds; a language must fill each (RELAY, TELL, POST and
# CITE may be empty where the language says it with a phrase instead)
SLOTS: dict[str, str] = {
    "MORPHOLOGY": "the analyser of its word forms: pymorphy3 or lemmagen3",
    "SAY": "verbs of saying, by lemma",
    "DENY": "verbs of denying, by lemma",
    "DOUBT": "verbs of doubting, by lemma (the source questions the claim)",
    "CALL": "verbs of calling a claim something, by lemma ('called it fake': with VERDICTS)",
    "TELL": "verbs of telling someone (the one told passes it on), by lemma",
    "POST": "verbs of posting, by lemma",
    "RELAY": "verbs of an agency passing a report on, by lemma",
    "CITE": "verbs of citing, by lemma",
    "THAT": "the conjunction that opens reported speech (regex)",
    "SHOWS": "'(a video) showing' phrases: what a post shows is its claim (regex)",
    "ACCORDING": "'according to' phrases (regex)",
    "ACCORDING_HIS": "'according to him' phrases: the speaker named before (regex)",
    "CITING": "'citing' phrases: whom the source passes on (regex)",
    "CITED_BY": "passive 'cited by' phrases: the one named after it passed the source on (regex)",
    "BEFORE": "'this was said by' openings: the sentences before (regex)",
    "STATEMENT": "impersonal 'the statement says' phrases (regex)",
    "SPREAD": "'reports spread (on X) that' phrases: a rumour passed around on X (regex)",
    "PRONOUNS": "personal pronouns a speaker may be referred to by",
    "POINTERS": "descriptions pointing back at a speaker named before (regex)",
    "TITLE_POINTERS": "a title alone, pointing back at the one named with it: 'the president'",
    "NOT_SOURCES": "relatives, discourse markers and function words: never a source",
    "UNNAMED": "heads of an unnamed source: 'sources', 'an official' (regex)",
    "FUNCTION_WORDS": "words two names are compared without; no source opens with one",
    "SPEAKERS": "stems of words naming who speaks by role or body (regex)",
    "BARE_SOURCE": "how a source after 'according to' ends without a comma: article, case or ''",
    "SOURCE_LINKS": "prepositions that continue a source phrase ('of the', 'на отбраната')",
    "AUX": "auxiliaries and copulas: a phrase with one is a clause, not a source",
    "PARTIES": "party -> the stems that name it (regex)",
    "INSTITUTIONS": "institution -> the stems that name it (regex)",
    "CONCEPTS": "what a source name's other words mean, across languages (regex on lemmas)",
    "HEDGES": "the reporter's hedges (regex)",
    "VERDICTS": "words calling a claim false (regex)",
    "RUMOUR": "hedges that make a report a rumour (regex)",
    "DISTANCING": "the reporter's distancing words: the sentence goes on with the last report",
    "ALSO": "'also' words: the same source said more (space-separated)",
    "NOT_A_CLAIM": "lines about the reporting, not claims: 'could not be verified' (regex)",
    "HEDGE_LEAD": "hedged openings that go on with the last report: 'Reportedly' (regex)",
    "CONTINUES": "sentence openings that go on with the last report (regex)",
    "CONNECTIVES": "time and connective words around a source phrase, never part of it (regex)",
    "MONTHS": "month names as dates write them (regex)",
    "WEEKDAYS": "weekday names as dates write them (regex)",
    "ADDING": "participles adding a second claim: ', adding that' (regex)",
    "WHERE": "relatives of place: ', an area where X said' (regex)",
    "EXAMPLES_OF": "reports cited as examples of fakes: 'as an example of such' (regex)",
    "REPORT_CARRIED_BY": "who carried a report: 'the information aired by Z was false' (regex)",
    "COMMENTING": "after the source, what it answers: ', responding to the claims' (regex)",
    "ANSWER_NO": "a flat no opening a verdict: 'No, this is false' (regex)",
    "EARLIER": "opening a report given after its answer: 'Earlier, media reported' (regex)",
    "DISTANCE": "a distance opening an appositive on where a place lies: ', 30 km from' (regex)",
    "ASIDES": "asides set off after a subject: 'X, in turn, denied' (regex)",
    "DENYING": "participles and joined verbs denying a second report: ', denying reports' (regex)",
    "ADDS": "verbs of adding, by lemma: the source said what came before too",
    "AND": "the conjunction 'and' (regex)",
    "PERFECT": "auxiliaries before a past verb of saying: '…, е заявило X' (regex)",
    "RESUMPTIVE": "the word pointing back at the claim before its verb: '…, това заяви X' (regex)",
    "ABOUT": "'about': what a source spoke about, or the report a denial names (regex)",
    "NOT_TRUE": "'it is not true that' openings: the rest is denied (regex)",
    "NOT_REPORTED": "words after which a verb of saying reports nothing: 'would say', 'не каза'",
    "DETERMINERS": "determiners: a word after one is a noun, not a verb ('a report')",
    "REPORT_NOUNS": "nouns naming the report a denial is about: 'the reports' (regex)",
    "REPORT_OF": "words between a report and whose it is: 'the reports of', 'твърденията на', "
    "'reports in the media' "
    "(regex; Ukrainian and Russian also say it with the genitive alone)",
    "REPORT_THAT": "what opens a report's content as a clause: 'that', 'про те, що' (regex)",
    "UNTRUE": "a verdict after what it judges: 'are untrue', 'не отговаря на истината' (regex)",
    "VERDICT_AS": "'as' before a verdict word: 'dismissed as fake' (regex)",
    "VERDICT_ARTICLES": "words before a verdict word: 'another', 'пореден' (regex)",
    "VERDICT_NOUNS": "nouns after a verdict word: 'fake news' (regex)",
    "RELATIVES": "relative pronouns: a phrase with one after 'said' may still name someone",
    "PRESS": "'reporters', 'journalists': told to them, no relay (regex)",
    "ON_DAY": "words before a day after the verb: 'said on Monday' (regex)",
    "PARTICIPLE_ENDINGS": "endings of participles made from verbs of saying: they describe (regex)",
    "SPOKEN_TO": "'speaking to', 'в интервю за': the one spoken to passes it on (regex)",
    "TOLD_BARE": "'yes' when the one told follows a verb of saying with no preposition "
    "(the dative: 'рассказал РИА Новости'), else ''",
    "IN_STATEMENT": "'in a statement' opening a sentence before its speaker (regex)",
    "DENIED_PARTICLE": "the particle a denied clause takes and its claim does not: "
    "'отрече X да е Y' (regex, may be empty)",
    "IMPERSONAL": "impersonal verbs that take no subject: 'няма загинали', 'немає'",
    "KEEPS_ON": "'continues (to)' forms: a verb of saying after them still reports",
    "ACCUSE": "verbs of accusing, by lemma: the accused is the subject of the claim",
    "ACCUSED_OF": "what follows the accused before the accusation as a noun: 'of', 'в' (regex)",
    "SAYING": "a participle of saying after the claim that opens a second one without 'that': "
    "', saying Z' (regex, may be empty)",
    "SOURCE_LINE": "the label of a closing line naming the story's wire: 'Source', 'Джерело' "
    "(regex)",
    "VOW": "verbs of promising and threatening, by lemma: what follows without 'that' is the claim",
    "COORDINATED": "what joins two sources of one report: ' and ', ', както и ', ', так и ' "
    "(regex, with its spaces)",
    "BOTH": "'both' opening two joined sources: 'both', 'как', 'як' (regex)",
    "WHILE": "'while', 'а', 'but': a second report in the same sentence follows (regex)",
    "THIS": "what points back at the report before: 'denied this', 'це заперечують' (regex)",
    "DOUBT_PHRASES": "phrases of doubting: 'cast doubt on', 'постави под съмнение' (regex)",
    "QUANTIFIERS": "words counting a source's members before its noun: 'a number of', "
    "'няколко', 'ряд' (space-separated)",
    "QUOTED_AS": "'as' between the one quoted and the verb of saying: 'quoted Y as saying' "
    "(regex, may be empty)",
    "QUOTE_VERBS": "verbs of quoting someone, by lemma: 'quoted Y as saying', 'слова Y приводит X'",
    "WORDS_OF": "'the words of' opening 'Слова Y приводит X: «Z»' (regex)",
    "REPORTERS": "'a correspondent of': a reporter before the outlet that speaks through "
    "them (regex)",
    "HABITUAL": "habitual adverbs before a verb of saying ('regularly claim'): a generalisation, "
    "no claim",
    "BECAUSE": "'because' after a denial or doubt: the reason is the source's own claim (regex)",
    "RECEIVED": "'received' forms: 'it had received reports of Z' passes Z on as a rumour (regex)",
    "TIDINGS": "what was received: 'reports', 'сведения' (regex)",
    "FIGURES_BY": "'figures published by': the body after it is the origin (regex)",
    "FIGURES_SHOW": "'show' after figures: 'the figures X released show that Z' (regex)",
    "CARRIED_BY": "'in remarks carried by' after a verb of saying: each outlet after it passed "
    "the report on (regex)",
    "STATEMENT_OF": "'the statement of X' opening 'Заявление X передали Y1 и Y2' (regex)",
    "SPREAD_BY": "verbs of spreading a statement, by lemma: 'распространили', 'carried'",
    "CLAIM_APPOSITIVE": "'…, a claim Y called false': the report before the comma (regex)",
    "DATA_OF": "'data of', 'satellite images from' before a source: the source is after it (regex)",
    "REFERS": "verbs of citing or referring to a source, by lemma: 'Y, which quoted X'",
    "ABOUT_THIS": "'on these accusations' opening an answer before its speaker (regex)",
    "EVIDENCE": "nouns of evidence: 'video', 'кадри'; what they show is no one's claim (regex)",
    "EVIDENCE_SHOWS": "what evidence does: 'shows', 'се вижда' (regex)",
    "PHOTO_LABEL": "the label of a caption credit inside the text: 'Photo', 'Фото' (regex)",
    "SPEAKER_LEAD": "'We can confirm that' opening a quote: the speaker's lead-in (regex)",
    "CALLING": "participles of calling after a claim: ', labelling it as …' (regex)",
    "ABOUT_IT": "'about it' before the clause of the claim: 'про те, що', 'за това, че' (regex)",
}
MAY_BE_EMPTY = {
    "TELL",
    "POST",
    "RELAY",
    "CITE",
    "BARE_SOURCE",
    "PERFECT",
    "RESUMPTIVE",
    "DETERMINERS",
    "VERDICT_AS",
    "ON_DAY",
    "PARTICIPLE_ENDINGS",
    "TOLD_BARE",
    "DENIED_PARTICLE",
    "IMPERSONAL",
    "SAYING",
    "QUOTED_AS",
}


@cache
def module(code: str) -> ModuleType:
    return import_module(f"claims.ingestion.lang.{code}")


def words(slot: str, code: str) -> list[str]:
    """A space-separated slot of one language, as a list."""
    return getattr(module(code), slot).split()


def alternation(slot: str) -> str:
    """A regex slot of every language, as one alternation."""
    return "|".join(
        f"(?:{getattr(module(code), slot)})" for code in LANGUAGES if getattr(module(code), slot)
    )


def merged(slot: str) -> dict[str, str]:
    """A dict slot (party or institution -> stems) of every language, one
    alternation per key."""
    out: dict[str, list[str]] = {}
    for code in LANGUAGES:
        for key, stems in getattr(module(code), slot).items():
            out.setdefault(key, []).append(stems)
    return {key: "|".join(parts) for key, parts in out.items()}


def all_words(slot: str) -> frozenset[str]:
    return frozenset(w for code in LANGUAGES for w in words(slot, code))


def missing_slots(code: str) -> list[str]:
    """The slots a language lacks or leaves empty (the completeness test)."""
    mod = module(code)
    return [
        slot
        for slot in SLOTS
        if not hasattr(mod, slot) or (slot not in MAY_BE_EMPTY and not getattr(mod, slot))
    ]


def compiled(slot: str, flags: int = re.I) -> re.Pattern:
    return re.compile(alternation(slot), flags)
