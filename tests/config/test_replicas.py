"""Read replicas against a real primary and streaming replica that this test
starts as a pair of its own (tests.servers.PostgresPair), with Claimtrace
served by gunicorn on them: public reads come from the replica, staff and
people who just wrote read the primary, a lagging replica is skipped, and a
stopped one sends reads back to the primary without a 500."""

import json
import os
import time

import psycopg
import pytest
import requests
from django.conf import settings

from bench.loadgen import start_gunicorn
from tests.conftest import stop_process, wait_for
from tests.servers import PostgresPair, manage

pytestmark = pytest.mark.replica

SETUP = """
import json
from tests.factories import UserFactory, claim_in_state
from verify import roles
from verify.clients.tokens import token_create
reviewer = UserFactory(role=roles.REVIEWER)
editor = UserFactory(role=roles.EDITOR)
client = UserFactory(role=roles.API_CLIENT, is_staff=False)
claim = claim_in_state("published", reviewer=reviewer, editor=editor)
print(json.dumps({
    "claim": claim.pk,
    "reviewer": token_create(user=reviewer, name="t")[1],
    "client": token_create(user=client, name="t")[1],
}))
"""


@pytest.fixture(scope="module")
def pair():
    servers = PostgresPair()
    try:
        with psycopg.connect(servers.url(servers.primary_port, "postgres"), autocommit=True) as db:
            db.execute("CREATE DATABASE claimtrace")
        yield servers
    finally:
        servers.close()


def _env(pair, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_REPLICA_URLS"}}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": pair.url(pair.primary_port),
        **extra,
    }


def _manage(pair, *args) -> str:
    return manage(_env(pair), *args)


def test_public_reads_come_from_the_replica_and_nobody_misses_their_own_write(pair):
    _manage(pair, "migrate", "-v0")
    made = json.loads(_manage(pair, "shell", "-c", SETUP).strip().splitlines()[-1])
    claim = made["claim"]
    primary = psycopg.connect(pair.url(pair.primary_port), autocommit=True)
    replica = psycopg.connect(pair.url(pair.replica_port), autocommit=True)
    served = {
        "bound": dict(DATABASE_REPLICA_MAX_LAG="600"),
        "strict": dict(DATABASE_REPLICA_MAX_LAG="0.5"),
    }
    processes = []
    try:
        for name, extra in served.items():
            env = _env(
                pair,
                DATABASE_REPLICA_URLS=pair.url(pair.replica_port),
                REDIS_URL=settings.REDIS_URL,  # the pins are shared through the cache
                CELERY_QUEUE=f"{settings.CELERY_TASK_DEFAULT_QUEUE}-replica",
                **extra,
            )
            process, base = start_gunicorn(env, workers=2)
            processes.append(process)
            served[name] = base
        base, strict = served["bound"], served["strict"]

        def text_en(url, token=None):
            headers = {"Authorization": f"Token {token}"} if token else {}
            response = requests.get(f"{url}/api/v1/claims/{claim}/", headers=headers, timeout=60)
            assert response.status_code == 200, response.text
            return response.json()["text_en"]

        # given: the published claim, replicated
        wait_for(lambda: text_en(base) is not None)
        before = text_en(base)

        # when: the replica stops replaying and the primary changes the claim
        replica.execute("SELECT pg_wal_replay_pause()")
        primary.execute(
            "UPDATE claims_claim SET text_en = 'Changed on the primary.' WHERE id = %s", [claim]
        )
        # what the public reads: the claim's signed record (as a signed update would)
        primary.execute(
            "UPDATE verify_publicrecord SET item = jsonb_set(item, '{text_en}', "
            "'\"Changed on the primary.\"') WHERE claim_id = %s AND is_current",
            [claim],
        )
        time.sleep(1)

        # then: the public and API clients read the replica; the desk reads the primary
        assert text_en(base) == before
        assert text_en(base, made["client"]) == before
        assert text_en(base, made["reviewer"]) == "Changed on the primary."
        # a replica behind the lag bound is skipped
        assert text_en(strict) == "Changed on the primary."

        # an API client reads its own write at once, though the replica is paused
        hooks = {"Authorization": f"Token {made['client']}"}
        created = requests.post(
            f"{base}/api/v1/webhooks/",
            json={"name": "CMS", "url": "https://cms.example/hook", "events": ["claim.published"]},
            headers=hooks,
            timeout=10,
        )
        assert created.status_code == 201, created.text
        listed = requests.get(f"{base}/api/v1/webhooks/", headers=hooks, timeout=10).json()
        assert [h["id"] for h in listed["results"]] == [created.json()["id"]]

        # replay resumes: the public sees the change through the replica
        replica.execute("SELECT pg_wal_replay_resume()")
        wait_for(lambda: text_en(base) == "Changed on the primary.", timeout=30)

        # a stopped replica sends reads back to the primary, without a 500
        replica.close()
        pair.stop(pair.replica)
        for _ in range(5):
            assert text_en(base) == "Changed on the primary."
            assert text_en(base, made["client"]) == "Changed on the primary."
    finally:
        for process in processes:
            stop_process(process)
        primary.close()
        if not replica.closed:
            replica.close()
