"""Where a feed may be fetched from: http(s) only, and only public addresses.

The host is resolved before each fetch and every address must be public (not private,
loopback, link-local, multicast, reserved or unspecified), so a feed URL cannot be used to
read the internal network. `suppliers_allow_private` (tests, local development: the demo
feed is served by the API itself) lifts the address rule, never the scheme rule.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from app.suppliers.adapters.base import SupplierError


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def check_url(url: str, *, allow_private: bool, what: str = "feed") -> None:
    """Raise SupplierError (not retryable) unless `url` may be fetched; `what` names it in
    the messages (the feed, an image)."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise SupplierError(f"The {what} URL is not a valid URL") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SupplierError(f"The {what} URL must be http(s) with a host")
    if allow_private:
        return
    host = parts.hostname
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise SupplierError(f"The {what} host {host} does not resolve") from exc
    addresses = {str(info[4][0]) for info in infos}
    if not addresses or not all(is_public(a) for a in addresses):
        raise SupplierError(f"The {what} host {host} resolves to a private or local address")
