"""Scoring the matcher on a matching set (`../shared/data/matching-dev.json`,
`matching-dev-2.json`): events, each reported in several languages (its
mentions), and near-miss distractors about the same places and people.

Each mention is a query against every other mention and every distractor,
ranked by the hybrid score: success@k is the share of queries with a mention
of the same event in the top k, MRR the mean of 1 / the first right rank.
A distractor counts as "above the line" when it scores at least
`LIKELY_SAME` against any mention of the event it is near to; the same-claim
pairs' own share above the line is given beside it.

Nothing is fitted on the items it is measured on: the language means come
from an independent corpus of sentences (`corpus_means`: the ingestion dev
articles), and `fit` chooses the weights and the line on another set."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from itertools import product
from pathlib import Path

import numpy as np

from claims.ingestion import lang
from claims.ingestion.evaluation import ratio
from claims.matching.embeddings import claim_terms, claim_vector, embedder, terms_from_bytes
from claims.matching.scoring import (
    LIKELY_SAME,
    SAME_AT_UNCENTERED,
    WEIGHTS,
    Centroids,
    Weights,
    _cosine,
    calibrated,
    name_overlap,
    names,
    weighted_mean,
)

# where the weights are searched; the line is then set from the fit set's near misses
SHARES = (0.6, 0.7, 0.8, 0.9)
TERMS = (0.25, 0.5, 0.75, 1.0)
NAMES = (0.0, 0.25, 0.5)
NEAR_MISS_SHARE = 0.05  # the share of a fit set's near misses allowed above the line
LINE_MARGIN = 0.01  # the line sits this far above the highest near miss it must exclude


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
    weights: Weights = WEIGHTS


def load(path: Path) -> list[Item]:
    data = json.loads(Path(path).read_text())
    items = [
        Item(m["text"], m["language"], event["id"])
        for event in data["events"]
        for m in event["mentions"]
    ]
    items += [Item(d["text"], d["language"], d["near_event"], True) for d in data["distractors"]]
    return items


# --- the signals, computed once per set --------------------------------------------------


@dataclass
class Signals:
    items: list[Item]
    vectors: np.ndarray
    terms: np.ndarray  # pairwise cosine of the latent terms; NaN rows: a query without terms
    names: np.ndarray  # each row: the query's rare-name overlap with every item


def signals(items: list[Item]) -> Signals:
    vectors = np.vstack([claim_vector(item.text) for item in items])
    bags = [terms_from_bytes(claim_terms(item.text)) for item in items]
    terms = np.array([[_cosine(a, b) for b in bags] if a else [np.nan] * len(bags) for a in bags])
    found = [names(item.text) for item in items]
    overlap = np.array([name_overlap(found[i], found) for i in range(len(items))])
    return Signals(items, vectors, terms, overlap)


def corpus_means(texts: list[tuple[str, str]]) -> Centroids:
    """Language means from sentences that are neither set: (text, language) pairs."""
    sentences = [t for t, _ in texts]
    vectors = embedder().embed(sentences)  # as claim_vector embeds one text, in one batch
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return Centroids.of(vectors, [language for _, language in texts])


SENTENCE_END = re.compile(rf"(?<=[.!?…])\s+(?=[\"«„“(]?[{lang.CAPITAL}0-9])")


def article_sentences(gold_paths: list[Path], *, limit: int = 60) -> list[tuple[str, str]]:
    """The sentences of the articles beside ingestion gold files, each with
    its article's language (up to `limit` per article, 30+ characters)."""
    out: list[tuple[str, str]] = []
    for gold in gold_paths:
        for article in json.loads(gold.read_text(encoding="utf-8")):
            text = (gold.parent / article["file"]).read_text(encoding="utf-8")
            sentences = [s.strip() for s in SENTENCE_END.split(" ".join(text.split()))]
            out += [(s, article["language"]) for s in sentences if len(s) >= 30][:limit]
    return out


