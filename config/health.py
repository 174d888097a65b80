"""/health/ (django-health-check): the database, storage, and, where the
deployment has them, Redis and a Celery worker for every queue. 200 when all
answer, 500 naming what does not; docker-compose's health checks use it.

The page is public, so it names the check that failed and how (unavailable,
a warning), never the error's text: that names hosts and ports ("Error 111
connecting to redis:6379"), which go to the server's log instead."""

import logging

from django.conf import settings
from health_check.views import HealthCheckView

logger = logging.getLogger("claimtrace.health")


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


class _Quiet:
    """A check whose failure is logged in full and shown in its kind only."""

    def __init__(self, check):
        self.check = check

    def __repr__(self) -> str:
        # the check's own repr carries its settings (a Redis host and port)
        return type(self.check).__name__

    def __getattr__(self, name):
        return getattr(self.check, name)  # its labels, for the OpenMetrics page

    async def get_result(self, executor=None):
        result = await self.check.get_result(executor)
        result.check = self
        if result.error is not None:
            logger.warning("health check %r failed: %s", self.check, result.error)
            result.error = type(result.error)("see the server log")
        return result


class PublicHealthView(HealthCheckView):
    def get_checks(self):
        return (_Quiet(check) for check in super().get_checks())


def health_view():
    return PublicHealthView.as_view(checks=health_checks())
