"""The field's grading scales, with their standard labels.

Kept in `sources`, the lowest app, so claims and verify can import them
without a dependency pointing the wrong way.

- Source reliability: Admiralty / NATO AJP-2.1, A–F, plus G "deliberately
  deceptive" used by several desks for known disinformation outlets.
- Information credibility: Admiralty 1–6, plus "False" (shown false by
  evidence), which fact-checkers need beside the six.
- Likelihood: US ICD 203 bands, with their percentage ranges.
- Analytic confidence: low, moderate, high.
"""

import numpy as np
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class Reliability(models.TextChoices):
    A = "A", _("Completely reliable")
    B = "B", _("Usually reliable")
    C = "C", _("Fairly reliable")
    D = "D", _("Not usually reliable")
    E = "E", _("Unreliable")
    F = "F", _("Reliability cannot be judged")
    G = "G", _("Deliberately deceptive")


class Credibility(models.TextChoices):
    CONFIRMED = "1", _("Confirmed by other sources")
    PROBABLY_TRUE = "2", _("Probably true")
    POSSIBLY_TRUE = "3", _("Possibly true")
    DOUBTFUL = "4", _("Doubtful")
    IMPROBABLE = "5", _("Improbable")
    CANNOT_BE_JUDGED = "6", _("Truth cannot be judged")
    FALSE = "false", _("False")


class Likelihood(models.TextChoices):
    ALMOST_NO_CHANCE = "almost_no_chance", _("Almost no chance (1–5 %)")
    VERY_UNLIKELY = "very_unlikely", _("Very unlikely (5–20 %)")
    UNLIKELY = "unlikely", _("Unlikely (20–45 %)")
    ROUGHLY_EVEN = "roughly_even", _("Roughly even chance (45–55 %)")
    LIKELY = "likely", _("Likely (55–80 %)")
    VERY_LIKELY = "very_likely", _("Very likely (80–95 %)")
    ALMOST_CERTAIN = "almost_certain", _("Almost certain (95–99 %)")


# ICD 203 ranges, in percent, for mappings to numbers.
LIKELIHOOD_RANGES: dict[str, tuple[int, int]] = {
    Likelihood.ALMOST_NO_CHANCE: (1, 5),
    Likelihood.VERY_UNLIKELY: (5, 20),
    Likelihood.UNLIKELY: (20, 45),
    Likelihood.ROUGHLY_EVEN: (45, 55),
    Likelihood.LIKELY: (55, 80),
    Likelihood.VERY_LIKELY: (80, 95),
    Likelihood.ALMOST_CERTAIN: (95, 99),
}


class AnalyticConfidence(models.TextChoices):
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")


def combined_grade(reliability: str, credibility: str) -> str:
    """`C3` reads "fairly reliable source, possibly true", as intelligence
    reporting writes it; an ungraded source shows as `?`."""
    letter = reliability or "?"
    if credibility == Credibility.FALSE:
        return f"{letter}-False"
    return f"{letter}{credibility}"


# The desk's verdict for each credibility: a word for API clients (and the
# `verdict` filter), and the words people read, which are the credibility's
# own label everywhere (the review form, the public headline, the citation
# line, ClaimReview's alternateName, feeds): one vocabulary. The one map;
# the SQL item reads it too.
VERDICTS: dict[str, tuple[str, str]] = {
    credibility: (word, Credibility(credibility).label)
    for credibility, word in (
        (Credibility.CONFIRMED, "confirmed"),
        (Credibility.PROBABLY_TRUE, "probably_true"),
        (Credibility.POSSIBLY_TRUE, "unconfirmed"),
        (Credibility.DOUBTFUL, "doubtful"),
        (Credibility.IMPROBABLE, "improbable"),
        (Credibility.CANNOT_BE_JUDGED, "cannot_be_verified"),
        (Credibility.FALSE, "false"),
    )
}
VERDICT_WORDS = {word: credibility for credibility, (word, _label) in VERDICTS.items()}


def verdict_word(credibility: str) -> str:
    return VERDICTS[credibility][0]


def verdict_label(credibility: str) -> str:
    """The verdict's words, in the active language (a lazy translation)."""
    return VERDICTS[credibility][1]


def coded_choices(choices: type[models.Choices]) -> list[tuple[str, str]]:
    """A grade picker's choices as the desk talks: the code and its words
    ("C — Fairly reliable", "3 — Possibly true"; "False" alone)."""
    return [
        (value, label if value == Credibility.FALSE else format_lazy("{} — {}", value, label))
        for value, label in choices.choices
    ]


