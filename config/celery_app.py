import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

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
