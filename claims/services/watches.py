"""Watches: the feeds and channels the desk follows, read as they publish.

Each watch is read on its interval by the `intake` queue (beat queues the due
ones, `watches_poll_due`), through the one outbound client (the deployment's
address rules, size and time limits), with conditional GET; errors back off
(doubling, or the server's `Retry-After`) and a watch that keeps failing is
marked so. Each item is filed once: by its id in the watch (an edit is a new
version of it), and an item whose URL or words were first seen elsewhere is a
repeat of that one. Each new item or version becomes an ingestion job with
the watch's source as publisher; a post's own statements are its author's,
and "forwarded from X" makes X the origin the channel relays. Nothing is
filed as a claim without a person (docs/monitoring.md)."""

from __future__ import annotations

import email.utils
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.feeds import (
    FeedUnreadable,
    Item,
    channel_name,
    channel_preview_url,
    parse_channel_page,
    parse_feed,
    parse_telegram_export,
)
from claims.models import WATCH_MAX_INTERVAL, WATCH_MIN_INTERVAL, Watch, WatchItem
from claims.permissions import can_manage_watches
from claims.services.ingestion import ingestion_job_create
from config import outbound
from config.celery_app import enqueue_on_commit
from config.exceptions import ApplicationError, NotAllowed
from sources.models import Source

logger = logging.getLogger(__name__)

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/feed+json",
)
PAGE_TYPES = ("text/html", "application/xhtml+xml")
# A watch failing this many reads in a row is marked failing (admin, API, board).
FAILING_AFTER = 5
# The longest a watch waits after errors before it is read again.
MAX_BACKOFF = timedelta(hours=6)


def watch_is_failing(watch: Watch) -> bool:
    return watch.failures >= FAILING_AFTER


def _require(actor: AbstractBaseUser) -> None:
    if not can_manage_watches(actor):
        raise NotAllowed(_("Your role cannot manage watches."))


def _check_interval(interval: int) -> None:
    if not WATCH_MIN_INTERVAL <= interval <= WATCH_MAX_INTERVAL:
        raise ApplicationError(
            _("Read it at most every minute and at least weekly (60 to 604800 seconds)."),
            field="interval",
        )


def _watch_url(kind: str, url: str) -> str:
    """The address to read: a feed's URL as given, a channel's preview page
    from "@name", "t.me/name" or its address."""
    url = (url or "").strip()
    if kind == Watch.Kind.TELEGRAM:
        preview = channel_preview_url(url)
        if preview is None:
            raise ApplicationError(
                _("Give the channel as @name, t.me/name or https://t.me/s/name."), field="url"
            )
        url = preview
    return outbound.url_given(url)


@transaction.atomic
def watch_create(
    *, actor: AbstractBaseUser, source: Source, kind: str, url: str, interval: int = 900
) -> Watch:
    """Follow a feed or a channel of a registered source; its first read is
    queued at once."""
    _require(actor)
    if kind not in (Watch.Kind.FEED, Watch.Kind.TELEGRAM):
        raise ApplicationError(_("A watch is a feed or a Telegram channel."), field="kind")
    if source.pending:
        raise ApplicationError(
            _("The source is waiting for the source desk; watch it once it is accepted."),
            field="source",
        )
    _check_interval(interval)
    url = _watch_url(kind, url)
    if Watch.objects.filter(kind=kind, url=url).exists():
        raise ApplicationError(_("This feed is watched already."), field="url", code="duplicate")
    watch = Watch.objects.create(
        source=source,
        kind=kind,
        url=url,
        interval=interval,
        created_by=actor,
        next_poll_at=timezone.now(),
    )
    enqueue_on_commit("claims.poll_watch", watch.pk)
    return watch


@transaction.atomic
def watch_update(
    *,
    actor: AbstractBaseUser,
    watch: Watch,
    paused: bool | None = None,
    interval: int | None = None,
) -> Watch:
    """Pause or resume a watch, or change how often it is read. Resuming a
    failing watch reads it now, with its failures forgotten."""
    _require(actor)
    watch = Watch.objects.select_for_update().get(pk=watch.pk)
    if interval is not None:
        _check_interval(interval)
        watch.interval = interval
    if paused is not None and paused != watch.paused:
        watch.paused = paused
        if not paused:
            watch.failures, watch.next_poll_at = 0, timezone.now()
    watch.save()
    return watch


def watches_read_now(*, actor: AbstractBaseUser, watches) -> int:
    """Queue a read of each of these watches now (paused ones and exports
    are not read); returns how many."""
    _require(actor)
    queued = 0
    for watch in watches:
        if not watch.paused and watch.kind != Watch.Kind.EXPORT:
            enqueue_on_commit("claims.poll_watch", watch.pk)
            queued += 1
    return queued


# --- reading ----------------------------------------------------------------------------


