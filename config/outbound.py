"""The one HTTP client for every request the server makes on a user's behalf:
ingestion by URL, evidence archiving and webhook delivery.

Anyone who can give Claimtrace a URL (a reviewer pasting an article, an API
client subscribing a webhook) could otherwise make the server fetch its own
network: `http://10.0.0.5:9200/`, `http://169.254.169.254/latest/meta-data/`.
So this client, built on requests/urllib3:

- resolves the host itself and refuses loopback, private, link-local, shared
  (100.64/10), multicast, reserved and unspecified addresses, IPv4 and IPv6,
  IPv4-mapped, NAT64, 6to4 and Teredo forms included; then connects to the
  address it checked, so a second DNS answer cannot rebind the name;
- follows redirects itself, checking every hop the same way, up to a limit;
- speaks only http and https, on the ports in `OUTBOUND_ALLOWED_PORTS`;
- enforces one time limit for the whole exchange and a size limit while the
  body streams in (a slow drip or an endless body is cut off);
- lets a deployment name its own services in `OUTBOUND_ALLOWED_HOSTS`
  (host names, `*.suffix`, IP addresses or networks), which skip the address
  and port checks.

It also records the exchange for warcio's `capture_http` when asked, whatever
order urllib3 and warcio were imported in.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import re
import socket
import threading
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection as urllib3_connection
from warcio.capture_http import RecordingHTTPConnection, RecordingHTTPResponse

REDIRECT_CODES = {301, 302, 303, 307, 308}
# Where IPv6 carries an IPv4 address whose own class decides (NAT64, RFC 6052/8215).
NAT64_PREFIXES = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
# Ranges `is_global` lets through but that no public web server lives in.
ALSO_REFUSED = (
    ipaddress.ip_network("100.64.0.0/10"),  # shared address space (carrier-grade NAT)
    ipaddress.ip_network("192.0.0.0/24"),  # IETF protocol assignments
    ipaddress.ip_network("198.18.0.0/15"),  # benchmarking
    ipaddress.ip_network("2001:db8::/32"),  # documentation
)


logger = logging.getLogger("claimtrace.outbound")


class OutboundError(Exception):
    """A fetch that did not give an answer. `transient` says whether trying
    again later may help (a timeout, a refused connection) or not (a
    forbidden address, a body over the limit)."""

    transient = False


class OutboundRefused(OutboundError):
    """The URL, one of its redirects, or the address its host resolves to is
    not one this deployment may reach."""


class OutboundTooLarge(OutboundError):
    """The body grew past the size limit."""


class OutboundTimeout(OutboundError):
    transient = True


class OutboundUnreachable(OutboundError):
    """DNS failed, the connection was refused or dropped, TLS failed."""

    transient = True


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: requests.structures.CaseInsensitiveDict
    body: bytes
    redirects: list[str] = field(default_factory=list)  # the URLs that redirected

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("Content-Type", "").split(";")[1:]:
            name, _sep, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


# --- the address rules -------------------------------------------------------------


def _allow_list() -> tuple[set[str], list[str], list]:
    names, suffixes, networks = set(), [], []
    for entry in getattr(settings, "OUTBOUND_ALLOWED_HOSTS", []):
        entry = entry.strip().lower()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
            continue
        except ValueError:
            pass
        if entry.startswith("*."):
            suffixes.append(entry[1:])
        else:
            names.add(entry.rstrip("."))
    return names, suffixes, networks


def host_allowed(host: str) -> bool:
    """The deployment allow-lists this host name (or IP literal)."""
    host = host.lower().rstrip(".").strip("[]")
    names, suffixes, networks = _allow_list()
    if host in names or any(host.endswith(s) for s in suffixes):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in networks)


def address_refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why this address may not be reached, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = (
            address.ipv4_mapped or (address.teredo and address.teredo[1]) or address.sixtofour
        )
        if embedded is None and any(address in prefix for prefix in NAT64_PREFIXES):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return address_refusal(embedded)
    for label, test in (
        (gettext_noop("unspecified"), "is_unspecified"),
        (gettext_noop("loopback"), "is_loopback"),
        (gettext_noop("link-local"), "is_link_local"),
        (gettext_noop("multicast"), "is_multicast"),
        (gettext_noop("private"), "is_private"),
        (gettext_noop("reserved"), "is_reserved"),
    ):
        if getattr(address, test):
            return label
    if any(address in network for network in ALSO_REFUSED) or not address.is_global:
        return gettext_noop("non-public")
    return None


def resolve(host: str, port: int) -> list[str]:
    """The addresses to connect to for `host`, each checked; raises
    OutboundRefused if any address it resolves to is not public (a name that
    answers with both is treated as hostile), unless the host is allow-listed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OutboundUnreachable(_("%(host)s could not be resolved.") % {"host": host}) from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if host_allowed(host):
        return addresses
    networks = _allow_list()[2]
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        if any(address in network for network in networks):
            continue
        why = address_refusal(address)
        if why:
            # Where a name points is for the server's log, not the caller:
            # telling them would map the deployment's network for them.
            logger.warning("outbound refused: %s resolves to %s (%s)", host, address, why)
            raise OutboundRefused(
                _(
                    "Refused: %(host)s is not a public address; this server fetches only "
                    "public addresses."
                )
                % {"host": host}
            )
    return addresses


