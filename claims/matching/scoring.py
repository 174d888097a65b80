"""The hybrid score of two claims, on 0…1.

Three signals, measured on the matching set by `evaluate_matching`
(docs/matching.md has the table):

- the embeddings' cosine after **centering**: multilingual-e5 puts every
  sentence of one language close to every other (same-language near misses
  outscored real matches across languages), so each vector has most of its
  language's mean vector taken off before comparing. The means are corpus
  statistics (claims.matching.centroids), a language with few claims
  borrowing from the mean of all. Below `CORPUS_MIN` claims the means are
  mostly the compared claims themselves, so vectors are left as they are
  (and the line below sits where it does for raw cosines);
- the **latent terms** of the model's sparse head: concepts shared across
  languages, a second, sharper view of what the sentence says;
- the rarer **names, places and numbers** shared across scripts
  ("Хмеймим", "Khmeimim" and "Хмеймім" are one name after transliteration).

Their weighted mean is then calibrated so that 0.5 is the "likely the same
claim" line: a score reads the same whatever the weights.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from claims.ingestion.register import latin_key

LANGUAGE_PRIOR = 3  # claims' worth of the overall mean a language's mean starts from
SAME_AT_UNCENTERED = 0.65  # the line before the corpus is large enough to center
CORPUS_MIN = 10  # claims embedded before vectors are centered
SPREAD = 0.08  # how fast the calibrated score rises around that line
LIKELY_SAME = 0.5  # a calibrated score from here on reads as "likely the same claim"
STEM = 4  # letters of a transliterated name compared, its vowel ending off ("Хамы", "Hama": "ham")
WORD = re.compile(r"[^\W\d_]+|\d+")


@dataclass(frozen=True)
class Weights:
    """What the hybrid score is made of, fitted by `evaluate_matching --fit-on`
    on one matching set with language means from an independent corpus, and
    measured on the other (docs/matching.md has both directions)."""

    share: float  # how much of its language's mean a vector loses
    terms: float  # the latent terms' cosine, beside the centered cosine's 1
    names: float  # a full overlap of rare names
    line: float  # the weighted mean from which two claims are likely the same


# The weights chosen on matching-dev.json; the line fitted there with language
# means from the ingestion dev articles' sentences (just above its near
# misses); measured on matching-dev-2.json, and the other way round:
# docs/matching.md, "Held out".
WEIGHTS = Weights(share=0.8, terms=0.5, names=0.25, line=0.552)


@dataclass
class Text:
    """One side of a comparison: a claim (or a sentence not filed yet) as
    the scorer sees it."""

    text: str
    language: str
    vector: np.ndarray
    terms: dict[int, float] = field(default_factory=dict)


@dataclass
class Centroids:
    """Each language's mean embedding and how many claims it is the mean
    of, with the mean over every language."""

    languages: dict[str, tuple[int, np.ndarray]]
    overall: np.ndarray | None
    count: int = 0

    @classmethod
    def of(cls, vectors: np.ndarray, languages: Sequence[str]) -> Centroids:
        groups: dict[str, list[int]] = {}
        for row, language in enumerate(languages):
            groups.setdefault(language, []).append(row)
        means = {k: (len(rows), vectors[rows].mean(axis=0)) for k, rows in groups.items()}
        return cls.from_means(means)

    @classmethod
    def from_means(cls, means: dict[str, tuple[int, np.ndarray]]) -> Centroids:
        total = sum(count for count, _ in means.values())
        overall = sum(count * mean for count, mean in means.values()) / total if total else None
        return cls(means, overall, total)

    @property
    def ready(self) -> bool:
        return self.overall is not None and self.count >= CORPUS_MIN

    def center(self, vector: np.ndarray, language: str, share: float = WEIGHTS.share) -> np.ndarray:
        if not self.ready:
            return vector
        count, mean = self.languages.get(language, (0, self.overall))
        shrunk = (count * mean + LANGUAGE_PRIOR * self.overall) / (count + LANGUAGE_PRIOR)
        centered = vector - share * shrunk
        return centered / (np.linalg.norm(centered) or 1.0)


def names(text: str) -> Counter:
    """The capitalised words (names, places, units) and numbers of a text,
    transliterated and cut to their stem, so they compare across scripts."""
    found = Counter()
    for word in WORD.findall(text):
        if word.isdigit():
            found[f"#{word}"] += 1
        elif len(word) >= 4 and word[:1].isupper():
            key = latin_key(word).replace(" ", "")
            # a case ending is a vowel: "Хама", "Хами", "Хаму", "Hama" are one place
            key = key.rstrip("aeiouy") or key
            if len(key) >= 3:
                found[key[:STEM]] += 1
    return found


def _weights(bag: Counter, df: Counter, n: int) -> dict[str, float]:
    return {k: (1 + math.log(v)) * math.log((n + 1) / (df[k] + 0.5)) for k, v in bag.items()}


def _cosine(a: dict, b: dict) -> float:
    norms = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return sum(w * b.get(k, 0.0) for k, w in a.items()) / norms if norms else 0.0


def name_overlap(query: Counter, others: Sequence[Counter]) -> list[float]:
    """Cosine of the query's names with each other text's, weighted by how
    rare each name is among the texts compared (the query and the others)."""
    pool = [query, *others]
    df = Counter(k for bag in pool for k in bag)
    q = _weights(query, df, len(pool))
    return [_cosine(q, _weights(bag, df, len(pool))) for bag in others]


def calibrated(mean: np.ndarray, line: float = WEIGHTS.line) -> np.ndarray:
    """The signals' weighted mean on 0…1, 0.5 at the "same claim" line."""
    return 1.0 / (1.0 + np.exp(-(np.asarray(mean, dtype=np.float64) - line) / SPREAD))


def weighted_mean(
    cosines: np.ndarray, terms: np.ndarray | None, overlap: np.ndarray, weights: Weights
) -> np.ndarray:
    """The signals' weighted mean, before calibration (`terms` None: the
    query has no latent terms, so they weigh nothing)."""
    total = 1 + (weights.terms if terms is not None else 0) + weights.names
    summed = cosines + weights.names * overlap
    if terms is not None:
        summed = summed + weights.terms * terms
    return summed / total


def hybrid(
    query: Text, others: Sequence[Text], centroids: Centroids, weights: Weights = WEIGHTS
) -> np.ndarray:
    """The calibrated scores of one text against many, on 0…1."""
    if not others:
        return np.zeros(0)
    q = centroids.center(query.vector, query.language, weights.share)
    cosines = np.array([q @ centroids.center(o.vector, o.language, weights.share) for o in others])
    terms = np.array([_cosine(query.terms, o.terms) for o in others]) if query.terms else None
    overlap = np.array(name_overlap(names(query.text), [names(o.text) for o in others]))
    line = weights.line if centroids.ready else SAME_AT_UNCENTERED
    return calibrated(weighted_mean(cosines, terms, overlap, weights), line)
