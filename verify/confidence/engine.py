"""The confidence engine: from a claim's independent origins, their grades
and stances, the evidence and earlier reviews, a *suggested* credibility,
likelihood band and 0–100 confidence, with its reasons (codes and their
arguments, verify/confidence/reasons.py, rendered in the reader's language). The system
suggests; the reviewer decides, and the reviewer's grade is what is published.

How it weighs (all in one place, so a reviewer can check it):

- each asserting origin of known reliability supports the claim with its
  grade's weight (A 0.8 … E 0.1, G 0); a rumour counts half; independent
  supports combine as 1 − Π(1 − w);
- denials (by an origin, or by a relay that denies what it passes on) weigh
  against it the same way; an asserting G source ("deliberately deceptive")
  counts against;
- supporting evidence counts as an independent support of 0.5, refuting
  evidence as a denial of 0.6;
- probability = 0.5 + 0.4·support − 0.5·against, blended 3:1 with the latest
  submitted review's likelihood when there is one; credibility from it:
  ≥ 0.8 → 1, ≥ 0.7 → 2, ≥ 0.45 → 3, ≥ 0.3 → 4, below → 5;
- origins of unknown reliability (F or ungraded) add no number: a claim with
  nothing known stays "Truth cannot be judged", with no likelihood;
- a single origin can never be "Confirmed by other sources"; a rumour never
  rises above "Possibly true"; "False" needs refuting evidence.

Relays add no support: ten outlets repeating one post are one origin, and
adding a relay can only ever lower the suggestion (when it denies).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from math import nan

import numpy as np

from claims.models import SUPPORTING_STANCES, Evidence, Stance
from claims.selectors.origins import Origin
from sources.scales import (
    RELIABILITY_WEIGHT,
    AnalyticConfidence,
    Credibility,
    Reliability,
    combined_grade,
    likelihood_bands,
    likelihood_midpoint,
)
from verify.confidence.reasons import reason

RUMOUR_FACTOR = 0.5
EVIDENCE_SUPPORT = 0.5
EVIDENCE_REFUTES = 0.6
DECEPTIVE_ASSERTION = 0.3
SUPPORT_SCALE = 0.4
AGAINST_SCALE = 0.5
REVIEW_PRIOR_SHARE = 0.25
# The supporting stances (claims.models.SUPPORTING_STANCES) in the order
# they are weighed.
SUPPORT_ORDER = (Stance.ASSERTS, Stance.REPORTS_RUMOUR)
assert set(SUPPORT_ORDER) == SUPPORTING_STANCES


@dataclass
class Suggested:
    credibility: str
    likelihood: str  # "" when nothing known gives a number
    confidence: int | None  # 0–100; None when unknown
    analytic_confidence: str
    origin_count: int
    asserting_count: int
    denying_count: int
    reasons: list[dict] = field(default_factory=list)


class _Scale:
    """What a batch of claims puts on each side of the scale: one flat list
    of weights a side, each with the index of its claim in the batch, in the
    order the claim's origins and evidence are weighed (the combination
    multiplies in that order)."""

    def __init__(self) -> None:
        self.support: list[float] = []
        self.support_of: list[int] = []
        self.against: list[float] = []
        self.against_of: list[int] = []


@dataclass
class _Weighing:
    """One claim of the batch: its origins sorted by stance, its reasons,
    and what the numbers need that is not a weight."""

    index: int
    scale: _Scale
    origins: list[Origin]
    reasons: list[dict] = field(default_factory=list)
    by_stance: dict[str, list[Origin]] = field(default_factory=dict)
    supporting_evidence: int = 0
    refuting_evidence: int = 0
    prior: float = nan  # the latest review's likelihood, when it gave one

    def __post_init__(self) -> None:
        for origin in self.origins:
            self.by_stance.setdefault(origin.stance, []).append(origin)

    def support(self, weight: float) -> None:
        self.scale.support.append(weight)
        self.scale.support_of.append(self.index)

    def against(self, weight: float) -> None:
        self.scale.against.append(weight)
        self.scale.against_of.append(self.index)

    def stance(self, stance: str) -> list[Origin]:
        return self.by_stance.get(stance, [])

    @property
    def asserting(self) -> list[Origin]:
        return self.stance(Stance.ASSERTS)

    @property
    def rumours(self) -> list[Origin]:
        return self.stance(Stance.REPORTS_RUMOUR)

    @property
    def denying(self) -> list[Origin]:
        return self.stance(Stance.DENIES)

    @property
    def supporting(self) -> list[Origin]:
        """The origins that stand behind the claim (SUPPORTING_STANCES),
        asserting ones first."""
        return [o for stance in SUPPORT_ORDER for o in self.stance(stance)]


def suggest(
    origins: list[Origin],
    *,
    evidence: list[Evidence] = (),
    latest_review=None,
) -> Suggested:
    """One claim's suggestion: `suggest_many` on a batch of one."""
    return suggest_many([(origins, evidence, latest_review)])[0]