def url_given(url: str, *, field: str = "url", check: bool = True) -> str:
    """A URL a person gave (an article, a feed, a webhook's receiver),
    stripped: http or https, and with `check` at an address the deployment
    allows (`check_url`); else an ApplicationError naming `field`."""
    from django.core.validators import URLValidator

    from config.exceptions import ApplicationError

    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except Exception as exc:
        raise ApplicationError(_("Give an http or https address."), field=field) from exc
    if check:
        try:
            check_url(url)
        except OutboundRefused as exc:
            raise ApplicationError(str(exc), field=field) from exc
    return url


def check_url(url: str) -> None:
    """Refuse, before any network use, a URL this client would never fetch:
    not http(s), credentials in it, a port not allowed, an IP literal that is
    not public. Host names are checked again when connecting."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise OutboundRefused(_("Refused: %(url)s is not a valid URL.") % {"url": url}) from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundRefused(_("Refused: only http and https URLs are fetched."))
    if parts.username or parts.password:
        raise OutboundRefused(_("Refused: a URL with a user name or password in it."))
    host = parts.hostname
    if host_allowed(host):
        return
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
        if host.rstrip(".").lower() == "localhost" or host.lower().endswith(".localhost"):
            raise OutboundRefused(
                _("Refused: %(host)s is this machine.") % {"host": host}
            ) from None
    why = literal and address_refusal(literal)
    if why:
        raise OutboundRefused(
            _(
                "Refused: %(address)s is a %(kind)s address; this server fetches only public "
                "addresses."
            )
            % {"address": literal, "kind": _(why)}
        )
    port = port or (443 if parts.scheme == "https" else 80)
    if port not in settings.OUTBOUND_ALLOWED_PORTS:
        raise OutboundRefused(
            _("Refused: port %(port)s is not one this server connects to.") % {"port": port}
        )


# --- connections that connect only where they checked -----------------------------

_local = threading.local()


class _Watchdog:
    """Cuts every socket of one request when its total time is up: a read
    timeout alone never ends a server that drips one byte a second."""

    def __init__(self, seconds: float):
        self.sockets: list[socket.socket] = []
        self.fired = threading.Event()
        self.timer = threading.Timer(seconds, self._cut)
        self.timer.daemon = True

    def _cut(self) -> None:
        self.fired.set()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self):
        _local.watchdog = self
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()
        _local.watchdog = None


class _CheckedConnect:
    """Resolve once, check every address, connect to a checked one."""

    def _new_conn(self) -> socket.socket:
        last: Exception | None = None
        for address in resolve(self._dns_host, self.port):
            try:
                sock = urllib3_connection.create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as exc:
                raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from exc
            except OSError as exc:
                last = NewConnectionError(self, f"Failed to establish a new connection: {exc}")
                continue
            watchdog = getattr(_local, "watchdog", None)
            if watchdog is not None:
                watchdog.sockets.append(sock)
            return sock
        raise last or NewConnectionError(self, "No address to connect to.")


class _WarcCapture:
    """warcio's `capture_http` for these connections. warcio patches
    http.client when it is imported, which reaches urllib3 only if urllib3 is
    imported after it (pytest plugins import it first), so the recorder is
    looked up here the way warcio's own connection does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recorder = getattr(RecordingHTTPConnection.local, "recorder", None)
        if self.recorder:
            recorder = self.recorder
            self.response_class = lambda *a, **kw: RecordingHTTPResponse(recorder, *a, **kw)

    def putrequest(self, *args, **kwargs):
        if self.recorder:
            self.recorder.start()
        return super().putrequest(*args, **kwargs)

    def send(self, data):
        super().send(data)
        if self.recorder:
            self.recorder.extract_url(data, self.host, self.port, self.default_port)
            self.recorder.write_request(data)


