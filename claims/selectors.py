import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.postgres.search import (
    SearchQuery,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from claims.lemmas import WORD, query_forms
from claims.matching import index
from claims.matching.centroids import centroids
from claims.matching.embeddings import (
    claim_terms,
    claim_vector,
    embedder,
    from_bytes,
    terms_from_bytes,
)
from claims.matching.scoring import LIKELY_SAME, Text, hybrid
from claims.models import Attribution, Claim, ClaimEmbedding, SearchWord, Stance
from claims.permissions import can_see_the_desk_claims
from sources.models import Source
from sources.scales import RELIABILITY_ORDER
from sources.selectors import source_chains


def user_is_desk(user: User | AnonymousUser) -> bool:
    """The desk (staff with claim access) sees every claim and the private
    fields (workflow state, reviewers, the engine's suggestion); everyone
    else sees published claims only. The one place this is decided."""
    return user.is_authenticated and user.is_staff and can_see_the_desk_claims(user)


def claim_visible_to(user: User | AnonymousUser) -> QuerySet[Claim]:
    """Claims this user may see: the desk sees all; everyone else (anonymous
    users, API clients) only claims that have been published, retracted ones
    included and marked as such."""
    if user_is_desk(user):
        return Claim.objects.all()
    return Claim.objects.ever_public()


def attribution_chains(
    *, claim: Claim | None = None, claim_id: int | None = None
) -> dict[int, list[Attribution]]:
    """For each attribution of the claim (given as an object or by id), its
    chain from itself to its origin.

    One query for the whole claim, whatever the depth of the chains.
    """
    claim_id = claim.pk if claim is not None else claim_id
    attributions = Attribution.objects.filter(claim_id=claim_id).select_related("source")
    return _chains(list(attributions.order_by("pk")))


def attribution_origin(attribution: Attribution) -> Attribution:
    """The end of the attribution's `via` chain: who first said it."""
    return attribution_chains(claim=attribution.claim)[attribution.pk][-1]


@dataclass
class Origin:
    """One independent origin of a claim: the organisation at the top of the
    origin sources' parent chains. A channel and the service that owns it are
    one origin; ten outlets relaying one Telegram post are one origin."""

    root: Source
    sources: list[Source] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)  # chain ends
    relays: list[Attribution] = field(default_factory=list)
    reliability: str = ""  # "" when no source on the way up is graded
    grades: list[str] = field(default_factory=list)  # of `sources`, in order

    def add_end(self, end: Attribution, grade: str) -> None:
        """One of the origin's chain ends, with its source's grade (its own
        or its nearest graded parent's). A group of sources takes the more
        cautious grade."""
        self.attributions.append(end)
        if all(source.pk != end.source_id for source in self.sources):
            self.sources.append(end.source)
            self.grades.append(grade)
            self.reliability = cautious_grade(self.grades)

    @property
    def stances(self) -> set[str]:
        return {a.stance for a in self.attributions}

    @cached_property
    def stance(self) -> str:
        """What this origin says, taken together; asserting and denying at
        once reads as questioning. Read once its chain ends are all in."""
        stances = self.stances
        if Stance.ASSERTS in stances and Stance.DENIES in stances:
            return Stance.QUESTIONS
        for stance in (Stance.DENIES, Stance.ASSERTS, Stance.REPORTS_RUMOUR):
            if stance in stances:
                return stance
        return Stance.QUESTIONS

    @property
    def relay_languages(self) -> list[str]:
        """The languages the relays passed it on in (the languages of the
        claims of the cluster they are on)."""
        return sorted({getattr(r, "claim_language", "") for r in self.relays} - {""})

    def _label(self, source: Source) -> str:
        """A source as its chain ends name it: "an unnamed source in HUR" when
        only unnamed people of it spoke."""
        ends = [a for a in self.attributions if a.source_id == source.pk]
        if ends and all(a.unnamed for a in ends):
            return _("an unnamed source in %(source)s") % {"source": source.name}
        return source.name

    @property
    def name(self) -> str:
        names = [self._label(s) for s in self.sources]
        return names[0] if len(names) == 1 else f"{self.root.name} ({', '.join(names)})"


