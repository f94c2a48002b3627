"""Where the app may send a request of a user's choosing (a webhook, a supplier feed, an
image): http(s) only, and only to public addresses.

The one SSRF check of the app; app/events/ssrf.py and app/suppliers/adapters/ssrf.py keep
their names over it. A host is resolved and every address it resolves to must be public (not
private, loopback, link-local, multicast, reserved or unspecified). `allow_private` (tests,
local development) lifts the address rule, never the scheme rule.

Checking and then letting the HTTP client resolve the host again leaves a window: a DNS
answer that changes in between (DNS rebinding, a TTL of 0) would send the request to an
address that was never checked. `PinnedTransport` closes it: it resolves the host once,
checks those addresses, and connects to the checked address itself, with the `Host` header
and, for https, the TLS server name (SNI, and so certificate verification) still the URL's
host. Every request goes through it, redirects included (each hop is checked).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

# (host, port) -> the addresses it resolves to.
Resolver = Callable[[str, int], Awaitable[list[str]]]


class UnsafeUrlError(ValueError):
    """The URL is not an allowed destination; the message says why."""


class UnsafeDestinationError(httpx.ConnectError):
    """Raised by PinnedTransport instead of connecting: an httpx transport error, so callers
    that handle unreachable hosts handle it too; the message says why."""


def check_shape(url: str) -> tuple[str, int]:
    """(host, port) of an http(s) URL with a host; UnsafeUrlError otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeUrlError("Not a valid URL") from exc
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrlError("Only http and https URLs are allowed")
    if not parts.hostname:
        raise UnsafeUrlError("The URL has no host")
    if parts.username or parts.password:
        raise UnsafeUrlError("Credentials in the URL are not allowed; sign with the secret")
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


async def resolve_checked(
    host: str, port: int, *, allow_private: bool, resolver: Resolver = system_resolver
) -> list[str]:
    """The addresses `host` resolves to, once; UnsafeUrlError unless all may be reached."""
    literal = _literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            addresses = await resolver(host, port)
        except OSError as exc:
            raise UnsafeUrlError(f"The host {host} does not resolve") from exc
    if not addresses:
        raise UnsafeUrlError(f"The host {host} does not resolve")
    if not allow_private and not all(is_public(a) for a in addresses):
        raise UnsafeUrlError(f"The host {host} resolves to a private or local address")
    return addresses


async def check_destination(url: str, *, allow_private: bool) -> None:
    """Raise UnsafeUrlError unless `url` may be requested (shape and addresses). A check
    only: send the request itself through `PinnedTransport`, which checks what it connects to."""
    host, port = check_shape(url)
    if allow_private:
        return
    await resolve_checked(host, port, allow_private=False)


class PinnedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that connects only to the checked address of each request's host."""

    def __init__(
        self,
        *,
        allow_private: bool,
        resolver: Resolver = system_resolver,
        inner: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self.inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        try:
            host, port = check_shape(str(url))
            addresses = await resolve_checked(
                host, port, allow_private=self.allow_private, resolver=self.resolver
            )
        except UnsafeUrlError as exc:
            raise UnsafeDestinationError(str(exc), request=request) from exc
        address = addresses[0]
        if _literal(host) is None:
            # The Host header was set from the URL when the request was built and stays.
            request.url = url.copy_with(host=address)
            if url.scheme == "https":
                request.extensions = {**request.extensions, "sni_hostname": host}
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def pinned_client(
    *, allow_private: bool, resolver: Resolver = system_resolver, **kwargs: Any
) -> httpx.AsyncClient:
    """An httpx.AsyncClient whose every request goes through PinnedTransport."""
    return httpx.AsyncClient(
        transport=PinnedTransport(allow_private=allow_private, resolver=resolver), **kwargs
    )
