import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
    claim_in_state,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_and_hidden(reviewer, editor):
    published = claim_in_state("published", reviewer=reviewer, editor=editor)
    AttributionFactory(claim=published)
    hidden = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    return published, hidden


def test_the_public_list_holds_only_published_claims(client, published_and_hidden):
    published, _ = published_and_hidden
    response = client.get("/api/v1/claims/")
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [published.pk]
    assert response.json()["results"][0]["attributions"][0]["stance"] == "asserts"


def test_an_unpublished_claim_is_404_for_the_public_and_api_clients(client, published_and_hidden):
    _, hidden = published_and_hidden
    response = client.get(f"/api/v1/claims/{hidden.pk}/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": "Not found."}
    }

    api_user = UserFactory(is_staff=False, role="API client")
    token = Token.objects.create(user=api_user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(f"/api/v1/claims/{hidden.pk}/").status_code == 404


def test_staff_see_claims_at_every_state(client, reviewer, published_and_hidden):
    client.force_login(reviewer)
    ids = {c["id"] for c in client.get("/api/v1/claims/").json()["results"]}
    assert ids == {c.pk for c in published_and_hidden}


def test_a_bad_token_is_401_with_the_error_shape(client):
    response = client.get("/api/v1/claims/", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_the_list_costs_the_same_queries_for_one_claim_or_thirty(client, reviewer):
    client.force_login(reviewer)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/claims/?page_size=50").status_code == 200
        return len(captured)

    AttributionFactory(claim=ClaimFactory())
    with_one = queries_for_list()
    for _ in range(30):
        AttributionFactory(claim=ClaimFactory(), source=SourceFactory())
    assert queries_for_list() == with_one
    # session, user, the user's permissions (2), claims page, and one prefetch
    # each for tags, evidence and attributions with their sources
    assert with_one == 8


def test_bad_filter_values_name_the_field(client):
    response = client.get("/api/v1/claims/?status=bogus")
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]
