"""A simulated day of watched feeds and channels, through the whole intake:
fetch (conditional GET), dedupe, extract, embed, match, on real Celery
workers, against a local server whose feeds grow round by round.

500 sources (four in five RSS feeds, one in five channel preview pages), each
on a loopback address of its own (127.0.x.y: the per-host limit sees 500
hosts), publish the day's items over `rounds`; a tenth of the items repeat
another feed's (the same URL and words), a channel post in thirty is edited a
round later, and a fifth of the channel posts are forwards. Every sentence
here is written by this generator, in Bulgarian, English, Ukrainian and
Russian. Reports items per second end to end beside extraction alone on the
same texts and the same number of processes (the limit), the workers'
memory, and the queue depth over the run."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

SAYERS = {
    "en": ["The port authority", "The coast guard", "The valley council", "A navy spokesman"],
    "bg": ["Пристанищната охрана", "Областният съвет", "Говорителят на флота", "Бреговата служба"],
    "uk": ["Портова служба", "Обласна рада", "Речник флоту", "Берегова охорона"],
    "ru": ["Портовая служба", "Областной совет", "Представитель флота", "Береговая охрана"],
}
SAID = {"en": "said that", "bg": "заяви, че", "uk": "заявила, що", "ru": "заявила, что"}
EVENTS = {
    "en": ["{n} ferries stopped near the northern pier", "the bridge at km {n} was closed",
           "{n} boats were sent to the bay", "the dam gate {n} was opened overnight"],
    "bg": ["{n} ферибота спряха край северния пристан", "мостът на км {n} беше затворен",
           "{n} лодки бяха изпратени в залива", "шлюз {n} на язовира беше отворен през нощта"],
    "uk": ["{n} поромів зупинилися біля північного причалу", "міст на {n} км закрили",
           "{n} човнів відправили до затоки", "шлюз {n} греблі відкрили вночі"],
    "ru": ["{n} паромов остановились у северного причала", "мост на {n} км закрыли",
           "{n} лодок отправили в залив", "шлюз {n} плотины открыли ночью"],
}  # fmt: skip
CHANNEL_SHARE, REPEAT_SHARE, EDIT_EVERY, FORWARD_SHARE = 5, 10, 30, 5  # 1 in N


def _sentence(rng: random.Random, language: str) -> str:
    event = rng.choice(EVENTS[language]).format(n=rng.randint(2, 900))
    return f"{rng.choice(SAYERS[language])} {SAID[language]} {event}."


def _post(rng, feed: int, k: int, channel: bool, rounds: int, channels: list[int]) -> dict:
    language = rng.choice(list(SAYERS))
    text = _sentence(rng, language)
    if rng.random() < 0.5:
        text += " " + _sentence(rng, language)
    forwarded = channel and rng.randrange(FORWARD_SHARE) == 0
    return {
        "id": f"{feed}-{k}", "round": rng.randrange(rounds), "text": text,
        "edited": channel and rng.randrange(EDIT_EVERY) == 0,
        "forwarded": f"Channel {rng.choice(channels)}" if forwarded else "",
    }  # fmt: skip


def day(*, items: int, feeds: int, rounds: int, seed: int = 7) -> dict[int, list[dict]]:
    """Each feed's posts for the day, with the round each appears in."""
    rng = random.Random(seed)
    channels = [n for n in range(feeds) if n % CHANNEL_SHARE == 0]
    posts: dict[int, list[dict]] = {n: [] for n in range(feeds)}
    made = []
    for k in range(items):
        feed = k % feeds
        if made and rng.randrange(REPEAT_SHARE) == 0:  # another feed's item again
            post = dict(rng.choice(made), round=rng.randrange(rounds), edited=False)
        else:
            post = _post(rng, feed, k, feed in channels, rounds, channels)
            made.append(post)
        posts[feed].append(post)
    return posts


def _rss(feed: int, posts: list[dict], now: int) -> bytes:
    entries = "".join(
        f"<item><guid>{p['id']}</guid><link>https://news.example/{p['id']}</link>"
        f"<title></title><description>{escape(p['text'])}</description></item>"
        for p in posts if p["round"] <= now
    )  # fmt: skip
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{entries}</channel></rss>'.encode()


def _channel(feed: int, posts: list[dict], now: int) -> bytes:
    parts = []
    for p in posts:
        if p["round"] > now:
            continue
        text = p["text"] + (" (updated)" if p["edited"] and now > p["round"] else "")
        name = p["forwarded"]
        forward = f'<a class="tgme_widget_message_forwarded_from_name">{name}</a>' if name else ""
        parts.append(
            f'<div class="tgme_widget_message" data-post="c{feed}/{p["id"]}">{forward}'
            f'<div class="tgme_widget_message_text">{escape(text)}</div></div>'
        )
    return f"<html><body>{''.join(parts)}</body></html>".encode()


class DayServer:
    """The day's feeds on one port of every loopback address: /f/<n> (RSS)
    and /s/<n> (a channel page), as of `round`, with an ETag per round."""

    def __init__(self, posts: dict[int, list[dict]]):
        self.posts, self.round = posts, 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                kind, feed = self.path.strip("/").split("/")
                tag = f'"{feed}-{outer.round}"'
                if self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                make = _rss if kind == "f" else _channel
                body = make(int(feed), outer.posts[int(feed)], outer.round)
                self.send_response(200)
                self.send_header(
                    "Content-Type", "application/rss+xml" if kind == "f" else "text/html"
                )
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", tag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("0.0.0.0", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, feed: int) -> str:
        kind = "s" if feed % CHANNEL_SHARE == 0 else "f"
        return f"http://127.0.{feed // 250}.{feed % 250 + 1}:{self.port}/{kind}/{feed}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines()
                       if line.startswith("VmRSS:")), 0)  # fmt: skip
    return total


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


class Sampler:
    """Every second: the intake and ingestion queues' depth, and the memory
    of the worker processes."""

    def __init__(self, depth: Callable[[], dict[str, int]], root_pid: int):
        self.depth, self.root, self.samples, self.stop = depth, root_pid, [], threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while not self.stop.wait(1.0):
            self.samples.append(
                {**self.depth(), "rss_mb": _rss_kb(_descendants(self.root)) // 1024}
            )


def extraction_alone(texts: list[str], processes: int) -> float:
    """Texts per second through `extract()` alone, on `processes` processes."""
    from django.db import connections

    connections.close_all()  # the children open their own; a shared one mixes answers
    chunks = [texts[i::processes] for i in range(processes)]
    started = time.perf_counter()
    with ProcessPoolExecutor(processes, initializer=_worker_setup) as pool:
        done = sum(pool.map(_extract_all, chunks))
    return done / (time.perf_counter() - started)


def _worker_setup():
    import django

    django.setup()


def _extract_all(texts: list[str]) -> int:
    from claims.ingestion.extract import extract
    from claims.ingestion.language import detect_language
    from claims.ingestion.register import Register

    register = Register()
    for text in texts:
        extract(text, register=register, detect=detect_language, publisher=None)
    return len(texts)
