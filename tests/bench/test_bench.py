"""The benchmark suite at a tiny size (seconds), so it keeps working: every
figure is measured and the side-by-side checks hold (the bare handler
serves the API's page; the engine and the set-based SQL count the same
origins). The speed targets are judged by `make bench`, not here."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.worker


def test_the_benchmark_runs_end_to_end_at_a_tiny_size(tmp_path):
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        # a database of its own, beside the test database
        "BENCH_DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/claimtrace_bench_tiny",
        "BENCH_REDIS_URL": settings.REDIS_URL,
        "BENCH_QUEUE": f"{settings.CELERY_TASK_DEFAULT_QUEUE}-bench",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench",
            "--claims",
            "2000",
            "--rounds",
            "1",
            "--seconds",
            "1",
            "--samples",
            "3",
            "--import-rows",
            "200",
            "--recompute-claims",
            "200",
            "--regrade-claims",
            "300",
            "--embed-claims",
            "20",
            "--multinode-seconds",
            "6",
            "--multinode-claims",
            "10",
            "--intake-items",
            "60",
            "--intake-feeds",
            "10",
            "--intake-rounds",
            "2",
            "--regenerate",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # its own process group: on a timeout the Celery workers and gunicorn
        # it started go too (killing the parent alone left them holding the
        # test database and the queues)
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        pytest.fail("the tiny benchmark took over 10 minutes\n" + stdout[-3000:] + stderr[-3000:])
    assert process.returncode == 0, stdout[-3000:] + stderr[-3000:]
    figures = json.loads((tmp_path / "figures-2000.json").read_text())
    assert figures["data"]["counts"]["claims_claim"] == 2000
    assert figures["data"]["counts"]["claims_attribution"] > 4000  # relay chains
    assert figures["same_page"] is True
    # the public records the generator writes in SQL: their items are the builder's
    check = figures["data"]["records_check"]
    assert check["sampled"] > 30
    assert check["equal"] == check["sampled"], check["unequal"]
    assert figures["recompute"]["origin_counts_agree"] == "200/200"
    assert figures["list"]["non_2xx"] == 0
    assert set(figures["queries"].values()) <= {2, 3}  # constant, whatever the page size
    assert set(figures["search"]) >= {"full-text (a town)", "common term"}
    town = figures["search"]["full-text (a town)"]
    assert town["api_rps"] > 0
    assert town["bare_rps"] > 0  # the bare search handler answered
    assert figures["recompute"]["inputs_claims_s"] > 0
    assert figures["embedding"]["claims"] == 20
    assert figures["similar"]["rebuild_s"] > 0
    assert figures["similar"]["add_s"] > 0
    assert figures["similar"]["recall_at_10"] > 0.5
    assert figures["regrade"]["claims"] >= 300  # every suggestion recomputed, end to end
    # the multi-node run: two nodes, two workers, a primary and a replica of its own
    run = figures["multinode"]
    assert run["publications"] > 0
    assert run["reads"] > 0
    assert run["desk_5xx"] == run["read_non_2xx"] == 0
    assert run["lost_writes"] == run["unconfirmed_writes"] == 0
    assert run["visible_max_s"] <= run["lag_bound_s"]
    assert run["events_consistent"] is True
    # a (tiny) simulated day of watches through the whole intake
    day = figures["intake"]
    assert day["items"] > 0
    assert day["jobs"] > 0
    assert day["jobs_failed"] == 0
    assert day["extract_alone_s"] > 0
    report = (tmp_path / "report-2000.md").read_text()
    assert "| list API req/s" in report
    assert "| similar claims top-10 p95" in report
    assert "Multi-node run" in report
    assert "EXPLAIN" in report
