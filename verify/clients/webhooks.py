"""Webhooks: subscribers get a POST when a claim is published, its public
record updated, regraded or retracted, signed the Standard Webhooks way
(webhook-id, webhook-timestamp, webhook-signature: "v1,<base64 HMAC-SHA256>"),
so a receiver verifies it with a stock library in any language. Deliveries are written in the same
transaction as the transition (an outbox), sent by a Celery task after
commit through the one outbound client, retried with exponential backoff;
each attempt is recorded. No row lock is held while the POST is in flight:
the sender takes a short lease on the delivery instead."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks.webhooks import Webhook

from claims.models import Claim
from config import outbound
from config.celery_app import enqueue_on_commit
from config.exceptions import ApplicationError
from verify.models import WebhookDelivery, WebhookEvent, WebhookSubscription

MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 10
# How long a sender holds a delivery: the POST's whole time limit and a margin.
# A worker killed mid-send leaves the lease to run out; the task comes back then.
LEASE_SECONDS = TIMEOUT_SECONDS + 5
SECRET_PREFIX = "whsec_"


def backoff(attempts: int) -> int:
    """Seconds before the next try: 30 s, 1 min, 2 min … capped at 1 h."""
    return min(30 * 2 ** max(attempts - 1, 0), 3600)


def secret_make() -> str:
    """A new signing secret in the Standard Webhooks form: whsec_ + base64 of 32 bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _check_secret(secret: str) -> None:
    body = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if not secret.startswith(SECRET_PREFIX) or not 24 <= len(key) <= 64:
        raise ApplicationError(
            _("Give a Standard Webhooks secret: whsec_ and the base64 of 24 to 64 bytes."),
            field="secret",
        )


def signature_headers(*, secret: str, delivery_id: str, body: str, at=None) -> dict[str, str]:
    """The three Standard Webhooks headers for one attempt."""
    at = at or timezone.now()
    return {
        "webhook-id": delivery_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(delivery_id, at, body),
    }


def _clean(url: str, events: list[str]) -> None:
    outbound.url_given(url, check=False)
    try:
        outbound.check_url(url)
        # A name that does not resolve yet is checked again at every delivery.
        host = urlsplit(url).hostname
        if not outbound.host_allowed(host):
            outbound.resolve(host, 443)
    except outbound.OutboundRefused as exc:
        raise ApplicationError(str(exc), field="url") from exc
    except outbound.OutboundUnreachable:
        pass
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if not events or unknown:
        raise ApplicationError(
            _("Events must be some of %(events)s.") % {"events": ", ".join(WebhookEvent.values)},
            field="events",
        )


@transaction.atomic
def subscription_create(
    *, owner: AbstractBaseUser, name: str, url: str, events: list[str], secret: str = ""
) -> WebhookSubscription:
    _clean(url, events)
    if secret:
        _check_secret(secret)
    return WebhookSubscription.objects.create(
        owner=owner,
        name=name.strip() or url,
        url=url,
        events=sorted(set(events)),
        secret=secret or secret_make(),
    )


@transaction.atomic
def subscription_update(*, subscription: WebhookSubscription, **fields) -> WebhookSubscription:
    url = fields.get("url", subscription.url)
    events = fields.get("events", subscription.events)
    _clean(url, events)
    if "secret" in fields:
        _check_secret(fields["secret"])
    for name, value in fields.items():
        setattr(subscription, name, sorted(set(value)) if name == "events" else value)
    subscription.save()
    return subscription


@transaction.atomic
@transaction.atomic
def subscription_rotate_secret(*, subscription: WebhookSubscription) -> WebhookSubscription:
    """A new signing secret, at once: deliveries sent from now on are signed
    with it (a leaked secret stops verifying). The caller shows it once."""
    locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    locked.secret = secret_make()
    locked.save(update_fields=["secret"])
    return locked


def subscription_delete(*, subscription: WebhookSubscription) -> None:
    """Stop and forget a subscription, with its delivery log."""
    subscription.delete()


