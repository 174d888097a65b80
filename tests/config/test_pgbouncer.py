"""Claimtrace behind PgBouncer in transaction mode (Debian's pgbouncer,
started by the test on a port of its own, two server connections for two
web processes): the API works unchanged with no session state across
transactions, and the database's own guards (the relay-chain guard with its
transaction-scoped advisory lock, the append-only event log) still hold."""

import psycopg
import pytest
import requests
from django.db import connection

from tests.conftest import api_client_for
from tests.factories import SourceFactory, UserFactory, claim_in_state
from tests.servers import PgBouncer
from verify import roles

pytestmark = pytest.mark.replica


def test_the_api_runs_unchanged_behind_pgbouncer_in_transaction_mode(gunicorn):
    db = connection.settings_dict
    reviewer = UserFactory(role=roles.REVIEWER)
    editor = UserFactory(role=roles.EDITOR)
    published = claim_in_state("published", reviewer=reviewer, editor=editor)
    source, relay = SourceFactory(), SourceFactory()
    token = api_client_for(reviewer)._credentials["HTTP_AUTHORIZATION"]
    with PgBouncer(db["HOST"], int(db["PORT"]), pool_size=2) as pooler:
        pooled = f"postgres://postgres@127.0.0.1:{pooler.port}/{db['NAME']}"
        _, base = gunicorn(workers=2, DATABASE_URL=pooled, DATABASE_POOLED="true")
        api = requests.Session()
        api.headers["Authorization"] = token

        # writes and reads through the pooler, each request in its own transactions
        claim = api.post(
            f"{base}/api/v1/claims/",
            json={"text": "Бунтовниците превзеха Хама.", "language": "bg"},
            timeout=30,
        )
        assert claim.status_code == 201, claim.text
        said = api.post(
            f"{base}/api/v1/attributions/",
            json={"claim": claim.json()["id"], "source": source.pk, "stance": "asserts"},
            timeout=30,
        )
        assert said.status_code == 201, said.text
        relayed = api.post(
            f"{base}/api/v1/attributions/",
            json={"claim": claim.json()["id"], "source": relay.pk, "via": said.json()["id"]},
            timeout=30,
        )
        assert relayed.status_code == 201, relayed.text
        # the same statements many times over (psycopg would prepare them
        # after five; behind a transaction pooler that must not happen)
        for _ in range(12):
            for path in (
                "/api/v1/claims/?page_size=50",
                "/api/v1/claims/?search=Хама",
                f"/api/v1/claims/{published.pk}/",
                "/api/v1/export/stix/",
                "/api/v1/feeds/published.json",
            ):
                response = api.get(f"{base}{path}", timeout=30)
                assert response.status_code == 200, (path, response.text[:300])

        # the database's own guards hold through the pooler
        with psycopg.connect(pooled, autocommit=True, prepare_threshold=None) as direct:
            with pytest.raises(psycopg.IntegrityError, match="loop"):
                direct.execute(
                    "UPDATE claims_attribution SET via_id = %s WHERE id = %s",
                    [relayed.json()["id"], said.json()["id"]],
                )
            with pytest.raises(psycopg.IntegrityError, match="never changed"):
                direct.execute("UPDATE verify_claimevent SET reason = 'rewritten'")
