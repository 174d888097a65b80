"""Redis and PostgreSQL go away and come back, for real: these tests stop
and start the machine's own servers (the commands .ci/run uses), so they
run one at a time, at the end of the suite's config tests."""

import http.client
import json
import shutil
import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis as redis_client
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from tests.conftest import api_client_for, start_worker, stop_process, wait_for
from tests.factories import ClaimFactory, SourceFactory, claim_in_state
from verify.models import Suggestion, SuggestionRequest

pytestmark = [pytest.mark.outage, pytest.mark.django_db(transaction=True)]

REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


def redis_up() -> bool:
    try:
        return redis_client.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
    except redis_client.RedisError:
        return False


@pytest.fixture
def redis_outage():
    if shutil.which("redis-server") is None or "127.0.0.1:6379" not in settings.REDIS_URL:
        pytest.skip("Stops the machine's own Redis only: REDIS_URL is not 127.0.0.1:6379.")

    def stop():
        subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], check=False)
        wait_for(lambda: not redis_up(), timeout=10)

    def start():
        subprocess.run(REDIS_START, check=True)
        wait_for(redis_up, timeout=10)

    yield stop, start
    if not redis_up():
        start()


def test_with_redis_down_reads_serve_and_writes_keep_their_work(redis_outage, reviewer, editor):
    stop, start = redis_outage
    public = claim_in_state("published", reviewer=reviewer, editor=editor)
    claim, source = ClaimFactory(), SourceFactory(reliability="B")
    writer = api_client_for(reviewer)
    anonymous = api_client_for()
    SuggestionRequest.objects.all().delete()

    stop()
    started = time.monotonic()
    assert anonymous.get("/api/v1/claims/").status_code == 200  # throttling fails open
    assert anonymous.get(f"/api/v1/claims/{public.pk}/").status_code == 200
    assert anonymous.get(f"/claims/{public.pk}/").status_code == 200
    assert anonymous.get("/api/v1/feeds/published.json").status_code == 200
    reads_took = time.monotonic() - started
    write_started = time.monotonic()
    response = writer.post(
        "/api/v1/attributions/",
        {"claim": claim.pk, "source": source.pk, "stance": "asserts"},
        format="json",
    )
    write_took = time.monotonic() - write_started
    assert response.status_code == 201, response.content
    assert reads_took + write_took < 10  # nothing waited long on the missing broker
    # the recompute is owed, in the database, not lost with the broker
    assert SuggestionRequest.objects.filter(claim=claim).exists()

    start()
    from verify.services.suggestions import suggestion_requests_sweep

    # a minute on, as beat sees it
    SuggestionRequest.objects.update(requested_at=timezone.now() - timedelta(minutes=5))
    worker = start_worker()
    try:
        assert suggestion_requests_sweep() == 1  # what beat does every minute
        suggestion = wait_for(lambda: Suggestion.objects.filter(claim=claim).first(), timeout=60)
    finally:
        stop_process(worker)
    assert suggestion.credibility == "2"
    assert not SuggestionRequest.objects.exists()
    figures = {"four_reads_seconds": round(reads_took, 3), "write_seconds": round(write_took, 3)}
    out = Path(__file__).resolve().parents[2] / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "redis-outage.json").write_text(json.dumps(figures, indent=2))


def _cluster() -> list[str]:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir())
    return [versions[-1], "main"]


def pg(action: str):
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", *_cluster(), action, "-m", "fast"]
        if action == "stop"
        else ["pg_ctlcluster", "--skip-systemctl-redirect", *_cluster(), action],
        check=True,
    )


def test_postgresql_restart_under_load_is_503_then_recovers(gunicorn, reviewer, editor):
    if (
        not Path("/etc/postgresql").is_dir()
        or "127.0.0.1" not in settings.DATABASES["default"]["HOST"]
    ):
        pytest.skip("Restarts the machine's own PostgreSQL only: DATABASE_URL is elsewhere.")
    claim_in_state("published", reviewer=reviewer, editor=editor)
    server, base = gunicorn(workers=2, CONN_MAX_AGE="60")
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
        connections.close_all()  # ours would die with the server
        pg("stop")
        down_at = time.monotonic()  # fully stopped
        time.sleep(3)
        restart_at = time.monotonic()
        pg("start")
        up_at = time.monotonic()
        wait_for(lambda: any(t > up_at and s == 200 for t, s, _ in seen), timeout=60)
        time.sleep(max(0, up_at + 8 - time.monotonic()))  # and keeps serving
    finally:
        stop_load.set()
        for thread in threads:
            thread.join(timeout=30)
        connections.close_all()

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
    out = Path(__file__).resolve().parents[2] / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "postgres-restart.json").write_text(json.dumps(figures, indent=2))
    print(figures)
    recovered = [s for t, s, _ in seen if t > up_at + 3]
    assert recovered
    assert set(recovered) == {200}
    assert 500 not in {s for _, s, _ in seen}
    assert server.poll() is None  # the same server, never restarted
    with transaction.atomic():  # and this process reconnects too
        assert ClaimFactory().pk