def suggest_many(batch: Sequence[tuple[list[Origin], Sequence, object]]) -> list[Suggested]:
    """The suggestion of each claim of a batch, given as (origins, evidence,
    latest review or None). Each claim's origins are weighed in Python, since
    the reasons name them (support, then against, then evidence and the
    latest review); the numbers of the whole batch are then arrays: the
    combined weights, the probability, the credibility and what caps it,
    the band, the confidence."""
    scale = _Scale()
    weighings = [
        _weigh(_Weighing(index, scale, origins), evidence, review)
        for index, (origins, evidence, review) in enumerate(batch)
    ]
    numbers = _numbers(weighings, scale)
    return [_suggested(w, numbers) for w in weighings]


def _weigh(w: _Weighing, evidence, latest_review) -> _Weighing:
    _independence(w)
    _support(w)
    _against(w)
    _evidence(w, evidence)
    if latest_review is not None:
        grade = combined_grade(latest_review.source_reliability, latest_review.credibility)
        w.reasons.append(reason("earlier_review", grade=grade, round=latest_review.round))
        if latest_review.likelihood:
            w.prior = likelihood_midpoint(latest_review.likelihood)
    return w


def _independence(w: _Weighing) -> None:
    """How many independent origins, and why relays and sister sources are
    not more of them."""
    if not w.origins:
        w.reasons.append(reason("no_attributions"))
    elif len(w.origins) == 1:
        w.reasons.append(reason("single_origin"))
    else:
        w.reasons.append(reason("independent_origins", count=len(w.origins)))
    for origin in w.origins:
        if len(origin.sources) > 1:
            names = [s.name for s in origin.sources]
            w.reasons.append(reason("one_family", names=names, root=origin.root.name))
        if origin.relays:
            count, languages = len(origin.relays), len(origin.relay_languages)
            if languages > 1:
                w.reasons.append(
                    reason(
                        "relays_in_languages", count=count, name=origin.name, languages=languages
                    )
                )
            else:
                w.reasons.append(reason("relays", count=count, name=origin.name))


def _support(w: _Weighing) -> None:
    """Each asserting origin (a rumour at half weight) of known reliability;
    a deceptive (G) one weighs against."""
    rumours = w.rumours
    for origin in w.supporting:
        grade = origin.reliability
        what = "origin" if origin.stance == Stance.ASSERTS else "rumour"
        if grade == Reliability.G:
            w.against(DECEPTIVE_ASSERTION)
            w.reasons.append(reason(f"{what}_deceptive", name=origin.name))
        elif grade in RELIABILITY_WEIGHT:
            weight = RELIABILITY_WEIGHT[grade]
            w.support(weight * (RUMOUR_FACTOR if origin in rumours else 1))
            w.reasons.append(reason(f"{what}_graded", grade=grade, name=origin.name))
        else:
            w.reasons.append(reason(f"{what}_unknown", name=origin.name))
    if rumours:
        w.reasons.append(reason("reported_as_rumour"))


def _against(w: _Weighing) -> None:
    """Denying origins, questions (in words only), and relays that deny what
    they pass on (a denial of their own)."""
    for origin in w.denying:
        grade = origin.reliability
        if grade in RELIABILITY_WEIGHT:
            w.against(RELIABILITY_WEIGHT[grade])
            w.reasons.append(reason("denied_graded", grade=grade, name=origin.name))
        else:
            w.reasons.append(reason("denied_unknown", name=origin.name))
    for origin in w.stance(Stance.QUESTIONS):
        w.reasons.append(reason("questioned", name=origin.name))
    for origin in w.supporting:
        for relay in origin.relays:
            if relay.stance == Stance.DENIES:
                grade = relay.source.reliability
                if grade in RELIABILITY_WEIGHT:
                    w.against(RELIABILITY_WEIGHT[grade])
                w.reasons.append(reason("relay_denies", name=relay.source.name))


def _evidence(w: _Weighing, evidence) -> None:
    supporting = sum(e.relation == Evidence.Relation.SUPPORTS for e in evidence)
    refuting = sum(e.relation == Evidence.Relation.REFUTES for e in evidence)
    for _ in range(supporting):
        w.support(EVIDENCE_SUPPORT)
    for _ in range(refuting):
        w.against(EVIDENCE_REFUTES)
    if supporting:
        w.reasons.append(reason("supporting_evidence", count=supporting))
    if refuting:
        w.reasons.append(reason("refuting_evidence", count=refuting))
    w.supporting_evidence, w.refuting_evidence = supporting, refuting


