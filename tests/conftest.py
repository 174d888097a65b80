"""Shared fixtures. The suite runs on the real PostgreSQL and Redis named by
config/settings/test.py; it stops at once, saying which, if either is down.
The quick start's lane (config/settings/quickstart_test.py) runs
tests/quickstart/ on SQLite with tasks in-process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
import redis
from django.conf import settings

from tests import factories
from verify import roles

ROOT = Path(__file__).resolve().parent.parent

START_HINT = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no",
}


def pytest_ignore_collect(collection_path, config):
    """tests/quickstart/ runs in the quick start's lane (SQLite, tasks
    in-process: `make test-quickstart`, part of `make test`), not here."""
    if collection_path.name == "quickstart" and not _quickstart_lane():
        return True
    return None


def _quickstart_lane() -> bool:
    return getattr(settings, "QUICKSTART_LANE", False)


def pytest_sessionstart(session):
    if _quickstart_lane():
        return  # SQLite and in-process tasks: nothing to reach
    db = settings.DATABASES["default"]
    problems = []
    if db["ENGINE"] != "django.db.backends.postgresql":
        problems.append(f"the suite needs PostgreSQL, DATABASE_URL names {db['ENGINE']}")
    else:
        try:
            psycopg.connect(
                host=db["HOST"] or None,
                port=db["PORT"] or None,
                user=db["USER"] or None,
                password=db["PASSWORD"] or None,
                dbname="postgres",
                connect_timeout=3,
            ).close()
        except psycopg.OperationalError as exc:
            problems.append(
                f"PostgreSQL at {db['HOST']}:{db['PORT']} is unreachable ({exc}).\n"
                f"    Start it: {START_HINT['PostgreSQL']}"
            )
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        problems.append(
            f"Redis at {settings.REDIS_URL} is unreachable ({exc}).\n"
            f"    Start it: {START_HINT['Redis']}"
        )
    if problems:
        pytest.exit("Cannot run the suite:\n  " + "\n  ".join(problems), returncode=3)


def examples(full: int) -> int:
    """How many examples a property test draws: all of them in `make test`,
    a tenth in the edit loop's lane (`make test-fast` sets FAST_LANE)."""
    return max(5, full // 10) if os.environ.get("FAST_LANE") else full


@pytest.fixture(autouse=True)
def _fresh_language_means():
    """The language means are cached per process for a minute; each test
    has a database of its own, so it starts with none cached."""
    from claims.matching import centroids

    centroids._cached.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request activates
    the reader's language in its thread (LocaleMiddleware, and
    config.language.ReaderLanguageMiddleware) and Django leaves it active
    after the response, so a Bulgarian request would otherwise carry over
    into the next test's direct service calls."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- people --------------------------------------------------------------------


@pytest.fixture
def reviewer(db):
    return factories.UserFactory(role=roles.REVIEWER)


@pytest.fixture
def reviewer2(db):
    return factories.UserFactory(role=roles.REVIEWER)


@pytest.fixture
def editor(db):
    return factories.UserFactory(role=roles.EDITOR)


@pytest.fixture
def editor2(db):
    return factories.UserFactory(role=roles.EDITOR)


@pytest.fixture
def source_desk(db):
    return factories.UserFactory(role=roles.SOURCE_DESK)


# --- the demo -------------------------------------------------------------------------

# The apps whose rows the demo writes (auth for its users and their roles).
DEMO_APPS = ("auth", "sources", "claims", "verify")


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker):
    """The demo's rows, made once per test process: `demo_load()` runs in a
    transaction that is rolled back, and the rows it wrote are kept here."""
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db import transaction

    from verify.demo import demo_load

    models = [
        model
        for app in DEMO_APPS
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]
    rows = []
    with django_db_blocker.unblock():
        before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in models}
        with transaction.atomic():
            demo_load()
            for model in models:
                made = model._base_manager.exclude(pk__in=before[model]).order_by("pk")
                fields = [f.attname for f in model._meta.concrete_fields]
                rows.append(
                    (model, [dict(zip(fields, v, strict=True)) for v in made.values_list(*fields)])
                )
            groups = dict(Group.objects.values_list("pk", "name"))
            transaction.set_rollback(True)
    return rows, groups


@pytest.fixture
def demo(db, demo_rows):
    """The demo article's register, claims, reviews and users, as `demo_load()`
    leaves them, in this test's transaction: loaded once per process (the
    `demo_rows` fixture) and written here in one insert a table."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management.color import no_style
    from django.db import connection

    rows, group_names = demo_rows
    for model, values in rows:
        if model is get_user_model().groups.through:
            # by name: a test that flushed the database made the roles again
            current = dict(Group.objects.values_list("name", "pk"))
            values = [{**row, "group_id": current[group_names[row["group_id"]]]} for row in values]
        model._base_manager.bulk_create([model(**row) for row in values])
    reset = connection.ops.sequence_reset_sql(no_style(), [m for m, v in rows if v])
    with connection.cursor() as cursor:
        for statement in reset:
            cursor.execute(statement)


# --- a real Celery worker ----------------------------------------------------------


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_worker(
    loglevel: str = "WARNING", queues: list[str] | None = None, pool: str = "solo", **extra_env
) -> subprocess.Popen:
    """A `celery worker` process (one, solo pool unless `pool` says prefork)
    on the Redis broker and the test database, on every queue or on
    `queues`; `extra_env` adds settings, e.g. a short visibility timeout."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        **extra_env,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=test-{os.getpid()}-{time.monotonic_ns()}@%h",
            f"--loglevel={loglevel}",
            *(["-Q", ",".join(queues)] if queues else []),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop_process(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def celery_worker(transactional_db):
    """A worker process; tests using it are transactional: the worker is
    another process and sees only committed rows."""
    from config.celery_app import app

    # Tasks queued by earlier tests of this run point at rows long flushed.
    app.control.purge()
    proc = start_worker()
    yield proc
    stop_process(proc)


@pytest.fixture
def gunicorn(transactional_db):
    """Start gunicorn on the test database: `gunicorn(workers=2, **env)`
    returns (process, base URL). Stopped at the end of the test."""
    from bench.loadgen import start_gunicorn

    started = []

    def start(workers: int = 2, cpus: str = "", **extra_env):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
            **extra_env,
        }
        proc, base = start_gunicorn(env, workers=workers, cpus=cpus)
        started.append(proc)
        return proc, base

    yield start
    for proc in started:
        stop_process(proc)


def wait_for(condition, *, timeout: float = 30, interval: float = 0.1):
    """Poll `condition` until it returns something truthy, or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


# --- API clients --------------------------------------------------------------------


def api_client_for(user=None):
    """An APIClient: anonymous, or with a real token of `user`."""
    from rest_framework.test import APIClient

    from verify.clients.tokens import token_create

    client = APIClient()
    if user is not None:
        _, key = token_create(user=user, name=f"tests for {user}")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api_client_user(db):
    return factories.UserFactory(is_staff=False, role=roles.API_CLIENT)


@pytest.fixture
def low_rates(settings):
    """Throttles of 3 anonymous and 5 client requests a minute, counted
    afresh. Only the counters are cleared: the cache's Redis database also
    holds the broker's queue. DRF's user throttle counts anonymous requests
    by address too, so an earlier test's in the same minute would count."""
    from django.core.cache import cache

    settings.CLAIMTRACE_THROTTLE_RATES = {"anon": "3/min", "user": "5/min"}
    cache.delete_pattern("throttle_*")
    yield
    cache.delete_pattern("throttle_*")
