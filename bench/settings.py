"""Settings for the benchmark server and runner: the production stack
(DEBUG off, PostgreSQL, Redis) on a database of its own, never the desk's."""

import os

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrace_bench"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# the queues (one per kind, config.settings.base) are named after it
os.environ["CELERY_QUEUE"] = os.environ.get("BENCH_QUEUE", "claimtrace-bench")

from config.settings.base import *  # noqa: E402,F403

DEBUG = False
SECRET_KEY = "claimtrace-bench-not-a-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
# The load generator is one client; measure the server, not the throttle.
CLAIMTRACE_THROTTLE_RATES = {"anon": "100000000/min", "user": "100000000/min"}
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
