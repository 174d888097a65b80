"""200 concurrent clients on the list and detail endpoints for 60 s, served
by gunicorn on loopback: not one 5xx. The figures are printed and written to
bench/out/load.json (docs/benchmarks.md quotes a run)."""

import json
import shutil
import threading
from pathlib import Path

import pytest

from bench.loadgen import wrk
from tests.factories import AttributionFactory, ClaimFactory, claim_in_state

pytestmark = [pytest.mark.load, pytest.mark.django_db(transaction=True)]

SECONDS = 60
CLIENTS = 200


def test_200_clients_for_a_minute_get_no_server_error(gunicorn, reviewer, editor):
    if shutil.which("wrk") is None:
        pytest.fail("wrk is not installed (Debian: apt-get install wrk); .ci/run installs it.")
    claim = claim_in_state("published", reviewer=reviewer, editor=editor)
    for _ in range(60):
        other = ClaimFactory(published_at=claim.published_at)
        AttributionFactory(claim=other)
    _, base = gunicorn(workers=2, CONN_MAX_AGE="60")

    results = {}
    runs = [
        ("list", f"{base}/api/v1/claims/?page_size=50", CLIENTS // 2),
        ("detail", f"{base}/api/v1/claims/{claim.pk}/", CLIENTS // 2),
    ]
    threads = [
        threading.Thread(
            target=lambda n=n, u=u, c=c: results.__setitem__(
                n, wrk(u, seconds=SECONDS, connections=c, threads=2, timeout="30s")
            )
        )
        for n, u, c in runs
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 60)

    out = Path(__file__).resolve().parents[2] / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    for name, result in results.items():
        assert result["non_2xx"] == 0, (name, result)
        assert result["requests"] > 0, (name, result)
        connect, _read, write, timeout = result["socket_errors"]
        assert (connect, write, timeout) == (0, 0, 0), (name, result)


def _p95(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[int(0.95 * (len(ordered) - 1))]


def _ordinary_reads(
    url: str, token: str, seconds: float, *, source: str = "", every: float = 0
) -> list[float]:
    """An API client reading the list, one request after another (from the
    loopback address `source`, at most one request each `every` seconds)."""
    import time

    import requests
    from requests.adapters import HTTPAdapter

    class From(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            kwargs["source_address"] = (source, 0)
            super().init_poolmanager(*args, **kwargs)

    session, latencies = requests.Session(), []
    if source:
        session.mount("http://", From())
    session.headers["Authorization"] = f"Token {token}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        response = session.get(url, timeout=30)
        assert response.status_code == 200, (response.status_code, response.text[:200])
        latencies.append(time.perf_counter() - started)
        time.sleep(max(0.0, every - latencies[-1]))
    return latencies


# The worst an anonymous request may ask within the limits: a search of 12
# words (each corrected by trigram and looked up by its forms, the whole
# embedded for the cross-lingual neighbours), about 200 characters.
WORST_SEARCH = " ".join(
    ["Rebels", "Хама", "Hmeimim", "withdrew", "Кисел", "Чайко", "commander", "replaced",
     "Карназ", "abandoned", "Damascus", "Sarakib"]
)  # fmt: skip


def _under_attack(gunicorn, token: str, **env) -> dict:
    """Ordinary reads' p95 alone, then while 50 connections send the worst
    anonymous search; the attack's own figures."""
    import time
    from urllib.parse import quote

    _, base = gunicorn(workers=2, CONN_MAX_AGE="60", **env)
    ordinary = f"{base}/api/v1/claims/?page_size=20"
    worst = f"{base}/api/v1/claims/?search={quote(WORST_SEARCH)}&page_size=200"
    # warm: each worker loads the embedding model on its first search (seconds)
    wrk(worst, seconds=3, connections=2, threads=1, timeout="10s")
    _ordinary_reads(ordinary, token, 2)
    quiet = _p95(_ordinary_reads(ordinary, token, 8))
    attack: dict = {}
    thread = threading.Thread(
        target=lambda: attack.update(wrk(worst, seconds=11, connections=50, threads=2))
    )
    thread.start()
    try:
        time.sleep(1)
        busy = _p95(_ordinary_reads(ordinary, token, 8))
    finally:
        thread.join(timeout=60)
    attack.pop("url")
    return {"quiet_p95_ms": round(quiet * 1000, 1), "busy_p95_ms": round(busy * 1000, 1),
            "ratio": round(busy / quiet, 1), "attack": attack}  # fmt: skip


def test_worst_case_anonymous_requests_are_bounded_and_measured(
    gunicorn, reviewer, editor, api_client_user
):
    """50 concurrent worst-case anonymous searches (12 words, the limit)
    straight at two sync workers, beside an API client's ordinary reads: no
    server error, every request answered, and with a 1/min throttle every
    attacker request refused. The p95 of the ordinary reads quiet and under
    attack is written to bench/out/attack.json: what queueing alone costs
    (7 to 12x of quiet, docs/security.md, whatever each refusal costs); the
    reference proxy in front (the next test) keeps it within 2x. (The run
    with the throttle as deployed, 120/min, measured the same; dropped from
    the suite on 2026-12-06 for time.)"""
    if shutil.which("wrk") is None:
        pytest.fail("wrk is not installed (Debian: apt-get install wrk); .ci/run installs it.")
    from verify.clients.tokens import token_create

    for n in range(30):
        other = ClaimFactory(text=f"Rebels captured town {n} near Hama.")
        AttributionFactory(claim=other)
        claim_in_state("published", reviewer=reviewer, editor=editor, claim=other)
    token = token_create(user=api_client_user, name="load")[1]
    figures = {"throttle 1/min (floor)": _under_attack(gunicorn, token, THROTTLE_ANON="1/min")}
    out = Path(__file__).resolve().parents[2] / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "attack.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    for name, run in figures.items():
        attack = run["attack"]
        assert attack["requests"] > 0, name
        connect, _read, write, _timeout = attack["socket_errors"]
        assert (connect, write) == (0, 0), (name, attack)
    # with the 1/min throttle every attacker request is refused (429), none served;
    # the latencies are figures to read (docs/security.md), not a timed assertion
    floor = figures["throttle 1/min (floor)"]["attack"]
    assert floor["non_2xx"] >= floor["requests"] - 1, floor


def test_behind_the_proxy_an_attacker_does_not_hold_the_workers(
    gunicorn, reviewer, editor, api_client_user, tmp_path
):
    """The reference proxy (config/nginx/claimtrace.conf.template: per
    address one request in flight without credentials, eight with, 30 a
    second) in front of the same two
    sync workers: 50 connections of worst-case anonymous searches from one
    address, an API client reading the list ten times a second from another.
    The proxy refuses the attacker's excess in the API's error shape; the
    application counts each client behind it (TRUSTED_PROXIES) and its own
    throttle refuses the rest; the client's reads all succeed. Their p95
    quiet and under attack are figures (bench/out/attack-proxy.json,
    docs/security.md), not a timed assertion."""
    import time
    from urllib.parse import quote

    import requests

    if shutil.which("wrk") is None or not (
        shutil.which("nginx") or Path("/usr/sbin/nginx").exists()
    ):
        pytest.fail(
            "wrk and nginx are needed (Debian: apt-get install wrk nginx); .ci/run installs them."
        )
    from bench.loadgen import start_nginx
    from tests.conftest import stop_process
    from verify.clients.tokens import token_create

    for n in range(30):
        other = ClaimFactory(text=f"Rebels captured town {n} near Hama.")
        AttributionFactory(claim=other)
        claim_in_state("published", reviewer=reviewer, editor=editor, claim=other)
    token = token_create(user=api_client_user, name="load")[1]
    # the application on one CPU; the proxy and the attacker's load generator
    # on the other, as they would be on other machines (PostgreSQL on both)
    _, app = gunicorn(
        workers=2, cpus="0", CONN_MAX_AGE="60", THROTTLE_ANON="120/min", TRUSTED_PROXIES="127.0.0.1"
    )
    proxy, base = start_nginx(app.removeprefix("http://"), tmp_path, cpus="1")
    try:
        ordinary = f"{base}/api/v1/claims/?page_size=20"
        worst = f"{base}/api/v1/claims/?search={quote(WORST_SEARCH)}&page_size=200"
        # warm: each worker loads the embedding model on its first search (seconds)
        wrk(f"{app}/api/v1/claims/?search={quote(WORST_SEARCH)}", seconds=3, connections=2)
        reads = dict(source="127.0.0.2", every=0.1)
        _ordinary_reads(ordinary, token, 2, **reads)
        quiet = _p95(_ordinary_reads(ordinary, token, 6, **reads))
        attack: dict = {}
        thread = threading.Thread(
            target=lambda: attack.update(wrk(worst, seconds=9, connections=50, threads=1, cpus="1"))
        )
        thread.start()
        try:
            time.sleep(1)
            busy = _p95(_ordinary_reads(ordinary, token, 6, **reads))
            limited = requests.get(worst, timeout=30)
        finally:
            thread.join(timeout=60)
    finally:
        stop_process(proxy)
    attack.pop("url")
    figures = {"quiet_p95_ms": round(quiet * 1000, 1), "busy_p95_ms": round(busy * 1000, 1),
               "ratio": round(busy / quiet, 1), "attack": attack}  # fmt: skip
    out = Path(__file__).resolve().parents[2] / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "attack-proxy.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    connect, _read, write, _timeout = attack["socket_errors"]
    assert (connect, write) == (0, 0), attack
    assert attack["non_2xx"] >= 0.9 * attack["requests"], attack  # refused, not served
    assert limited.status_code == 429  # by the proxy, in the API's error shape
    assert limited.json()["error"]["code"] == "throttled"
    assert limited.json()["error"]["message"].startswith("Too many requests from this address")
    assert limited.headers["Retry-After"] == "1"
