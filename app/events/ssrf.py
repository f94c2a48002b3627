"""Where a webhook may be sent: http(s) only, and only to public addresses.

The host is resolved and every address it resolves to must be public (not private,
loopback, link-local, multicast, reserved or unspecified); checked when the subscription is
created and again before each attempt, since DNS may change. `webhooks_allow_private`
(tests, local development) lifts the address rule, never the scheme rule.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


class UnsafeUrlError(ValueError):
    """The URL is not an allowed webhook destination; the message says why."""


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


async def check_destination(url: str, *, allow_private: bool) -> None:
    """Raise UnsafeUrlError unless `url` may receive webhooks."""
    host, port = check_shape(url)
    if allow_private:
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UnsafeUrlError(f"The host {host} does not resolve") from exc
    addresses = {str(info[4][0]) for info in infos}
    if not addresses or not all(is_public(a) for a in addresses):
        raise UnsafeUrlError(f"The host {host} resolves to a private or local address")
