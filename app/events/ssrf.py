"""Where a webhook may be sent: app/net/ssrf.py's check, under the names the events code
and its callers use. Checked when the subscription is created; each attempt is sent through
`PinnedTransport` (the worker's client), which connects only to the address it checked."""

from __future__ import annotations

from app.net.ssrf import (
    PinnedTransport,
    UnsafeDestinationError,
    UnsafeUrlError,
    check_destination,
    check_shape,
    is_public,
    pinned_client,
)

__all__ = [
    "PinnedTransport",
    "UnsafeDestinationError",
    "UnsafeUrlError",
    "check_destination",
    "check_shape",
    "is_public",
    "pinned_client",
]
