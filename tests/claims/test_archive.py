"""Evidence URLs are archived as WARC files in the background."""

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from warcio.archiveiterator import ArchiveIterator

from claims.services.archive import TransientFetchError, evidence_archive
from claims.services.claims import evidence_add
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

PAGE = b"<html><body><p>Geolocated: the citadel gate, 36.199, 37.162.</p></body></html>"


@pytest.fixture
def site():
    codes = [200]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            code = codes.pop(0) if len(codes) > 1 else codes[0]
            self.send_response(code)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(PAGE if code == 200 else b"error")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.codes = codes
    server.url = f"http://127.0.0.1:{server.server_port}/evidence"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _evidence(reviewer, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        evidence = evidence_add(
            claim=ClaimFactory(),
            kind="archived_page",
            relation="supports",
            url=url,
            actor=reviewer,
        )
    evidence.refresh_from_db()
    assert evidence.archive_status == "pending"
    # queued, not run
    assert "claims.archive_evidence" in [getattr(c, "task_name", None) for c in queued]
    return evidence


def test_a_page_is_archived_as_warc_with_its_sha256(
    site, media, reviewer, django_capture_on_commit_callbacks
):
    evidence = _evidence(reviewer, site.url, django_capture_on_commit_callbacks)

    assert evidence_archive(evidence_pk=evidence.pk) == "archived"

    evidence.refresh_from_db()
    assert evidence.archive_status == "archived"
    assert evidence.archive_http_status == 200
    assert evidence.archive_sha256 == hashlib.sha256(PAGE).hexdigest()
    assert evidence.archived_at is not None
    with evidence.archive_file.open("rb") as warc:
        responses = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(warc)
            if r.rec_type == "response"
        ]
    assert responses == [(site.url, PAGE)]
    assert evidence_archive(evidence_pk=evidence.pk) == "skipped"  # done once, kept


def test_transient_failures_are_retried_then_recorded(
    site, media, reviewer, django_capture_on_commit_callbacks
):
    site.codes[:] = [503, 503]
    evidence = _evidence(reviewer, site.url, django_capture_on_commit_callbacks)
    with pytest.raises(TransientFetchError):
        evidence_archive(evidence_pk=evidence.pk)
    evidence.refresh_from_db()
    assert (evidence.archive_status, evidence.archive_error) == ("pending", "HTTP 503")
    assert evidence_archive(evidence_pk=evidence.pk, final_attempt=True) == "failed"
    evidence.refresh_from_db()
    assert evidence.archive_status == "failed"


def test_a_transient_failure_then_success(
    site, media, reviewer, django_capture_on_commit_callbacks
):
    site.codes[:] = [500, 200]
    evidence = _evidence(reviewer, site.url, django_capture_on_commit_callbacks)
    with pytest.raises(TransientFetchError):
        evidence_archive(evidence_pk=evidence.pk)
    assert evidence_archive(evidence_pk=evidence.pk) == "archived"


def test_a_missing_page_is_archived_as_what_it_is(
    site, media, reviewer, django_capture_on_commit_callbacks
):
    site.codes[:] = [404]
    evidence = _evidence(reviewer, site.url, django_capture_on_commit_callbacks)
    assert evidence_archive(evidence_pk=evidence.pk) == "failed"
    evidence.refresh_from_db()
    assert (evidence.archive_http_status, evidence.archive_error) == (404, "HTTP 404")


