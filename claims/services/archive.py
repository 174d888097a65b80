"""Archiving evidence URLs as WARC files, in the background.

The fetch goes through the one outbound client (public addresses only, time
and size limits) and is recorded by warcio's `capture_http`: the request as
sent and the response as received, headers and body, each redirect too, so
any WARC tool (pywb, ReplayWeb.page) replays it. A page that is only a
JavaScript shell (X, Telegram web) is flagged as such: its archive holds the
shell, not the post."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from warcio.capture_http import capture_http
from warcio.warcwriter import WARCWriter

from claims.models import ArchiveStatus, Evidence
from config import outbound
from config.celery_app import enqueue_on_commit

TIMEOUT_SECONDS = 30
# A page whose readable text is shorter than this while it carries scripts is
# an application shell: the post is drawn by JavaScript in a browser.
SHELL_TEXT_CHARS = 200
SHELL_MARKERS = re.compile(
    r"JavaScript is (?:not available|disabled|required)|enable JavaScript|"
    r"(?:turn|switch) on JavaScript|включите JavaScript|увімкніть JavaScript",
    re.I,
)


class TransientFetchError(Exception):
    """Worth trying again later: a timeout, a refused connection, a 5xx."""


def is_javascript_shell(content_type: str, body: bytes) -> bool:
    """An HTML page with scripts and next to no text of its own, or one that
    says it needs JavaScript: what X and Telegram web serve to a plain fetch."""
    from claims.ingestion.text import html_to_text

    if content_type not in ("text/html", "application/xhtml+xml"):
        return False
    markup = body.decode("utf-8", errors="replace")
    if "<script" not in markup.lower():
        return False
    text = html_to_text(markup)
    return len(text) < SHELL_TEXT_CHARS or bool(SHELL_MARKERS.search(text))


def evidence_archive_schedule(*, evidence: Evidence) -> None:
    """Mark evidence with a URL as waiting for its archive, and queue the
    fetch after commit (the request that added it never waits for it)."""
    if not evidence.url:
        return
    Evidence.objects.filter(pk=evidence.pk).update(archive_status=ArchiveStatus.PENDING)
    enqueue_on_commit("claims.archive_evidence", evidence.pk)


def _capture(url: str) -> tuple[outbound.Response, bytes]:
    """Fetch `url` and return the response with the WARC of the exchange."""
    buffer = io.BytesIO()
    with capture_http(WARCWriter(buffer, gzip=True)):
        try:
            response = outbound.request("GET", url, timeout=TIMEOUT_SECONDS)
        except outbound.OutboundError as exc:
            if exc.transient:
                raise TransientFetchError(str(exc)) from exc
            raise
    if response.status >= 500 or response.status == 429:
        raise TransientFetchError(f"HTTP {response.status}")
    return response, buffer.getvalue()


def _record_failure(evidence_pk: int, error: str, status: str = ArchiveStatus.FAILED) -> None:
    Evidence.objects.filter(pk=evidence_pk).update(archive_status=status, archive_error=error)


def _archive_store(evidence_pk: int, response, warc: bytes) -> str:
    """Store the capture on the evidence row: the WARC file, the body's
    SHA-256, the HTTP status, the time and what the capture is worth."""
    status = response.status
    digest = hashlib.sha256(response.body).hexdigest()
    if not 200 <= status < 400:
        outcome, error = ArchiveStatus.FAILED, f"HTTP {status}"
    elif is_javascript_shell(response.content_type, response.body):
        outcome = ArchiveStatus.JS_SHELL
        error = _(
            "The page is a JavaScript shell: what a plain fetch gets holds no post. "
            "Archive it with a browser (or add a screenshot) before relying on it."
        )
    else:
        outcome, error = ArchiveStatus.ARCHIVED, ""
    with transaction.atomic():
        locked = Evidence.objects.select_for_update().get(pk=evidence_pk)
        locked.archive_file.save(
            f"evidence-{locked.pk}-{digest[:12]}.warc.gz", ContentFile(warc), save=False
        )
        locked.archive_sha256 = digest
        locked.archive_http_status = status
        locked.archived_at = timezone.now()
        locked.archive_status = outcome
        locked.archive_error = error
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
    return outcome


def evidence_archive(*, evidence_pk: int, final_attempt: bool = False) -> str:
    """Fetch the evidence URL, store the exchange as a WARC file, and record
    the body's SHA-256, the HTTP status and the time. Returns "archived",
    "js_shell", "failed" or "skipped"; raises TransientFetchError to be
    retried (or records the failure on the final attempt). A refused address
    or an oversized page fails at once, with the reason."""
    evidence = Evidence.objects.filter(pk=evidence_pk).first()
    done = (ArchiveStatus.ARCHIVED, ArchiveStatus.JS_SHELL)
    if evidence is None or not evidence.url or evidence.archive_status in done:
        return "skipped"
    try:
        response, warc = _capture(evidence.url)
    except TransientFetchError as exc:
        if not final_attempt:
            Evidence.objects.filter(pk=evidence_pk).update(archive_error=str(exc)[:1000])
            raise
        _record_failure(evidence_pk, str(exc)[:1000])
        return "failed"
    except outbound.OutboundError as exc:
        _record_failure(evidence_pk, str(exc)[:1000])
        return "failed"

    outcome = _archive_store(evidence_pk, response, warc)
    return {ArchiveStatus.ARCHIVED: "archived", ArchiveStatus.JS_SHELL: "js_shell"}.get(
        outcome, "failed"
    )


# Longer than the archive task's whole retry schedule (30 s … 8 min backoff).
ARCHIVE_SWEEP_AFTER_SECONDS = 3600


def evidence_archive_sweep() -> int:
    """Queue again the archives still pending an hour after their evidence
    was added: their task was lost (the broker was down when it was queued).
    Returns how many were queued."""
    cutoff = timezone.now() - timedelta(seconds=ARCHIVE_SWEEP_AFTER_SECONDS)
    pending = list(
        Evidence.objects.filter(archive_status=ArchiveStatus.PENDING, created_at__lt=cutoff)
        .exclude(url="")
        .values_list("pk", flat=True)
    )
    for pk in pending:
        enqueue_on_commit("claims.archive_evidence", pk)
    return len(pending)