@dataclass
class PollResult:
    new: int = 0
    edited: int = 0
    repeated: int = 0
    unchanged: int = 0
    not_modified: bool = False
    error: str = ""

    def as_dict(self) -> dict:
        return dict(vars(self))


def _retry_after(response: outbound.Response, now: datetime) -> timedelta | None:
    """The server's `Retry-After`, in seconds or as an HTTP date."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when - now, timedelta(0)) if when.tzinfo else None


def _failed(watch: Watch, error: str, now: datetime, wait: timedelta | None = None) -> PollResult:
    """Back off: twice the interval per failure in a row, or what the server
    asked, at most MAX_BACKOFF; the error stays on the watch for the desk."""
    watch.failures += 1
    backoff = min(timedelta(seconds=watch.interval) * 2 ** min(watch.failures, 10), MAX_BACKOFF)
    watch.next_poll_at = now + max(backoff, wait or timedelta(0))
    watch.last_polled_at, watch.last_error = now, error[:2000]
    watch.save(update_fields=["failures", "next_poll_at", "last_polled_at", "last_error"])
    logger.warning("watch %s failed (%s in a row): %s", watch.pk, watch.failures, error)
    return PollResult(error=error)


def _succeeded(watch: Watch, now: datetime, response: outbound.Response, seen: int) -> None:
    if response.status != 304:
        watch.etag = response.headers.get("ETag", "")[:500]
        watch.last_modified = response.headers.get("Last-Modified", "")[:100]
    watch.failures, watch.last_error = 0, ""
    watch.last_polled_at = watch.last_success_at = now
    watch.next_poll_at = now + timedelta(seconds=watch.interval)
    watch.items_seen += seen
    watch.save()


def _parse(watch: Watch, response: outbound.Response) -> list[Item]:
    if watch.kind == Watch.Kind.TELEGRAM:
        return parse_channel_page(response.body)
    return parse_feed(response.body)


def watch_poll(*, watch_pk: int) -> PollResult:
    """Read a watch once (the `intake` queue's task): conditional GET, the
    items filed, the schedule moved on; an error backs off."""
    watch = Watch.objects.select_related("source", "created_by").get(pk=watch_pk)
    if watch.paused or watch.kind == Watch.Kind.EXPORT:
        return PollResult()
    now = timezone.now()
    headers = {"If-None-Match": watch.etag} if watch.etag else {}
    if watch.last_modified:
        headers["If-Modified-Since"] = watch.last_modified
    kinds = PAGE_TYPES if watch.kind == Watch.Kind.TELEGRAM else (*FEED_TYPES, *PAGE_TYPES)
    try:
        response = outbound.request(
            "GET",
            watch.url,
            headers=headers,
            timeout=settings.CLAIMTRACE_WATCH_TIMEOUT_SECONDS,
            max_bytes=settings.CLAIMTRACE_WATCH_MAX_BYTES,
        )
    except outbound.OutboundError as exc:
        return _failed(watch, str(exc), now)
    if response.status == 304:
        _succeeded(watch, now, response, 0)
        return PollResult(not_modified=True)
    if response.status >= 400:
        error = _("%(url)s answered HTTP %(code)s.") % {"url": watch.url, "code": response.status}
        return _failed(watch, error, now, _retry_after(response, now))
    if response.content_type not in kinds:
        error = _("%(url)s is %(type)s, not a feed or a channel page.") % {
            "url": watch.url,
            "type": response.content_type or _("of no stated type"),
        }
        return _failed(watch, error, now)
    try:
        items = _parse(watch, response)
    except FeedUnreadable as exc:
        return _failed(watch, _("Not a feed we can read: %(why)s") % {"why": exc}, now)
    with transaction.atomic():
        # one reader at a time files a watch's items (a "read now" beside beat's)
        Watch.objects.select_for_update().filter(pk=watch.pk).first()
        result = watch_items_store(watch=watch, items=items)
        _succeeded(watch, now, response, result.new + result.edited + result.repeated)
    return result


def _author(watch: Watch, item: Item) -> str:
    """Whose words a channel's post is: the one it forwarded, else the
    channel's own; a feed's article speaks through the sources it names."""
    if watch.kind == Watch.Kind.FEED:
        return ""
    return item.forwarded_from or watch.source.name


def _job(watch: Watch, item: Item):
    text = f"{item.title}\n\n{item.text}" if item.title else item.text
    return ingestion_job_create(
        actor=watch.created_by,
        text=text[: settings.CLAIMTRACE_INGEST_MAX_CHARS],
        url=item.url,
        publisher=watch.source,
        author_name=_author(watch, item),
    )


class _FirstSeen:
    """The earliest item with the same URL or the same words, in any watch,
    for a batch of items: one query for the batch, then kept up to date as
    the batch files new rows."""

    def __init__(self, items: list[Item]):
        hashes = [item.content_hash for item in items]
        urls = [item.url for item in items if item.url]
        self.by_hash: dict[str, WatchItem] = {}
        self.by_url: dict[str, WatchItem] = {}
        rows = WatchItem.objects.filter(Q(content_hash__in=hashes) | Q(url__in=urls))
        for row in rows.order_by("-first_seen_at", "-id"):  # the earliest written last
            self.add(row)

    def add(self, row: WatchItem) -> None:
        self.by_hash[row.content_hash] = row
        if row.url:
            self.by_url[row.url] = row

    def of(self, item: Item, content_hash: str) -> WatchItem | None:
        found = [self.by_hash.get(content_hash), self.by_url.get(item.url) if item.url else None]
        found = [row for row in found if row is not None]
        return min(found, key=lambda row: (row.first_seen_at, row.pk)) if found else None

    def keep_first(self, row: WatchItem) -> None:
        """A row filed now is the first of its words and URL only where none was."""
        self.by_hash.setdefault(row.content_hash, row)
        if row.url:
            self.by_url.setdefault(row.url, row)


def watch_items_store(*, watch: Watch, items: list[Item]) -> PollResult:
    """File a watch's items once each: new ones and new versions of edited
    ones become ingestion jobs (queued after commit); repeats of an item first
    seen elsewhere are kept for the spread, not read again."""
    result = PollResult()
    first_seen = _FirstSeen(items)
    known = {
        row.external_id: row
        for row in WatchItem.objects.filter(
            watch=watch, external_id__in=[item.external_id for item in items]
        )
    }
    for item in items:
        digest = item.content_hash
        row = known.get(item.external_id)
        if row is not None:
            if row.content_hash == digest:
                result.unchanged += 1
                continue
            row.version += 1  # an edit: the same item, a new version
            row.text, row.title, row.content_hash = item.text, item.title[:500], digest
            row.job = _job(watch, item)
            row.save()
            result.edited += 1
            continue
        first = first_seen.of(item, digest)
        row = WatchItem.objects.create(
            watch=watch,
            external_id=item.external_id,
            url=item.url,
            content_hash=digest,
            title=item.title[:500],
            text=item.text,
            published_at=item.published_at,
            forwarded_from=item.forwarded_from[:200],
            views=item.views,
            duplicate_of=(first.duplicate_of or first) if first else None,
        )
        known[item.external_id] = row
        first_seen.keep_first(row)
        if first is None:
            row.job = _job(watch, item)
            row.save(update_fields=["job"])
            result.new += 1
        else:
            result.repeated += 1
    return result


def watches_poll_due(*, now: datetime | None = None) -> int:
    """Queue a read of every watch that is due (beat, every minute), at most
    one per host within CLAIMTRACE_WATCH_HOST_SECONDS: a host's other watches
    wait for the next round. Returns how many were queued."""
    now = now or timezone.now()
    due = Watch.objects.filter(paused=False, next_poll_at__lte=now).exclude(kind=Watch.Kind.EXPORT)
    queued = 0
    for watch in due.order_by("next_poll_at", "id")[: settings.CLAIMTRACE_WATCH_BATCH]:
        host = (urlsplit(watch.url).hostname or "").lower()
        if not cache.add(f"watch-host:{host}", 1, timeout=settings.CLAIMTRACE_WATCH_HOST_SECONDS):
            continue
        # Not read again by the next round while this read is queued.
        Watch.objects.filter(pk=watch.pk).update(
            next_poll_at=now + timedelta(seconds=watch.interval)
        )
        enqueue_on_commit("claims.poll_watch", watch.pk)
        queued += 1
    return queued


@transaction.atomic
def telegram_export_import(
    *, actor: AbstractBaseUser, source: Source, body: bytes
) -> tuple[Watch, PollResult]:
    """A Telegram Desktop export (`result.json`) read once, as a paused watch
    of kind "export": each message with words becomes an item, as a read of
    the channel would file it."""
    _require(actor)
    try:
        name, items = parse_telegram_export(body)
    except FeedUnreadable as exc:
        raise ApplicationError(
            _("This is not a Telegram export (result.json): %(why)s") % {"why": exc}, field="file"
        ) from exc
    handle = (source.handle or "").lstrip("@") or channel_name(source.url or "")
    url = f"https://t.me/{handle}" if handle else f"https://t.me/s/export-{source.pk}"
    watch, _created = Watch.objects.get_or_create(
        kind=Watch.Kind.EXPORT,
        url=url,
        defaults={"source": source, "created_by": actor, "paused": True},
    )
    result = watch_items_store(watch=watch, items=items)
    watch.items_seen += result.new + result.edited + result.repeated
    watch.last_polled_at = watch.last_success_at = timezone.now()
    watch.save(update_fields=["items_seen", "last_polled_at", "last_success_at"])
    logger.info("imported %s from a Telegram export of %r", result.as_dict(), name)
    return watch, result