def raw_scores(sig: Signals, means: Centroids, weights: Weights) -> np.ndarray:
    """Every item's weighted mean against every other, before calibration."""
    languages = [item.language for item in sig.items]
    pairs = zip(sig.vectors, languages, strict=True)
    centered = np.vstack([means.center(v, lang, weights.share) for v, lang in pairs])
    cosines = centered @ centered.T
    rows = []
    for i in range(len(sig.items)):
        terms = None if np.isnan(sig.terms[i]).all() else sig.terms[i]
        rows.append(weighted_mean(cosines[i], terms, sig.names[i], weights))
    return np.vstack(rows)


# --- the figures ---------------------------------------------------------------------------


def measure(sig: Signals, raw: np.ndarray, weights: Weights) -> MatchingScore:
    items = sig.items
    scores = calibrated(raw, weights.line)
    result = MatchingScore(weights=weights)
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
                result.same_pairs_above += scores[i, j] >= LIKELY_SAME
    for i, item in enumerate(items):
        if item.distractor:
            result.distractors += 1
            near = [scores[i, j] for j, other in enumerate(items) if _same(other, item)]
            result.distractors_above += bool(near) and max(near) >= LIKELY_SAME
    if result.queries:
        result.success_at_1 /= result.queries
        result.success_at_5 /= result.queries
        result.mrr /= result.queries
    return result


def evaluate(
    items: list[Item],
    *,
    means: Centroids | None = None,
    weights: Weights = WEIGHTS,
    centered: bool = True,
) -> MatchingScore:
    """The figures on `items`; language means from `means` (an independent
    corpus), else from the items themselves (the old, optimistic way), else
    none (`centered=False`: a desk with too few claims)."""
    sig = signals(items)
    if not centered:
        means = Centroids({}, None)
    elif means is None:
        means = Centroids.of(sig.vectors, [item.language for item in items])
    if not means.ready:
        weights = replace(weights, line=SAME_AT_UNCENTERED)
    return measure(sig, raw_scores(sig, means, weights), weights)


def fit(
    items: list[Item], means: Centroids, *, weights: Weights = WEIGHTS, search: bool = False
) -> Weights:
    """The line fitted on `items`: just above their near misses but the
    allowed share. `search`: the weights too, those ranking the same claim
    first best (MRR, then success@1) over a small grid; on sets this small
    the search fits the set more than the task (docs/matching.md)."""
    sig = signals(items)
    if search:
        best: tuple[tuple[float, float], Weights] | None = None
        for share, terms, name in product(SHARES, TERMS, NAMES):
            trial = Weights(share, terms, name, weights.line)
            result = measure(sig, raw_scores(sig, means, trial), trial)
            key = (round(result.mrr, 4), round(result.success_at_1, 4))
            if best is None or key > best[0]:
                best = (key, trial)
        weights = best[1]
    return replace(weights, line=_line(sig, raw_scores(sig, means, weights), weights.line))


def _line(sig: Signals, raw: np.ndarray, default: float) -> float:
    """Just above the near misses' best scores against their events, but the
    allowed share of them."""
    items = sig.items
    near = sorted(
        (
            max(raw[i, j] for j, other in enumerate(items) if _same(other, item))
            for i, item in enumerate(items)
            if item.distractor
        ),
        reverse=True,
    )
    allowed = int(NEAR_MISS_SHARE * len(near))
    return round(float(near[allowed]) + LINE_MARGIN, 3) if len(near) > allowed else default


def _same(candidate: Item, query: Item) -> bool:
    return not candidate.distractor and candidate.event == query.event


def report(result: MatchingScore, *, details: bool = True) -> str:
    share = ratio(result.distractors_above, result.distractors)
    same = ratio(result.same_pairs_above, result.same_pairs)
    w = result.weights
    lines = [
        f"queries {result.queries}  success@1 {result.success_at_1:.2f}  "
        f"success@5 {result.success_at_5:.2f}  MRR {result.mrr:.2f}",
        f"line {w.line:.3f} (share {w.share}, terms {w.terms}, names {w.names}): near misses "
        f"above {result.distractors_above}/{result.distractors} ({share:.0%}); same-claim pairs "
        f"above {result.same_pairs_above}/{result.same_pairs} ({same:.0%})",
    ]
    if details and result.misses:
        lines += ["", "not ranked first:", *(f"  {miss}" for miss in result.misses)]
    return "\n".join(lines)
