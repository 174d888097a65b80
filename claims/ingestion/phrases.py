"""Source phrases as an article writes them, cleaned to a name: no time or
connective words ("На 1 декември", "Meanwhile", "earlier", "also", "в
четвъртък"), no "in a statement", and the description after the name
("Rami Abdulrahman, head of the London-based Observatory") kept apart, as the
new source's affiliation. Also: the article's dateline agency ("AMMAN
(Reuters) -"), and whether a phrase only points back at a source already
named ("it", "the ministry", "the statement")."""

from __future__ import annotations

import re

from claims.ingestion import lang

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
FROM = re.compile(r"^(?:от|в|във|у|із|из)\s+(?=\w)", re.I)
TRAIL = re.compile(
    rf"(?:[\s,]+(?:{CONNECTIVES}|had|has|have|was|were|is|are|would|will|"
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
    r"(?:(?:официално|официалното|съвместно|свое|своє|своем|a|an|the|its)\s+)?"
    r"(?:изявление(?:то)?|съобщение(?:то)?|позиция(?:та)?|заяві|повідомленні|заявлении|"
    r"сообщении|statement|post|публикация(?:та)?|телеграм канала|telegram channel)\s+"
    r"(?:на|от|of|by|від|від імені)\s+",
    re.I,
)
DATELINE = re.compile(
    r"^\s*(?:[A-ZА-Я][A-ZА-Я .,'-]{1,40}?,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?)?"
    r"\((?P<agency>[A-Z][\w .-]{1,30}|[А-Я][\w .-]{1,30})\)\s*(?:[-–—]+|:)\s*"
)
POINTERS = re.compile(
    rf"^(?:{'|'.join(lang.all_words('PRONOUNS'))}|{lang.alternation('POINTERS')})$", re.I
)


# "DAMASCUS -" opening a sentence; "Пред телевизия X тя", "In an interview
# with X, he": the outlet spoken to passes it on.
PLACE_LINE = re.compile(r"^[A-ZА-Я][A-ZА-Я'-]{2,}(?:,\s*[A-Za-zА-Яа-я .]+)?\s+[-–—]\s+")
SPOKEN_TO = re.compile(
    r"^(?:пред|в интервю (?:за|пред)|in an interview with|speaking to|talking to|"
    r"в інтерв['’]ю|в интервью)\s+(?P<to>.+?),?\s+(?P<who>\S+)$",
    re.I,
)
# "SANA didn't comment on the incident, but": the speaker is the subject.
NOT_SAID = re.compile(
    r"\s+(?:didn't|did not|made no|declined|refused|had no|has not|had not|не коментира|"
    r"не е коментира|не коментував|не комментировал)\b.*$",
    re.I,
)


def spoken_to(phrase: str) -> tuple[str, str]:
    """ "Пред ливанската телевизия „Ал Маядин“ тя" → ("тя", "ливанската
    телевизия „Ал Маядин“"); ("phrase", "") when nobody is spoken to."""
    match = SPOKEN_TO.match(phrase.strip())
    return (match.group("who"), match.group("to")) if match else (phrase, "")


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


def dateline(paragraph: str) -> tuple[str, str]:
    """The agency of an "AMMAN (Reuters) -" opening and the paragraph after it."""
    match = DATELINE.match(paragraph)
    if not match:
        return "", paragraph
    return match.group("agency").strip(), paragraph[match.end() :]


def clean_source(phrase: str) -> tuple[str, str]:
    """The source's name as the article gives it, and its description ("" when
    none): "На 1 декември сирийското министерство на отбраната" → the
    ministry; "Rami Abdulrahman, head of SOHR" → ("Rami Abdulrahman", "head of SOHR")."""
    text = " ".join(phrase.replace("\u00a0", " ").split()).strip(' .,;:-–—"“”„«»')
    text = NOT_SAID.sub("", PLACE_LINE.sub("", text))
    for _ in range(3):
        before = text
        text = LEAD.sub("", text).strip(" ,")
        text = TIME.sub(" ", text)
        text = " ".join(text.split()).strip(" ,")
        text = TRAIL.sub("", text).strip(" ,")
        text = INSIDE.sub("", text)
        text = STATEMENT_OF.sub("", text).strip(" ,")
        text = FROM.sub("", text)
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
    return text.strip(' ,"“”„«»'), description.strip(" ,")


def points_back(name: str) -> bool:
    """Whether the phrase only points at a source named before it."""
    return bool(POINTERS.match(name.strip()))
