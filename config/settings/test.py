"""The test suite runs on the real PostgreSQL and Redis of the machine.

DATABASE_URL and REDIS_URL may point elsewhere; tests/conftest.py stops the
run with a clear message when either cannot be reached.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrace")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
# Each test run gets a queue of its own on the shared Redis, so a stale task
# from an earlier run can never reach this run's worker.
os.environ.setdefault("CELERY_QUEUE", f"claimtrace-test-{os.getpid()}")

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("SECRET_KEY", default="django-insecure-test-only")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files straight from the apps: no collectstatic before a test run.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Close connections after each request, so the live server thread of the
# browser test leaves nothing open when the test database is dropped.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)  # noqa: F405

# The suite's own HTTP servers listen on loopback: allow-listed the way a
# deployment lists its own services (the SSRF tests clear it).
OUTBOUND_ALLOWED_HOSTS = env.list("OUTBOUND_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# Every test shares 127.0.0.1; the throttle tests set their own low rates.
# (a server a test starts may name its own: THROTTLE_ANON, THROTTLE_CLIENT)
CLAIMTRACE_THROTTLE_RATES = {
    "anon": env("THROTTLE_ANON", default="100000/min"),
    "user": env("THROTTLE_CLIENT", default="100000/min"),
}
# This run's cache keys (throttle counters) never meet another run's, nor
# another process's of the same run (pytest-xdist's workers share the queue
# name they inherit).
CACHES["default"]["KEY_PREFIX"] = (  # noqa: F405
    os.environ["CELERY_QUEUE"] + os.environ.get("PYTEST_XDIST_WORKER", "")
)
# This run's vector index file (tests that build one set their own path).
CLAIMTRACE_VECTOR_INDEX = os.path.join(
    __import__("tempfile").gettempdir(), os.environ["CELERY_QUEUE"], "claims.usearch"
)
# Each test loads what it uses; no process warms up models behind its back
# (but the worker test of a warmed-up prefork pool asks for it).
CLAIMTRACE_WARM_UP = os.environ.get("CLAIMTRACE_TEST_WARM_UP") == "1"