def test_evidence_without_a_url_is_not_archived(reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        evidence = evidence_add(
            claim=ClaimFactory(),
            kind="geolocation",
            relation="supports",
            description="Matched to satellite imagery.",
            actor=reviewer,
        )
    evidence.refresh_from_db()
    assert evidence.archive_status == ""
    assert evidence_archive(evidence_pk=evidence.pk) == "skipped"
    assert all("evidence_archive_schedule" not in repr(c) for c in queued)


def test_the_sweep_requeues_archives_jobs_and_embeddings_whose_task_was_lost(
    reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from claims.models import Claim, IngestionJob
    from claims.services.ingestion import ingestion_job_create
    from claims.tasks import archive_evidence, embed_claims, run_ingestion, sweep_lost_work

    queued = []
    for task in (archive_evidence, run_ingestion, embed_claims):
        monkeypatch.setattr(
            task, "apply_async", lambda args, task=task, **kw: queued.append((task.name, args))
        )
    evidence = evidence_add(
        claim=ClaimFactory(),
        kind="photo",
        relation="supports",
        url="https://e.org/x.jpg",
        actor=reviewer,
    )
    job = ingestion_job_create(text="Rebels entered Hama, the army said.", actor=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        # their own tasks may still come
        assert sweep_lost_work() == {"archives": 0, "jobs": 0, "embeddings": 0}
    long_ago = timezone.now() - timedelta(hours=2)
    type(evidence).objects.filter(pk=evidence.pk).update(created_at=long_ago)
    IngestionJob.objects.filter(pk=job.pk).update(created_at=long_ago)
    Claim.objects.filter(pk=evidence.claim_id).update(created_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_lost_work() == {"archives": 1, "jobs": 1, "embeddings": 1}
    assert sorted(queued) == [
        ("claims.archive_evidence", (evidence.pk,)),
        ("claims.embed_claims", ([evidence.claim_id],)),
        ("claims.run_ingestion", (job.pk,)),
    ]


# --- a faithful WARC, refusals and JavaScript shells ---------------------------------


def test_the_warc_holds_the_real_exchange_and_replays(
    media, reviewer, django_capture_on_commit_callbacks
):
    """Request and response records as sent and received, the redirect
    included, read back with warcio."""
    from tests.servers import LocalServer, answer

    def serve(handler):
        if handler.path == "/old":
            answer(handler, status=301, headers=[("Location", "/evidence")])
        else:
            answer(handler, body=PAGE, headers=[("X-Served-By", "test")])

    with LocalServer(serve) as server:
        evidence = _evidence(reviewer, server.url + "/old", django_capture_on_commit_callbacks)
        assert evidence_archive(evidence_pk=evidence.pk) == "archived"
        sent_user_agent = server.requests[0]["headers"]["User-Agent"]

    evidence.refresh_from_db()
    with evidence.archive_file.open("rb") as warc:
        records = [
            (
                r.rec_type,
                r.rec_headers.get_header("WARC-Target-URI"),
                r.rec_headers.get_header("WARC-IP-Address"),
                r.http_headers,
                r.content_stream().read(),
            )
            for r in ArchiveIterator(warc)
        ]
    # warcio writes each pair response first, the request after it
    assert [(kind, uri) for kind, uri, *_ in records] == [
        ("response", server.url + "/old"),
        ("request", server.url + "/old"),
        ("response", server.url + "/evidence"),
        ("request", server.url + "/evidence"),
    ]
    request_headers = records[3][3]
    assert request_headers.protocol == "GET"  # the request line as sent
    assert request_headers.get_header("User-Agent") == sent_user_agent
    redirect, final = records[0][3], records[2][3]
    assert redirect.get_statuscode() == "301"
    assert redirect.get_header("Location") == "/evidence"
    assert final.get_statuscode() == "200"
    assert final.get_header("X-Served-By") == "test"
    assert records[2][4] == PAGE
    assert records[2][2] == "127.0.0.1"  # the address actually connected to
    assert evidence.archive_sha256 == hashlib.sha256(PAGE).hexdigest()


def test_a_javascript_shell_is_flagged_not_archived_as_the_post(
    media, reviewer, django_capture_on_commit_callbacks
):
    from tests.servers import LocalServer, answer

    shell = (
        b"<!DOCTYPE html><html><head><script src='/main.js'></script></head><body>"
        b"<noscript>JavaScript is not available.</noscript><div id='react-root'></div>"
        b"</body></html>"
    )
    with LocalServer(lambda h: answer(h, body=shell)) as server:
        evidence = _evidence(reviewer, server.url + "/status/1", django_capture_on_commit_callbacks)
        assert evidence_archive(evidence_pk=evidence.pk) == "js_shell"
    evidence.refresh_from_db()
    assert evidence.archive_status == "js_shell"
    assert "JavaScript shell" in evidence.archive_error
    assert evidence.get_archive_status_display() == "JavaScript shell: needs a browser capture"
    assert evidence.archive_file  # what came back is kept, for what it is
    assert evidence_archive(evidence_pk=evidence.pk) == "skipped"


def test_an_article_page_with_scripts_is_not_a_shell():
    from claims.services.archive import is_javascript_shell

    article = (
        b"<html><script>track()</script><body><p>"
        + b"Rebels entered the city of Hama on Thursday, the army said. " * 10
        + b"</p></body></html>"
    )
    assert not is_javascript_shell("text/html", article)
    assert not is_javascript_shell("image/png", b"<script")


def test_a_private_address_is_refused_and_recorded_without_retry(
    settings, media, reviewer, django_capture_on_commit_callbacks
):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    evidence = _evidence(
        reviewer, "http://169.254.169.254/latest/meta-data/", django_capture_on_commit_callbacks
    )
    assert evidence_archive(evidence_pk=evidence.pk) == "failed"  # at once, no retry
    evidence.refresh_from_db()
    assert evidence.archive_status == "failed"
    assert evidence.archive_error.startswith("Refused: 169.254.169.254 is a link-local address")
    assert not evidence.archive_file
