"""Webhooks: subscribers get a signed POST when a claim is published,
regraded or retracted. Deliveries are written in the same transaction as the
transition (an outbox), sent by a Celery task after commit, retried with
exponential backoff, and each attempt is recorded."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from claims.models import Claim
from config.celery_app import enqueue_on_commit
from config.exceptions import ApplicationError
from verify.models import WebhookDelivery, WebhookEvent, WebhookSubscription

MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 10
USER_AGENT = "Claimtrace-Webhooks/1"


def backoff(attempts: int) -> int:
    """Seconds before the next try: 30 s, 1 min, 2 min … capped at 1 h."""
    return min(30 * 2 ** max(attempts - 1, 0), 3600)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", as sent in X-Claimtrace-Signature."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _clean(url: str, events: list[str]) -> None:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ApplicationError("Give an http or https URL.", field="url") from exc
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if not events or unknown:
        raise ApplicationError(
            f"Events must be some of {', '.join(WebhookEvent.values)}.", field="events"
        )


@transaction.atomic
def subscription_create(
    *, owner: AbstractBaseUser, name: str, url: str, events: list[str], secret: str = ""
) -> WebhookSubscription:
    _clean(url, events)
    return WebhookSubscription.objects.create(
        owner=owner,
        name=name.strip() or url,
        url=url,
        events=sorted(set(events)),
        secret=secret or secrets.token_urlsafe(32),
    )


@transaction.atomic
def subscription_update(*, subscription: WebhookSubscription, **fields) -> WebhookSubscription:
    url = fields.get("url", subscription.url)
    events = fields.get("events", subscription.events)
    _clean(url, events)
    for name, value in fields.items():
        setattr(subscription, name, sorted(set(value)) if name == "events" else value)
    subscription.save()
    return subscription


@transaction.atomic
def subscription_delete(*, subscription: WebhookSubscription) -> None:
    """Stop and forget a subscription, with its delivery log."""
    subscription.delete()


def _payload(event: str, claim: Claim, delivery_id: uuid.UUID) -> dict:
    from verify.citation import citation_for
    from verify.selectors import published_review

    review = published_review(claim=claim)
    verdict = None
    if review is not None:
        verdict = {
            "credibility": review.credibility,
            "likelihood": review.likelihood or None,
            "grade": review.grade,
            "reviewed_at": review.submitted_at.isoformat(),
        }
    return {
        "event": event,
        "delivery": str(delivery_id),
        "occurred_at": timezone.now().isoformat(),
        "claim": {
            "id": claim.pk,
            "text": claim.text,
            "language": claim.language,
            "text_en": claim.text_en,
            "status": claim.status,
            "published_at": claim.published_at.isoformat() if claim.published_at else None,
            "retracted_at": claim.retracted_at.isoformat() if claim.retracted_at else None,
            "retraction_reason": claim.retraction_reason or None,
            "verdict": verdict,
            "citation": citation_for(claim, lang="en").text if review else None,
        },
    }


def webhook_emit(*, event: str, claim: Claim) -> list[WebhookDelivery]:
    """Record one delivery per active subscriber of `event`, inside the
    caller's transaction, and send them once it commits."""
    from verify.tasks import deliver_webhook

    deliveries = []
    subscribers = WebhookSubscription.objects.filter(is_active=True)
    for subscription in subscribers:
        if event not in subscription.events:
            continue
        delivery_id = uuid.uuid4()
        deliveries.append(
            WebhookDelivery.objects.create(
                delivery_id=delivery_id,
                subscription=subscription,
                event=event,
                claim=claim,
                payload=_payload(event, claim, delivery_id),
                next_attempt_at=timezone.now(),
            )
        )
    for delivery in deliveries:
        enqueue_on_commit(deliver_webhook, delivery.pk)
    return deliveries


def webhook_deliver(*, delivery_pk: int) -> str:
    """Send one delivery. Returns "delivered", "retry", "failed" or "done"
    (already delivered or given up: a re-run never sends twice after success).

    The row stays locked while sending, so two workers never send it at once.
    """
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_pk)
            .first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return "done"
        body = json.dumps(delivery.payload, sort_keys=True).encode()
        timestamp = int(time.time())
        request = urllib.request.Request(
            delivery.subscription.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "X-Claimtrace-Event": delivery.event,
                "X-Claimtrace-Delivery": str(delivery.delivery_id),
                "X-Claimtrace-Signature": signature(delivery.subscription.secret, timestamp, body),
            },
        )
        delivery.attempts += 1
        code, error = None, ""
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                code = response.status
        except urllib.error.HTTPError as exc:
            code, error = exc.code, f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            error = f"{type(exc).__name__}: {exc}"[:1000]
        delivery.last_status_code = code
        delivery.last_error = error
        now = timezone.now()
        if code is not None and 200 <= code < 300:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            outcome = "delivered"
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
            outcome = "failed"
        else:
            delivery.next_attempt_at = now + timedelta(seconds=backoff(delivery.attempts))
            outcome = "retry"
        delivery.save()
        return outcome


def webhook_deliveries_due(*, now=None) -> list[int]:
    """Pending deliveries whose next try is due (for the periodic sweep that
    picks up anything a lost message or a broker outage left behind)."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:500]
    )
