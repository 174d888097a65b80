"""The quick start's test lane: the settings `make run` uses (SQLite,
Celery tasks run in-process, no Redis), with a test database Django makes
and drops. `make test` runs tests/quickstart/ with these beside the
PostgreSQL suite, so the quick start's own code paths (SQLite's type
conversions, the `connection.vendor` branches) are run by a test."""

import os
import tempfile

os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(tempfile.gettempdir(), "ct-qs.sqlite3")
os.environ.pop("REDIS_URL", None)

from .local import *  # noqa: F403
from .local import env

DEBUG = False  # errors as the API's JSON, as a client would meet them
QUICKSTART_LANE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
CLAIMTRACE_THROTTLE_RATES = {"anon": "100000/min", "user": "100000/min"}
CLAIMTRACE_VECTOR_INDEX = os.path.join(tempfile.gettempdir(), f"ct-qs-{os.getpid()}.usearch")
SECRET_KEY = env("SECRET_KEY", default="django-insecure-quickstart-test-only")
# Each test loads what it uses; no process warms up models behind its back.
CLAIMTRACE_WARM_UP = False