# Only where warcio's patch did not already reach urllib3.
_CAPTURE = () if issubclass(HTTPConnection, RecordingHTTPConnection) else (_WarcCapture,)


class CheckedHTTPConnection(_CheckedConnect, *_CAPTURE, HTTPConnection):
    pass


class CheckedHTTPSConnection(_CheckedConnect, *_CAPTURE, HTTPSConnection):
    pass


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedHTTPPool,
            "https": _CheckedHTTPSPool,
        }


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy or .netrc from the environment
    adapter = _CheckedAdapter(max_retries=0, pool_connections=1, pool_maxsize=1)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# --- the one entry point ----------------------------------------------------------------


def request(
    method: str,
    url: str,
    *,
    headers: dict | None = None,
    data: bytes | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
    max_redirects: int | None = None,
    accept_types: tuple[str, ...] | None = None,
    accept_label: str = "",
) -> Response:
    """Make one request (following a GET's redirects) within the deployment's
    rules. Raises an OutboundError when there is no answer to give; an HTTP
    error status is an answer, returned like any other."""
    timeout = timeout or settings.OUTBOUND_TIMEOUT_SECONDS
    max_bytes = max_bytes or settings.OUTBOUND_MAX_BYTES
    max_redirects = settings.OUTBOUND_MAX_REDIRECTS if max_redirects is None else max_redirects
    with _Watchdog(timeout) as watchdog, _session() as session:
        try:
            return _exchange(
                session,
                method,
                url,
                headers={"User-Agent": settings.OUTBOUND_USER_AGENT, **(headers or {})},
                data=data,
                timeout=timeout,
                max_bytes=max_bytes,
                max_redirects=max_redirects,
                accept_types=accept_types,
                accept_label=accept_label or " or ".join(accept_types or ()),
            )
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError) as exc:
            if watchdog.fired.is_set() or isinstance(exc, requests.exceptions.Timeout):
                raise OutboundTimeout(_too_slow(url, timeout)) from exc
            raise OutboundUnreachable(
                _("%(url)s could not be reached: %(error)s") % {"url": url, "error": _reason(exc)}
            ) from exc
        finally:
            if watchdog.fired.is_set():
                # A cut body can look complete (no Content-Length): never return it.
                raise OutboundTimeout(_too_slow(url, timeout))


def _exchange(session, method, url, *, headers, data, timeout, max_bytes, max_redirects,
              accept_types, accept_label) -> Response:  # fmt: skip
    redirects: list[str] = []
    while True:
        check_url(url)
        response = session.request(
            method,
            url,
            headers=headers,
            data=data,
            timeout=(min(timeout, 10), timeout),
            allow_redirects=False,
            stream=True,
        )
        with response:
            location = response.headers.get("Location")
            if response.status_code in REDIRECT_CODES and location and method == "GET":
                if len(redirects) >= max_redirects:
                    raise OutboundRefused(
                        _("Refused: more than %(n)s redirects.") % {"n": max_redirects}
                    )
                redirects.append(url)
                url = urljoin(url, location)
                continue
            kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if accept_types is not None and kind not in accept_types:
                raise OutboundRefused(
                    _("%(url)s is %(kind)s, not %(types)s.")
                    % {"url": url, "kind": kind or "untyped", "types": accept_label}
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise OutboundTooLarge(_too_large(url, max_bytes))
            chunks, size = [], 0
            for chunk in response.iter_content(chunk_size=64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise OutboundTooLarge(_too_large(url, max_bytes))
                chunks.append(chunk)
            return Response(
                url=url,
                status=response.status_code,
                headers=response.headers,
                body=b"".join(chunks),
                redirects=redirects,
            )


def _too_large(url: str, max_bytes: int) -> str:
    return _("%(url)s is larger than %(n)s bytes.") % {"url": url, "n": max_bytes}


def _too_slow(url: str, seconds: float) -> str:
    return _("%(url)s took longer than %(s)s seconds.") % {"url": url, "s": f"{seconds:g}"}


def _reason(exc: BaseException) -> str:
    """The innermost cause in words, without urllib3's object reprs."""
    while (exc.__cause__ or exc.__context__) is not None:
        exc = exc.__cause__ or exc.__context__
    text = str(exc) or type(exc).__name__
    text = re.sub(r"^\w+\(host='[^']*', port=\d+\): ", "", text)
    return re.sub(r"<[^>]* object at 0x[0-9a-f]+>:? ?", "", text).rstrip(".")
