import logging
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

logger = logging.getLogger(__name__)

app = Celery("claimtrace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="claimtrace.health", acks_late=False)
def health() -> dict:
    """Answered by a worker with what it sees: proves that the broker, a worker
    and the database are wired together (used by the test suite and ops)."""
    from django.db import connection

    from claims.models import Claim

    return {
        "worker": health.request.hostname,
        "database": connection.vendor,
        "claims": Claim.objects.count(),
    }


def enqueue_on_commit(task, *args) -> None:
    """Queue `task` once the current transaction commits. A broker outage is
    logged, not raised: the write has committed, and every caller has left a
    durable row (its outbox) that a beat sweep queues again later."""
    from django.db import transaction

    def send():
        try:
            task.apply_async(args, retry=False)
        except Exception:  # kombu/redis errors; the broker is down or unreachable
            logger.warning("Broker unreachable: %s%r left for the sweep", task.name, args)

    send.task_name = task.name  # what tests and logs can tell it by
    transaction.on_commit(send)
