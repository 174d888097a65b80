"""One notion of the client's address (config/client_address.py): the
socket's peer, unless that peer is a trusted proxy; X-Forwarded-For is the
client's word otherwise."""

import pytest
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from config.client_address import client_address

pytestmark = pytest.mark.django_db


def _request(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("10.0.0.2", "203.0.113.9", "203.0.113.9"),  # through the proxy
        ("10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a hop the client wrote
        ("10.0.0.2", "not-an-address, 203.0.113.9", "203.0.113.9"),
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # straight to us: its word
        ("10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_behind_a_trusted_proxy_the_hop_before_it_is_the_client(
    settings, peer, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request(peer, forwarded)) == expected


def test_two_proxies_in_the_order_a_request_passes_them(settings):
    settings.TRUSTED_PROXIES = ["192.0.2.0/24", "10.0.0.0/8"]  # a CDN, then our nginx
    request = _request("10.0.0.2", "6.6.6.6, 203.0.113.9, 192.0.2.10")
    assert client_address(request) == "203.0.113.9"


def test_a_new_forwarded_address_each_request_does_not_reset_the_limit(low_rates, settings):
    settings.TRUSTED_PROXIES = []
    client = APIClient()
    codes = [
        client.get("/api/v1/claims/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]


def test_behind_the_proxy_each_client_has_its_own_budget(low_rates, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's socket
    client = APIClient()

    def get(address, spoof=""):
        forwarded = f"{spoof}, {address}" if spoof else address
        return client.get("/api/v1/claims/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    # a client rotating a hop of its own in front is still one client
    assert [get("203.0.113.5", spoof=f"6.6.6.{n}") for n in range(4)] == [200, 200, 200, 429]
    assert get("203.0.113.6") == 200  # another client behind the same proxy


def test_metrics_answer_no_forged_header(settings):
    settings.METRICS_TOKEN = ""
    forged = Client(REMOTE_ADDR="127.0.0.1").get("/metrics", HTTP_X_FORWARDED_FOR="81.2.69.160")
    assert forged.status_code == 403
    assert Client(REMOTE_ADDR="10.0.0.3").get("/metrics").status_code == 403  # a private peer
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 200


def test_the_login_lockout_counts_the_client_behind_the_proxy(client, reviewer, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    def attempt(address, browser=client):
        return browser.post(
            "/admin/login/",
            {"username": reviewer.username, "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=address,
        ).status_code

    assert [attempt("203.0.113.9") for _ in range(5)] == [200, 200, 200, 200, 429]
    assert attempt("203.0.113.10", browser=Client()) == 200  # another person, same proxy


@pytest.mark.parametrize(
    ("trusted", "expected"), [([], "127.0.0.1"), (["127.0.0.1"], "203.0.113.40")]
)
def test_the_request_log_names_the_client_by_the_same_rule(settings, trusted, expected):
    import structlog
    from structlog.testing import capture_logs

    settings.TRUSTED_PROXIES = trusted
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        Client().get("/api/v1/claims/", HTTP_X_FORWARDED_FOR="203.0.113.40")
    started = [entry for entry in logs if entry["event"] == "request_started"]
    assert [entry["ip"] for entry in started] == [expected]
