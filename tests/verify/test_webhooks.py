"""Signed webhook deliveries, tried against a local HTTP server that checks
the signature the way a subscriber would: with the stock Standard Webhooks
library."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.conftest import api_client_for, wait_for
from tests.factories import claim_in_state
from verify.clients.webhooks import MAX_ATTEMPTS, subscription_create, webhook_deliver
from verify.models import WebhookDelivery
from verify.tasks import send_due_webhooks
from verify.workflow import services as workflow

SECRET = "whsec_" + base64.b64encode(b"s3cret-for-the-test-subscriber!!").decode()


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
                try:
                    Webhook(SECRET).verify(body, dict(self.headers))
                    valid = True
                except WebhookVerificationError:
                    valid = False
                outer.received.append(
                    {
                        "valid": valid,
                        "event": self.headers["X-Claimtrace-Event"],
                        "delivery": self.headers["webhook-id"],
                        "signature": self.headers["webhook-signature"],
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
        workflow.claim_publish(claim=claim, actor=editor)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.event, delivery.status, len(queued)) == ("claim.published", "pending", 1)

    assert webhook_deliver(delivery_pk=delivery.pk) == "delivered"
    [request] = server.received
    assert request["valid"] is True
    assert request["event"] == "claim.published"
    assert request["delivery"] == str(delivery.delivery_id)
    assert request["body"]["claim"]["id"] == claim.pk
    assert request["body"]["claim"]["verdict"]["grade"] == "C3"
    assert request["body"]["claim"]["citation"].startswith("Possibly true (C3): ")
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
    assert delivery.last_error == (
        "http://127.0.0.1:9/closed could not be reached: "
        "Failed to establish a new connection: [Errno 111] Connection refused"
    )


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
    workflow.claim_take(claim=claim, actor=reviewer2)
    workflow.review_submit(
        claim=claim, actor=reviewer2, credibility="2", confidence="moderate", rationale="x"
    )
    workflow.claim_publish(claim=claim, actor=editor)
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
        workflow.claim_publish(claim=claim, actor=editor)
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


# --- outbound rules and Standard Webhooks ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5:9200/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/hook",
        "http://localhost/hook",
        "https://cms.example:22/hook",
    ],
)
def test_a_subscription_to_a_private_or_odd_address_is_a_400_naming_url(
    settings, api_client_user, url
):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    api = api_client_for(api_client_user)
    response = api.post(
        "/api/v1/webhooks/", {"name": "x", "url": url, "events": ["claim.published"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["url"][0].startswith("Refused: ")
    assert not WebhookDelivery.objects.exists()
    from verify.models import WebhookSubscription

    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
def test_changing_a_subscription_to_a_name_that_resolves_inside_is_refused(
    settings, monkeypatch, api_client_user
):
    import socket

    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: (
            [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]
            if host == "cms.example.com"
            else real(host, port, *a, **k)
        ),
    )
    settings.OUTBOUND_ALLOWED_HOSTS = []
    api = api_client_for(api_client_user)
    hook = api.post(
        "/api/v1/webhooks/",
        {"name": "x", "url": "https://cms.example.org/hook", "events": ["claim.published"]},
        format="json",
    ).json()["id"]
    response = api.patch(
        f"/api/v1/webhooks/{hook}/", {"url": "https://cms.example.com/hook"}, format="json"
    )
    assert response.status_code == 400
    refusal = response.json()["error"]["fields"]["url"][0]
    assert "cms.example.com is not a public address" in refusal
    assert "10.1.2.3" not in refusal  # where a name points is not the caller's to learn
    assert api.get(f"/api/v1/webhooks/{hook}/").json()["url"] == "https://cms.example.org/hook"


@pytest.mark.django_db
def test_a_delivery_to_an_address_refused_later_is_given_up_with_the_reason(
    settings, subscriber, reviewer, editor
):
    """The name resolved outside when subscribed; now it points inside."""
    server = subscriber()
    _subscribe(editor, server.url)
    claim_in_state("published", reviewer=reviewer, editor=editor)
    settings.OUTBOUND_ALLOWED_HOSTS = []
    delivery = WebhookDelivery.objects.get()
    assert webhook_deliver(delivery_pk=delivery.pk) == "failed"  # no retry can mend it
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.last_error.startswith("Refused: 127.0.0.1 is a loopback address")
    assert server.received == []


@pytest.mark.django_db
@pytest.mark.parametrize("secret", ["short", "whsec_" + "A" * 8, "no-prefix-" + "A" * 40])
def test_a_given_secret_must_be_in_the_standard_form(api_client_user, secret):
    response = api_client_for(api_client_user).post(
        "/api/v1/webhooks/",
        {
            "name": "x",
            "url": "https://cms.example/h",
            "events": ["claim.published"],
            "secret": secret,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "secret" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_a_made_secret_verifies_with_the_stock_library(api_client_user):
    from verify.clients.webhooks import signature_headers

    created = api_client_for(api_client_user).post(
        "/api/v1/webhooks/",
        {"name": "x", "url": "https://cms.example/h", "events": ["claim.published"]},
        format="json",
    )
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    body = '{"event": "claim.published"}'
    headers = signature_headers(secret=secret, delivery_id="msg_1", body=body)
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert headers["webhook-signature"].startswith("v1,")
    assert Webhook(secret).verify(body, headers) == {"event": "claim.published"}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace("published", "retracted"), headers)


@pytest.mark.django_db(transaction=True)
def test_no_row_lock_is_held_while_the_post_is_in_flight(reviewer, editor):
    """While the receiver holds the POST, another transaction can lock the
    delivery row at once; a second sender finds the lease and backs off."""
    import threading

    from django.db import connections

    from tests.servers import LocalServer, answer

    arrived, release = threading.Event(), threading.Event()

    def slow(handler):
        arrived.set()
        release.wait(10)
        answer(handler)

    with LocalServer(slow) as server:
        _subscribe(editor, server.url + "/hook")
        claim_in_state("published", reviewer=reviewer, editor=editor)
        delivery = WebhookDelivery.objects.get()
        outcome = []

        def send():
            outcome.append(webhook_deliver(delivery_pk=delivery.pk))
            connections.close_all()

        sender = threading.Thread(target=send)
        sender.start()
        assert arrived.wait(10)
        with transaction.atomic():
            locked = WebhookDelivery.objects.select_for_update(nowait=True).get(pk=delivery.pk)
            assert locked.sending_until is not None
        assert webhook_deliver(delivery_pk=delivery.pk) == "busy"
        release.set()
        sender.join(10)
    assert outcome == ["delivered"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.sending_until) == ("delivered", 1, None)
    assert len(server.requests) == 1
