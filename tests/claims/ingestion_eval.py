"""Scoring ingestion output against an article's expected candidates."""

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sources.models import Source

DATA = Path(__file__).resolve().parents[1] / "data"
# Third-party texts stay in shared/ beside the checkout; they are never copied
# into the repository. Tests that read them skip, saying so, when it is absent.
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
DEMO_ARTICLE = SHARED / "syria-2024-12-02.bg.txt"
DEV_CORPUS = SHARED / "ingestion-dev" / "gold.json"
MATCHING_DEV = SHARED / "matching-dev.json"
needs_shared = pytest.mark.skipif(
    not DEMO_ARTICLE.exists(), reason="../shared/data is not beside this checkout"
)


@dataclass
class Score:
    candidates: int
    expected: int
    true_candidates: int
    found_expected: int
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_candidates / self.candidates if self.candidates else 0.0

    @property
    def recall(self) -> float:
        return self.found_expected / self.expected if self.expected else 0.0


def _names(link: dict) -> list[str]:
    """The origin's name and its organisations' names, up to the top."""
    if link["source"] is None:
        return [link["name"]]
    source = Source.objects.get(pk=link["source"])
    names = [source.name, *source.aliases.values_list("name", flat=True)]
    while source.parent_id:
        source = source.parent
        names.append(source.name)
    return names


def score(candidates, expected_file: str) -> Score:
    expected = json.loads((DATA / expected_file).read_text())
    texts = [c.text.casefold() for c in candidates]
    matches = [
        [i for i, t in enumerate(texts) if all(w.casefold() in t for w in e["words"])]
        for e in expected
    ]
    result = Score(
        candidates=len(candidates),
        expected=len(expected),
        true_candidates=len({i for found in matches for i in found}),
        found_expected=sum(1 for found in matches if found),
    )
    for want, found in zip(expected, matches, strict=True):
        if not found:
            result.wrong.append(f"missing: {want['words']}")
            continue
        candidate = candidates[found[0]]
        origins = [a for a in candidate.attributions if a["via"] is None]
        if want["origin"] and not any(
            want["origin"].casefold() in name.casefold() for o in origins for name in _names(o)
        ):
            result.wrong.append(f"origin of {want['words']}: {[o['name'] for o in origins]}")
        if want["hedged"] and not candidate.hedges:
            result.wrong.append(f"no hedge on {want['words']}")
        if "stance" in want and not any(o["stance"] == want["stance"] for o in origins):
            result.wrong.append(f"stance of {want['words']}: {[o['stance'] for o in origins]}")
    return result
