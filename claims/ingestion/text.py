"""From raw text or HTML to blocks: headings, paragraphs, embedded posts,
related-article links; and from paragraphs to sentences, in Bulgarian and
English."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import trafilatura
from trafilatura.utils import decode_file

from claims.ingestion import lang
from claims.ingestion.lang.morphology import is_finite_verb

# " date 2024-12 ..." at the very start, as the demo file has it.
METADATA = re.compile(
    r"^\s*(?:date|дата|published|публикувано)\s*:?\s*(?P<date>\d{4}-\d{2}(?:-\d{2})?)\s+", re.I
)
RELATED = re.compile(r"^(?:Още|Вижте още|Прочетете още|Read more|See also|Related)\s*:", re.I)
# "… pic.twitter.com/x — Clash Report (@clashreport) December 2, 2024"
POST_SIGNATURE = re.compile(
    r"\s*(?P<links>(?:(?:pic\.twitter\.com|https?://t\.co)/\S+\s*)*)"
    r"(?<=\s)(?:[—–]|-(?=\s))\s*(?P<name>[^()\n—–]{1,80}?)\s*\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})\s*$"
)
TRAILING_MEDIA = re.compile(r"\s*\((?:ВИДЕО|СНИМКИ|VIDEO|PHOTOS)\)\.?\s*$")
ABBREVIATIONS = {
    "ген", "полк", "подп", "г", "гр", "с", "т.е", "др", "мин", "проф", "бел", "ред", "млн", "млрд",
    "gen", "col", "lt", "maj", "sgt", "mr", "mrs", "ms", "dr", "st", "no", "vs", "e.g", "i.e",
    "u.s", "u.k", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "inc", "ltd", "approx",
}  # fmt: skip
LOWER = "a-zа-яёіїєґ"
# a full stop and a space before a capital, or a full stop run into the next
# sentence by a scraped page ("…в гавани.Паромы стоят"): a lower-case word of
# three letters before it and a capitalised word after (not "U.S.", "site.bg")
BOUNDARY = re.compile(
    rf"(?<=[.!?…])[\"'»“”]?\s+(?=[\"'„«“(]?[{lang.CAPITAL}0-9])"
    rf"|(?<=[{LOWER}]{{3}}[.!?])(?=[{lang.CAPITAL}][{LOWER}]{{2}})"
)


@dataclass
class Block:
    kind: str  # heading, paragraph, post, related
    text: str
    post: dict = field(default_factory=dict)  # name, handle, date, links for posts


@dataclass
class Document:
    blocks: list[Block]
    date: str = ""


class _TextOfHtml(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "section", "article",
              "tr", "header", "footer", "figcaption"}  # fmt: skip
    SKIP = {"script", "style", "noscript", "template", "svg", "nav"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def _fragment_text(markup: str) -> str:
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n\s*", "\n\n", text).strip()


# Markup pasted as text: a block tag opening the text, or several closing ones.
_MARKUP = re.compile(r"^\s*<(?:p|div|article|section|h[1-6]|html|body|span|br)\b[^>]*>", re.I)
_CLOSING = re.compile(r"</(?:p|div|h[1-6]|li|blockquote)>", re.I)


def looks_like_markup(text: str) -> bool:
    """Whether a text given as plain is in fact HTML (an article's source
    pasted into the text field): read it as HTML then, never its tags and
    style attributes as words."""
    return bool(_MARKUP.match(text)) or len(_CLOSING.findall(text[:20_000])) >= 3


def html_to_text(markup: str | bytes) -> str:
    """The article of a web page, as the extractor reads text: trafilatura
    finds the main text (menus, comments, "related" boxes and footers stay
    out; headings, paragraphs, block quotes and embedded posts stay in),
    the charset from the page's <meta> when given bytes, and the page's
    title (first, as a heading) and date (a leading "date …" line). A pasted
    fragment too small to be a page is read tag by tag."""
    if isinstance(markup, bytes):
        markup = decode_file(markup)
    document = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    if document is None or not (document.text or "").strip():
        return _fragment_text(markup)
    paragraphs = [line.strip() for line in document.text.split("\n") if line.strip()]
    if document.title and (not paragraphs or paragraphs[0] != document.title.strip()):
        paragraphs.insert(0, document.title.strip())
    if document.date:
        paragraphs.insert(0, f"date {document.date}")
    return "\n\n".join(paragraphs)


def _is_heading(text: str) -> bool:
    return "\n" not in text and len(text) <= 120 and not re.search(r"[.!?:…\"”“]\s*$", text)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs split at blank lines; a text pasted with one line per
    paragraph (no blank line at all) splits at every line, and inside a
    paragraph a line that ends a sentence ends the paragraph too (a hard
    wrap in mid-sentence does not; nor do the lines of an embedded post)."""
    if not re.search(r"\n\s*\n", text):
        return [line.strip() for line in text.split("\n") if line.strip()]
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        if POST_SIGNATURE.search(chunk):  # a post's lines stay with its signature
            paragraphs.append(chunk)
            continue
        paragraphs += re.split(rf"(?<=[.!?…\"”»])[ \t]*\n(?=\s*[\"“„«{lang.CAPITAL}])", chunk)
    return [p.strip() for p in paragraphs if p.strip()]


