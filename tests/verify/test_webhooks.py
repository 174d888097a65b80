"""Signed webhook deliveries, tried against a local HTTP server that checks
the signature the way a subscriber would."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from tests.conftest import api_client_for, wait_for
from tests.factories import claim_in_state
from verify import services as workflow
from verify.models import WebhookDelivery
from verify.services import subscription_create, webhook_deliver
from verify.services.webhooks import MAX_ATTEMPTS
from verify.tasks import send_due_webhooks

SECRET = "s3cret-for-the-test-subscriber"


class Subscriber:
    """A subscriber on 127.0.0.1 that checks signatures and answers with
    the status codes it is told to, in turn."""

    def __init__(self, codes=(200,)):
        self.codes = list(codes)
        self.received = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                parts = dict(
                    p.split("=", 1) for p in self.headers["X-Claimtrace-Signature"].split(",")
                )
                expected = hmac.new(
                    SECRET.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256
                ).hexdigest()
                outer.received.append(
                    {
                        "valid": hmac.compare_digest(expected, parts["v1"]),
                        "event": self.headers["X-Claimtrace-Event"],
                        "delivery": self.headers["X-Claimtrace-Delivery"],
                        "body": json.loads(body),
                    }
                )
                code = outer.codes.pop(0) if len(outer.codes) > 1 else outer.codes[0]
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def subscriber():
    made = []

    def make(codes=(200,)):
        made.append(Subscriber(codes))
        return made[-1]

    yield make
    for server in made:
        server.close()


def _subscribe(user, url, events=("claim.published", "claim.regraded", "claim.retracted")):
    return subscription_create(owner=user, name="CMS", url=url, events=list(events), secret=SECRET)


@pytest.mark.django_db
def test_publishing_records_a_delivery_and_sends_it_signed(
    subscriber, reviewer, editor, django_capture_on_commit_callbacks
):
    server = subscriber()
    _subscribe(editor, server.url)
    claim = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)

    with django_capture_on_commit_callbacks() as queued:
        workflow.claim_publish(claim=claim, editor=editor)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.event, delivery.status, len(queued)) == ("claim.published", "pending", 1)

    assert webhook_deliver(delivery_pk=delivery.pk) == "delivered"
    [request] = server.received
    assert request["valid"] is True
    assert request["event"] == "claim.published"
    assert request["delivery"] == str(delivery.delivery_id)
    assert request["body"]["claim"]["id"] == claim.pk
    assert request["body"]["claim"]["verdict"]["grade"] == "C3"
    assert request["body"]["claim"]["citation"].startswith("Unconfirmed (C3): ")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)

    # a re-run (a worker redelivering the message) sends nothing twice
    assert webhook_deliver(delivery_pk=delivery.pk) == "done"
    assert len(server.received) == 1


@pytest.mark.django_db
def test_failures_are_retried_with_backoff_then_delivered(subscriber, reviewer, editor):
    server = subscriber(codes=[500, 503, 200])
    _subscribe(editor, server.url)
    claim_in_state("published", reviewer=reviewer, editor=editor)
    delivery = WebhookDelivery.objects.get()

    assert webhook_deliver(delivery_pk=delivery.pk) == "retry"
    delivery.refresh_from_db()
    first_wait = delivery.next_attempt_at
    assert (delivery.attempts, delivery.last_status_code, delivery.last_error) == (
        1,
        500,
        "HTTP 500",
    )
    assert webhook_deliver(delivery_pk=delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.next_attempt_at - first_wait > (first_wait - delivery.created_at) * 0.9
    assert webhook_deliver(delivery_pk=delivery.pk) == "delivered"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert [r["delivery"] for r in server.received] == [str(delivery.delivery_id)] * 3


@pytest.mark.django_db
def test_an_unreachable_subscriber_is_given_up_after_the_last_attempt(reviewer, editor):
    _subscribe(editor, "http://127.0.0.1:9/closed")
    claim_in_state("published", reviewer=reviewer, editor=editor)
    delivery = WebhookDelivery.objects.get()
    outcomes = [webhook_deliver(delivery_pk=delivery.pk) for _ in range(MAX_ATTEMPTS)]
    assert outcomes[-1] == "failed"
    assert set(outcomes[:-1]) == {"retry"}
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert "ConnectionRefusedError" in delivery.last_error or "URLError" in delivery.last_error


@pytest.mark.django_db
def test_regrade_and_retract_are_their_own_events_and_only_to_subscribers(
    subscriber, reviewer, reviewer2, editor
):
    everything = subscriber()
    _subscribe(editor, everything.url)
    retractions_only = subscriber()
    _subscribe(editor, retractions_only.url, events=["claim.retracted"])
    claim = claim_in_state("published", reviewer=reviewer, editor=editor)
    workflow.claim_reopen(claim=claim, actor=editor, reason="New video.")
    workflow.claim_take(claim=claim, reviewer=reviewer2)
    workflow.review_submit(
        claim=claim, reviewer=reviewer2, credibility="2", confidence="moderate", rationale="x"
    )
    workflow.claim_publish(claim=claim, editor=editor)
    workflow.claim_retract(claim=claim, actor=editor, reason="Misdated.")

    events = list(WebhookDelivery.objects.order_by("id").values_list("subscription__url", "event"))
    assert events == [
        (everything.url, "claim.published"),
        (everything.url, "claim.regraded"),
        (everything.url, "claim.retracted"),
        (retractions_only.url, "claim.retracted"),
    ]


@pytest.mark.django_db
def test_the_sweep_queues_due_deliveries(reviewer, editor, django_capture_on_commit_callbacks):
    _subscribe(editor, "http://127.0.0.1:9/closed")
    claim_in_state("published", reviewer=reviewer, editor=editor)
    assert send_due_webhooks() == 1


@pytest.mark.worker
def test_a_real_worker_delivers_after_commit(celery_worker, subscriber, reviewer, editor):
    server = subscriber()
    _subscribe(editor, server.url)
    claim = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    with transaction.atomic():
        workflow.claim_publish(claim=claim, editor=editor)
    wait_for(lambda: server.received, timeout=60)
    assert server.received[0]["valid"]
    wait_for(lambda: WebhookDelivery.objects.filter(status="delivered").exists(), timeout=30)


# --- the API ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_clients_manage_their_own_subscriptions(api_client_user):
    api = api_client_for(api_client_user)
    created = api.post(
        "/api/v1/webhooks/",
        {"name": "CMS", "url": "https://cms.example/hook", "events": ["claim.retracted"]},
        format="json",
    )
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert len(secret) >= 32
    hook = created.json()["id"]
    listed = api.get("/api/v1/webhooks/").json()["results"]
    assert [h["id"] for h in listed] == [hook]
    assert "secret" not in listed[0]

    bad = api.patch(f"/api/v1/webhooks/{hook}/", {"events": ["claim.deleted"]}, format="json")
    assert bad.status_code == 400
    assert "events" in bad.json()["error"]["fields"]
    assert api.get(f"/api/v1/webhooks/{hook}/deliveries/").status_code == 200

    from tests.factories import UserFactory
    from verify import roles

    other = api_client_for(UserFactory(is_staff=False, role=roles.API_CLIENT))
    assert other.get(f"/api/v1/webhooks/{hook}/").status_code == 404
    assert api.delete(f"/api/v1/webhooks/{hook}/").status_code == 204


@pytest.mark.django_db
def test_a_subscription_needs_an_http_url(api_client_user):
    response = api_client_for(api_client_user).post(
        "/api/v1/webhooks/",
        {"name": "x", "url": "ftp://cms.example/hook", "events": ["claim.published"]},
        format="json",
    )
    assert response.status_code == 400
    assert "url" in response.json()["error"]["fields"]
