"""The client's address: one notion for the throttles, the login lockout
(django-axes), the request log and /metrics.

`X-Forwarded-For` is the client's word and is ignored unless the request
came from one of the deployment's trusted proxies (`TRUSTED_PROXIES`, none
by default). Behind them, django-ipware (python-ipware) reads the chain as
the proxies wrote it, anchored at its end: the header's hops followed by
the socket's peer must end with the trusted proxies, in the order a request
passes them; the hop before them is the client. Anything the client put
further left is never read.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from python_ipware import IpWare


@cache
def _ipware(trusted: tuple[str, ...]) -> IpWare:
    return IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_list=list(trusted))


def client_address(request) -> str:
    """The address a request is counted and logged under."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    trusted = tuple(settings.TRUSTED_PROXIES)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not trusted or not forwarded:
        return peer
    chain = f"{forwarded}, {peer}"
    try:
        address, _verified = _ipware(trusted).get_client_ip({"HTTP_X_FORWARDED_FOR": chain}, False)
    except ValueError:  # a hop that is not an address: the chain is not trusted
        return peer
    return str(address) if address is not None else peer


def bind_to_request_log(request, logger, **kwargs) -> None:
    """django-structlog's request log names the client by this rule too (its
    own reads X-Forwarded-For from anyone). Connected in VerifyConfig.ready."""
    import structlog

    structlog.contextvars.bind_contextvars(ip=client_address(request))
