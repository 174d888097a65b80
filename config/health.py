"""/health/ (django-health-check): the database, storage, and, where the
deployment has them, Redis and a Celery worker for every queue. 200 when all
answer, 500 naming what does not; docker-compose's health checks use it."""

from django.conf import settings
from health_check.views import HealthCheckView


def health_checks() -> list:
    checks: list = ["health_check.checks.Database", "health_check.checks.Storage"]
    if settings.REDIS_URL:  # the quick start has neither Redis nor a worker
        from redis.asyncio import Redis

        url = settings.REDIS_URL
        checks += [
            ("health_check.contrib.redis.Redis", {"client_factory": lambda: Redis.from_url(url)}),
            "health_check.contrib.celery.Ping",
        ]
    return checks


def health_view():
    return HealthCheckView.as_view(checks=health_checks())
