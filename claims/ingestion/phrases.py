"""Source phrases as an article writes them, cleaned to a name: no time or
connective words ("На 1 декември", "Meanwhile", "earlier", "also", "в
четвъртък"), no "in a statement", and the description after the name
("Rami Abdulrahman, head of the London-based Observatory") kept apart, as the
new source's affiliation. Also: the article's dateline agency ("AMMAN
(Reuters) -"), and whether a phrase only points back at a source already
named ("it", "the ministry", "the statement")."""

from __future__ import annotations

import re
from dataclasses import dataclass

import simplemma

from claims.ingestion import lang
from claims.ingestion.lang.morphology import is_english_past, is_finite_verb, phrase_language
from claims.ingestion.markers import institutions_of, parties_of

CAP = lang.CAPITAL  # a capital letter in any of the scripts

WEEKDAYS = lang.alternation("WEEKDAYS")
MONTHS = lang.alternation("MONTHS")
CONNECTIVES = lang.alternation("CONNECTIVES")
TIME = re.compile(
    rf"(?:(?:на|в|във|у|on|in|by|late on|early on|on the night of)\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})(?:\s+\d{{4}})?(?:\s*г\.?)?|"
    rf"(?:{MONTHS})\s+\d{{1,2}}(?:,\s*\d{{4}})?|(?:{WEEKDAYS})(?:\s+(?:evening|morning|night))?|"
    r"\d{4}(?:\s*г\.?)?)",
    re.I,
)
LEAD = re.compile(rf"^(?:(?:{CONNECTIVES})\b[\s,]*)+", re.I)
# "От МВР съобщиха", "повідомили в ГУР", "сообщили в Минобороны": the
# institution the speakers belong to.
FROM = re.compile(r"^(?:от|в|във|у|із|из|by)\s+(?=\w)", re.I)  # "reported on May 3 by X": X
# "За тези обвинения министърът": the report answered, then the one answering
ABOUT_THIS = re.compile(rf"^(?:{lang.alternation('ABOUT_THIS')})\s*,?\s+(?=\S)", re.I)
# "данные МЧС", "satellite images from X": the one whose data they are
DATA_OF = re.compile(rf"^(?:{lang.alternation('DATA_OF')})\s+(?=\S)", re.I)
TRAIL = re.compile(
    rf"(?:[\s,]+(?:{CONNECTIVES}|{lang.alternation('ASIDES')}|had|has|have|was|were|is|are|would|will|"
    r"has also|had earlier|on social media|on telegram|in telegram|on x|on twitter|"
    r"on condition of anonymity|in a (?:post|video|message|briefing)|in an interview|"
    r"(?:issued|released|published) a statement|in (?:a |the )?statement))+$",
    re.I,
)
INSIDE = re.compile(
    r"\s+(?:in (?:a |the |its )?statement|in (?:a |its )?(?:post|video|message|briefing)|"
    r"в (?:свое |своем )?(?:изявление|съобщение|публикация|заявлении|сообщении|заяві)|"
    r"(?:issued|released) a statement)\b",
    re.I,
)
STATEMENT_OF = re.compile(
    r"^(?:в|във|у|in|от)\s+"
    r"(?:(?:официално|официалното|съвместно|свое|своє|своем|a|an|the|its)\s+)?(?:си\s+)?"
    r"(?:изявление(?:то)?|съобщение(?:то)?|позиция(?:та)?|заяві|повідомленні|заявлении|"
    r"сообщении|statement|post|публикация(?:та)?|телеграм канала|telegram channel)\s+"
    r"(?:(?:на|от|of|by|від|від імені)\s+)?",
    re.I,
)
DATELINE = re.compile(
    rf"^\s*(?:[{CAP}][{CAP} .,'-]{{1,40}}?,?\s*(?:[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}\s*|"
    rf"\d{{1,2}}\s+\w+\.?\s*)?)?"
    rf"\((?P<agency>[{CAP}][\w .-]{{1,30}})\)\s*(?:[-–—]+|:)\s*"
)
TITLE_POINTER = re.compile(rf"^(?:{lang.alternation('TITLE_POINTERS')})$", re.I)
POINTERS = re.compile(
    rf"^(?:{'|'.join(lang.all_words('PRONOUNS'))}|{lang.alternation('POINTERS')}|"
    rf"{lang.alternation('TITLE_POINTERS')})$",
    re.I,
)