def choices_check(field: str, choices: type[models.Choices], *, blank: bool = False) -> Q:
    """A CHECK condition that keeps a column inside its choices."""
    allowed = list(choices.values) + ([""] if blank else [])
    return Q(**{f"{field}__in": allowed})


# Each band's upper bound in percent, and the band a probability falls in
# when it is below it (the last when it is below none).
_BAND_BOUNDS = np.array([high for _low, high in LIKELIHOOD_RANGES.values()])
_BANDS = [*LIKELIHOOD_RANGES, Likelihood.ALMOST_CERTAIN]


def likelihood_bands(probabilities: np.ndarray) -> list[str]:
    """The ICD 203 band each probability (0–1) falls in: the first whose
    upper bound is above it."""
    return [_BANDS[i] for i in np.searchsorted(_BAND_BOUNDS, probabilities * 100, "right")]


def likelihood_band(probability: float) -> str:
    """The ICD 203 band a probability (0–1) falls in."""
    return likelihood_bands(np.array([probability]))[0]


def likelihood_midpoint(band: str) -> float:
    low, high = LIKELIHOOD_RANGES[band]
    return (low + high) / 200


# --- STIX 2.1 confidence (0–100), per the spec's normative scale mappings ---

# Appendix "Admiralty Credibility": 6 (cannot be judged) has no number.
# "False" (shown false by evidence) sits below "Improbable".
CREDIBILITY_TO_STIX: dict[str, int | None] = {
    Credibility.CONFIRMED: 90,
    Credibility.PROBABLY_TRUE: 70,
    Credibility.POSSIBLY_TRUE: 50,
    Credibility.DOUBTFUL: 30,
    Credibility.IMPROBABLE: 10,
    Credibility.CANNOT_BE_JUDGED: None,
    Credibility.FALSE: 0,
}

# Appendix "DNI Scale" (the ICD 203 words).
LIKELIHOOD_TO_STIX: dict[str, int] = {
    Likelihood.ALMOST_NO_CHANCE: 5,
    Likelihood.VERY_UNLIKELY: 15,
    Likelihood.UNLIKELY: 30,
    Likelihood.ROUGHLY_EVEN: 50,
    Likelihood.LIKELY: 70,
    Likelihood.VERY_LIKELY: 85,
    Likelihood.ALMOST_CERTAIN: 95,
}

# How much one origin of a grade supports what it says, for the suggestion.
# F (cannot be judged) and ungraded sources have no number: unknown stays unknown.
RELIABILITY_WEIGHT: dict[str, float] = {
    Reliability.A: 0.8,
    Reliability.B: 0.6,
    Reliability.C: 0.4,
    Reliability.D: 0.2,
    Reliability.E: 0.1,
    Reliability.G: 0.0,
}

# Reliability order, most reliable first, for "the more cautious grade".
RELIABILITY_ORDER = "ABCDEG"


# --- our scales in other vocabularies (ClaimReview, STIX) ---------------------

# ClaimReview reviewRating.ratingValue, 1 (false) to 5 (true); "cannot be judged" gives no number.
CLAIMREVIEW_RATING = {
    Credibility.CONFIRMED: 5,
    Credibility.PROBABLY_TRUE: 4,
    Credibility.POSSIBLY_TRUE: 3,
    Credibility.DOUBTFUL: 2,
    Credibility.IMPROBABLE: 1,
    Credibility.FALSE: 1,
    Credibility.CANNOT_BE_JUDGED: None,
}

# STIX 2.1 Opinion.opinion for each credibility.
STIX_OPINION = {
    Credibility.CONFIRMED: "strongly-agree",
    Credibility.PROBABLY_TRUE: "agree",
    Credibility.POSSIBLY_TRUE: "neutral",
    Credibility.DOUBTFUL: "disagree",
    Credibility.IMPROBABLE: "disagree",
    Credibility.FALSE: "strongly-disagree",
    Credibility.CANNOT_BE_JUDGED: "neutral",
}
# STIX 2.1 identity_class for each kind of source.
STIX_IDENTITY_CLASS = {
    "person": "individual",
    "intelligence_service": "organization",
    "government": "organization",
    "military": "organization",
    "news_outlet": "organization",
    "osint_group": "group",
    "organisation": "organization",
    "channel": "system",
}
