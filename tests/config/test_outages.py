"""Redis and PostgreSQL go away and come back, for real: each test starts a
server of its own on a port of its own (tests.servers.RedisServer,
PostgresServer), serves Claimtrace on it with gunicorn, stops it under the
requests and starts it again. The machine's own Redis and PostgreSQL are
never touched."""

import http.client
import json
import os
import threading
import time
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
import requests
from django.utils import timezone

from bench.loadgen import start_gunicorn
from tests.conftest import _database_url, start_worker, stop_process, wait_for
from tests.factories import ClaimFactory, SourceFactory, claim_in_state
from tests.servers import PostgresServer, RedisServer, manage
from verify.clients.tokens import token_create
from verify.models import Suggestion, SuggestionRequest

pytestmark = pytest.mark.outage
OUT = Path(__file__).resolve().parents[2] / "bench" / "out"

SWEEP = "from verify.services.suggestions import suggestion_requests_sweep as s; print(s())"


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_reads_serve_and_writes_keep_their_work(gunicorn, reviewer, editor):
    public = claim_in_state("published", reviewer=reviewer, editor=editor)
    claim, source = ClaimFactory(), SourceFactory(reliability="B")
    SuggestionRequest.objects.all().delete()
    writer = requests.Session()
    writer.headers["Authorization"] = f"Token {token_create(user=reviewer, name='t')[1]}"
    with RedisServer() as redis:
        _, base = gunicorn(workers=1, REDIS_URL=redis.url)
        assert requests.get(f"{base}/api/v1/claims/", timeout=10).status_code == 200
        redis.stop()
        started = time.monotonic()
        for path in ("/api/v1/claims/", f"/api/v1/claims/{public.pk}/", f"/claims/{public.pk}/",
                     "/api/v1/feeds/published.json"):  # fmt: skip
            assert requests.get(base + path, timeout=10).status_code == 200, path  # fails open
        reads_took = time.monotonic() - started
        write_started = time.monotonic()
        response = writer.post(
            f"{base}/api/v1/attributions/",
            json={"claim": claim.pk, "source": source.pk, "stance": "asserts"},
            timeout=10,
        )
        write_took = time.monotonic() - write_started
        assert response.status_code == 201, response.content
        assert reads_took < 10
        # one try at the broker: no retry loop (6 s of them, 20 s with a result subscription)
        assert write_took < 2
        # the recompute is owed, in the database, not lost with the broker
        assert SuggestionRequest.objects.filter(claim=claim).exists()

        redis.start()
        # a minute on, as beat sees it, and what beat does every minute
        SuggestionRequest.objects.update(requested_at=timezone.now() - timedelta(minutes=5))
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
               "DATABASE_URL": _database_url(), "REDIS_URL": redis.url}  # fmt: skip
        assert manage(env, "shell", "-c", SWEEP).strip().splitlines()[-1] == "1"
        worker = start_worker(REDIS_URL=redis.url)
        try:
            suggestion = wait_for(
                lambda: Suggestion.objects.filter(claim=claim).first(), timeout=60
            )
        finally:
            stop_process(worker)
    assert suggestion.credibility == "2"
    assert not SuggestionRequest.objects.exists()
    figures = {"four_reads_seconds": round(reads_took, 3), "write_seconds": round(write_took, 3)}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "redis-outage.json").write_text(json.dumps(figures, indent=2))


SETUP = """
from tests.factories import UserFactory, claim_in_state
from verify import roles
claim_in_state("published", reviewer=UserFactory(role=roles.REVIEWER),
               editor=UserFactory(role=roles.EDITOR))
"""


@pytest.fixture
def postgres():
    """A PostgreSQL of the test's own with Claimtrace migrated on it and one
    published claim; the environment a process serving it needs."""
    server = PostgresServer()
    try:
        with psycopg.connect(server.url(database="postgres"), autocommit=True) as db:
            db.execute("CREATE DATABASE claimtrace")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
               "DATABASE_URL": server.url()}  # fmt: skip
        env.pop("DATABASE_REPLICA_URLS", None)
        manage(env, "migrate", "-v0")
        manage(env, "shell", "-c", SETUP)
        yield server, env
    finally:
        server.close()


def test_postgresql_restart_under_load_is_503_then_recovers(postgres):
    database, env = postgres
    server, base = start_gunicorn({**env, "CONN_MAX_AGE": "60"}, workers=2)
    host = base.removeprefix("http://")
    seen: list[tuple[float, int, float]] = []
    stop_load = threading.Event()

    def load():
        while not stop_load.is_set():
            started = time.monotonic()
            try:
                conn = http.client.HTTPConnection(host, timeout=15)
                conn.request("GET", "/api/v1/claims/")
                response = conn.getresponse()
                response.read()
                status = response.status
                conn.close()
            except OSError:
                status = 0
            seen.append((started, status, time.monotonic() - started))

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: any(s == 200 for _, s, _ in seen), timeout=30)
        database.stop()
        down_at = time.monotonic()  # fully stopped
        time.sleep(3)
        restart_at = time.monotonic()
        database.start()
        up_at = time.monotonic()
        wait_for(lambda: any(t > up_at and s == 200 for t, s, _ in seen), timeout=60)
        time.sleep(max(0, up_at + 8 - time.monotonic()))  # and keeps serving
    finally:
        stop_load.set()
        for thread in threads:
            thread.join(timeout=30)
        alive = server.poll() is None  # the same server, never restarted
        stop_process(server)

    during = [(s, d) for t, s, d in seen if down_at < t and t + d < restart_at]
    timeline = [(round(t - down_at, 2), s, round(d, 2)) for t, s, d in seen]
    assert during, ("no request was made while PostgreSQL was down", restart_at - down_at, timeline)
    assert {s for s, _ in during} == {503}, {s for s, _ in during}
    assert max(d for _, d in during) < 2.0  # fails fast
    first_ok = min(t for t, s, _ in seen if t > up_at and s == 200)
    figures = {
        "requests": len(seen),
        "while_down": len(during),
        "while_down_max_seconds": round(max(d for _, d in during), 3),
        "statuses": {
            str(code): sum(1 for _, s, _ in seen if s == code) for code in {s for _, s, _ in seen}
        },
        "first_200_after_start_seconds": round(first_ok - up_at, 2),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "postgres-restart.json").write_text(json.dumps(figures, indent=2))
    print(figures)
    recovered = [s for t, s, _ in seen if t > up_at + 3]
    assert recovered
    assert set(recovered) == {200}
    assert 500 not in {s for _, s, _ in seen}
    assert alive