# "DAMASCUS -" opening a sentence; "Пред телевизия X тя", "In an interview
# with X, he": the outlet spoken to passes it on.
PLACE_LINE = re.compile(
    rf"^[{lang.CAPITAL}][{lang.CAPITAL}'-]{{2,}}(?:,\s*[A-Za-zА-Яа-я .]+)?\s+[-–—]\s+"
)
SPOKEN_TO = re.compile(
    rf"^(?:{lang.alternation('SPOKEN_TO')})\s+(?P<to>.+?),?\s+(?P<who>\S+)$", re.I
)
# "SANA didn't comment on the incident, but": the speaker is the subject.
NOT_SAID = re.compile(
    r"\s+(?:didn't|did not|made no|declined|refused|had no|has not|had not|не коментира|"
    r"не е коментира|не коментував|не комментировал)\b.*$",
    re.I,
)


# "В интервю за „Морски вестник“ капитанът на X", "В інтерв’ю Harbour Weekly
# командир бригади": a quoted or capitalised outlet, then the speaker
OUTLET = (
    rf"(?:\w+\s+)?[\"„“«][^\"„“”«»]{{2,60}}[\"”“»]"
    rf"|[{CAP}][\w.’'-]*(?:\s+[{CAP}][\w.’'-]*){{0,3}}"
)
SPOKEN_TO_NAMED = re.compile(  # case matters for the outlet's capitals only
    rf"^(?i:{lang.alternation('SPOKEN_TO')})\s+(?P<to>{OUTLET})\s+(?P<who>\w.+)$"
)
# "Капітан порту в ефірі Y", "X в эфире телеканала «Море»": after the speaker
SPOKEN_TO_AFTER = re.compile(
    rf"^(?P<who>\S.+?)\s+(?:{lang.alternation('SPOKEN_TO')})\s+(?P<to>\S.{{1,60}})$", re.I
)


def spoken_to(phrase: str) -> tuple[str, str]:
    """ "Пред морската телевизия „Вълна“ тя" → ("тя", "морската телевизия
    „Вълна“"); the outlet may come before a longer speaker when
    it is named ("В интервю за „Морски вестник“ капитанът на X"), or after the
    speaker ("X в ефірі Y"); ("phrase", "") when nobody is spoken to."""
    phrase = phrase.strip()
    for pattern in (SPOKEN_TO_NAMED, SPOKEN_TO, SPOKEN_TO_AFTER):
        if match := pattern.match(phrase):
            return match.group("who"), match.group("to")
    return phrase, ""


BYLINE = re.compile(
    rf"(?:^|\s)(?P<agency>[A-Z][\w.-]+(?:\s[A-Z][\w.-]+)?),\s+(?i:{MONTHS})\.?\s+\d{{1,2}},\s+"
    r"\d{4}\.?\s*$"
)


def byline(block: str) -> tuple[str, str]:
    """The agency of a "…rebels Xinhua, March 17, 2015" byline and the text before it."""
    match = BYLINE.search(block)
    if not match:
        return "", block
    return match.group("agency"), block[: match.start()].strip()


# "МОСКВА, 5 декабря. /ТАСС/.", "Киев, 3 декември /БТА/": the agency between slashes
SLASH_DATELINE = re.compile(
    rf"^\s*[{CAP}][\wА-Яа-яІЇЄҐіїєґ'’ -]{{1,30}},\s*\d{{1,2}}\s+\w+\.?(?:\s+\d{{4}})?\.?\s*"
    r"/(?P<agency>[^/]{2,30})/\s*[.:–—-]?\s*"
)
# "СОЧИ, 8 дек — Морские новости.": the agency after a dash
DASH_DATELINE = re.compile(
    rf"^\s*[{CAP}]{{3,}}(?:[ -][{CAP}]{{2,}})*,\s*\d{{1,2}}\s+\w+\.?(?:\s+\d{{4}})?\s+[-–—]\s+"
    r"(?P<agency>[^.]{2,30})\.\s*"
)
# "Джерело: Reuters", "Source: AFP" closing the story: the wire
SOURCE_LINE = re.compile(
    rf"^\s*(?:{lang.alternation('SOURCE_LINE')})\s*:\s*(?P<agency>[^.:]{{2,40}}?)\.?\s*$", re.I
)
# "DAMASCUS -", "ХАРКІВ, 3 грудня –": a place in capitals, no agency; a web
# outlet may put its own address first ("example.com, ODESA -")
PLACE_DATELINE = re.compile(
    rf"^\s*(?:[\w-]+(?:\.[\w-]+)*\.[a-z]{{2,6}},\s*)?"
    rf"[{CAP}]{{3,}}(?:[ -][{CAP}]{{2,}})*(?:,\s*[^–—.]{{1,30}}?)?\s+[-–—]\s+"
)


