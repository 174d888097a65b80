"""The same claim in any language: by embedding and latent terms
(`claims_matching_text`, `claims_matching_claim`) and by letters
(`claim_nearest_in_letters`, `claim_ids_near_in_letters`)."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.postgres.search import (
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest

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
from claims.models import Claim, ClaimEmbedding
from claims.selectors import claim_visible_to


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
