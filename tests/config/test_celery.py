import pytest

from config.celery_app import app, health, registered_task
from tests.factories import ClaimFactory


def test_celery_is_configured_for_safe_retries(settings):
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility > app.conf.task_time_limit


@pytest.mark.worker
def test_a_task_round_trips_through_a_real_worker_on_redis(celery_worker):
    # given: rows committed to the test database
    ClaimFactory.create_batch(3)

    # when: a worker process picks the task off the Redis queue
    result = health.delay()

    # then: it answered from its own process, reading the same database (the first
    # worker of a run loads the embedding models before it takes a task: on a fresh
    # checkout they come from a cold disk)
    answer = result.get(timeout=180)
    assert answer["database"] == "postgresql"
    assert answer["claims"] == 3
    assert answer["worker"].startswith("test-")
    # and its process took what it started with out of the collector's sweeps
    assert answer["frozen_objects"] > 10_000


def test_each_kind_of_work_has_its_own_queue_and_time_limit(settings):
    queues = {q.name for q in settings.CELERY_TASK_QUEUES}
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    assert queues == {default} | {
        f"{default}.{kind}" for kind in ("ingestion", "webhooks", "archive", "recompute", "intake")
    }
    route = {name: app.amqp.router.route({}, name)["queue"].name for name in settings.CELERY_KINDS}
    assert route["verify.deliver_webhook"] == f"{default}.webhooks"
    assert route["claims.run_ingestion"] == f"{default}.ingestion"
    assert route["claims.archive_evidence"] == f"{default}.archive"
    assert route["verify.refresh_suggestions"] == f"{default}.recompute"
    assert route["claims.poll_watch"] == f"{default}.intake"
    assert route["verify.check_spreading"] == f"{default}.intake"
    # the tasks modules are imported as a worker imports them, whatever ran before
    assert registered_task("verify.deliver_webhook").time_limit == 60
    assert registered_task("claims.run_ingestion").time_limit == 600
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility > max(limit for _, limit in settings.CELERY_KINDS.values())


@pytest.mark.worker
def test_a_long_ingestion_never_delays_a_webhook(transactional_db, reviewer, editor):
    """Two workers, one per queue: while an article's server hangs the
    ingestion worker, a publication's webhook is delivered at once."""
    import threading
    import time

    from claims.services.ingestion import ingestion_job_create
    from tests.conftest import start_worker, stop_process, wait_for
    from tests.factories import claim_in_state
    from tests.servers import LocalServer, answer
    from verify.clients.webhooks import subscription_create
    from verify.models import WebhookDelivery
    from verify.workflow import services as workflow

    release = threading.Event()

    def handle(request):
        if request.command == "GET":  # the article: hangs until the test ends
            release.wait(60)
            answer(request, body=b"<html><body><p>Late.</p></body></html>")
        else:
            answer(request, body=b"ok")

    default = app.conf.task_default_queue
    app.control.purge()
    with LocalServer(handle) as site:
        workers = [
            start_worker(queues=[f"{default}.ingestion"]),
            start_worker(queues=[f"{default}.webhooks"]),
        ]
        try:
            job = ingestion_job_create(actor=reviewer, url=f"{site.url}/article")
            wait_for(lambda: any(r["method"] == "GET" for r in site.requests), timeout=60)
            subscription_create(
                owner=editor, name="CMS", url=f"{site.url}/hook", events=["claim.published"]
            )
            claim = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
            started = time.monotonic()
            workflow.claim_publish(claim=claim, actor=editor)

            wait_for(lambda: any(r["method"] == "POST" for r in site.requests), timeout=30)
            delivered_after = time.monotonic() - started
            job.refresh_from_db()
            assert job.status in ("queued", "running")  # the ingestion still hangs
            assert delivered_after < 15
            wait_for(lambda: WebhookDelivery.objects.filter(status="delivered").exists())
        finally:
            release.set()
            for worker in workers:
                stop_process(worker)


@pytest.mark.worker
def test_a_prefork_worker_that_warmed_up_still_embeds(transactional_db, reviewer):
    """As deployed: the worker warms the models up, then forks its pool. An
    embedder thread pool started before the fork hung the child's first
    embedding until the task's time limit; now a job finishes in seconds."""
    from claims.models import IngestionJob
    from claims.services.ingestion import ingestion_job_create
    from config.celery_app import app
    from tests.conftest import start_worker, stop_process, wait_for

    app.control.purge()
    proc = start_worker(pool="prefork", CLAIMTRACE_TEST_WARM_UP="1")
    try:
        job = ingestion_job_create(
            actor=reviewer, text="The harbour office said that two ferries stopped at the pier."
        )
        done = wait_for(
            lambda: IngestionJob.objects.filter(pk=job.pk, status="done").first(), timeout=120
        )
    finally:
        stop_process(proc)
    assert done.candidates.count() == 1