# Credibility from the probability: at or above each bound, the next word.
_CREDIBILITY_BOUNDS = np.array([0.3, 0.45, 0.7, 0.8])
_CREDIBILITY_ABOVE = np.array(
    [
        Credibility.IMPROBABLE,
        Credibility.DOUBTFUL,
        Credibility.POSSIBLY_TRUE,
        Credibility.PROBABLY_TRUE,
        Credibility.CONFIRMED,
    ],
    dtype=object,
)


def _combined(weights: list[float], of: list[int], claims: int) -> np.ndarray:
    """1 − Π(1 − w) for each claim, multiplying in the order weighed."""
    remaining = np.ones(claims)
    np.multiply.at(remaining, np.array(of, dtype=np.intp), 1 - np.array(weights))
    return 1 - remaining


def _numbers(weighings: list[_Weighing], scale: _Scale) -> dict[str, np.ndarray]:
    """The batch's numbers as arrays, one element a claim. What they may not
    say: one origin never confirms, a rumour stays possible at most, and
    "False" needs refuting evidence."""
    n = len(weighings)
    column = partial(np.fromiter, count=n)
    probability = (
        0.5
        + SUPPORT_SCALE * _combined(scale.support, scale.support_of, n)
        - AGAINST_SCALE * _combined(scale.against, scale.against_of, n)
    )
    prior = column((w.prior for w in weighings), float)
    reviewed = ~np.isnan(prior)
    probability[reviewed] = (1 - REVIEW_PRIOR_SHARE) * probability[reviewed] + (
        REVIEW_PRIOR_SHARE * prior[reviewed]
    )
    probability = np.minimum(np.maximum(probability, 0.01), 0.99)
    credibility = _CREDIBILITY_ABOVE[np.searchsorted(_CREDIBILITY_BOUNDS, probability, "right")]
    independent = column(
        (
            len([o for o in w.asserting if o.reliability in RELIABILITY_WEIGHT])
            + w.supporting_evidence
            for w in weighings
        ),
        int,
    )
    single = (credibility == Credibility.CONFIRMED) & (independent < 2)
    credibility[single] = Credibility.PROBABLY_TRUE
    rumour_only = column((bool(w.rumours and not w.asserting) for w in weighings), bool)
    credibility[
        rumour_only
        & ((credibility == Credibility.CONFIRMED) | (credibility == Credibility.PROBABLY_TRUE))
    ] = Credibility.POSSIBLY_TRUE
    refuted = (
        (credibility == Credibility.IMPROBABLE)
        & (column((w.refuting_evidence for w in weighings), int) > 0)
        & (probability < 0.25)
    )
    credibility[refuted] = Credibility.FALSE
    weighed = np.bincount(scale.support_of, minlength=n) + np.bincount(
        scale.against_of, minlength=n
    )
    return {
        "judged": weighed > 0,
        "confidence": np.rint(probability * 100).astype(int),
        "band": likelihood_bands(probability),
        "credibility": credibility,
        "single_caps": single,
        "refuted": refuted,
    }


def _suggested(w: _Weighing, numbers: dict[str, np.ndarray]) -> Suggested:
    i = w.index
    known = len([o for o in w.origins if o.reliability in RELIABILITY_WEIGHT])
    counts = {
        "origin_count": len(w.origins),
        "asserting_count": len(w.supporting),
        "denying_count": len(w.denying),
    }
    if not numbers["judged"][i]:
        w.reasons.append(reason("cannot_be_judged"))
        return Suggested(
            credibility=Credibility.CANNOT_BE_JUDGED,
            likelihood="",
            confidence=None,
            analytic_confidence=AnalyticConfidence.LOW,
            reasons=w.reasons,
            **counts,
        )
    if numbers["single_caps"][i]:
        w.reasons.append(reason("single_origin_caps"))
    if numbers["refuted"][i]:
        w.reasons.append(reason("refuting_outweighs"))
    return Suggested(
        credibility=str(numbers["credibility"][i]),
        likelihood=numbers["band"][i],
        confidence=int(numbers["confidence"][i]),
        analytic_confidence=_analytic_confidence(
            known, bool(w.supporting_evidence or w.refuting_evidence)
        ),
        reasons=w.reasons,
        **counts,
    )


def _analytic_confidence(known_origins: int, has_evidence: bool) -> str:
    if known_origins >= 3 or (known_origins >= 2 and has_evidence):
        return AnalyticConfidence.HIGH
    if known_origins >= 2 or (known_origins >= 1 and has_evidence):
        return AnalyticConfidence.MODERATE
    return AnalyticConfidence.LOW
