"""Background work; each task takes ids, calls a service, and owns its retries."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from verify.clients.webhooks import (
    LEASE_SECONDS,
    backoff,
    webhook_deliver,
    webhook_deliveries_due,
)
from verify.services.spreading import spreading_check
from verify.services.suggestions import suggestion_requests_sweep, suggestions_recompute

# A database that blinks (restart, failover) is worth waiting for.
DB_RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 120,
    "retry_jitter": True,
}
RETRY = {**DB_RETRY, "max_retries": 8}


@shared_task(name="verify.refresh_suggestions", **RETRY)
def refresh_suggestions(claim_ids: list[int]) -> int:
    """Recompute a batch of claims' suggestions; returns how many were stored."""
    return len(suggestions_recompute(claim_ids=claim_ids))


@shared_task(name="verify.sweep_suggestion_requests")
def sweep_suggestion_requests() -> int:
    """Periodic sweep (beat): queue recomputes left in the outbox, e.g. ones
    requested while the broker was down."""
    return suggestion_requests_sweep()


@shared_task(
    bind=True,
    name="verify.deliver_webhook",
    max_retries=None,
    **{k: v for k, v in RETRY.items() if k != "max_retries"},
)
def deliver_webhook(self, delivery_pk: int) -> str:
    """Send one webhook; on failure try again after the delivery's backoff.
    The delivery row counts the attempts and decides when to give up."""
    outcome = webhook_deliver(delivery_pk=delivery_pk)
    # In-process (the quick start) there is no later: the delivery stays
    # pending with its next try recorded, for `celery beat`'s sweep.
    if self.request.is_eager:
        return outcome
    if outcome == "retry":
        raise self.retry(countdown=backoff(self.request.retries + 1))
    if outcome == "busy":  # a sender that died holds the lease; come back after it
        raise self.retry(countdown=LEASE_SECONDS + 1)
    return outcome


@shared_task(name="verify.send_due_webhooks")
def send_due_webhooks() -> int:
    """Periodic sweep (beat): queue every pending delivery whose time has come,
    e.g. ones written while the broker was down."""
    due = webhook_deliveries_due()
    for delivery_pk in due:
        deliver_webhook.delay(delivery_pk)
    return len(due)


@shared_task(name="verify.check_spreading", **DB_RETRY)
def check_spreading() -> int:
    """Beat, every minute: raise the clusters that passed the desk's threshold."""
    return len(spreading_check())
