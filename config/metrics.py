"""Prometheus metrics: django-prometheus's request, database and cache
figures, plus the desk's own backlog read at scrape time: Celery queue
depth, webhook deliveries pending, archives failed, ingestion jobs by status."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.db.models import Count
from django.http import HttpResponseForbidden
from django_prometheus import exports
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY


class BacklogCollector:
    """Counts asked of the database (and Redis) when Prometheus scrapes."""

    NAMES = (
        "claimtrace_webhook_deliveries_pending",
        "claimtrace_archives_failed",
        "claimtrace_ingestion_jobs",
        "claimtrace_queue_depth",
        "claimtrace_replica_lag_seconds",
    )

    def describe(self):
        # What the registry asks at registration: the names, no database query.
        return [GaugeMetricFamily(name, "") for name in self.NAMES]

    def collect(self):
        from claims.models import ArchiveStatus, Evidence, IngestionJob
        from verify.models import WebhookDelivery

        pending = GaugeMetricFamily(
            "claimtrace_webhook_deliveries_pending", "Webhook deliveries not yet delivered."
        )
        pending.add_metric(
            [], WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING).count()
        )
        yield pending

        archives = GaugeMetricFamily(
            "claimtrace_archives_failed",
            "Evidence archives that failed or hold only a JavaScript shell.",
            labels=["status"],
        )
        for status in (ArchiveStatus.FAILED, ArchiveStatus.JS_SHELL):
            archives.add_metric([status], Evidence.objects.filter(archive_status=status).count())
        yield archives

        jobs = GaugeMetricFamily(
            "claimtrace_ingestion_jobs", "Ingestion jobs by status.", labels=["status"]
        )
        counts = dict(IngestionJob.objects.values_list("status").order_by().annotate(n=Count("id")))
        for status in IngestionJob.Status.values:
            jobs.add_metric([status], counts.get(status, 0))
        yield jobs

        depth = queue_depths()
        if depth is not None:
            queues = GaugeMetricFamily(
                "claimtrace_queue_depth", "Tasks waiting in each Celery queue.", labels=["queue"]
            )
            for name, length in depth.items():
                queues.add_metric([name], length)
            yield queues

        from config.db_router import replica_aliases, replica_lag

        if replica_aliases():
            lags = GaugeMetricFamily(
                "claimtrace_replica_lag_seconds",
                "How far each read replica is behind the primary (-1: not answering).",
                labels=["replica"],
            )
            for alias in replica_aliases():
                lag = replica_lag(alias)
                lags.add_metric([alias], -1 if lag is None else lag)
            yield lags


def queue_names() -> list[str]:
    from config.celery_app import app

    queues = app.conf.task_queues
    return [q.name for q in queues] if queues else [app.conf.task_default_queue]


def queue_depths() -> dict[str, int] | None:
    """Tasks waiting per queue (Redis lists named after the queues); None
    without Redis (tasks run in-process) or when Redis does not answer."""
    if not settings.REDIS_URL:
        return None
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=0.5)
        return {name: client.llen(name) for name in queue_names()}
    except redis.RedisError:
        return None


_registered = False


def register() -> None:
    global _registered
    if not _registered:
        REGISTRY.register(BacklogCollector())
        _registered = True


def _may_scrape(request) -> bool:
    """With METRICS_TOKEN, its bearer; without, only a scraper on this host
    talking to the server directly (a loopback socket, no proxy between):
    never what a request says of itself, nor anything a proxy forwards."""
    if settings.METRICS_TOKEN:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return hmac.compare_digest(given, settings.METRICS_TOKEN)
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    proxied = any(request.META.get(h) for h in ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED"))
    return address.is_loopback and not proxied


def metrics_view(request):
    if not _may_scrape(request):
        return HttpResponseForbidden("Metrics are for the deployment's own scraper.")
    return exports.ExportToDjangoView(request)
