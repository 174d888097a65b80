import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> str:
    found = shutil.which("docker-compose")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("docker-compose is missing; .ci/run installs Debian's package")
        pytest.skip("docker-compose (Debian's package) is not installed here")
    return found


def _config(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "POSTGRES_PASSWORD"}}
    return subprocess.run(
        [_compose(), "--project-directory", str(ROOT), "-f", "docker-compose.yml", "config"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_compose_file_validates_and_runs_a_worker_per_queue():
    result = _config(SECRET_KEY="s" * 50, POSTGRES_PASSWORD="pw")
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    workers = {name for name in config["services"] if name.startswith("worker")}
    assert set(config["services"]) - workers == {
        "proxy", "web", "beat", "db", "redis", "pgbouncer"
    }  # fmt: skip
    assert config["services"]["pgbouncer"]["environment"]["POOL_MODE"] == "transaction"
    consumed = {
        str(config["services"][name]["command"]).split("-Q ")[1].split()[0] for name in workers
    }
    default = settings.CELERY_TASK_DEFAULT_QUEUE  # "claimtrace" in production
    assert consumed == {
        q.name.replace(default, "claimtrace", 1) for q in settings.CELERY_TASK_QUEUES
    }
    web = config["services"]["web"]["environment"]
    assert web["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert web["DATABASE_URL"].startswith("postgres://")
    assert web["REDIS_URL"].startswith("redis://")
    assert "celery -A config worker" in str(config["services"]["worker"]["command"])
    assert "celery -A config beat" in str(config["services"]["beat"]["command"])
    assert "/health/" in " ".join(config["services"]["web"]["healthcheck"]["test"])


def test_the_compose_file_holds_no_secret():
    result = _config()
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr or "set POSTGRES_PASSWORD" in result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_system_check_is_clean():
    call_command("check", fail_level="WARNING")


def test_every_request_comes_through_the_proxy_and_is_counted_behind_it():
    """The proxy renders the reference template with every value it names;
    web publishes no port of its own, and trusts the proxy's address only."""
    import re

    result = _config(SECRET_KEY="s" * 50, POSTGRES_PASSWORD="pw")
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    proxy, web = services["proxy"], services["web"]
    template = ROOT / "config" / "nginx" / "claimtrace.conf.template"
    mounted = [v for v in proxy["volumes"] if "/etc/nginx/templates/" in str(v)]
    assert [str(template) in str(v) for v in mounted] == [True]
    named = set(re.findall(r"\$\{(CLAIMTRACE_[A-Z_]+)\}", template.read_text()))
    assert len(named) == 6
    assert named <= set(proxy["environment"])
    assert "ports" not in web
    address = proxy["networks"]["default"]["ipv4_address"]
    assert web["environment"]["TRUSTED_PROXIES"] == address
