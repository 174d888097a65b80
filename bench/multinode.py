"""The multi-node run: Claimtrace as several machines would run it, on this
one. A PostgreSQL primary and a streaming replica of our own
(bench.cluster), two gunicorn "nodes" on two ports reading public pages
through the replica, two Celery workers on their queues, and Redis; then,
for a bounded time, a mixed load: anonymous readers on both nodes (wrk)
while reviewers and editors take, review and publish claims through the
API, alternating nodes. Checked afterwards: no 5xx, no lost write (every
publication the API confirmed is in the primary, and nothing else is),
every publication visible through the replica-reading node within the lag
bound, and the event log consistent (each claim's events chain from status
to status).

    python -m bench.multinode --seconds 60
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import requests

from bench.cluster import PostgresPair, manage
from bench.loadgen import start_gunicorn, wrk

ROOT = Path(__file__).resolve().parent.parent
QUEUE = "claimtrace-multinode"
MAX_LAG = 2.0

SEED = """
import json
from claims.services.claims import attribution_add, claim_create
from tests.factories import SourceFactory, UserFactory
from verify import roles
from verify.clients.tokens import token_create
reviewers = [UserFactory(role=roles.REVIEWER) for _ in range(2)]
editors = [UserFactory(role=roles.EDITOR) for _ in range(2)]
source = SourceFactory(reliability="B")
claims = []
for n in range({claims}):
    text = f"Claim {{n}} for the multi-node run."
    claim = claim_create(text=text, language="en", actor=reviewers[0])
    attribution_add(claim=claim, source=source, actor=reviewers[0])
    claims.append(claim.pk)
print(json.dumps({{
    "claims": claims,
    "reviewers": [token_create(user=u, name="bench")[1] for u in reviewers],
    "editors": [token_create(user=u, name="bench")[1] for u in editors],
}}))
"""


def _env(pair: PostgresPair, redis_url: str, **extra) -> dict:
    """The benchmark's settings (production stack, no throttle) on the pair."""
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_REPLICA_URLS"}},
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": pair.url(pair.primary_port),
        "BENCH_REDIS_URL": redis_url,
        "BENCH_QUEUE": QUEUE,
        **extra,
    }


