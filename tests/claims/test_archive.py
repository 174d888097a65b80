"""Evidence URLs are archived as WARC files in the background."""

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from warcio.archiveiterator import ArchiveIterator

from claims.services import evidence_add, evidence_archive
from claims.services.archive import TransientFetchError
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
            added_by=reviewer,
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
            added_by=reviewer,
        )
    evidence.refresh_from_db()
    assert evidence.archive_status == ""
    assert evidence_archive(evidence_pk=evidence.pk) == "skipped"
    assert all("evidence_archive_schedule" not in repr(c) for c in queued)


def test_the_sweep_requeues_archives_and_jobs_whose_task_was_lost(
    reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from claims.models import IngestionJob
    from claims.services import ingestion_job_create
    from claims.tasks import archive_evidence, run_ingestion, sweep_lost_work

    queued = []
    for task in (archive_evidence, run_ingestion):
        monkeypatch.setattr(
            task, "apply_async", lambda args, task=task, **kw: queued.append((task.name, args))
        )
    evidence = evidence_add(
        claim=ClaimFactory(),
        kind="photo",
        relation="supports",
        url="https://e.org/x.jpg",
        added_by=reviewer,
    )
    job = ingestion_job_create(text="Rebels entered Hama, the army said.", created_by=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_lost_work() == {"archives": 0, "jobs": 0}  # their own tasks may still come
    long_ago = timezone.now() - timedelta(hours=2)
    type(evidence).objects.filter(pk=evidence.pk).update(created_at=long_ago)
    IngestionJob.objects.filter(pk=job.pk).update(created_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_lost_work() == {"archives": 1, "jobs": 1}
    assert sorted(queued) == [
        ("claims.archive_evidence", (evidence.pk,)),
        ("claims.run_ingestion", (job.pk,)),
    ]
