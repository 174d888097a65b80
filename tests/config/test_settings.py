"""The settings switch: embedded SQLite + in-process Celery by default,
PostgreSQL + Redis when named, production refusing to start without secrets."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import run_manage

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), "
    "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL, "
    "'cache': settings.CACHES['default']['BACKEND'], "
    "'options': settings.DATABASES['default'].get('OPTIONS', {}), "
    "'cursors': settings.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS', False), "
    "'replica': settings.DATABASES.get('replica0', {}).get('OPTIONS', {})}))"
)
OUR_VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
}


def _run(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _settings(module: str, **env: str) -> dict:
    result = _run(module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_quick_start_runs_on_sqlite_with_tasks_in_process():
    seen = _settings("config.settings.local")
    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["name"].endswith("db.sqlite3")
    assert seen["eager"] is True
    assert seen["broker"] == "memory://"
    assert seen["cache"].endswith("LocMemCache")


def test_named_stores_are_used():
    seen = _settings(
        "config.settings.local",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/claimtrace",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert seen["engine"] == "django.db.backends.postgresql"
    assert seen["name"] == "claimtrace"
    assert seen["eager"] is False
    assert seen["broker"] == "redis://127.0.0.1:6379/3"
    assert seen["cache"].endswith("RedisCache")
    # parameters bound on the server; a statement prepared on its fifth use
    assert seen["options"]["server_side_binding"] is True
    assert seen["options"]["prepare_threshold"] == 5
    assert seen["cursors"] is False


def test_behind_pgbouncer_nothing_outlives_a_transaction():
    seen = _settings(
        "config.settings.local",
        DATABASE_URL="postgres://postgres@127.0.0.1:6432/claimtrace",
        DATABASE_POOLED="true",
        DATABASE_REPLICA_URLS="postgres://postgres@127.0.0.1:6433/claimtrace",
    )
    assert seen["options"]["prepare_threshold"] is None
    assert seen["replica"]["prepare_threshold"] is None  # a replica's own pooler
    assert seen["cursors"] is True


PRODUCTION = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "claimtrace.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/claimtrace",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_production_starts_with_everything_set():
    assert _settings("config.settings.production", **PRODUCTION)["eager"] is False


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _run("config.settings.production", **env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_refuses_an_empty_host_list():
    result = _run("config.settings.production", **{**PRODUCTION, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "Set the ALLOWED_HOSTS environment variable" in result.stderr


def test_the_test_suite_itself_runs_on_postgresql_and_redis(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CELERY_TASK_ALWAYS_EAGER is False


QUICK_START_CHECK = """
from django.db import transaction
from claims.models import Claim
from claims.services.claims import evidence_add
from django.contrib.auth import get_user_model
reviewer = get_user_model().objects.get(username="reviewer")
with transaction.atomic():  # the archive task runs in-process on commit
    evidence = evidence_add(claim=Claim.objects.first(), kind="photo", relation="supports",
                            url="http://127.0.0.1:9/unreachable", actor=reviewer)
evidence.refresh_from_db()
print(Claim.objects.count(), Claim.objects.filter(suggestion__isnull=False).count(),
      evidence.archive_status)
"""


def test_the_quick_start_loads_the_demo_offline_with_tasks_in_process(tmp_path):
    """What `make run` does, on SQLite with no Redis: nothing may fail, and
    a background task that fails (an unreachable URL) must not fail its caller."""
    clean = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'quick.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }

    def manage(*args):
        return run_manage(env, *args)

    for step in (["migrate", "-v0"], ["setup_roles"], ["load_demo", "--with-demo-users"]):
        result = manage(*step)
        assert result.returncode == 0, result.stderr[-2000:]
    assert "Demo loaded: 12 new claim(s), 23 sources." in result.stdout
    check = manage("shell", "-c", QUICK_START_CHECK)
    assert check.returncode == 0, check.stderr[-2000:]
    assert check.stdout.split()[-3:] == ["12", "12", "failed"]
