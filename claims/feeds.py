"""What a watch reads, as items: RSS and Atom feeds (feedparser), a public
Telegram channel's web preview (`t.me/s/<channel>`: each post's id, date,
text, views and "forwarded from"), and a Telegram Desktop export
(`result.json`). Parsing only: fetching, deduplicating and filing are
claims/services/watches.py."""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
import orjson
from lxml import html as lxml_html

from claims.ingestion.text import html_to_text

# Telegram's preview page marks each part with these classes.
_POST = "tgme_widget_message"
_CHANNEL_URL = re.compile(r"^https://t\.me/s/(?P<name>[A-Za-z0-9_]{4,64})/?$")
_CHANNEL_GIVEN = re.compile(
    r"^(?:@|(?:https?://)?(?:t\.me|telegram\.me)/(?:s/)?)?(?P<name>[A-Za-z][A-Za-z0-9_]{3,63})/?$"
)


class FeedUnreadable(Exception):
    """The body is not a feed, a channel page or an export we can read."""


@dataclass
class Item:
    external_id: str
    text: str
    url: str = ""
    title: str = ""
    published_at: datetime | None = None
    forwarded_from: str = ""
    views: int | None = None

    @property
    def content_hash(self) -> str:
        """The item's words, whitespace and case aside: an edit changes it."""
        words = " ".join(f"{self.title} {self.text}".lower().split())
        return hashlib.sha256(words.encode()).hexdigest()


def _web_url(url: str) -> str:
    """A link as a feed gave it, kept only when it is a web address: a
    `javascript:` or `data:` link never reaches a page the desk clicks."""
    url = (url or "").strip()
    return url[:2000] if url.lower().startswith(("http://", "https://")) else ""


def channel_preview_url(given: str) -> str | None:
    """The public preview page of a channel given as "@name", "t.me/name" or
    its address; None when it is not a channel's name."""
    match = _CHANNEL_GIVEN.match(given.strip())
    return f"https://t.me/s/{match.group('name')}" if match else None


def channel_name(url: str) -> str:
    match = _CHANNEL_URL.match(url)
    return match.group("name") if match else ""


def parse_feed(body: bytes) -> list[Item]:
    """The entries of an RSS or Atom feed, oldest first."""
    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        raise FeedUnreadable(str(parsed.get("bozo_exception", "not a feed")))
    items = []
    for entry in parsed.entries:
        content = entry.get("content") or []
        body_html = content[0].get("value", "") if content else entry.get("summary", "")
        text = html_to_text(body_html) if "<" in body_html else body_html
        link = _web_url(entry.get("link", ""))
        external_id = entry.get("id") or link or hashlib.sha256(text.encode()).hexdigest()
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(
            Item(
                external_id=external_id[:500],
                text=text.strip(),
                url=link,
                title=entry.get("title", "")[:500],
                published_at=datetime.fromtimestamp(calendar.timegm(when), UTC) if when else None,
            )
        )
    items.sort(key=lambda item: item.published_at or datetime.min.replace(tzinfo=UTC))
    return [item for item in items if item.text or item.title]


def _text_of(node) -> str:
    for br in node.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return "\n".join(line.strip() for line in node.text_content().splitlines()).strip()


def _views(text: str) -> int | None:
    """ "1.2K", "15K", "2.1M", "830" as a number."""
    match = re.match(r"^\s*([\d.]+)\s*([KM]?)\s*$", text, re.I)
    if not match:
        return None
    scale = {"": 1, "K": 1_000, "M": 1_000_000}[match.group(2).upper()]
    return int(float(match.group(1)) * scale)


def parse_channel_page(body: bytes | str) -> list[Item]:
    """The posts of a channel's public preview page, oldest first."""
    try:
        tree = lxml_html.fromstring(body)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise FeedUnreadable(str(exc)) from exc
    items = []
    for post in tree.find_class(_POST):
        post_id = post.get("data-post", "")
        if not post_id:
            continue
        texts = post.find_class(f"{_POST}_text")
        text = _text_of(texts[0]) if texts else ""
        if not text:
            continue  # a photo or a poll without words: nothing to read
        forwarded = post.find_class(f"{_POST}_forwarded_from_name")
        views = post.find_class(f"{_POST}_views")
        times = post.xpath(".//time[@datetime]")
        items.append(
            Item(
                external_id=post_id,
                text=text,
                url=f"https://t.me/{post_id}",
                published_at=datetime.fromisoformat(times[0].get("datetime")) if times else None,
                forwarded_from=forwarded[0].text_content().strip() if forwarded else "",
                views=_views(views[0].text_content()) if views else None,
            )
        )
    return items


def _export_text(text) -> str:
    if isinstance(text, str):
        return text
    return "".join(part if isinstance(part, str) else part.get("text", "") for part in text)


def parse_telegram_export(body: bytes) -> tuple[str, list[Item]]:
    """A Telegram Desktop export (`result.json`) of one channel: its name and
    its messages with words, oldest first."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise FeedUnreadable(str(exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise FeedUnreadable("no messages")
    channel = str(data.get("name", ""))
    username = str(data.get("username", "") or data.get("id", ""))
    items = []
    for message in data["messages"]:
        if not isinstance(message, dict) or message.get("type") != "message":
            continue
        text = _export_text(message.get("text", "")).strip()
        if not text:
            continue
        when = message.get("date_unixtime") or ""
        items.append(
            Item(
                external_id=f"{username}/{message.get('id')}",
                text=text,
                published_at=datetime.fromtimestamp(int(when), UTC) if when else None,
                forwarded_from=str(message.get("forwarded_from") or ""),
            )
        )
    return channel, items
