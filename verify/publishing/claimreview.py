"""A published claim as schema.org ClaimReview, the JSON-LD Google's Fact
Check tools read. Retracted claims have none: withdrawing the markup is how a
fact-check is withdrawn from those tools."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from claims.models import Claim
from config.exceptions import ApplicationError
from sources.scales import CLAIMREVIEW_RATING, verdict_label


class Withdrawn(ApplicationError):
    status_code = 410
    default_code = "retracted"


def _person_or_org(source) -> dict:
    kind = "Person" if source.kind == "person" else "Organization"
    node = {"@type": kind, "name": source.name}
    if source.url:
        node["url"] = source.url
    return node


def claimreview_build(*, claim: Claim, review, origins) -> dict:
    """The ClaimReview of a claim as signed off (its `url` is added when it
    is served): the verdict, the origins as authors, where it appeared."""
    attributions = sorted(
        (a for o in origins for a in [*o.attributions, *o.relays]),
        key=lambda a: (a.published_at is None, a.published_at, a.pk),
    )
    appearances = [{"@type": "CreativeWork", "url": a.url} for a in attributions if a.url]
    with translation.override("en"):
        verdict = str(translation.gettext(verdict_label(review.credibility)))
    rating = {
        "@type": "Rating",
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": f"{verdict} ({review.grade})",
    }
    if CLAIMREVIEW_RATING[review.credibility] is not None:
        rating["ratingValue"] = CLAIMREVIEW_RATING[review.credibility]

    item = {
        "@type": "Claim",
        "name": claim.text,
        "inLanguage": claim.language,
        "author": [_person_or_org(o.sources[0]) for o in origins]
        or [{"@type": "Organization", "name": "Unknown"}],
    }
    dated = [a.published_at for a in attributions if a.published_at]
    if dated:
        item["datePublished"] = min(dated).date().isoformat()
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = appearances[0]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.text_en or claim.text,
        "datePublished": claim.published_at.date().isoformat(),
        "author": {
            "@type": "Organization",
            "name": settings.CLAIMTRACE_ORGANISATION_NAME,
            "url": settings.CLAIMTRACE_ORGANISATION_URL,
        },
        "reviewRating": rating,
        "itemReviewed": item,
    }
