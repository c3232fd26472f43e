"""The client's address behind trusted reverse proxies, and only behind them.

A request's ``X-Forwarded-For`` and ``X-Forwarded-Proto`` headers are believed only when the
connection comes from an address in ``SAMVERKA_TRUSTED_PROXIES`` (issue 11, point 10; OWASP
ASVS 4.0.3 V14.5.x and the OWASP cheat sheet on IP spoofing): anyone else could write them, to
escape the sign-in throttle or to throttle someone else. Procedure (``client_behind``):

1. If the peer (the direct connection) is not a trusted proxy, the client is the peer.
2. Else read the ``X-Forwarded-For`` addresses from right (nearest) to left; each trusted proxy
   is skipped, and the first address that is not one is the client. If all are trusted, the
   leftmost is. A value that is not an IP address stops the walk: the hop that wrote it is the
   client as far as can be told.

``TrustedProxies`` (ASGI middleware) puts the result in the request's ``client`` and, from a
trusted proxy, takes the scheme from ``X-Forwarded-Proto``; uvicorn's own handling of these
headers is switched off (``samverka serve``), so there is one rule.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from samverka.config import Network


def is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_behind(peer: str, forwarded_for: Sequence[str], trusted: Sequence[Network]) -> str:
    """The client's address, given the peer and the ``X-Forwarded-For`` header values."""
    if not is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return client
        client = address
        if not is_trusted(address, trusted):
            return address
    return client


def _address(hop: str) -> str | None:
    text = hop
    if text.startswith("["):  # [2001:db8::1]:443
        text = text[1 : text.find("]")] if "]" in text else text
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


class TrustedProxies:
    def __init__(self, app: ASGIApp, *, trusted: Sequence[Network]) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] == "http" and client and is_trusted(client[0], self.trusted):
            headers = scope["headers"]
            forwarded = [v.decode("latin-1") for k, v in headers if k == b"x-forwarded-for"]
            scope["client"] = (client_behind(client[0], forwarded, self.trusted), client[1])
            protos = [v.decode("latin-1").strip() for k, v in headers if k == b"x-forwarded-proto"]
            if protos and protos[-1] in {"http", "https"}:
                scope["scheme"] = protos[-1]
        await self.app(scope, receive, send)
