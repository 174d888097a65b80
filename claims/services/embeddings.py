"""Writing claim embeddings (the vector index's source of truth)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from claims.matching import centroids, index
from claims.matching.embeddings import (
    batch_terms,
    batch_vectors,
    embedder,
    text_hash,
    to_bytes,
)
from claims.models import Claim, ClaimEmbedding
from claims.selectors.similar import claims_to_embed
from config.celery_app import enqueue_on_commit

BATCH = 64  # claims embedded per task
SWEEP_AFTER_SECONDS = 600  # a claim's own task may still come before this


def claim_embeddings_queue(claim_ids: Iterable[int]) -> None:
    """Queue the embedding of these claims once the transaction commits, in
    batches."""
    ids = sorted(set(claim_ids))
    for start in range(0, len(ids), BATCH):
        enqueue_on_commit("claims.embed_claims", ids[start : start + BATCH])


def claim_embeddings_refresh(*, claim_ids: Iterable[int]) -> int:
    """(Re)compute the embeddings (vector and latent terms) of these claims
    whose text or model changed since; returns how many were written.
    Refreshes their languages' means while those have few claims, and
    queues an index rebuild when enough embeddings wait outside the file."""
    claims = list(
        Claim.objects.filter(pk__in=list(claim_ids)).only("pk", "text", "text_en", "language")
    )
    stored = {
        e.claim_id: (e.model, e.text_hash)
        for e in ClaimEmbedding.objects.filter(claim__in=claims).only(
            "claim_id", "model", "text_hash"
        )
    }
    model = embedder().name
    stale = [c for c in claims if stored.get(c.pk) != (model, text_hash(c.text, c.text_en))]
    pairs = [(claim.text, claim.text_en) for claim in stale]
    vectors, terms = batch_vectors(pairs), batch_terms(pairs)  # the batch through the model
    ClaimEmbedding.objects.bulk_create(
        [
            ClaimEmbedding(
                claim=claim,
                model=model,
                text_hash=text_hash(claim.text, claim.text_en),
                vector=to_bytes(vector),
                terms=packed,
                indexed=False,
            )
            for claim, vector, packed in zip(stale, vectors, terms, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["claim"],
        update_fields=["model", "text_hash", "vector", "terms", "indexed", "updated_at"],
    )
    if stale:
        centroids.refresh({claim.language for claim in stale})
    if stale and index.rebuild_due():
        transaction.on_commit(lambda: enqueue_on_commit("claims.rebuild_vector_index"))
    return len(stale)


def claim_embeddings_sweep(limit: int = 5000) -> int:
    """Queue the claims that have had no embedding under the configured
    model for a while (made while the broker was down, bulk-imported, or
    embedded by a model since replaced); the beat runs it."""
    cutoff = timezone.now() - timedelta(seconds=SWEEP_AFTER_SECONDS)
    missing = list(
        claims_to_embed().filter(created_at__lt=cutoff).values_list("pk", flat=True)[:limit]
    )
    claim_embeddings_queue(missing)
    return len(missing)
