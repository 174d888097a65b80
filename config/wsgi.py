import os

from django.core.wsgi import get_wsgi_application

# A web process: its statements are bounded (WEB_STATEMENT_TIMEOUT_MS).
os.environ.setdefault("CLAIMTRACE_PROCESS", "web")
# A request embeds one short text; the workers are the parallelism. The
# embedder's OpenMP threads (one per core by default, spinning while they
# wait) made two concurrent searches 40x slower on 2 cores (docs/security.md).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()


def _warm_up_in_the_background() -> None:
    """The quick start runs its tasks in the web process: load ingestion's
    models now, in the background, so the first pasted article does not
    wait for them (a worker warms up as it starts: claims.tasks)."""
    import threading

    from django.conf import settings

    if settings.CLAIMTRACE_WARM_UP and settings.CELERY_TASK_ALWAYS_EAGER:
        from claims.services.ingestion import ingestion_warm_up

        threading.Thread(target=ingestion_warm_up, name="warm-up", daemon=True).start()


_warm_up_in_the_background()