def _worker(env: dict, queues: list[str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", ",".join(queues)]
    command += ["-c", "1", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


class Desk:
    """Reviewers and editors taking, reviewing and publishing claims through
    the API of both nodes in turn; records what the API confirmed."""

    def __init__(self, nodes, made):
        self.nodes, self.made = nodes, made
        self.published: dict[int, float] = {}  # claim -> when the API confirmed it
        self.visible: list[float] = []  # seconds until the public read it
        self.statuses: list[int] = []
        self.lock = threading.Lock()

    def call(self, method, node, path, token, body=None):
        response = requests.request(
            method,
            f"{node}{path}",
            json=body,
            headers={"Authorization": f"Token {token}"},
            timeout=30,
        )
        with self.lock:
            self.statuses.append(response.status_code)
        return response

    def run(self, claims, worker: int, until: float):
        reviewer = self.made["reviewers"][worker]
        editor = self.made["editors"][1 - worker]  # never the reviewer of the claim
        for number, claim in enumerate(claims):
            if time.monotonic() > until:
                return
            node = self.nodes[number % 2]
            version = self.call("GET", node, f"/api/v1/claims/{claim}/", reviewer).json()["version"]
            taken = self.call(
                "POST", node, f"/api/v1/claims/{claim}/transitions/take/", reviewer,
                {"version": version},
            )  # fmt: skip
            if taken.status_code != 200:
                continue
            review = self.call(
                "POST", self.nodes[(number + 1) % 2], "/api/v1/reviews/", reviewer,
                {
                    "claim": claim, "version": taken.json()["version"], "credibility": "2",
                    "likelihood": "likely", "confidence": "moderate", "source_reliability": "B",
                    "rationale": "Multi-node run.",
                },
            )  # fmt: skip
            if review.status_code != 201:
                continue
            version = self.call("GET", node, f"/api/v1/claims/{claim}/", editor).json()["version"]
            published = self.call(
                "POST", node, f"/api/v1/claims/{claim}/transitions/publish/", editor,
                {"version": version},
            )  # fmt: skip
            if published.status_code == 200:
                confirmed = time.monotonic()
                with self.lock:
                    self.published[claim] = confirmed
                # the public reads it on the other node, through the replica
                delay = _visible_after(self.nodes[(number + 1) % 2], claim, confirmed, timeout=30)
                with self.lock:
                    self.visible.append(delay)


def _visible_after(node: str, claim: int, confirmed: float, timeout: float) -> float:
    """Seconds from a confirmed publication to the first anonymous read of
    the claim (through the replica) on `node`; infinity past `timeout`."""
    while time.monotonic() - confirmed <= timeout:
        if requests.get(f"{node}/api/v1/claims/{claim}/", timeout=10).status_code == 200:
            return time.monotonic() - confirmed
        time.sleep(0.02)
    return float("inf")


def _events_consistent(db) -> tuple[bool, int]:
    rows = db.execute(
        "SELECT claim_id, from_status, to_status FROM verify_claimevent ORDER BY claim_id, id"
    ).fetchall()
    last: dict[int, str] = {}
    for claim, from_status, to_status in rows:
        if claim in last and last[claim] != from_status:
            return False, len(rows)
        last[claim] = to_status
    return True, len(rows)


def _start(pair, redis_url: str, processes: list) -> list[str]:
    """Two gunicorn nodes reading through the replica and two Celery
    workers on their queues; returns the nodes' addresses, warmed up."""
    served = _env(
        pair,
        redis_url,
        DATABASE_REPLICA_URLS=pair.url(pair.replica_port),
        DATABASE_REPLICA_MAX_LAG=str(MAX_LAG),
    )
    nodes = []
    for _ in range(2):
        process, base = start_gunicorn(served, workers=2)
        processes.append(process)
        nodes.append(base)
    processes.append(_worker(served, [QUEUE, f"{QUEUE}.recompute", f"{QUEUE}.ingestion"]))
    processes.append(_worker(served, [f"{QUEUE}.webhooks", f"{QUEUE}.archive"]))
    for node in nodes:  # each gunicorn worker loads Django on its first request
        for _ in range(8):
            requests.get(f"{node}/api/v1/claims/?page_size=20", timeout=60)
    return nodes


def _drive(desk: Desk, nodes: list[str], made: dict, seconds: int):
    """Two desk threads publishing while wrk reads each node; returns wrk's
    figures and any reader's failure."""
    until = time.monotonic() + seconds
    halves = [made["claims"][0::2], made["claims"][1::2]]
    threads = [threading.Thread(target=desk.run, args=(halves[w], w, until)) for w in range(2)]
    readers: list[dict] = []
    failures: list[str] = []

    def read(node):
        url = f"{node}/api/v1/claims/?page_size=20"
        try:
            readers.append(wrk(url, seconds=seconds, connections=4))
        except Exception as exc:  # reported, not lost in the thread
            failures.append(repr(exc))

    threads += [threading.Thread(target=read, args=(node,)) for node in nodes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return readers, failures


def _figures(desk: Desk, readers, stored: set, delays: list[float]) -> dict:
    def rounded(value):
        return round(value, 3) if delays else None

    return {
        "publications": len(desk.published),
        "desk_requests": len(desk.statuses),
        "desk_5xx": sum(1 for s in desk.statuses if s >= 500),
        "reads": sum(r["requests"] for r in readers),
        "read_rps": round(sum(r["rps"] for r in readers)),
        "read_non_2xx": sum(r["non_2xx"] for r in readers),
        "read_socket_errors": [
            sum(r["socket_errors"][i] for r in readers) for i in range(4)
        ],  # connect, read, write, timeout
        "lost_writes": len(set(desk.published) - stored),
        "unconfirmed_writes": len(stored - set(desk.published)),
        "visible_p95_s": rounded(sorted(delays)[int(0.95 * (len(delays) - 1))] if delays else 0),
        "visible_max_s": rounded(max(delays) if delays else 0),
        "visible_median_s": rounded(statistics.median(delays) if delays else 0),
        "lag_bound_s": MAX_LAG,
    }


def run(*, seconds: int, claims: int, redis_url: str) -> dict:
    pair = PostgresPair()
    processes: list[subprocess.Popen] = []
    try:
        with psycopg.connect(pair.url(pair.primary_port, "postgres"), autocommit=True) as db:
            db.execute("CREATE DATABASE claimtrace")
        env = _env(pair, redis_url)
        manage(env, "migrate", "-v0")
        made = json.loads(
            manage(env, "shell", "-c", SEED.format(claims=claims)).strip().splitlines()[-1]
        )
        nodes = _start(pair, redis_url, processes)
        desk = Desk(nodes, made)
        readers, failures = _drive(desk, nodes, made, seconds)
        with psycopg.connect(pair.url(pair.primary_port), autocommit=True) as db:
            published = db.execute("SELECT id FROM claims_claim WHERE published_at IS NOT NULL")
            stored = {row[0] for row in published.fetchall()}
            consistent, events = _events_consistent(db)
        return {
            "seconds": seconds,
            "nodes": len(nodes),
            **_figures(desk, readers, stored, desk.visible),
            "events": events,
            "events_consistent": consistent,
            "failures": failures,
        }
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        pair.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.multinode", description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--claims", type=int, default=400)
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    )
    args = parser.parse_args(argv)
    figures = run(seconds=args.seconds, claims=args.claims, redis_url=args.redis)
    print("FIGURES " + json.dumps(figures), flush=True)  # one line, among the servers' logs
    return 0


if __name__ == "__main__":
    sys.exit(main())
