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
