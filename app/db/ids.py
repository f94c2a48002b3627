"""Time-ordered UUIDs (version 7), so new rows land at the right edge of every index."""

from __future__ import annotations

import base64
import os
import time
import uuid


def uuid7() -> uuid.UUID:
    """A RFC 9562 version-7 UUID: 48 bits of Unix milliseconds, then random bits."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b
    return uuid.UUID(int=value)


def global_id(type_name: str, value: uuid.UUID) -> str:
    """The API's opaque global ID (base64url of ``Type:uuid``, unpadded), for services and
    event payloads, which may not import the GraphQL machinery; app.graphql.ids writes the
    same (tests/events/test_bus.py holds the two equal)."""
    return base64.urlsafe_b64encode(f"{type_name}:{value}".encode()).rstrip(b"=").decode()