def source_line(block: str) -> tuple[str, str]:
    """The agency a closing "Джерело: Reuters" line names and the block
    without it; ("", block) when it ends with none."""
    *before, last = block.rstrip().split("\n")
    if match := SOURCE_LINE.match(last):
        return match.group("agency").strip(), "\n".join(before)
    return "", block


def dateline(paragraph: str) -> tuple[str, str]:
    """The agency of a dateline opening a paragraph ("AMMAN (Reuters) -",
    "МОСКВА, 5 декабря. /ТАСС/.", "DAMASCUS -": no agency) and the paragraph
    after it; ("", paragraph) when it opens with none."""
    for pattern in (DATELINE, SLASH_DATELINE, DASH_DATELINE):
        if match := pattern.match(paragraph):
            return match.group("agency").strip(), paragraph[match.end() :]
    if match := PLACE_DATELINE.match(paragraph):
        return "", paragraph[match.end() :]
    return "", paragraph


# "Під час візиту до порту 3 грудня Коваль": an opener that ends on a date
OPENER_TO_DATE = re.compile(
    rf"^(?:{'|'.join(sorted(lang.all_words('FUNCTION_WORDS') - {'the', 'a', 'an'}))})\s"
    rf"[^,]{{0,80}}?\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\b\s*(?=\S)",
    re.I,
)


def clean_source(phrase: str) -> tuple[str, str]:
    """The source's name as the article gives it, and its description ("" when
    none): "На 1 декември сирийското министерство на отбраната" → the
    ministry; "Rami Abdulrahman, head of SOHR" → ("Rami Abdulrahman", "head of SOHR")."""
    text = " ".join(phrase.replace("\u00a0", " ").split()).strip(' .,;:-–—"“”„«»')
    text = NOT_SAID.sub("", PLACE_LINE.sub("", OPENER_TO_DATE.sub("", text)))
    for _ in range(3):
        before = text
        text = LEAD.sub("", text).strip(" ,")
        text = TIME.sub(" ", text)
        text = " ".join(text.split()).strip(" ,")
        text = TRAIL.sub("", text).strip(" ,")
        text = INSIDE.sub("", text)
        text = STATEMENT_OF.sub("", text).strip(" ,")
        text = DATA_OF.sub("", FROM.sub("", ABOUT_THIS.sub("", text)))
        if text == before:
            break
    text = text.strip(' ,.;:-–—"“”„«»')
    if text.count('"') % 2:  # 'източници на "Ройтерс': a quote cut in two
        text = text.replace('"', "")
    description = ""
    if ", " in text:
        name, description = text.split(", ", 1)
        if len(name.split()) >= 1 and len(name) >= 2:
            text = name
    return closed_quotes(text.strip(' ,"“”„«»')), description.strip(" ,")


def closed_quotes(text: str) -> str:
    """The closing mark a strip took from a quoted name at the end ("Бригада
    «Берег»" stays whole; a name wholly in quotation marks loses both)."""
    for opening, closing in (("«", "»"), ("„", "“")):
        if text.count(opening) > text.count(closing) and not text.startswith(opening):
            text += closing
    return text


def is_pronoun(phrase: str) -> bool:
    """Whether a phrase opens with a bare pronoun ("he", "вони"), not a title
    or a body pointing back ("the president", "Армията")."""
    words = phrase.split()
    return bool(words) and words[0].lower().strip(",") in _PRONOUNS


def points_back(name: str) -> bool:
    """Whether the phrase only points at a source named before it."""
    return bool(POINTERS.match(name.strip()))


# --- what a source phrase is: a name, a pointer back, an unnamed source, or no one ---------

