"""The one outbound client refuses what a deployment did not allow: local and
private addresses (after DNS, on every redirect), other schemes and ports,
slow and endless answers. Every server here is on loopback; a refused
address is refused before any packet leaves."""

import ipaddress
import re
import socket
import time

import pytest

from config import outbound
from tests.servers import LocalServer, answer

PAGE = b"<html><body><p>Rebels entered Hama, the army said.</p></body></html>"


@pytest.fixture
def dns(monkeypatch):
    """A resolver with made-up names: `dns["news.example"] = ["127.0.0.1"]`;
    a list of lists answers with each in turn (a rebinding name). Counts the
    look-ups; anything else goes to the real resolver (numeric forms only)."""
    real = socket.getaddrinfo
    names: dict[str, list] = {}
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            asked.append(host)
            answers = names[host]
            if answers and isinstance(answers[0], list):
                answers = answers.pop(0) if len(answers) > 1 else answers[0]
            return [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in answers
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return _Names(names, asked)


class _Names:
    def __init__(self, names: dict, asked: list):
        self.names, self.asked = names, asked

    def __setitem__(self, name, answers):
        self.names[name] = answers


@pytest.fixture
def page():
    with LocalServer(lambda h: answer(h, body=PAGE)) as server:
        yield server


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.5",
        "172.16.3.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # shared (carrier-grade NAT)
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.0.8",
        "198.18.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:169.254.169.254",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2001:db8::1",
    ],
)
def test_every_non_public_address_is_refused(address):
    assert outbound.address_refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700::1111"])
def test_public_addresses_pass(address):
    assert outbound.address_refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://files.example.org/a", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http://user:pw@news.example.org/", "user name or password"),
        ("http://news.example.org:22/", "port 22"),
        ("http://[::1]/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://localhost/", "this machine"),
        ("http://admin.localhost/", "this machine"),
    ],
)
def test_urls_refused_before_any_connection(settings, url, words):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    with pytest.raises(outbound.OutboundRefused, match=words):
        outbound.request("GET", url)


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "0177.0.0.1", "127.1"])
def test_numeric_spellings_of_loopback_are_refused(settings, host):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    with pytest.raises(outbound.OutboundRefused, match=re.escape(f"{host} is not a public")):
        outbound.request("GET", f"http://{host}/")


def test_a_local_server_is_refused_without_the_allow_list(settings, page):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    settings.OUTBOUND_ALLOWED_PORTS = [80, 443, page.port]
    with pytest.raises(outbound.OutboundRefused, match="loopback"):
        outbound.request("GET", page.url)
    assert page.requests == []

    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    fetched = outbound.request("GET", page.url)
    assert (fetched.status, fetched.body, fetched.content_type) == (200, PAGE, "text/html")
    assert fetched.charset == "utf-8"


def test_a_public_looking_name_that_resolves_to_loopback_is_refused(settings, dns, page):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    settings.OUTBOUND_ALLOWED_PORTS = [80, 443, page.port]
    dns["news.example.com"] = ["127.0.0.1"]
    with pytest.raises(outbound.OutboundRefused) as refused:
        outbound.request("GET", f"http://news.example.com:{page.port}/story")
    assert page.requests == []
    # the caller is told what was refused, not where the name points
    assert str(refused.value) == (
        "Refused: news.example.com is not a public address; "
        "this server fetches only public addresses."
    )
    assert "127.0.0.1" not in str(refused.value)


def test_a_name_with_one_private_answer_among_public_ones_is_refused(settings, dns):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    dns["mixed.example.com"] = ["93.184.216.34", "10.0.0.5"]
    with pytest.raises(
        outbound.OutboundRefused, match=re.escape("mixed.example.com is not a public")
    ):
        outbound.resolve("mixed.example.com", 80)


def test_the_client_connects_to_the_address_it_checked(settings, dns):
    """A rebinding name answers an allowed address first and loopback after:
    the request lands on the checked one, and DNS is asked once."""
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.2/32"]
    with LocalServer(lambda h: answer(h, body=b"checked"), host="127.0.0.2") as server:
        settings.OUTBOUND_ALLOWED_PORTS = [server.port]
        dns["rebind.example.com"] = [["127.0.0.2"], ["127.0.0.1"]]
        fetched = outbound.request("GET", f"http://rebind.example.com:{server.port}/")
    assert fetched.body == b"checked"
    assert dns.asked == ["rebind.example.com"]


