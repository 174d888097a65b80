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

from dataclasses import dataclass, field
from math import prod

from claims.models import SUPPORTING_STANCES, Evidence, Stance
from claims.selectors.origins import Origin
from sources.scales import (
    RELIABILITY_WEIGHT,
    AnalyticConfidence,
    Credibility,
    Reliability,
    combined_grade,
    likelihood_band,
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


def _combine(weights: list[float]) -> float:
    return 1 - prod(1 - w for w in weights)


@dataclass
class _Weighing:
    """The claim's origins sorted by stance, and what has been put on each
    side of the scale so far, with the reasons."""

    origins: list[Origin]
    reasons: list[dict] = field(default_factory=list)
    support: list[float] = field(default_factory=list)
    against: list[float] = field(default_factory=list)
    by_stance: dict[str, list[Origin]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for origin in self.origins:
            self.by_stance.setdefault(origin.stance, []).append(origin)

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
    """Weigh the origins (support, then against), the evidence and the
    latest review; then cap what a single origin, a rumour or the lack of
    refuting evidence may reach."""
    w = _Weighing(origins)
    _independence(w)
    _support(w)
    _against(w)
    supporting, refuting = _evidence(w, evidence)
    known_origins = [o for o in origins if o.reliability in RELIABILITY_WEIGHT]
    analytic = _analytic_confidence(len(known_origins), bool(supporting or refuting))
    if latest_review is not None:
        grade = combined_grade(latest_review.source_reliability, latest_review.credibility)
        w.reasons.append(reason("earlier_review", grade=grade, round=latest_review.round))
    counts = {
        "origin_count": len(origins),
        "asserting_count": len(w.supporting),
        "denying_count": len(w.denying),
    }

    if not w.support and not w.against:
        w.reasons.append(reason("cannot_be_judged"))
        return Suggested(
            credibility=Credibility.CANNOT_BE_JUDGED,
            likelihood="",
            confidence=None,
            analytic_confidence=AnalyticConfidence.LOW,
            reasons=w.reasons,
            **counts,
        )

    probability = _probability(w, latest_review)
    credibility = _cap(w, _credibility(probability), probability, supporting, refuting)
    return Suggested(
        credibility=credibility,
        likelihood=likelihood_band(probability),
        confidence=round(probability * 100),
        analytic_confidence=analytic,
        reasons=w.reasons,
        **counts,
    )


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
            w.against.append(DECEPTIVE_ASSERTION)
            w.reasons.append(reason(f"{what}_deceptive", name=origin.name))
        elif grade in RELIABILITY_WEIGHT:
            weight = RELIABILITY_WEIGHT[grade]
            w.support.append(weight * (RUMOUR_FACTOR if origin in rumours else 1))
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
            w.against.append(RELIABILITY_WEIGHT[grade])
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
                    w.against.append(RELIABILITY_WEIGHT[grade])
                w.reasons.append(reason("relay_denies", name=relay.source.name))


def _evidence(w: _Weighing, evidence) -> tuple[list[Evidence], list[Evidence]]:
    supporting = [e for e in evidence if e.relation == Evidence.Relation.SUPPORTS]
    refuting = [e for e in evidence if e.relation == Evidence.Relation.REFUTES]
    w.support += [EVIDENCE_SUPPORT] * len(supporting)
    w.against += [EVIDENCE_REFUTES] * len(refuting)
    if supporting:
        w.reasons.append(reason("supporting_evidence", count=len(supporting)))
    if refuting:
        w.reasons.append(reason("refuting_evidence", count=len(refuting)))
    return supporting, refuting


def _probability(w: _Weighing, latest_review) -> float:
    probability = 0.5 + SUPPORT_SCALE * _combine(w.support) - AGAINST_SCALE * _combine(w.against)
    if latest_review is not None and latest_review.likelihood:
        prior = likelihood_midpoint(latest_review.likelihood)
        probability = (1 - REVIEW_PRIOR_SHARE) * probability + REVIEW_PRIOR_SHARE * prior
    return min(max(probability, 0.01), 0.99)


def _cap(w: _Weighing, credibility: str, probability: float, supporting, refuting) -> str:
    """What the numbers may not say: one origin never confirms, a rumour
    stays possible at most, and "False" needs refuting evidence."""
    independent_support = len([o for o in w.asserting if o.reliability in RELIABILITY_WEIGHT])
    if credibility == Credibility.CONFIRMED and independent_support + len(supporting) < 2:
        credibility = Credibility.PROBABLY_TRUE
        w.reasons.append(reason("single_origin_caps"))
    if (
        w.rumours
        and not w.asserting
        and credibility in (Credibility.CONFIRMED, Credibility.PROBABLY_TRUE)
    ):
        credibility = Credibility.POSSIBLY_TRUE
    if credibility == Credibility.IMPROBABLE and refuting and probability < 0.25:
        credibility = Credibility.FALSE
        w.reasons.append(reason("refuting_outweighs"))
    return credibility


def _credibility(probability: float) -> str:
    if probability >= 0.8:
        return Credibility.CONFIRMED
    if probability >= 0.7:
        return Credibility.PROBABLY_TRUE
    if probability >= 0.45:
        return Credibility.POSSIBLY_TRUE
    if probability >= 0.3:
        return Credibility.DOUBTFUL
    return Credibility.IMPROBABLE


def _analytic_confidence(known_origins: int, has_evidence: bool) -> str:
    if known_origins >= 3 or (known_origins >= 2 and has_evidence):
        return AnalyticConfidence.HIGH
    if known_origins >= 2 or (known_origins >= 1 and has_evidence):
        return AnalyticConfidence.MODERATE
    return AnalyticConfidence.LOW
