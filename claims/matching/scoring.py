"""The hybrid score of two claims: the embeddings' cosine, plus how much of
the rarer names, places and numbers they share across scripts ("Хмеймим",
"Khmeimim" and "Хмеймім" are one name after transliteration).

The raw cosine alone ranks a right mention first for about half of the
matching set and puts near-miss claims about the same places above real
matches; the shared names pull the right one up. Weights and the "likely the
same claim" threshold are measured by `evaluate_matching`
(docs/matching.md)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from claims.ingestion.register import latin_key

NAME_WEIGHT = 0.15  # how much a full overlap of rare names adds to the cosine
STEM = 4  # letters of a transliterated name compared ("Хамы", "Hama": "hama")
LIKELY_SAME = 0.77  # a hybrid score from here on reads as "likely the same claim"
WORD = re.compile(r"[^\W\d_]+|\d+")


def names(text: str) -> Counter:
    """The capitalised words (names, places, units) and numbers of a text,
    transliterated and cut to their stem, so they compare across scripts."""
    found = Counter()
    for word in WORD.findall(text):
        if word.isdigit():
            found[f"#{word}"] += 1
        elif len(word) >= 4 and word[:1].isupper():
            key = latin_key(word).replace(" ", "")
            if len(key) >= 3:
                found[key[:STEM]] += 1
    return found


def _weights(bag: Counter, df: Counter, n: int) -> dict[str, float]:
    return {k: (1 + math.log(v)) * math.log((n + 1) / (df[k] + 0.5)) for k, v in bag.items()}


def name_overlap(query: Counter, others: Sequence[Counter]) -> list[float]:
    """Cosine of the query's names with each other text's, weighted by how
    rare each name is among the texts compared (the query and the others)."""
    pool = [query, *others]
    df = Counter(k for bag in pool for k in bag)
    q = _weights(query, df, len(pool))
    q_norm = math.sqrt(sum(v * v for v in q.values()))
    scores = []
    for bag in others:
        o = _weights(bag, df, len(pool))
        o_norm = math.sqrt(sum(v * v for v in o.values()))
        dot = sum(w * o.get(k, 0.0) for k, w in q.items())
        scores.append(dot / (q_norm * o_norm) if q_norm and o_norm else 0.0)
    return scores


def hybrid(cosines: np.ndarray, query_text: str, other_texts: Sequence[str]) -> np.ndarray:
    """The hybrid scores of one query against many texts, on 0…1."""
    overlap = np.asarray(
        name_overlap(names(query_text), [names(t) for t in other_texts]), dtype=np.float32
    )
    score = (np.asarray(cosines, dtype=np.float32) + NAME_WEIGHT * overlap) / (1 + NAME_WEIGHT)
    return np.clip(score, 0.0, 1.0)
