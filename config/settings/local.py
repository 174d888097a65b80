"""The quick start: `make run`. SQLite and in-process Celery unless the
environment names PostgreSQL and Redis."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only")
CLAIMTRACE_DEMO_USERS_ALLOWED = True

# Tasks run in-process here; their per-task lines are noise.
LOGGING["loggers"] = {  # noqa: F405
    **LOGGING["loggers"],  # noqa: F405
    "celery.app.trace": {"level": "WARNING"},
    "django_structlog.celery.receivers": {"level": "WARNING"},
}
