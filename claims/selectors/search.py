"""Search over the claims: full text, word forms, the vocabulary's
correction of a misspelling, and the same claim in another language."""

import re

from django.contrib.postgres.search import (
    SearchQuery,
)
from django.db import connection
from django.db.models import Case, FloatField, Q, QuerySet, Value, When

from claims.lemmas import WORD, query_forms
from claims.matching import index
from claims.matching.embeddings import (
    claim_vector,
)
from claims.models import Claim, SearchWord

# two words or more join the full-text matches, best first (a single word is
# served by the full text and the lemmas; embedding it would cost more than
# the search). With the `query:` prefix alone (since stop 20) 0.87 keeps the
# trade-off 0.88 had before on the matching set: 68 % of same-claim pairs
# within it, 6.6 % of pairs of different claims.
SEARCH_NEAR = 0.87
SEARCH_NEAR_K = 20


# A search's words: what one request may ask for (each word costs a lookup
# of its forms and a trigram correction; two or more, an embedding).
SEARCH_MAX_CHARS = 200
SEARCH_MAX_WORDS = 12


def search_refusal(text: str) -> str | None:
    """Why a search text is refused (too long, too many words), or None."""
    if len(text) > SEARCH_MAX_CHARS:
        return f"Search for at most {SEARCH_MAX_CHARS} characters."
    if len(WORD.findall(text)) > SEARCH_MAX_WORDS:
        return f"Search for at most {SEARCH_MAX_WORDS} words."
    return None


def claim_search(queryset: QuerySet[Claim], *, text: str) -> QuerySet[Claim]:
    """Search over both texts and the original's word forms (websearch
    syntax: "quoted phrase", OR, -word), joined by the claims that say the
    same in another language (embeddings), each row annotated with its
    `relevance`: the embedding similarity of a cross-lingual neighbour, 0
    for a full-text match only (the list orders by it, then newest first).

    A word no claim contains is first corrected to the nearest word that
    one does (trigram similarity over the search vocabulary), so misspelt
    queries ("Karnz", "Sarakib") still find; a Cyrillic word is also
    searched as its lemmas (claims.lemmas: "бунтовниците" finds
    "бунтовници"). Full-text matches are not ranked among themselves:
    ranking every match of a common word costs in proportion to the
    matches, not to the page. SQLite gets a plain substring match. A text
    past the limits (`search_refusal`) is cut to them: the API refuses it
    first, with a 400 naming `search`."""
    text = text.strip()[:SEARCH_MAX_CHARS]
    text = " ".join(text.split()[:SEARCH_MAX_WORDS])
    if not text:
        return queryset
    near = _search_neighbours(text)
    relevance = Case(
        *(When(pk=pk, then=Value(score)) for pk, score in near.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )
    words = WORD.findall(text)
    if connection.vendor != "postgresql":
        folded = text.casefold()  # in every script, not ASCII only (config.lookups)
        matches = Q(text__casefold__contains=folded) | Q(text_en__casefold__contains=folded)
        if len(words) == 1:
            for form in query_forms(words[0])[1:]:
                form = form.casefold()
                matches |= Q(lemmas__contains=form) | Q(text__casefold__contains=form)
        return queryset.filter(matches | Q(pk__in=near)).annotate(relevance=relevance)
    query = _word_forms_query(text, words)
    corrected = search_corrected(text)
    if corrected is not None:
        websearch = SearchQuery(corrected, config="simple", search_type="websearch") | SearchQuery(
            corrected, config="english", search_type="websearch"
        )
        query = websearch if query is None else query | websearch
    if query is None and not near:
        return queryset.annotate(relevance=relevance).none()
    matches = Q(search_vector=query) if query is not None else Q(pk__in=[])
    return queryset.filter(matches | Q(pk__in=near)).annotate(relevance=relevance)


def _word_forms_query(text: str, words: list[str]) -> SearchQuery | None:
    """Each word as itself or any of its lemmas, all words required, when
    some word has a lemma of its own and the query uses no websearch
    syntax (quotes, OR, -word)."""
    if not words or re.search(r'["\-]|\bOR\b', text):
        return None
    forms = [query_forms(word) for word in words]
    if all(len(f) == 1 for f in forms):
        return None
    raw = " & ".join("(" + " | ".join(f"'{form}'" for form in f) + ")" for f in forms)
    return SearchQuery(raw, config="simple", search_type="raw")


def _search_neighbours(text: str) -> dict[int, float]:
    """Claims whose embedding is at least SEARCH_NEAR to the query's, any
    language, with their similarity; none for a one-word query."""
    if len(WORD.findall(text)) < 2:
        return {}
    return {
        pk: round(cosine, 4)
        for pk, cosine in index.nearest(claim_vector(text), SEARCH_NEAR_K)
        if cosine >= SEARCH_NEAR
    }


def search_corrected(text: str) -> str | None:
    """`text` with each word that no claim contains replaced by the most
    similar word one does, if any is similar enough; None when no word of
    it is, or is near, a word of any claim: nothing can match, and the
    database need not look (one query, on the vocabulary table of
    migration claims 0006)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.lexeme,
                   EXISTS (SELECT 1 FROM {words} w WHERE w.word = t.lexeme),
                   (SELECT w.word FROM {words} w
                     WHERE w.word %% t.lexeme ORDER BY w.word <-> t.lexeme LIMIT 1)
              FROM unnest(to_tsvector('simple', %s)) t
            """.format(words=connection.ops.quote_name(SearchWord._meta.db_table)),
            [text],
        )
        found = False
        for word, known, nearest in cursor.fetchall():
            if known:
                found = True
            elif nearest:
                found = True
                text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", nearest, text, flags=re.I)
    return text if found else None
