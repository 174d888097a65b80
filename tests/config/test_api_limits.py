import pytest
from django.core.cache import cache

from config.api.throttling import AnonThrottle, ClientThrottle
from tests.conftest import api_client_for

pytestmark = pytest.mark.django_db


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


def test_the_last_minute_counts_as_much_as_the_window_still_covers(
    low_rates, settings, monkeypatch
):
    """A sliding window over two counters: 20 s into this minute, the 3
    requests of the last minute still weigh 2, so one more is allowed, and
    the one after it waits for the last minute's share to fall. Refusals do
    not count: knocking during the wait does not lengthen it."""
    # (the user throttle counts anonymous callers by address too, on the real clock)
    settings.CLAIMTRACE_THROTTLE_RATES = {"anon": "3/min", "user": "100/min"}
    window = 29_000_000  # a minute number
    clock = {"now": window * 60 - 1.0}  # the last second of the last minute
    monkeypatch.setattr(AnonThrottle, "timer", staticmethod(lambda: clock["now"]))
    client = api_client_for()
    assert [client.get("/api/v1/claims/").status_code for _ in range(3)] == [200, 200, 200]

    clock["now"] = window * 60 + 20.0
    assert client.get("/api/v1/claims/").status_code == 200  # 3 × 2/3 + 1 = 3
    refused = client.get("/api/v1/claims/")  # 3 × 2/3 + 2 = 4 > 3
    assert refused.status_code == 429
    # the last minute's share falls by 1 in 20 s (3 requests over 60 s)
    assert int(refused["Retry-After"]) == 20
    clock["now"] = window * 60 + 30.0  # 3 × 0.5 + 2 = 3.5: still over
    assert [client.get("/api/v1/claims/").status_code for _ in range(5)] == [429] * 5
    clock["now"] = window * 60 + 40.0  # Retry-After kept: 3 × 1/3 + 2 = 3
    assert client.get("/api/v1/claims/").status_code == 200
    assert client.get("/api/v1/claims/").status_code == 429  # 1 + 3 = 4


def test_the_counters_are_numbers_not_request_logs(low_rates, api_client_user, monkeypatch):
    """One small counter a window per client, whatever the rate (DRF's own
    throttles read and wrote the list of every request's time)."""
    monkeypatch.setattr(ClientThrottle, "timer", staticmethod(lambda: 29_000_000 * 60 + 5.0))
    client = api_client_for(api_client_user)
    for _ in range(4):
        client.get("/api/v1/claims/")
    keys = list(cache.iter_keys("throttle_user_*"))
    assert len(keys) == 1
    assert cache.get(keys[0]) == 4


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
