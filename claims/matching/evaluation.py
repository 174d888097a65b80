"""Scoring the matcher on a matching set (`../shared/data/matching-dev.json`):
events, each reported in several languages (its mentions), and near-miss
distractors about the same places and people.

Each mention is a query against every other mention and every distractor,
ranked by the hybrid score: success@k is the share of queries with a mention
of the same event in the top k, MRR the mean of 1 / the first right rank.
A distractor counts as "above the threshold" when it scores at least
`LIKELY_SAME` against any mention of the event it is near to; the same-claim
pairs' own share above the threshold is given beside it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from claims.ingestion.evaluation import ratio
from claims.matching.embeddings import claim_terms, claim_vector, terms_from_bytes
from claims.matching.scoring import LIKELY_SAME, Centroids, Text, hybrid


@dataclass
class Item:
    text: str
    language: str
    event: str
    distractor: bool = False


@dataclass
class MatchingScore:
    queries: int = 0
    success_at_1: float = 0.0
    success_at_5: float = 0.0
    mrr: float = 0.0
    distractors: int = 0
    distractors_above: int = 0
    same_pairs: int = 0
    same_pairs_above: int = 0
    misses: list[str] = field(default_factory=list)  # queries whose right mention is not first


def load(path: Path) -> list[Item]:
    data = json.loads(Path(path).read_text())
    items = [
        Item(m["text"], m["language"], event["id"])
        for event in data["events"]
        for m in event["mentions"]
    ]
    items += [Item(d["text"], d["language"], d["near_event"], True) for d in data["distractors"]]
    return items


def score_matrix(items: list[Item], *, centered: bool = True) -> np.ndarray:
    """Every item scored against every other, as the product scores a claim
    against its neighbours; the set itself is the corpus the language means
    are taken from, as the desk's claims are in the product (`centered=False`:
    as a desk with fewer than `CORPUS_MIN` claims, where none are)."""
    vectors = np.vstack([claim_vector(item.text) for item in items])
    sides = [
        Text(item.text, item.language, vectors[i], terms_from_bytes(claim_terms(item.text)))
        for i, item in enumerate(items)
    ]
    languages = [item.language for item in items]
    means = Centroids.of(vectors, languages) if centered else Centroids({}, None)
    return np.vstack([hybrid(side, sides, means) for side in sides])


def evaluate(
    items: list[Item], threshold: float = LIKELY_SAME, *, centered: bool = True
) -> MatchingScore:
    scores = score_matrix(items, centered=centered)
    result = MatchingScore()
    for i, item in enumerate(items):
        if item.distractor:
            continue
        order = [j for j in np.argsort(-scores[i], kind="stable") if j != i]
        right = [r for r, j in enumerate(order) if _same(items[j], item)]
        if not right:
            continue
        first = right[0]
        result.queries += 1
        result.success_at_1 += first == 0
        result.success_at_5 += first < 5
        result.mrr += 1 / (first + 1)
        if first:
            top = items[order[0]]
            result.misses.append(
                f"[{item.language}] {item.text[:70]} → rank {first + 1}; first: "
                f"[{top.language}]{' (distractor)' if top.distractor else ''} {top.text[:60]}"
            )
        for j in range(i + 1, len(items)):
            if _same(items[j], item):
                result.same_pairs += 1
                result.same_pairs_above += scores[i, j] >= threshold
    for i, item in enumerate(items):
        if item.distractor:
            result.distractors += 1
            near = [scores[i, j] for j, other in enumerate(items) if _same(other, item)]
            result.distractors_above += bool(near) and max(near) >= threshold
    if result.queries:
        result.success_at_1 /= result.queries
        result.success_at_5 /= result.queries
        result.mrr /= result.queries
    return result


def _same(candidate: Item, query: Item) -> bool:
    return not candidate.distractor and candidate.event == query.event


def report(result: MatchingScore, threshold: float = LIKELY_SAME, *, details: bool = True) -> str:
    share = ratio(result.distractors_above, result.distractors)
    same = ratio(result.same_pairs_above, result.same_pairs)
    lines = [
        f"queries {result.queries}  success@1 {result.success_at_1:.2f}  "
        f"success@5 {result.success_at_5:.2f}  MRR {result.mrr:.2f}",
        f"threshold {threshold:.2f}: distractors above {result.distractors_above}/"
        f"{result.distractors} ({share:.0%}); same-claim pairs above "
        f"{result.same_pairs_above}/{result.same_pairs} ({same:.0%})",
    ]
    if details and result.misses:
        lines += ["", "not ranked first:", *(f"  {miss}" for miss in result.misses)]
    return "\n".join(lines)