NAME, POINTER, UNNAMED, NO_ONE = "name", "pointer", "unnamed", "no one"
MAX_SOURCE_WORDS = 12
_WORD = re.compile(r"[\w’'@.-]+")
_NOT_SOURCES = lang.all_words("NOT_SOURCES")
_PRONOUNS = lang.all_words("PRONOUNS")
_AUX = lang.all_words("AUX")
_FUNCTION = lang.all_words("FUNCTION_WORDS")
_OPENING_FUNCTION = _FUNCTION - {"the", "a", "an"}
_QUANTIFIERS = lang.all_words("QUANTIFIERS")
# "кореспондент каналу в Анкарі": the outlet (a pointer back here), then where the reporter is
_REPORTER_OF = re.compile(
    rf"^(?:{lang.alternation('REPORTERS')})\s+(?P<outlet>\S+)(?:\s+(?:в|у|in|във)\s+\S+)?$", re.I
)
_SPEAKERS = re.compile(rf"^(?:{lang.alternation('SPEAKERS')})", re.I)
_UNNAMED = re.compile(rf"(?<!\w)(?:{lang.alternation('UNNAMED')})(?!\w)", re.I)
_ACRONYM = re.compile(rf"^[{CAP}]{{2,}}$")
_HANDLE_OR_SITE = re.compile(r"^@\w+|\w\.(?:com|org|net|ru|ua|bg|uk|info|news|tv)\b", re.I)
_QUOTED_NAME = re.compile(r"[\"„“«][^\"„“”«»]{2,60}[\"”“»]")
# what an unnamed source sits in: "a source in the ministry", "джерело в СБУ",
# "источник в Минобороны", "close to the Kremlin"
_IN = re.compile(
    r"^(?:in|at|within|inside|from|close to|near|of|with|в|във|от|у|із|з|из|при|"
    r"близ\w* до|близ\w* к|наближен\w* до)\s+",
    re.I,
)


# a person's name closing the phrase ("Иван Петров", "Ivan Petrov"): capital, then small letters
_TITLE_WORD = rf"[{CAP}][^\W\d{CAP}][\w’'-]*"
_PERSON_TAIL = re.compile(rf"(?:{_TITLE_WORD}\s+){{1,2}}{_TITLE_WORD}")


def _named_after(rest: str) -> bool:
    """ "представитель ВСУ Андрей Ковалев": a spokesman who is named, not an
    unnamed source; "источник в Хайят Тахрир" names where the source is,
    "a source in the Northern Army" the institution."""
    words = rest.strip(" ,").split()
    for size in (2, 3):  # "… України Тарас Кравець": the two words, not the country too
        name, before = words[-size:], words[:-size]
        if len(name) < size or not _PERSON_TAIL.fullmatch(" ".join(name)):
            return False
        if before and (_IN.match(before[-1] + " ") or before[-1].lower() in _FUNCTION):
            return False  # "представител на кабинета на Иван Горохов": whose office it is
        if not institutions_of(" ".join(name)) and not parties_of(" ".join(name)):
            return True
    return False


@dataclass(frozen=True)
class SourcePhrase:
    kind: str  # NAME, POINTER, UNNAMED or NO_ONE
    name: str  # cleaned
    institution: str = ""  # an unnamed source's organisation, when the phrase names one


def _common(word: str) -> bool:
    """A dictionary word of one of the desk's languages ("Fighting", "Фокус"
    are; "Reuters", "Укрінформ" are not)."""
    low = word.lower()
    return any(simplemma.is_known(low, lang=code) for code in lang.LANGUAGES)


def _says_who(words: list[str], phrase: str, inside: bool = False) -> bool:
    """Whether a phrase names someone: a name (a capitalised word past the
    first, an acronym, a handle, a site, a quoted name, a first word no
    dictionary has, or any capitalised first word when the phrase stands
    inside its sentence: "як повідомляє Суспільне"), or, among its first two
    content words, a party, an institution or a role ("the army", "Russian
    war bloggers")."""
    if _QUOTED_NAME.search(phrase) or any(_HANDLE_OR_SITE.search(w) for w in words):
        return True
    if any(_ACRONYM.match(w) for w in words):
        return True
    skip = _OPENING_FUNCTION | _QUANTIFIERS | {"the", "a", "an"}  # "a number of agencies"
    content = [w for w in words if w.lower() not in skip]
    if any(w[:1].isupper() for w in content[1:]):
        return True
    if content and content[0][:1].isupper() and (inside or not _common(content[0])):
        return True
    lead = " ".join(content[:2])
    parts = [part for w in content[:2] for part in w.split("-")]  # "пресс-служба", "экс-министр"
    return bool(parties_of(lead) or institutions_of(lead) or any(_SPEAKERS.match(p) for p in parts))


