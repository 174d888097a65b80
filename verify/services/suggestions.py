"""Storing the confidence engine's suggestion, and queueing its recompute."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from claims.models import Attribution, Claim
from claims.selectors import origins_of
from verify.confidence import suggest
from verify.models import Suggestion
from verify.selectors import latest_review


@transaction.atomic
def suggestion_refresh(*, claim_id: int) -> Suggestion | None:
    """Recompute and store the engine's suggestion for a claim. Idempotent:
    it reads the current state, so running it twice gives the same row."""
    claim = Claim.objects.filter(pk=claim_id).first()
    if claim is None:  # deleted since the task was queued
        return None
    attributions = list(
        Attribution.objects.filter(claim=claim).select_related("source").order_by("id")
    )
    suggested = suggest(
        origins_of(claim, attributions=attributions),
        evidence=list(claim.evidence.all()),
        latest_review=latest_review(claim=claim),
    )
    suggestion, _ = Suggestion.objects.update_or_create(
        claim=claim,
        defaults={
            "credibility": suggested.credibility,
            "likelihood": suggested.likelihood,
            "confidence": suggested.confidence,
            "analytic_confidence": suggested.analytic_confidence,
            "origin_count": suggested.origin_count,
            "asserting_count": suggested.asserting,
            "denying_count": suggested.denying,
            "reasons": suggested.reasons,
        },
    )
    return suggestion


def suggestion_schedule(*, claim_ids: Iterable[int]) -> None:
    """Queue a recompute for each claim once the current transaction commits."""
    from verify.tasks import refresh_suggestion

    for claim_id in set(claim_ids):
        transaction.on_commit(lambda claim_id=claim_id: refresh_suggestion.delay(claim_id))


def suggestion_schedule_for_source(*, source_id: int) -> None:
    from verify.tasks import refresh_suggestions_for_source

    transaction.on_commit(lambda: refresh_suggestions_for_source.delay(source_id))
