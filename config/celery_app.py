import gc
import logging
import os

from celery import Celery
from celery.signals import worker_init, worker_process_init
from django_structlog.celery.steps import DjangoStructLogInitStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

logger = logging.getLogger(__name__)

app = Celery("claimtrace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task log lines carry the id of the request that queued them (django-structlog).
app.steps["worker"].add(DjangoStructLogInitStep)


@worker_init.connect
@worker_process_init.connect
def freeze_startup_objects(**kwargs) -> None:
    """A worker starts with Django, the models and the tasks loaded: take
    those objects out of the garbage collector's sweeps (gc.freeze), so that
    a task's collections walk only what the task made. In the main process
    before the pool forks (which also spares the children copying the pages
    a sweep would touch), and in each child once it has started. The batch
    recompute's scoring went from 35 to 23 µs a claim (docs/benchmarks.md)."""
    gc.freeze()


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
        "frozen_objects": gc.get_freeze_count(),  # see freeze_startup_objects
    }


def registered_task(task_name: str):
    """The task called `task_name`. The apps' tasks modules are found lazily
    (a worker imports them as it starts); a web or shell process that has not
    imported them yet imports them here, so an in-process (eager) run finds
    them too."""
    if task_name not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[task_name]


def enqueue_on_commit(task_name: str, *args) -> None:
    """Queue the task called `task_name` once the current transaction
    commits. Services name their tasks instead of importing them, so tasks
    can import services at the top without an import circle. A broker outage
    is logged, not raised: the write has committed, and every caller has left
    a durable row (its outbox) that a beat sweep queues again later."""
    from django.db import transaction

    def send():
        task = registered_task(task_name)  # an unknown name is our bug: raise
        try:
            # Nobody reads the result of a write's task; asking for one makes
            # the result store subscribe first, which with Redis down retries
            # for 20 s inside the request (seen under gunicorn, not in-process).
            task.apply_async(args, retry=False, ignore_result=True)
        except Exception:  # kombu/redis errors; the broker is down or unreachable
            logger.warning("Broker unreachable: %s%r left for the sweep", task_name, args)

    send.task_name = task_name  # what tests and logs can tell it by
    transaction.on_commit(send)
