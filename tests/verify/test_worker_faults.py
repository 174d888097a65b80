"""A Celery worker killed (SIGKILL) in the middle of a task: the task was
acknowledged late, so Redis hands it to the next worker once the visibility
timeout passes, and the re-run comes to the same result as one clean run.
A webhook is recorded as delivered once, whatever the receiver saw."""

import http.server
import signal
import threading

import psycopg
import pytest
from django.db import transaction

from claims.models import Evidence
from claims.services.claims import attribution_add, evidence_add
from tests.conftest import _database_url, start_worker, stop_process, wait_for
from tests.factories import ClaimFactory, SourceFactory, claim_in_state
from verify.clients.webhooks import subscription_create
from verify.models import Suggestion, SuggestionRequest, WebhookDelivery
from verify.services.suggestions import suggestions_recompute

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Short, so the killed worker's task comes back within seconds (kombu looks
# for overdue unacknowledged tasks about every 10 s).
RESTORE = {"CELERY_VISIBILITY_TIMEOUT": "2"}


class Receiver(http.server.ThreadingHTTPServer):
    """A local endpoint whose first request hangs until released."""

    def __init__(self):
        self.requests: list[dict] = []
        self.hung = threading.Event()
        self.release = threading.Event()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                receiver.requests.append(
                    {
                        "delivery": self.headers.get("webhook-id"),
                        "body": self.rfile.read(length),
                    }
                )
                if len(receiver.requests) == 1:
                    receiver.hung.set()
                    receiver.release.wait(timeout=60)
                    return
                body = b"<html><body>Rebels entered Hama.</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/hook"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.shutdown()
        self.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def workers():
    from config.celery_app import app

    app.control.purge()
    started = []

    def start():
        proc = start_worker(**RESTORE)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            stop_process(proc)


def kill(proc):
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def test_a_webhook_killed_mid_send_is_sent_again_and_recorded_once(
    receiver, workers, reviewer, editor, settings
):
    subscription_create(owner=editor, name="desk", url=receiver.url, events=["claim.published"])
    first = workers()
    with transaction.atomic():
        claim_in_state("published", reviewer=reviewer, editor=editor)
    assert receiver.hung.wait(timeout=60), "the worker never sent the webhook"
    kill(first)  # mid-request: the delivery row's transaction dies with it
    receiver.release.set()

    workers()
    delivery = wait_for(
        lambda: WebhookDelivery.objects.filter(status="delivered").first(), timeout=90
    )
    assert delivery.attempts == 1  # the killed attempt left no trace but the receiver's log
    assert WebhookDelivery.objects.count() == 1
    ids = {r["delivery"] for r in receiver.requests}
    assert ids == {str(delivery.delivery_id)}  # the same id, so the receiver can de-duplicate
    assert len(receiver.requests) == 2

    # a stray re-run after success sends nothing
    from verify.tasks import deliver_webhook

    assert deliver_webhook.apply(args=[delivery.pk]).get() == "done"
    assert len(receiver.requests) == 2


def test_an_archive_killed_mid_fetch_completes_on_the_next_worker(
    receiver, workers, reviewer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first = workers()
    claim = ClaimFactory()
    with transaction.atomic():
        evidence = evidence_add(
            claim=claim,
            kind="archived_page",
            relation="supports",
            url=receiver.url,
            actor=reviewer,
        )
    assert receiver.hung.wait(timeout=60), "the worker never fetched the page"
    kill(first)
    receiver.release.set()

    workers()
    archived = wait_for(
        lambda: Evidence.objects.filter(pk=evidence.pk, archive_status="archived").first(),
        timeout=90,
    )
    assert archived.archive_sha256
    assert archived.archive_http_status == 200
    assert archived.archive_file.name  # one archive, written by the run that finished


def test_a_recompute_killed_mid_write_gives_the_same_suggestion(workers, reviewer):
    claim = ClaimFactory()
    source = SourceFactory(reliability="B")
    # Hold the suggestion table so the worker blocks while writing its result.
    blocker = psycopg.connect(_database_url())
    blocker.execute("LOCK TABLE verify_suggestion IN EXCLUSIVE MODE")
    first = workers()
    try:
        with transaction.atomic():
            attribution_add(claim=claim, source=source, actor=reviewer)
        wait_for(
            lambda: blocker.execute(
                "SELECT 1 FROM pg_locks "
                "WHERE relation = 'verify_suggestion'::regclass AND NOT granted"
            ).fetchone(),
            timeout=60,
        )
        kill(first)
    finally:
        blocker.rollback()
        blocker.close()
    assert not Suggestion.objects.filter(claim=claim).exists()
    assert SuggestionRequest.objects.filter(claim=claim).exists()  # still owed

    workers()
    suggestion = wait_for(lambda: Suggestion.objects.filter(claim=claim).first(), timeout=90)
    expected = suggestions_recompute(claim_ids=[claim.pk])[claim.pk]
    assert (suggestion.credibility, suggestion.origin_count, suggestion.reasons) == (
        expected.credibility,
        expected.origin_count,
        expected.reasons,
    )
    assert not SuggestionRequest.objects.filter(claim=claim).exists()
