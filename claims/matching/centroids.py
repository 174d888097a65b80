"""Each language's mean claim embedding: the corpus statistics the hybrid
score centers vectors with (claims.matching.scoring.Centroids).

Kept in the database beside the embeddings (`EmbeddingCentroid`), so every
web and worker process reads the same figures. A language's mean is
recomputed from its rows when a batch of its claims is embedded while it has
few (cheap, and where one claim moves the mean), and for every language
whenever the vector index is rebuilt (claims.matching.index.rebuild), which
reads every vector anyway. A mean a few hundred claims old is as good as a
fresh one: it drifts slowly once a language has many claims."""

from __future__ import annotations

import time
from collections.abc import Iterable

import numpy as np

from claims.matching.embeddings import embedder, from_bytes, to_bytes
from claims.matching.scoring import Centroids
from claims.models import ClaimEmbedding, EmbeddingCentroid

RECOMPUTE_BELOW = 5000  # a language with fewer claims is recomputed at each batch
CACHE_SECONDS = 60
_cached: dict[str, tuple[float, Centroids]] = {}


class Sums:
    """Running sums of vectors per language, for one pass over the rows."""

    def __init__(self):
        self.sums: dict[str, tuple[int, np.ndarray]] = {}

    def add(self, language: str, vector: np.ndarray) -> None:
        self.add_rows([language], vector.reshape(1, -1))

    def add_rows(self, languages: list[str], vectors: np.ndarray) -> None:
        """Many rows at once: `languages[i]` is the language of `vectors[i]`."""
        codes = np.asarray(languages)
        for language in set(languages):
            mine = vectors[codes == language]
            count, total = self.sums.get(language, (0, 0.0))
            self.sums[language] = (count + len(mine), total + mine.sum(axis=0, dtype=np.float64))

    def save(self) -> None:
        model = embedder().name
        for language, (count, total) in self.sums.items():
            EmbeddingCentroid.objects.update_or_create(
                model=model,
                language=language,
                defaults={"count": count, "vector": to_bytes(total / count)},
            )
        _cached.clear()


def refresh(languages: Iterable[str]) -> None:
    """Recompute the means of these languages that have few claims (or
    none yet); the others wait for the next index rebuild."""
    model = embedder().name
    known = dict(
        EmbeddingCentroid.objects.filter(model=model, language__in=list(languages)).values_list(
            "language", "count"
        )
    )
    due = [language for language in languages if known.get(language, 0) < RECOMPUTE_BELOW]
    if not due:
        return
    rows = ClaimEmbedding.objects.filter(model=model, claim__language__in=due)
    sums = Sums()
    for language, vector in rows.values_list("claim__language", "vector").iterator(
        chunk_size=10_000
    ):
        sums.add(language, from_bytes(vector))
    sums.save()


def centroids() -> Centroids:
    """The stored means, read at most once a minute per process."""
    model = embedder().name
    now = time.monotonic()
    hit = _cached.get(model)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    means = {
        language: (count, from_bytes(vector))
        for language, count, vector in EmbeddingCentroid.objects.filter(model=model).values_list(
            "language", "count", "vector"
        )
    }
    result = Centroids.from_means(means)
    _cached[model] = (now, result)
    return result