def cautious_grade(grades: Iterable[str]) -> str:
    """An origin's grade when its sources have several: the more cautious."""
    known = [g for g in grades if g and g in RELIABILITY_ORDER]
    return max(known, key=RELIABILITY_ORDER.index) if known else ""


_ORDER = RELIABILITY_ORDER + "F"


def origin_order(origin: Origin) -> tuple[int, str]:
    """Origins are listed most reliable first, then by name."""
    grade = origin.reliability
    return (_ORDER.index(grade) if grade else len(_ORDER), origin.root.name)


def origins_of(
    claim: Claim | None,
    *,
    attributions: list[Attribution] | None = None,
    lineage: dict[int, list[Source]] | None = None,
) -> list[Origin]:
    """The claim's independent origins, most reliable first, counted across
    its cluster: an origin reached through several claims is one origin.

    Follows `via` to each chain's end, then groups ends whose sources share a
    top organisation. An origin's reliability is its source's grade, or the
    nearest graded parent's; the more cautious grade when a group has several.
    A constant number of queries whatever the number or depth of chains;
    none when `attributions` (with sources) and the `lineage` of their
    sources are given, as the batch recompute does.
    """
    if attributions is None:
        attributions = cluster_attributions([claim.pk]).get(claim.pk, [])
    chains = _chains(attributions)
    ends = {chain[-1].pk: chain[-1] for chain in chains.values()}
    if lineage is None:
        lineage = source_chains({a.source_id: a.source for a in ends.values()}.values())

    origins: dict[int, Origin] = {}
    for end in sorted(ends.values(), key=lambda a: a.pk):  # sources in the order first said
        line = lineage[end.source_id]
        grade = next((s.reliability for s in line if s.reliability), "")
        origins.setdefault(line[-1].pk, Origin(root=line[-1])).add_end(end, grade)
    for attribution in attributions:
        end = chains[attribution.pk][-1]
        if attribution.pk != end.pk:
            origins[lineage[end.source_id][-1].pk].relays.append(attribution)
    return sorted(origins.values(), key=origin_order)


@dataclass(eq=False, slots=True)
class SourceRow:
    """What origin counting reads of a source: the batch recompute builds
    its origins from these plain rows (verify/confidence/inputs_sql.py) instead of
    model instances."""

    pk: int
    name: str
    parent_id: int | None
    reliability: str


@dataclass(eq=False, slots=True)
class AttributionRow:
    """What origin counting reads of an attribution (see `SourceRow`)."""

    pk: int
    claim_id: int
    via_id: int | None
    stance: str
    source_id: int
    source: SourceRow
    claim_language: str
    unnamed: bool = False


def attributions_by_claim(claim_ids: Iterable[int]) -> dict[int, list[Attribution]]:
    """Each claim's attributions with their sources, oldest first, each with
    the `claim_language` it was said in; one query."""
    attributions: dict[int, list[Attribution]] = defaultdict(list)
    for attribution in (
        Attribution.objects.filter(claim_id__any=list(claim_ids))
        .select_related("source")
        .annotate(claim_language=F("claim__language"))
        .order_by("id")
    ):
        attributions[attribution.claim_id].append(attribution)
    return attributions