def _has_verb(words: list[str]) -> bool:
    """A finite verb past the first word: a clause ("the Kremlin reacted",
    "они сообщили"), not a name."""
    code = phrase_language(words)
    return any(
        is_finite_verb(word, code)
        or is_english_past(word, words[i + 1] if i + 1 < len(words) else "")
        for i, word in enumerate(words[1:], 1)
    )


COORDINATED = re.compile(rf"(?:{lang.alternation('COORDINATED')})", re.I)
BOTH = re.compile(rf"^(?:{lang.alternation('BOTH')})\s+", re.I)


def coordinated(phrase: str) -> list[str]:
    """ "пристанищната охрана, както и Морската администрация", "both the
    harbour master and the coast guard", "Y и W": the sources one by one
    when every part names someone; else the phrase whole ("Ministry of
    Defence and Security" stays one)."""
    parts = [p.strip(" ,") for p in COORDINATED.split(BOTH.sub("", phrase.strip()))]
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(source_phrase(p).kind in (NAME, UNNAMED) for p in parts):
        return parts
    return [phrase]


def is_clause(phrase: str) -> bool:
    """A phrase with a finite verb past its first word ("the footage showed
    fighting"): a clause, not a name."""
    words = _WORD.findall(phrase)
    return len(words) > 1 and _has_verb(words)


def source_phrase(phrase: str, *, inside: bool = False) -> SourcePhrase:
    """What the phrase before "said" is: a name to resolve, a pointer back at a
    speaker named earlier ("he", "the ministry"), an unnamed source and its
    organisation ("a source in HUR"), or no one (a verb phrase, a discourse
    marker, a relative clause, a time): never a source. `inside`: the phrase
    does not open its sentence, so a capital on its first word is a name's."""
    name, _description = clean_source(phrase)
    if not name:
        return SourcePhrase(NO_ONE, "")
    # words cleaned off before the name ("Під час візиту 17 вересня Герасимов"): it is inside
    inside = inside or not phrase.lstrip(' "“„«(—–-').startswith(name[:4])
    if points_back(name):
        return SourcePhrase(POINTER, name)
    if (reporter := _REPORTER_OF.match(name)) and points_back(reporter.group("outlet")):
        return SourcePhrase(POINTER, reporter.group("outlet"))  # "the channel's correspondent"
    words = _WORD.findall(name)
    low = [w.lower().strip(".") for w in words]
    if (
        not words
        or low[0] in _NOT_SOURCES
        or low[0] in _OPENING_FUNCTION
        or (low[0] in _PRONOUNS and len(words) > 1)
        or len(words) > MAX_SOURCE_WORDS
        or any(w in _AUX for w in low)
        or _has_verb(words)
    ):
        return SourcePhrase(NO_ONE, name)
    unnamed = _UNNAMED.search(name)
    if unnamed and not _named_after(name[unnamed.end() :]):
        after = _IN.sub("", name[unnamed.end() :].strip(" ,"), count=1)
        before = name[: unnamed.start()].strip(" ,")
        body = after if _IN.match(name[unnamed.end() :].strip(" ,")) else before
        body_words = _WORD.findall(body)
        if body_words and not _says_who(body_words, body):
            body = ""
        return SourcePhrase(UNNAMED, name, body)
    if _says_who(words, name, inside) or _QUOTED_NAME.fullmatch(phrase.strip(" ,.")):
        return SourcePhrase(NAME, name)  # a name in quotation marks is one: "«Білі шоломи»"
    return SourcePhrase(NO_ONE, name)


def opening_subject(sentence: str, code: str) -> str:
    """The name a sentence opens with, before its first finite verb ("The
    ministry's spokesman held a briefing" → "The ministry's spokesman"); ""
    when it opens with no name."""
    words = sentence.split()
    for n, word in enumerate(words[: MAX_SOURCE_WORDS + 1]):
        bare = word.strip(',.;:"“”„«»')
        following = words[n + 1] if n + 1 < len(words) else ""
        if n and (is_finite_verb(bare, code) or is_english_past(bare, following)):
            phrase = " ".join(words[:n]).strip(",")
            return phrase if source_phrase(phrase).kind in (NAME, UNNAMED) else ""
    return ""
