import pytest

from config.celery_app import app, health
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

    # then: it answered from its own process, reading the same database
    answer = result.get(timeout=60)
    assert answer["database"] == "postgresql"
    assert answer["claims"] == 3
    assert answer["worker"].startswith("test-")
