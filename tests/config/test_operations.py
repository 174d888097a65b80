"""An operable service: health, metrics, structured logs with request ids,
CORS for the public read API, conditional GET on feeds and the claim list."""

import json
import logging
import re

import pytest
from django.test import Client

from tests.conftest import api_client_for, start_worker, stop_process, wait_for
from tests.factories import claim_in_state

pytestmark = pytest.mark.django_db


# --- /health/ ----------------------------------------------------------------------------


def test_health_names_each_check_and_fails_without_a_worker(settings):
    settings.CELERY_TASK_DEFAULT_QUEUE = "claimtrace-no-worker-listens-here"
    response = Client().get("/health/?format=json")
    assert response.status_code == 500
    checks = response.json()
    assert {re.sub(r"\(.*", "", name) for name in checks} == {
        "Database",
        "Storage",
        "Redis",
        "Ping",
    }
    assert all(v == "OK" for k, v in checks.items() if not k.startswith("Ping"))
    assert "unavailable" in next(v for k, v in checks.items() if k.startswith("Ping")).lower()


@pytest.mark.worker
def test_health_is_green_with_a_worker(celery_worker):
    response = wait_for(
        lambda: (r := Client().get("/health/?format=json")).status_code == 200 and r, timeout=60
    )
    assert set(response.json().values()) == {"OK"}


# --- /metrics ----------------------------------------------------------------------------


def test_metrics_carry_the_desk_backlog(settings, reviewer, editor):
    from tests.factories import UserFactory
    from verify.clients.webhooks import subscription_create

    subscription_create(
        owner=UserFactory(), name="cms", url="http://127.0.0.1:9/h", events=["claim.published"]
    )
    claim_in_state("published", reviewer=reviewer, editor=editor)
    body = Client(REMOTE_ADDR="127.0.0.1").get("/metrics").content.decode()
    assert "claimtrace_webhook_deliveries_pending 1.0" in body
    assert 'claimtrace_ingestion_jobs{status="queued"} 0.0' in body
    assert 'claimtrace_archives_failed{status="js_shell"} 0.0' in body
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    assert f'claimtrace_queue_depth{{queue="{queue}"}}' in body
    assert "django_http_requests_total_by_method_total" in body


def test_metrics_are_not_for_the_public(settings):
    assert Client(REMOTE_ADDR="81.2.69.160").get("/metrics").status_code == 403
    settings.METRICS_TOKEN = "scrape-token"
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 403
    ok = Client(REMOTE_ADDR="81.2.69.160").get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token")
    assert ok.status_code == 200


# --- logs ----------------------------------------------------------------------------------


def test_each_log_line_is_json_with_the_request_id_and_user(reviewer, caplog):
    from django.conf import settings

    caplog.set_level(logging.INFO, logger="django_structlog")
    api = api_client_for(reviewer)
    api.get("/api/v1/claims/", HTTP_X_REQUEST_ID="req-4711")
    records = [r for r in caplog.records if r.name.startswith("django_structlog")]
    assert records
    handler_formatter = logging.getLogger().handlers[0].formatter
    lines = [json.loads(handler_formatter.format(r)) for r in records]
    finished = next(line for line in lines if line["event"] == "request_finished")
    assert finished["request_id"] == "req-4711"
    assert finished["user_id"] == reviewer.pk
    assert finished["code"] == 200
    assert settings.LOG_FORMAT == "json"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_logs_the_id_of_the_request_that_queued_it(reviewer):
    from config.celery_app import app

    app.control.purge()
    worker = start_worker(loglevel="INFO", LOG_LEVEL="INFO")
    try:
        response = api_client_for(reviewer).post(
            "/api/v1/ingest/",
            {"text": "Rebels entered Hama, the army said."},
            format="json",
            HTTP_X_REQUEST_ID="req-ingest-42",
        )
        assert response.status_code == 202
        job = response.json()["id"]
        from claims.models import IngestionJob

        wait_for(lambda: IngestionJob.objects.get(pk=job).status == "done", timeout=60)
    finally:
        stop_process(worker)
    output = worker.stdout.read()
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    task_lines = [line for line in lines if line["event"] in ("task_started", "task_succeeded")]
    assert len(task_lines) == 2, output[-2000:]
    assert {line["request_id"] for line in task_lines} == {"req-ingest-42"}


# --- CORS and conditional GET ---------------------------------------------------------


def test_the_public_read_api_answers_the_configured_origins(settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://widget.example.org"]
    allowed = Client().get("/api/v1/claims/", HTTP_ORIGIN="https://widget.example.org")
    assert allowed["Access-Control-Allow-Origin"] == "https://widget.example.org"
    assert "Access-Control-Allow-Credentials" not in allowed
    other = Client().get("/api/v1/claims/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in other
    writes = Client().options(
        "/api/v1/ingest/",
        HTTP_ORIGIN="https://widget.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in writes


@pytest.mark.parametrize(
    "path", ["/api/v1/claims/", "/api/v1/feeds/published.json", "/api/v1/feeds/published.atom"]
)
def test_unchanged_lists_and_feeds_answer_304_to_their_etag(path, reviewer, editor):
    claim_in_state("published", reviewer=reviewer, editor=editor)
    first = Client().get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    again = Client().get(path, HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content) == (304, b"")

    claim_in_state("published", reviewer=reviewer, editor=editor)  # something new
    changed = Client().get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_failing_check_names_no_host_or_port():
    from asgiref.sync import async_to_sync
    from django.test import RequestFactory
    from redis.asyncio import Redis

    from config.health import PublicHealthView

    closed = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    view = PublicHealthView.as_view(
        checks=[
            ("health_check.contrib.redis.Redis", {"client_factory": lambda: Redis.from_url(closed)})
        ]
    )
    response = async_to_sync(view)(RequestFactory().get("/health/?format=json"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "127.0.0.1" not in body
    assert "Error" not in body  # redis-py's text: "Error 111 connecting to host:port"
    assert "see the server log" in body
