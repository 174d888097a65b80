"""Every list endpoint of the API costs the same number of queries for one
row as for many: a list that grows a query per row slows down with the
desk's data, so each is held here."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Candidate, IngestionJob
from tests.conftest import api_client_for
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    UserFactory,
    claim_in_state,
)
from verify import roles
from verify.clients.webhooks import subscription_create

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _claim(people):
    claim = claim_in_state("published", reviewer=people["reviewer"], editor=people["editor"])
    origin = AttributionFactory(claim=claim, source=SourceFactory(parent=SourceFactory()))
    AttributionFactory(claim=claim, via=origin)
    EvidenceFactory(claim=claim)
    return claim


def _source(people):
    source = SourceFactory(parent=SourceFactory())
    source.aliases.create(name=f"alias {next(_serial)}", normalized=f"alias {next(_serial)}")


def _attribution(people):
    origin = AttributionFactory(source=SourceFactory(parent=SourceFactory()))
    AttributionFactory(claim=origin.claim, via=origin)


def _evidence(people):
    EvidenceFactory()


def _review(people):
    claim_in_state("published", reviewer=people["reviewer"], editor=people["editor"])


def _webhook(people):
    subscription_create(
        owner=people["client"],
        name="",
        url="http://127.0.0.1:9/hook",
        events=["claim.published"],
    )


def _job(people):
    job = IngestionJob.objects.create(
        created_by=people["reviewer"], kind="text", input="Статия.", status="done"
    )
    for position in range(2):
        Candidate.objects.create(
            job=job,
            position=position,
            sentence="Изречение.",
            text="Изречение.",
            language="bg",
            fingerprint=f"fp-{next(_serial)}",
            duplicate_of=ClaimFactory(),
            claim=ClaimFactory(),
        )


ENDPOINTS = [
    ("/api/v1/claims/", None, _claim),
    ("/api/v1/claims/", "reviewer", _claim),
    ("/api/v1/sources/", None, _source),
    ("/api/v1/attributions/", "reviewer", _attribution),
    ("/api/v1/evidence/", "reviewer", _evidence),
    ("/api/v1/reviews/", "reviewer", _review),
    ("/api/v1/reviews/", None, _review),
    ("/api/v1/webhooks/", "client", _webhook),
    ("/api/v1/ingest/", "reviewer", _job),
    ("/api/v1/export/stix/", None, _claim),
    ("/api/v1/feeds/published.json", None, _claim),
]


@pytest.mark.parametrize(("url", "who", "make"), ENDPOINTS)
def test_a_list_costs_the_same_queries_for_one_row_as_for_five(url, who, make, reviewer, editor):
    people = {
        "reviewer": reviewer,
        "editor": editor,
        "client": UserFactory(is_staff=False, role=roles.API_CLIENT),
    }
    client = api_client_for(people[who] if who else None)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        return len(captured)

    make(people)
    client.get(url)  # the token's first use writes last_used_at
    one = queries()
    for _ in range(4):
        make(people)
    assert queries() == one
