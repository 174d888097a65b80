"""Archiving evidence URLs as WARC files, in the background."""

from __future__ import annotations

import hashlib
import io
import urllib.error
import urllib.request

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claims.models import ArchiveStatus, Evidence
from config.celery_app import enqueue_on_commit

MAX_BYTES = 50 * 1024 * 1024
TIMEOUT_SECONDS = 30
USER_AGENT = "Claimtrace-Archiver/1 (+fact-checking evidence archive)"


class TransientFetchError(Exception):
    """Worth trying again later: a timeout, a refused connection, a 5xx."""


def evidence_archive_schedule(*, evidence: Evidence) -> None:
    """Mark evidence with a URL as waiting for its archive, and queue the
    fetch after commit (the request that added it never waits for it)."""
    from claims.tasks import archive_evidence

    if not evidence.url:
        return
    Evidence.objects.filter(pk=evidence.pk).update(archive_status=ArchiveStatus.PENDING)
    enqueue_on_commit(archive_evidence, evidence.pk)


def _fetch(url: str) -> tuple[int, list[tuple[str, str]], bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_BYTES + 1)
            return response.status, list(response.headers.items()), body[:MAX_BYTES]
    except urllib.error.HTTPError as exc:
        if exc.code >= 500 or exc.code == 429:
            raise TransientFetchError(f"HTTP {exc.code}") from exc
        return exc.code, list(exc.headers.items()), exc.read(MAX_BYTES)
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise TransientFetchError(f"{type(exc).__name__}: {exc}") from exc


def evidence_archive(*, evidence_pk: int, final_attempt: bool = False) -> str:
    """Fetch the evidence URL, write it as a WARC response record to storage,
    and record the body's SHA-256, the HTTP status and the time. Returns
    "archived", "failed" or "skipped"; raises TransientFetchError to be
    retried (or records the failure on the final attempt)."""
    evidence = Evidence.objects.filter(pk=evidence_pk).first()
    if evidence is None or not evidence.url or evidence.archive_status == ArchiveStatus.ARCHIVED:
        return "skipped"
    try:
        status, headers, body = _fetch(evidence.url)
    except TransientFetchError as exc:
        if not final_attempt:
            Evidence.objects.filter(pk=evidence_pk).update(archive_error=str(exc)[:1000])
            raise
        Evidence.objects.filter(pk=evidence_pk).update(
            archive_status=ArchiveStatus.FAILED, archive_error=str(exc)[:1000]
        )
        return "failed"

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    http_headers = StatusAndHeaders(f"{status} -", headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        evidence.url, "response", payload=io.BytesIO(body), http_headers=http_headers
    )
    writer.write_record(record)
    digest = hashlib.sha256(body).hexdigest()
    with transaction.atomic():
        locked = Evidence.objects.select_for_update().get(pk=evidence_pk)
        ok = 200 <= status < 400
        locked.archive_file.save(
            f"evidence-{locked.pk}-{digest[:12]}.warc.gz",
            ContentFile(buffer.getvalue()),
            save=False,
        )
        locked.archive_sha256 = digest
        locked.archive_http_status = status
        locked.archived_at = timezone.now()
        locked.archive_status = ArchiveStatus.ARCHIVED if ok else ArchiveStatus.FAILED
        locked.archive_error = "" if ok else f"HTTP {status}"
        locked.save(
            update_fields=[
                "archive_file",
                "archive_sha256",
                "archive_http_status",
                "archived_at",
                "archive_status",
                "archive_error",
            ]
        )
    return "archived" if ok else "failed"


# Longer than the archive task's whole retry schedule (30 s … 8 min backoff).
ARCHIVE_SWEEP_AFTER_SECONDS = 3600


def evidence_archive_sweep() -> int:
    """Queue again the archives still pending an hour after their evidence
    was added: their task was lost (the broker was down when it was queued).
    Returns how many were queued."""
    from datetime import timedelta

    from claims.tasks import archive_evidence

    cutoff = timezone.now() - timedelta(seconds=ARCHIVE_SWEEP_AFTER_SECONDS)
    pending = list(
        Evidence.objects.filter(archive_status=ArchiveStatus.PENDING, created_at__lt=cutoff)
        .exclude(url="")
        .values_list("pk", flat=True)
    )
    for pk in pending:
        enqueue_on_commit(archive_evidence, pk)
    return len(pending)