def cluster_ids(claim_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each claim, the ids of the claims in its cluster (the claims a
    reviewer linked as the same claim), itself included, oldest first; a
    claim in no cluster is its own. Two indexed queries."""
    ids = list(claim_ids)
    root_of = dict(Claim.objects.filter(pk__any=ids).values_list("pk", "same_as_id"))
    roots = {root or pk for pk, root in root_of.items()}
    members: dict[int, list[int]] = {root: [root] for root in roots}
    for pk, root in Claim.objects.filter(same_as_id__any=roots).values_list("pk", "same_as_id"):
        members[root].append(pk)
    return {pk: sorted(members[root or pk]) for pk, root in root_of.items()}


def cluster_closure(clusters: dict[int, list[int]]) -> dict[int, list[int]]:
    """`cluster_ids` extended to every member of the clusters it found."""
    return {pk: members for members in clusters.values() for pk in members}


def claim_cluster(claim: Claim, *, among: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """The other claims confirmed as the same claim as this one (`among`
    those given, e.g. the ones a user may see), oldest first; none when it is
    in no cluster. One query."""
    root = claim.same_as_id or claim.pk
    claims = Claim.objects.all() if among is None else among
    return claims.filter(Q(pk=root) | Q(same_as_id=root)).exclude(pk=claim.pk).order_by("pk")


def cluster_attributions(
    claim_ids: Iterable[int],
    *,
    clusters: dict[int, list[int]] | None = None,
) -> dict[int, list[Attribution]]:
    """Each claim's attributions together with those of every claim in its
    cluster: what its origins are counted on. Three queries; one when the
    `clusters` (from `cluster_ids`) are given."""
    if clusters is None:
        clusters = cluster_ids(claim_ids)
    own = attributions_by_claim({pk for members in clusters.values() for pk in members})
    return {
        pk: (
            own.get(members[0], [])  # in no cluster: already oldest first
            if len(members) == 1
            else sorted((a for m in members for a in own.get(m, [])), key=lambda a: a.pk)
        )
        for pk, members in clusters.items()
    }


def origins_by_claim(
    claims: Iterable[Claim | int], *, attributions: dict[int, list[Attribution]] | None = None
) -> dict[int, list[Origin]]:
    """`origins_of` for many claims (or claim ids) at once, across their
    clusters, in a constant number of queries (the clusters and their
    attributions, unless given, and one per level of parent organisations)."""
    ids = [getattr(c, "pk", c) for c in claims]
    if attributions is None:
        attributions = cluster_attributions(ids)
    lineage = source_chains(
        {a.source_id: a.source for pk in ids for a in attributions.get(pk, [])}.values()
    )
    return {
        pk: origins_of(None, attributions=attributions.get(pk, []), lineage=lineage) for pk in ids
    }


def _chains(attributions: list[Attribution]) -> dict[int, list[Attribution]]:
    by_id = {a.pk: a for a in attributions}
    chains: dict[int, list[Attribution]] = {}
    for attribution in attributions:
        chain, seen = [attribution], {attribution.pk}
        while chain[-1].via_id is not None and chain[-1].via_id not in seen:
            chain.append(by_id[chain[-1].via_id])
            seen.add(chain[-1].pk)
        chains[attribution.pk] = chain
    return chains


# Cross-lingual search: the claims whose embedding is this near a query of
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


def claim_nearest_in_letters(
    *, text: str, language: str, threshold: float = 0.45
) -> tuple[Claim, float] | None:
    """The existing claim most like `text`, if it is alike enough: trigram
    similarity against the original texts, and against the English renderings
    when the text is English (how claims in other languages are found)."""
    if connection.vendor != "postgresql" or not text.strip():
        return None
    scores = [TrigramSimilarity("text", text)]
    if language == "en":
        scores.append(TrigramSimilarity("text_en", text))
    near = _trigram_near(text, language)
    best = (
        Claim.objects.filter(near, duplicate_of__isnull=True)
        .annotate(score=Greatest(*scores) if len(scores) > 1 else scores[0])
        .filter(score__gte=threshold)
        .order_by("-score", "-id")
        .first()
    )
    return (best, best.score) if best else None


@dataclass
class Similar:
    claim: Claim
    score: float  # the hybrid score, 0…1 (claims.matching.scoring)
    cosine: float
    likely_same: bool
    linked: bool = False  # already confirmed as the same claim (one cluster)


def claims_matching_text(
    *,
    user: User | AnonymousUser,
    text: str,
    language: str = "",
    text_en: str = "",
    embedding: ClaimEmbedding | None = None,
    exclude: int | None = None,
    limit: int = 10,
) -> list[Similar]:
    """The claims this user may see that say the same as `text`, in any
    language, best first: the vector index's nearest (embeddings), joined
    by trigram neighbours in the same script, ranked by the hybrid score.
    `embedding` is the stored one when the query is a filed claim."""
    if embedding is not None and embedding.model == embedder().name:
        vector, terms = from_bytes(embedding.vector), terms_from_bytes(embedding.terms)
    else:
        vector, terms = claim_vector(text, text_en), terms_from_bytes(claim_terms(text, text_en))
    pool = max(limit * 5, 50)
    nearest = {pk for pk, _ in index.nearest(vector, pool + 1)}
    near = claim_ids_near_in_letters(text=text, language=language, limit=20)
    visible = claim_visible_to(user).filter(pk__in=nearest | set(near))
    if exclude is not None:
        visible = visible.exclude(pk=exclude)
    claims = [c for c in visible.select_related("embedding").defer("search_vector") if _embedded(c)]
    if not claims:
        return []
    others = [
        Text(
            f"{c.text} {c.text_en}",
            c.language,
            from_bytes(c.embedding.vector),
            terms_from_bytes(c.embedding.terms),
        )
        for c in claims
    ]
    scores = hybrid(Text(f"{text} {text_en}", language, vector, terms), others, centroids())
    ranked = sorted(zip(claims, others, scores, strict=True), key=lambda row: (-row[2], -row[0].pk))
    return [
        Similar(
            claim,
            round(float(score), 4),
            round(float(other.vector @ vector), 4),
            score >= LIKELY_SAME,
        )
        for claim, other, score in ranked[:limit]
    ]


def claims_to_embed() -> QuerySet[Claim]:
    """Claims with no embedding under the configured model: never embedded,
    or embedded by another model (or an earlier version of this one)."""
    return Claim.objects.filter(
        Q(embedding__isnull=True) | ~Q(embedding__model=embedder().name)
    ).order_by("pk")


def _embedded(claim: Claim) -> bool:
    """Whether the claim has an embedding by the configured model yet (a
    trigram neighbour filed a moment ago may not, nor one the sweep has not
    re-embedded since a model change: it is left out until its task ran)."""
    try:
        return claim.embedding.model == embedder().name
    except ClaimEmbedding.DoesNotExist:
        return False


def claims_matching_claim(
    *, user: User | AnonymousUser, claim: Claim, limit: int = 10
) -> list[Similar]:
    """`claims_matching_text` for a filed claim (its stored embedding when it has
    one), each marked `linked` when a reviewer already put it in the claim's
    cluster."""
    similar = claims_matching_text(
        user=user,
        text=claim.text,
        language=claim.language,
        text_en=claim.text_en,
        embedding=ClaimEmbedding.objects.filter(claim=claim).first(),
        exclude=claim.pk,
        limit=limit,
    )
    root = claim.same_as_id or claim.pk
    for item in similar:
        item.linked = (item.claim.same_as_id or item.claim.pk) == root
    return similar


def _trigram_near(text: str, language: str) -> Q:
    """`%`: claims close in letters, through the trigram indexes; English
    text is compared with the English renderings too."""
    near = Q(text__trigram_similar=text)
    if language == "en":
        near |= Q(text_en__trigram_similar=text)
    return near


def claim_ids_near_in_letters(*, text: str, language: str, limit: int = 20) -> list[int]:
    """Claims whose text is close in letters (trigrams; PostgreSQL only)."""
    if connection.vendor != "postgresql" or not text.strip():
        return []
    near = _trigram_near(text, language)
    return list(Claim.objects.filter(near).order_by("-id").values_list("pk", flat=True)[:limit])
