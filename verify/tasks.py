"""Background work; each task takes ids, calls a service, and owns its retries."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from verify.selectors import claims_citing_source
from verify.services import suggestion_refresh

# A database that blinks (restart, failover) is worth waiting for.
RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name="verify.refresh_suggestion", **RETRY)
def refresh_suggestion(claim_id: int) -> dict | None:
    suggestion = suggestion_refresh(claim_id=claim_id)
    if suggestion is None:
        return None
    return {
        "claim": claim_id,
        "credibility": suggestion.credibility,
        "origins": suggestion.origin_count,
    }


@shared_task(name="verify.refresh_suggestions_for_source", **RETRY)
def refresh_suggestions_for_source(source_id: int) -> int:
    claim_ids = claims_citing_source(source_id=source_id)
    for claim_id in claim_ids:
        suggestion_refresh(claim_id=claim_id)
    return len(claim_ids)