def _claim_payload(event: str, claim: Claim) -> dict:
    """The claim as a subscriber gets it: its public record as signed (never
    the desk's unsigned material), with its version, and the retraction.
    Written once per event, whatever the number of subscribers."""
    from verify.publishing.record import citation_public, public_status, record_of

    record = record_of(claim)
    verdict = None
    if record is not None:
        signed = record.item["verdict"]
        verdict = {key: signed[key] for key in ("credibility", "likelihood", "grade")}
        verdict["reviewed_at"] = signed["reviewed_at"]
    return {
        "id": claim.pk,
        "text": claim.text,
        "language": claim.language,
        "text_en": claim.text_en,
        "public_status": public_status(claim),
        "published_at": claim.published_at.isoformat() if claim.published_at else None,
        "retracted_at": claim.retracted_at.isoformat() if claim.retracted_at else None,
        "retraction_reason": claim.retraction_reason or None,
        "version": record.version if record else None,
        "change": record.change if record and event == WebhookEvent.UPDATED else None,
        "verdict": verdict,
        "citation": citation_public(claim, record, lang="en").text if record else None,
    }


def _subscribers(event: str) -> list[WebhookSubscription]:
    return [s for s in WebhookSubscription.objects.filter(is_active=True) if event in s.events]


def _deliveries(
    subscribers: list[WebhookSubscription], event: str, body: dict, *, claim: Claim | None
) -> list[WebhookDelivery]:
    """One delivery row per subscriber, inside the caller's transaction,
    sent once it commits."""
    deliveries = []
    for subscription in subscribers:
        delivery_id = uuid.uuid4()
        deliveries.append(
            WebhookDelivery.objects.create(
                delivery_id=delivery_id,
                subscription=subscription,
                event=event,
                claim=claim,
                payload={
                    "event": event,
                    "delivery": str(delivery_id),
                    "occurred_at": timezone.now().isoformat(),
                    **body,
                },
                next_attempt_at=timezone.now(),
            )
        )
    for delivery in deliveries:
        enqueue_on_commit("verify.deliver_webhook", delivery.pk)
    return deliveries


def webhook_emit(*, event: str, claim: Claim) -> list[WebhookDelivery]:
    """Record one delivery per active subscriber of `event`, inside the
    caller's transaction, and send them once it commits."""
    subscribers = _subscribers(event)
    body = _claim_payload(event, claim) if subscribers else None
    return _deliveries(subscribers, event, {"claim": body}, claim=claim)


def webhook_emit_spreading(*, cluster: dict, claim: Claim | None) -> list[WebhookDelivery]:
    """`cluster.spreading`: a cluster passed the desk's threshold. `cluster`
    holds only what is public (verify/services/spreading.py builds it)."""
    event = WebhookEvent.SPREADING
    return _deliveries(_subscribers(event), event, {"cluster": cluster}, claim=claim)


def webhook_deliver(*, delivery_pk: int) -> str:
    """Send one delivery. Returns "delivered", "retry", "failed", "busy"
    (another sender holds it; try after its lease) or "done" (already
    delivered or given up: a re-run never sends twice after success).

    The row is locked only to take the lease and to record the outcome,
    never while the POST is in flight."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_pk)
            .first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return "done"
        now = timezone.now()
        if delivery.sending_until and delivery.sending_until > now:
            return "busy"
        delivery.sending_until = now + timedelta(seconds=LEASE_SECONDS)
        delivery.save(update_fields=["sending_until"])
        url, secret = delivery.subscription.url, delivery.subscription.secret
        body = json.dumps(delivery.payload, sort_keys=True)
        delivery_id, event = str(delivery.delivery_id), delivery.event

    code, error = None, ""
    try:
        response = outbound.request(
            "POST",
            url,
            data=body.encode(),
            headers={
                "Content-Type": "application/json",
                "X-Claimtrace-Event": event,
                **signature_headers(secret=secret, delivery_id=delivery_id, body=body),
            },
            timeout=TIMEOUT_SECONDS,
            max_bytes=64 * 1024,  # the receiver's answer; nobody reads it
            max_redirects=0,
        )
        code = response.status
        if not 200 <= code < 300:
            error = f"HTTP {code}"
    except outbound.OutboundError as exc:
        error = str(exc)[:1000]
        refused = not exc.transient
    else:
        refused = False
    return _record_attempt(delivery_pk=delivery_pk, code=code, error=error, final=refused)


def _record_attempt(*, delivery_pk: int, code: int | None, error: str, final: bool) -> str:
    """Write one attempt's outcome: delivered, due again after the backoff,
    or given up (the last attempt, or a refusal that no retry can mend)."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_pk)
        if delivery.status != WebhookDelivery.Status.PENDING:
            return "done"
        now = timezone.now()
        delivery.attempts += 1
        delivery.last_status_code = code
        delivery.last_error = error
        delivery.sending_until = None
        if code is not None and 200 <= code < 300:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            outcome = "delivered"
        elif final or delivery.attempts >= MAX_ATTEMPTS:
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
