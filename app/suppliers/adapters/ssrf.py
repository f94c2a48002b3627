"""Where a feed (or an image) may be fetched from: app/net/ssrf.py's check, raising
SupplierError (not retryable) as the suppliers code expects. Fetch through
`pinned_client` so the request connects only to the address that was checked."""

from __future__ import annotations

from urllib.parse import urlsplit

from app.net.ssrf import (
    UnsafeDestinationError,
    UnsafeUrlError,
    is_public,
    pinned_client,
    resolve_checked,
)
from app.suppliers.adapters.base import SupplierError

__all__ = ["UnsafeDestinationError", "check_url", "is_public", "pinned_client"]


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
        await resolve_checked(host, port, allow_private=False)
    except UnsafeUrlError as exc:
        message = str(exc).replace("The host", f"The {what} host", 1)
        raise SupplierError(message) from exc
