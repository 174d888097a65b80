"""Watches read from local servers serving feeds and channel pages written
for these tests: RSS, Atom, a channel's preview page, a feed that errors, a
slow one, one that answers 304, a post edited after publication, a forward
chain and an item repeated across feeds."""

from __future__ import annotations

import time
from datetime import timedelta

import orjson
import pytest
from django.core.cache import cache
from django.utils import timezone

from claims.feeds import channel_preview_url, parse_channel_page, parse_feed
from claims.models import IngestionJob, Watch, WatchItem
from claims.services.ingestion import ingestion_run
from claims.services.watches import (
    FAILING_AFTER,
    telegram_export_import,
    watch_create,
    watch_is_failing,
    watch_poll,
    watch_update,
    watches_poll_due,
)
from config.exceptions import ApplicationError, NotAllowed
from sources.models import Source
from sources.services import source_create
from tests.factories import UserFactory
from tests.servers import LocalServer, answer

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Courier</title>
<item><guid>hc-1</guid><link>https://harbour.example/1</link><title>Ferry stopped</title>
<pubDate>Mon, 02 Dec 2024 08:00:00 GMT</pubDate>
<description>The port authority said that the northern ferry had stopped near the pier.
</description>
</item>
<item><guid>hc-2</guid><link>https://harbour.example/2</link><title>Bridge closed</title>
<pubDate>Mon, 02 Dec 2024 09:00:00 GMT</pubDate>
<description>The coast guard said the old bridge was closed to all traffic overnight.</description>
</item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Post</title>
<entry><id>urn:vp:7</id><title>Dam inspected</title><link href="https://valley.example/7"/>
<updated>2024-12-02T10:00:00Z</updated>
<content type="html">&lt;p&gt;The valley council said the dam had been inspected
on Sunday.&lt;/p&gt;</content>
</entry></feed>"""


def channel_page(posts: list[tuple[int, str, str]], name: str = "harbourwatch") -> bytes:
    """A channel preview page in the shape of t.me/s/: (id, text, forwarded from)."""
    parts = []
    for post_id, text, forwarded in posts:
        forward = (
            f'<div class="tgme_widget_message_forwarded_from">Forwarded from '
            f'<a class="tgme_widget_message_forwarded_from_name" href="#">{forwarded}</a></div>'
            if forwarded
            else ""
        )
        parts.append(
            f'<div class="tgme_widget_message" data-post="{name}/{post_id}">{forward}'
            f'<div class="tgme_widget_message_text">{text}</div>'
            f'<span class="tgme_widget_message_views">1.2K</span>'
            f'<a class="tgme_widget_message_date" href="https://t.me/{name}/{post_id}">'
            f'<time datetime="2024-12-02T1{post_id % 10}:00:00+00:00">now</time></a></div>'
        )
    return f"<html><body>{''.join(parts)}</body></html>".encode()


@pytest.fixture
def outlet(db):
    return source_create(name="Harbour Courier", kind=Source.Kind.NEWS_OUTLET)


@pytest.fixture
def channel(db):
    return source_create(name="Harbour Watch", kind=Source.Kind.CHANNEL)


@pytest.fixture(autouse=True)
def _no_host_limit_between_tests():
    cache.clear()


def serve(routes: dict[str, tuple]):
    """A server answering each path with (status, body, content type, headers)."""

    def handle(h):
        status, body, kind, headers = routes.get(h.path.split("?")[0], (404, b"", "text/plain", ()))
        if callable(body):
            status, body, kind, headers = body(h)
        answer(h, status=status, body=body, content_type=kind, headers=headers)

    return LocalServer(handle)


# --- parsing ------------------------------------------------------------------------


def test_rss_and_atom_entries_are_items_oldest_first():
    items = parse_feed(RSS)
    assert [i.external_id for i in items] == ["hc-1", "hc-2"]
    assert items[0].title == "Ferry stopped"
    assert "northern ferry" in items[0].text
    assert items[0].published_at.isoformat() == "2024-12-02T08:00:00+00:00"
    (entry,) = parse_feed(ATOM)
    assert (entry.external_id, entry.url) == ("urn:vp:7", "https://valley.example/7")
    assert (
        " ".join(entry.text.split())
        == "The valley council said the dam had been inspected on Sunday."
    )


def test_a_link_that_is_not_a_web_address_is_dropped():
    feed = RSS.replace(b"https://harbour.example/1", b"javascript:alert(1)")
    assert [item.url for item in parse_feed(feed)] == ["", "https://harbour.example/2"]


def test_a_channel_page_gives_each_post_with_its_id_date_views_and_forward():
    page = channel_page(
        [(41, "The ferry is back.", ""), (42, "Bridge open.<br>Traffic moves.", "Port Radio")]
    )
    first, second = parse_channel_page(page)
    assert (first.external_id, first.url, first.views) == (
        "harbourwatch/41",
        "https://t.me/harbourwatch/41",
        1200,
    )
    assert first.published_at.isoformat() == "2024-12-02T11:00:00+00:00"
    assert second.forwarded_from == "Port Radio"
    assert second.text == "Bridge open.\nTraffic moves."


@pytest.mark.parametrize(
    ("given", "url"),
    [("@harbourwatch", "https://t.me/s/harbourwatch"), ("t.me/harbourwatch", "https://t.me/s/harbourwatch"),
     ("https://t.me/s/harbourwatch", "https://t.me/s/harbourwatch"), ("not a channel!", None)],
)  # fmt: skip
def test_a_channel_is_given_as_its_name_or_address(given, url):
    assert channel_preview_url(given) == url


# --- creating and pausing ------------------------------------------------------------


def test_the_desk_creates_a_watch_and_bad_input_names_its_field(reviewer, outlet):
    with serve({"/rss": (200, RSS, "application/rss+xml", ())}) as server:
        watch = watch_create(actor=reviewer, source=outlet, kind="feed", url=f"{server.url}/rss")
        assert watch.next_poll_at is not None
        for kwargs, field in [
            ({"kind": "feed", "url": "ftp://x.example/feed"}, "url"),
            ({"kind": "telegram", "url": "not a channel!"}, "url"),
            ({"kind": "feed", "url": f"{server.url}/rss"}, "url"),  # watched already
            ({"kind": "feed", "url": f"{server.url}/other", "interval": 5}, "interval"),
            ({"kind": "nonsense", "url": f"{server.url}/x"}, "kind"),
        ]:
            with pytest.raises(ApplicationError) as refused:
                watch_create(actor=reviewer, source=outlet, **kwargs)
            assert refused.value.field == field
    assert Watch.objects.count() == 1


def test_a_role_without_watches_cannot_create_or_pause_one(reviewer, outlet):
    nobody = UserFactory()
    with pytest.raises(NotAllowed):
        watch_create(actor=nobody, source=outlet, kind="feed", url="https://harbour.example/rss")
    watch = Watch.objects.create(
        source=outlet, kind="feed", url="https://h.example/f", created_by=reviewer
    )
    with pytest.raises(NotAllowed):
        watch_update(actor=nobody, watch=watch, paused=True)


def test_a_pending_source_is_not_watched(reviewer):
    pending = source_create(name="Unvetted Channel", kind=Source.Kind.CHANNEL, pending=True)
    with pytest.raises(ApplicationError) as refused:
        watch_create(actor=reviewer, source=pending, kind="telegram", url="@unvetted")
    assert refused.value.field == "source"


# --- reading --------------------------------------------------------------------------


def test_each_new_entry_becomes_an_ingestion_job_published_by_the_watched_source(reviewer, outlet):
    with serve({"/rss": (200, RSS, "application/rss+xml", ())}) as server:
        watch = watch_create(actor=reviewer, source=outlet, kind="feed", url=f"{server.url}/rss")
        result = watch_poll(watch_pk=watch.pk)
        again = watch_poll(watch_pk=watch.pk)
    assert (result.new, again.new, again.unchanged) == (2, 0, 2)
    jobs = IngestionJob.objects.order_by("id")
    assert [j.url for j in jobs] == ["https://harbour.example/1", "https://harbour.example/2"]
    assert all(j.publisher == outlet and j.author_name == "" for j in jobs)
    job = ingestion_run(job_pk=jobs[0].pk)
    candidate = job.candidates.get()
    assert candidate.text.startswith("The northern ferry had stopped")
    chain = [link["name"] for link in candidate.attributions]
    assert chain[-1] == "Harbour Courier"  # the outlet relays what it quotes
    assert candidate.status == "proposed"
    assert not candidate.claim


def test_a_304_reads_nothing_and_the_validators_go_back_to_the_server(reviewer, outlet):
    def conditional(h):
        if h.headers.get("If-None-Match") == '"v1"':
            return 304, b"", "application/rss+xml", ()
        return (
            200,
            RSS,
            "application/rss+xml",
            (("ETag", '"v1"'), ("Last-Modified", "Mon, 02 Dec 2024 09:00:00 GMT")),
        )

    with serve({"/rss": (200, conditional, "", ())}) as server:
        watch = watch_create(actor=reviewer, source=outlet, kind="feed", url=f"{server.url}/rss")
        watch_poll(watch_pk=watch.pk)
        second = watch_poll(watch_pk=watch.pk)
        sent = server.requests[-1]["headers"]
    assert second.not_modified
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Mon, 02 Dec 2024 09:00:00 GMT"
    assert IngestionJob.objects.count() == 2


def test_a_feed_that_errors_backs_off_honours_retry_after_and_is_marked_failing(reviewer, outlet):
    with serve({"/rss": (503, b"busy", "text/plain", (("Retry-After", "7200"),))}) as server:
        watch = watch_create(actor=reviewer, source=outlet, kind="feed", url=f"{server.url}/rss")
        before = timezone.now()
        result = watch_poll(watch_pk=watch.pk)
        watch.refresh_from_db()
        assert "HTTP 503" in result.error
        assert watch.failures == 1
        assert watch.next_poll_at >= before + timedelta(seconds=7200)  # what the server asked
        for _ in range(FAILING_AFTER - 1):
            watch_poll(watch_pk=watch.pk)
    watch.refresh_from_db()
    assert watch_is_failing(watch)
    assert "HTTP 503" in watch.last_error
    assert watch.next_poll_at <= timezone.now() + timedelta(hours=6, seconds=5)  # capped
    watch_update(actor=reviewer, watch=watch, paused=True)
    watch = watch_update(actor=reviewer, watch=watch, paused=False)  # resuming reads it now
    assert watch.failures == 0
    assert watch.next_poll_at <= timezone.now()


def test_a_slow_feed_times_out_as_an_error_not_a_stuck_watch(settings, reviewer, outlet):
    settings.CLAIMTRACE_WATCH_TIMEOUT_SECONDS = 1

    def slow(h):
        time.sleep(3)
        return 200, RSS, "application/rss+xml", ()

    with serve({"/rss": (200, slow, "", ())}) as server:
        watch = watch_create(actor=reviewer, source=outlet, kind="feed", url=f"{server.url}/rss")
        result = watch_poll(watch_pk=watch.pk)
    watch.refresh_from_db()
    assert result.error
    assert watch.failures == 1
    assert watch.last_error
    assert not IngestionJob.objects.exists()


def test_a_page_that_is_not_a_feed_is_an_error_in_words(reviewer, outlet):
    with serve({"/rss": (200, b"\x00\x01binary", "application/xml", ())}) as server:
        watch = watch_create(actor=reviewer, source=outlet, kind="feed", url=f"{server.url}/rss")
        result = watch_poll(watch_pk=watch.pk)
    assert result.error.startswith("Not a feed we can read")


def test_an_edited_post_is_a_new_version_of_the_same_item(reviewer, channel):
    pages = [
        channel_page([(5, "The ferry sank near the pier.", "")]),
        channel_page([(5, "The ferry ran aground near the pier; nobody was hurt.", "")]),
    ]
    with serve(
        {"/s/harbourwatch": (200, lambda h: (200, pages[0], "text/html", ()), "", ())}
    ) as server:
        watch = Watch.objects.create(
            source=channel, kind="telegram", url=f"{server.url}/s/harbourwatch", created_by=reviewer
        )
        first = watch_poll(watch_pk=watch.pk)
        pages[0] = pages[1]
        second = watch_poll(watch_pk=watch.pk)
    item = WatchItem.objects.get()
    assert (first.new, second.edited, item.version) == (1, 1, 2)
    assert "ran aground" in item.text
    assert IngestionJob.objects.count() == 2  # the new version is read again
    assert item.job.author_name == "Harbour Watch"  # the channel's own words


def test_a_forward_makes_the_forwarded_channel_the_origin_the_watched_one_relays(reviewer, channel):
    source_create(name="Port Radio", kind=Source.Kind.CHANNEL)
    page = channel_page(
        [(9, "Two tugboats were sent to the northern pier this morning.", "Port Radio")]
    )
    with serve({"/s/harbourwatch": (200, page, "text/html", ())}) as server:
        watch = Watch.objects.create(
            source=channel, kind="telegram", url=f"{server.url}/s/harbourwatch", created_by=reviewer
        )
        watch_poll(watch_pk=watch.pk)
    item = WatchItem.objects.get()
    assert item.forwarded_from == "Port Radio"
    assert item.job.author_name == "Port Radio"
    job = ingestion_run(job_pk=item.job.pk)
    candidate = job.candidates.get()
    chain = [(link["name"], link["via"]) for link in candidate.attributions]
    assert chain == [("Port Radio", None), ("Harbour Watch", 0)]


def test_an_item_repeated_across_feeds_is_read_once_and_counted_as_a_repeat(
    reviewer, outlet, channel
):
    other = source_create(name="Valley Post", kind=Source.Kind.NEWS_OUTLET)
    with serve(
        {"/a": (200, RSS, "application/rss+xml", ()), "/b": (200, RSS, "application/rss+xml", ())}
    ) as server:
        first = watch_create(actor=reviewer, source=outlet, kind="feed", url=f"{server.url}/a")
        second = watch_create(actor=reviewer, source=other, kind="feed", url=f"{server.url}/b")
        watch_poll(watch_pk=first.pk)
        result = watch_poll(watch_pk=second.pk)
    assert (result.new, result.repeated) == (0, 2)
    repeats = WatchItem.objects.filter(watch=second)
    assert all(r.duplicate_of.watch_id == first.pk and r.job is None for r in repeats)
    assert IngestionJob.objects.count() == 2


def test_due_watches_are_queued_once_per_host_and_paused_ones_never(
    reviewer, outlet, channel, settings
):
    settings.CLAIMTRACE_WATCH_HOST_SECONDS = 60
    now = timezone.now()
    make = lambda source, url, **kw: Watch.objects.create(  # noqa: E731
        source=source, kind="feed", url=url, created_by=reviewer, next_poll_at=now, **kw
    )
    make(outlet, "https://one.example/a")
    make(channel, "https://one.example/b")  # the same host: the next round
    make(outlet, "https://two.example/a")
    make(outlet, "https://three.example/a", paused=True)
    assert watches_poll_due(now=now) == 2
    assert watches_poll_due(now=now) == 0  # the queued ones are not due again meanwhile
    cache.clear()  # the host's minute has passed
    assert watches_poll_due(now=now) == 1


def test_a_telegram_export_is_imported_once_as_items(reviewer, channel):
    export = {
        "name": "Harbour Watch", "type": "public_channel", "id": 777,
        "messages": [
            {"id": 1, "type": "message", "date_unixtime": "1733130000",
             "text": ["The pier is ", {"type": "bold", "text": "closed"}, " until noon."]},
            {"id": 2, "type": "service", "action": "pin_message"},
            {"id": 3, "type": "message", "date_unixtime": "1733133600", "text": "",
             "photo": "photos/1.jpg"},
            {"id": 4, "type": "message", "date_unixtime": "1733137200",
             "forwarded_from": "Port Radio", "text": "Tugboats sent north."},
        ],
    }  # fmt: skip
    watch, result = telegram_export_import(
        actor=reviewer, source=channel, body=orjson.dumps(export)
    )
    assert (watch.kind, watch.paused, result.new) == ("export", True, 2)
    texts = sorted(WatchItem.objects.values_list("text", flat=True))
    assert texts == ["The pier is closed until noon.", "Tugboats sent north."]
    _, again = telegram_export_import(actor=reviewer, source=channel, body=orjson.dumps(export))
    assert (again.new, again.unchanged) == (0, 2)
    with pytest.raises(ApplicationError) as refused:
        telegram_export_import(actor=reviewer, source=channel, body=b"{not json")
    assert refused.value.field == "file"


# --- the API ---------------------------------------------------------------------------


def test_the_api_creates_lists_pauses_and_reads_a_watch(reviewer, outlet):
    from tests.conftest import api_client_for

    client = api_client_for(reviewer)
    with serve({"/rss": (200, RSS, "application/rss+xml", ())}) as server:
        made = client.post(
            "/api/v1/watches/",
            {"source": outlet.pk, "kind": "feed", "url": f"{server.url}/rss", "interval": 300},
            format="json",
        )
        assert made.status_code == 201, made.content
        watch_id = made.json()["id"]
        watch_poll(watch_pk=watch_id)
    listed = client.get("/api/v1/watches/").json()["results"]
    assert [(w["id"], w["items_seen"], w["failing"]) for w in listed] == [(watch_id, 2, False)]
    paused = client.patch(f"/api/v1/watches/{watch_id}/", {"paused": True}, format="json")
    assert paused.json()["paused"] is True
    items = client.get(f"/api/v1/watches/{watch_id}/items/").json()["results"]
    assert {i["external_id"] for i in items} == {"hc-1", "hc-2"}
    assert all(i["job"] for i in items)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "feed", "url": "https://h.example/rss", "interval": 10}, "interval"),
        ({"kind": "radio", "url": "https://h.example/rss"}, "kind"),
        ({"kind": "telegram", "url": "no such channel!"}, "url"),
        ({"kind": "feed"}, "url"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_files_nothing(reviewer, outlet, body, field):
    from tests.conftest import api_client_for

    answer_ = api_client_for(reviewer).post(
        "/api/v1/watches/", {"source": outlet.pk, **body}, format="json"
    )
    assert answer_.status_code == 400
    assert field in answer_.json()["error"]["fields"]
    assert not Watch.objects.exists()


def test_watches_are_the_desks_only(db, outlet):
    from tests.conftest import api_client_for

    assert api_client_for().get("/api/v1/watches/").status_code in (401, 403)
    assert api_client_for(UserFactory()).get("/api/v1/watches/").status_code == 403


def test_a_telegram_export_is_uploaded_through_the_api(reviewer, channel):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import api_client_for

    export = {"name": "Harbour Watch", "id": 5, "messages": [
        {"id": 1, "type": "message", "date_unixtime": "1733130000", "text": "The pier is closed."}
    ]}  # fmt: skip
    upload = SimpleUploadedFile("result.json", orjson.dumps(export), "application/json")
    answer_ = api_client_for(reviewer).post(
        "/api/v1/watches/import-export/", {"source": channel.pk, "file": upload}, format="multipart"
    )
    assert answer_.status_code == 201, answer_.content
    assert answer_.json()["imported"]["new"] == 1


def test_read_now_is_the_desks_and_skips_paused_watches(reviewer, outlet):
    from claims.services.watches import watches_read_now

    live = Watch.objects.create(source=outlet, kind="feed", url="https://a.example/f",
                                created_by=reviewer)  # fmt: skip
    paused = Watch.objects.create(source=outlet, kind="feed", url="https://b.example/f",
                                  created_by=reviewer, paused=True)  # fmt: skip
    assert watches_read_now(actor=reviewer, watches=[live, paused]) == 1
    with pytest.raises(NotAllowed):
        watches_read_now(actor=UserFactory(), watches=[live])