def test_a_redirect_to_a_private_address_is_refused(settings, dns):
    """The partner's CMS is allow-listed by name; where it redirects is not."""
    settings.OUTBOUND_ALLOWED_HOSTS = ["cms.partner.test"]
    dns["cms.partner.test"] = ["127.0.0.1"]
    dns["intranet.example.com"] = ["127.0.0.1"]
    targets = iter(["http://10.0.0.5:9200/_cat/indices", "http://intranet.example.com/admin"])

    def redirect(handler):
        answer(handler, status=302, headers=[("Location", next(targets))])

    with LocalServer(redirect) as server:
        start = f"http://cms.partner.test:{server.port}/"
        with pytest.raises(
            outbound.OutboundRefused, match=re.escape("10.0.0.5 is a private address")
        ):
            outbound.request("GET", start)
        with pytest.raises(
            outbound.OutboundRefused, match=re.escape("intranet.example.com is not a public")
        ):
            outbound.request("GET", start)
    assert len(server.requests) == 2  # only the allowed first hops were made


def test_redirects_are_followed_up_to_the_limit(settings):
    settings.OUTBOUND_MAX_REDIRECTS = 2

    def hop(handler):
        n = int(handler.path.strip("/") or 0)
        if n < 3:
            answer(handler, status=301, headers=[("Location", f"/{n + 1}")])
        else:
            answer(handler, body=b"arrived")

    with LocalServer(hop) as server:
        with pytest.raises(outbound.OutboundRefused, match="more than 2 redirects"):
            outbound.request("GET", server.url + "/0")
        fetched = outbound.request("GET", server.url + "/1")
    assert (fetched.body, fetched.url) == (b"arrived", server.url + "/3")
    assert fetched.redirects == [server.url + "/1", server.url + "/2"]


def test_a_slow_drip_is_cut_off_at_the_time_limit():
    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(200):  # 20 s at most, long after the client gave up
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)

    with LocalServer(drip) as server:
        started = time.monotonic()
        with pytest.raises(outbound.OutboundTimeout, match=re.escape("longer than 1.5 seconds")):
            outbound.request("GET", server.url, timeout=1.5)
        took = time.monotonic() - started
    assert 1.4 < took < 4


def test_headers_dripped_slowly_are_cut_off_too():
    def drip(handler):
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"y" * 100:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.1)

    with LocalServer(drip) as server:
        started = time.monotonic()
        with pytest.raises(outbound.OutboundTimeout):
            outbound.request("GET", server.url, timeout=1.5)
    assert time.monotonic() - started < 4


def test_an_endless_body_is_cut_off_at_the_size_limit():
    sent = []

    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        chunk = b"z" * 65536
        for _ in range(10_000):  # 655 MB if nobody stopped it
            handler.wfile.write(chunk)
            sent.append(len(chunk))

    with (
        LocalServer(endless) as server,
        pytest.raises(outbound.OutboundTooLarge, match="larger than 1000000 bytes"),
    ):
        outbound.request("GET", server.url, max_bytes=1_000_000)
    assert sum(sent) < 50_000_000


def test_a_declared_length_over_the_limit_is_refused_unread():
    with (
        LocalServer(lambda h: answer(h, body=b"a" * 5000)) as server,
        pytest.raises(outbound.OutboundTooLarge),
    ):
        outbound.request("GET", server.url, max_bytes=1000)


def test_an_unanswered_port_is_unreachable_and_worth_retrying():
    with pytest.raises(outbound.OutboundUnreachable) as raised:
        outbound.request("GET", "http://127.0.0.1:9/")
    assert raised.value.transient


def test_only_the_types_asked_for_are_read():
    pdf = LocalServer(lambda h: answer(h, body=b"%PDF", content_type="application/pdf"))
    with pdf, pytest.raises(outbound.OutboundRefused, match="application/pdf, not text/html"):
        outbound.request("GET", pdf.url, accept_types=("text/html",))