# "Фото: Mahmoud Hasano / Reuters" inside the text: a caption's credit, not prose
PHOTO_CREDIT = re.compile(
    rf"[ \t]*\b(?:{lang.alternation('PHOTO_LABEL')})\s*:\s*[^.\n/:]{{2,60}}?\s*/\s*"
    rf"[{lang.CAPITAL}][\w.-]*(?:[ \t](?!(?i:{lang.alternation('PHOTO_LABEL')})\b)"
    rf"[{lang.CAPITAL}][\w.-]*)?",
    re.I,
)


def split_blocks(raw: str, *, is_foreign=lambda text: False) -> Document:
    """Cut the article into blocks. An embedded post is the paragraph that
    ends with a post signature, together with the paragraphs just before it
    that are in another language than the article or are short list lines."""
    text = PHOTO_CREDIT.sub(" ", raw.replace("\r\n", "\n").replace("\u00a0", " ")).strip()
    date = ""
    meta = METADATA.match(text)
    if meta:
        date, text = meta.group("date"), text[meta.end() :]
    blocks: list[Block] = []
    for paragraph in _paragraphs(text):
        signature = POST_SIGNATURE.search(paragraph)
        if signature:
            body = [paragraph[: signature.start()].strip()]
            while (
                blocks
                and blocks[-1].kind in ("paragraph", "heading")
                and (is_foreign(blocks[-1].text) or len(blocks[-1].text) < 40)
            ):
                body.insert(0, blocks.pop().text)
            post = {k: signature.group(k).strip() for k in ("name", "handle", "date")}
            post["links"] = signature.group("links").split()
            blocks.append(Block("post", " ".join(b for b in body if b), post))
        elif RELATED.match(paragraph):
            blocks.append(Block("related", paragraph))
        elif _is_heading(paragraph):
            blocks.append(Block("heading", paragraph))
        else:
            blocks.append(Block("paragraph", " ".join(paragraph.split())))
    return Document(blocks=blocks, date=date)


def split_sentences(paragraph: str) -> list[str]:
    sentences, start = [], 0
    for match in BOUNDARY.finditer(paragraph):
        before = paragraph[start : match.start()].rstrip("\"'»“”")
        last_word = re.split(r"\s", before.rstrip(".!?…"))[-1].lower()
        if last_word in ABBREVIATIONS or len(last_word) == 1:  # "ген.", "U.S.", initials
            continue
        sentences.append(paragraph[start : match.start()].strip())
        start = match.end()
    sentences.append(paragraph[start:].strip())
    return [s for s in sentences if s]


def tidy(sentence: str, *, complete: bool = True) -> str:
    """A sentence as a claim: no media marker, no inline link to another story
    ("… укрепления: Първа ефективна отбрана … (ВИДЕО)"), a capital, and a
    full stop unless the text it came from was cut off (`complete` false):
    a cut-off sentence is shown as cut off, never completed."""
    if TRAILING_MEDIA.search(sentence):
        sentence = TRAILING_MEDIA.sub("", sentence).split(": ", 1)[0]
    sentence = sentence.strip(" ,;-–—")
    if complete and sentence and sentence[-1] not in ".!?…":
        sentence += "."
    return sentence[:1].upper() + sentence[1:]


def is_complete(sentence: str) -> bool:
    """Whether a sentence ends as sentences do (not cut off mid-way)."""
    return sentence.rstrip(" \"'»”“)").endswith((".", "!", "?", "…"))


ENGLISH_SUBJECT_PRONOUNS = {"it", "they", "he", "she"}


def restore_subject(claim: str, subject: str, code: str) -> str:
    """ "X said that Y" where Y has no subject of its own gets X's: Bulgarian,
    Ukrainian and Russian drop it ("…, че е изгубила контрола" → "Армията е
    изгубила контрола"), English says it with a pronoun ("said it shot
    down" → "Ukraine's air force shot down"). `subject`: the speaker as the
    article names it."""
    words = claim.split()
    if not words or not subject or code not in lang.LANGUAGES:
        return claim
    first = words[0].strip('"„«“').lower()
    if first in lang.words("IMPERSONAL", code):  # "няма загинали": no one's subject
        return claim
    if code == "en":
        if first in ENGLISH_SUBJECT_PRONOUNS and len(words) > 1:
            return f"{subject} {' '.join(words[1:])}"
        if first == "to" and len(words) > 2 and words[1].lower() in ("have", "be"):
            # "claimed to have taken the pier": the speaker has taken it
            head = subject.split()[-1]
            plural = head.islower() and head.endswith("s") and not head.endswith("ss")
            verb = {"have": ("has", "have"), "be": ("is", "are")}[words[1].lower()][plural]
            return f"{subject} {verb} {' '.join(words[2:])}"
        return claim
    following = words[1].lower() if len(words) > 1 else ""
    subjectless = (
        first in lang.words("AUX", code)
        or is_finite_verb(first.lower(), code)
        or (first in {"не", "ні", "нe"} and (following in lang.words("AUX", code)
                                             or is_finite_verb(following, code)))
    )  # fmt: skip
    return f"{subject} {claim[:1].lower()}{claim[1:]}" if subjectless else claim
