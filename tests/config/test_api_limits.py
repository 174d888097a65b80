import pytest
from django.core.cache import cache

from tests.conftest import api_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    settings.CLAIMTRACE_THROTTLE_RATES = {"anon": "3/min", "user": "5/min"}
    # Only the counters: the cache's Redis database also holds the broker's queue.
    # DRF's user throttle counts anonymous requests by address too, so an
    # earlier test's anonymous requests in the same minute would count here.
    counters = ["throttle_anon_127.0.0.1", "throttle_user_127.0.0.1"]
    cache.delete_many(counters)
    yield
    cache.delete_many(counters)


def test_anonymous_clients_are_throttled(low_rates):
    client = api_client_for()
    codes = [client.get("/api/v1/claims/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/claims/")
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_each_client_token_has_its_own_budget(low_rates, api_client_user, reviewer):
    first, second = api_client_for(api_client_user), api_client_for(reviewer)
    assert [first.get("/api/v1/claims/").status_code for _ in range(6)][-1] == 429
    assert second.get("/api/v1/claims/").status_code == 200


def test_an_oversized_body_is_413(reviewer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = api_client_for(reviewer).post(
        "/api/v1/claims/", {"text": "x" * 20_000, "language": "en"}, format="json"
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_malformed_json_is_a_400_in_the_error_shape(reviewer):
    response = api_client_for(reviewer).post(
        "/api/v1/claims/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
